/** Class colours shared by the heat map and the confusion matrix (RGB). */
export const CLASS_RGB: [number, number, number][] = [
  [37, 99, 235],
  [234, 88, 12],
  [22, 163, 74],
  [147, 51, 234],
  [219, 39, 119],
  [8, 145, 178],
  [202, 138, 4],
  [71, 85, 105],
  [220, 38, 38],
  [101, 163, 13],
];

export const rgb = (c: [number, number, number], a = 1): string => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

/** Blue (low) - light (middle) - orange (high) for a value in [0, 1]. */
export function diverging(t: number): [number, number, number] {
  const lo: [number, number, number] = [37, 99, 235];
  const mid: [number, number, number] = [240, 240, 240];
  const hi: [number, number, number] = [234, 88, 12];
  const u = Math.min(1, Math.max(0, t));
  const [a, b, k] = u < 0.5 ? [lo, mid, u * 2] : [mid, hi, (u - 0.5) * 2];
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * k)) as [number, number, number];
}
