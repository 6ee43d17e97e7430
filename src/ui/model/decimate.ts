/**
 * Keeps long metric series light: min/max bucketing to at most `max` points (the extremes of each
 * bucket survive, so spikes stay visible) and a cheap cap on the stored raw series.
 */

/** Reduces `points` to at most ~max points, keeping the min and max of `key` in each bucket, in x order. */
export function minMaxDecimate<T extends { x: number }>(points: readonly T[], max: number, key: (p: T) => number): T[] {
  if (points.length <= max) return points.slice();
  const buckets = Math.max(1, Math.floor(max / 2));
  const size = points.length / buckets;
  const out: T[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = key(points[i]);
      if (v < key(points[lo])) lo = i;
      if (v > key(points[hi])) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else if (lo < hi) out.push(points[lo], points[hi]);
    else out.push(points[hi], points[lo]);
  }
  return out;
}

/** Appends a point; past `cap` points the series is min/max-decimated to half the cap. */
export function appendCapped<T extends { x: number }>(series: readonly T[], p: T, cap: number, key: (p: T) => number): T[] {
  const next = series.length >= cap ? minMaxDecimate(series, cap / 2, key) : series.slice();
  next.push(p);
  return next;
}
