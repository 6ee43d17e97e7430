/** The class list of a set of raw labels: distinct values, numerically sorted when all are integers, else by code units. */
export function classListOf(labels: Iterable<string>): string[] {
  const names = [...new Set(labels)];
  const allInts = names.every((c) => /^-?\d+$/.test(c));
  return names.sort(allInts ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
