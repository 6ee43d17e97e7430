/** Messages about untrusted JSON values. */

/**
 * JSON text of an untrusted value for a message, cut to `max` characters. Never throws: JSON.parse
 * accepts nesting deeper than JSON.stringify can write back (a RangeError).
 */
export function showJson(v: unknown, max = 60): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = Array.isArray(v) ? '[...]' : '{...}';
  }
  if (s === undefined) s = String(v);
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
