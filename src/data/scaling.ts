/**
 * Feature and target scaling for numeric uploads (the CSV tables people bring: wine's proline is in
 * the hundreds, its hue below 2). Statistics come from the training rows only (the upload's train
 * part, before the trainer carves validation from it); each column gets one affine map
 *   x' = (x - offset) * scale
 * that the worker applies before training and prediction, and that every export carries, so an
 * exported model takes raw rows. Regression targets use one offset per target but a single scale
 * shared by all targets, so a loss in scaled units converts exactly: MSE_raw = MSE_scaled / scale².
 */

export type ScalingMode = 'none' | 'standard' | 'minmax';
export const SCALING_MODES: readonly ScalingMode[] = ['none', 'standard', 'minmax'];
export const SCALING_LABELS: Record<ScalingMode, string> = {
  none: 'None (raw values)',
  standard: 'Standardise (mean 0, std 1)',
  minmax: 'Min-max (to [0, 1])',
};

/** Per column: x' = (x - offset[c]) * scale[c]. */
export interface Affine {
  offset: number[];
  scale: number[];
}

/** What a dataset was scaled with: carried to predictions and exports. Null parts are identity. */
export interface Preprocessing {
  mode: ScalingMode;
  features: Affine | null;
  targets: Affine | null;
}

export interface ColumnStats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** Mean, population std, min and max of each of `cols` columns of the row-major [n, cols] `x`. */
export function columnStats(x: ArrayLike<number>, n: number, cols: number): ColumnStats[] {
  const out: ColumnStats[] = [];
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < n; r++) {
      const v = x[r * cols + c];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = n > 0 ? sum / n : 0;
    let sq = 0;
    for (let r = 0; r < n; r++) sq += (x[r * cols + c] - mean) ** 2;
    out.push({ mean, std: n > 0 ? Math.sqrt(sq / n) : 0, min: n > 0 ? min : 0, max: n > 0 ? max : 0 });
  }
  return out;
}

/** The affine map of `mode` for these columns (null for 'none'). A constant column keeps scale 1. */
export function affineFor(mode: ScalingMode, stats: readonly ColumnStats[]): Affine | null {
  if (mode === 'none') return null;
  if (mode === 'standard') return { offset: stats.map((s) => s.mean), scale: stats.map((s) => (s.std > 0 ? 1 / s.std : 1)) };
  return { offset: stats.map((s) => s.min), scale: stats.map((s) => (s.max > s.min ? 1 / (s.max - s.min) : 1)) };
}

/** Targets: per-target offsets, one shared scale (the largest spread), so MSE converts exactly. */
export function targetAffineFor(mode: ScalingMode, stats: readonly ColumnStats[]): Affine | null {
  const a = affineFor(mode, stats);
  if (!a) return null;
  const shared = Math.min(...a.scale);
  return { offset: a.offset, scale: a.scale.map(() => shared) };
}

/**
 * The scaling to suggest for these feature columns: standardise when their spreads (std) differ by
 * more than 10x, or when any column reaches beyond ±100 (a tanh or sigmoid unit saturates there);
 * otherwise none.
 */
export function suggestScaling(stats: readonly ColumnStats[]): ScalingMode {
  const spreads = stats.map((s) => s.std).filter((s) => s > 0);
  if (spreads.length > 1 && Math.max(...spreads) > 10 * Math.min(...spreads)) return 'standard';
  if (stats.some((s) => Math.max(Math.abs(s.min), Math.abs(s.max)) > 100)) return 'standard';
  return 'none';
}

/** A scaled copy of the row-major [n, cols] `x` (float32). */
export function applyAffine(x: ArrayLike<number>, cols: number, a: Affine): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % cols;
    out[i] = (x[i] - a.offset[c]) * a.scale[c];
  }
  return out;
}

/** Back to raw units: x = x' / scale + offset. */
export function invertAffine(x: ArrayLike<number>, cols: number, a: Affine): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % cols;
    out[i] = x[i] / a.scale[c] + a.offset[c];
  }
  return out;
}
