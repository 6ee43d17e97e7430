/** CSV output of predict and evaluate. */

/** A CSV cell, quoted when it holds a comma, quote or line break. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
