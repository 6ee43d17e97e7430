/**
 * Float64 references of the layer statistics (src/kernels/stats): moments over the finite values,
 * histogram counts for given bin edges (the GPU's rule: a finite x goes to the largest bin k with
 * edge[k] <= x), dead-unit and saturation counts, and the size of an update.
 */

export interface MomentsRef {
  min: number;
  max: number;
  mean: number;
  /** Σ (x - mean)² over the finite values. */
  m2: number;
  n: number;
  nonFinite: number;
}

export function momentsRef(xs: ArrayLike<number>): MomentsRef {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  let sum = 0;
  let nonFinite = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!Number.isFinite(x)) {
      nonFinite++;
      continue;
    }
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
    n++;
  }
  const mean = n > 0 ? sum / n : 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) m2 += (xs[i] - mean) ** 2;
  return n > 0 ? { min, max, mean, m2, n, nonFinite } : { min: 0, max: 0, mean: 0, m2: 0, n: 0, nonFinite };
}

/** Counts per bin for `edges` (bins + 1 ascending values); non-finite values are not counted. */
export function histogramRef(xs: ArrayLike<number>, edges: ArrayLike<number>): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!Number.isFinite(x)) continue;
    let b = 0;
    for (let k = 1; k < bins; k++) if (edges[k] <= x) b = k;
    counts[b]++;
  }
  return counts;
}

/** Units (columns of [rows, units]) never > 0 over the rows. */
export function deadUnitsRef(xs: ArrayLike<number>, rows: number, units: number): number {
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = xs[r * units + u] > 0;
    if (!alive) dead++;
  }
  return dead;
}

/** Values within 3% of the activation's bounds: |y| > 0.97 (tanh), y < 0.03 or y > 0.97 (sigmoid). */
export function saturatedRef(xs: ArrayLike<number>, kind: 'tanh' | 'sigmoid'): number {
  let c = 0;
  const lo = Math.fround(0.03);
  const hi = Math.fround(0.97);
  for (let i = 0; i < xs.length; i++) {
    const y = xs[i];
    if (kind === 'tanh' ? Math.abs(y) > hi : y < lo || y > hi) c++;
  }
  return c;
}

/** [Σ (after - before)², Σ before²]. */
export function updateRef(after: ArrayLike<number>, before: ArrayLike<number>): [number, number] {
  let du = 0;
  let bw = 0;
  for (let i = 0; i < after.length; i++) {
    du += (after[i] - before[i]) ** 2;
    bw += before[i] ** 2;
  }
  return [du, bw];
}

/** The L2 norm of a vector, in float64. */
export function normRef(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] * xs[i];
  return Math.sqrt(s);
}
