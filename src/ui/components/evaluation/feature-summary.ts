/**
 * A short text form of a non-image sample for the misclassified gallery: token ids (padding
 * dropped) for sequence models, the values themselves for narrow feature rows, and the largest
 * values with their column for wide ones (bag-of-words, tf-idf). Columns go by the dataset's
 * feature names (a CSV's header) when there is one per value, else x0, x1, ...
 */
export function featureSummary(input: Float32Array | Int32Array, max = 8, names?: readonly string[] | null): string {
  if (input instanceof Int32Array) {
    const ids = Array.from(input).filter((id) => id !== 0);
    const shown = ids.slice(0, max * 2).map((id) => `#${id}`);
    return ids.length === 0 ? '(empty)' : `tokens ${shown.join(' ')}${ids.length > shown.length ? ` … (${ids.length} in all)` : ''}`;
  }
  const fmt = (v: number) => (Math.abs(v) >= 100 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(1) : v.toFixed(2));
  const named = !!names && names.length === input.length;
  const col = (i: number) => (named ? names[i] : `x${i}`);
  if (input.length <= max) return named ? Array.from(input, (v, i) => `${col(i)} ${fmt(v)}`).join(', ') : Array.from(input, fmt).join(', ');
  const largest = Array.from(input, (v, i) => [i, v] as const)
    .filter(([, v]) => v !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0] - b[0])
    .slice(0, max);
  if (largest.length === 0) return `all ${input.length} features 0`;
  return largest.map(([i, v]) => `${col(i)} ${fmt(v)}`).join(', ');
}
