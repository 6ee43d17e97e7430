/**
 * How deeply a parsed JSON value nests, measured without recursion. JSON.parse accepts arrays
 * nested 20,000 deep, and such a value overflows the stack of every recursive consumer
 * (JSON.stringify, template strings through Array#toString) while an error message is built; so
 * untrusted specs, project files and share links are refused above a small depth first.
 */

/** Deepest nesting any document of this app needs (a spec is about 5 levels deep). */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests arrays/objects more than `max` levels deep. Visits each node once. */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
