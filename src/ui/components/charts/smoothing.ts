/**
 * TensorBoard's scalar smoothing: a debiased exponential moving average. `weight` in [0, 1)
 * (TensorBoard's slider, 0 = raw, default 0.6); the running average starts at 0 and is divided by
 * 1 - weight^n, so the first points are not pulled towards 0. Non-finite values pass through
 * unsmoothed and do not enter the average; a constant series is returned as is (no float noise).
 */
export const DEFAULT_SMOOTHING = 0.6;
export const MAX_SMOOTHING = 0.99;

export function smoothEma(values: readonly number[], weight: number): number[] {
  const w = Math.min(MAX_SMOOTHING, Math.max(0, Number.isFinite(weight) ? weight : 0));
  const finite = values.filter(Number.isFinite);
  if (w === 0 || finite.length === 0 || finite.every((v) => v === finite[0])) return values.slice();
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    count++;
    return last / (1 - w ** count);
  });
}

/** `smoothEma` over the `y` of points, keeping their `x`. */
export function smoothPoints<P extends { x: number; y: number }>(points: readonly P[], weight: number): P[] {
  const ys = smoothEma(
    points.map((p) => p.y),
    weight,
  );
  return points.map((p, i) => ({ ...p, y: ys[i] }));
}
