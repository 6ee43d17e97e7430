/**
 * Launchers of batchnorm.wgsl: x, y, dy, dx [R, C] (R = batch * positions, C channels); stats and
 * sums [C, 2] and the partial-sum buffer [K, C, 2] are the caller's scratch (partBlocks(R) gives K).
 * γ, β, the moving mean and variance live at gOff, bOff, mmOff, mvOff of the flat params (null
 * offsets: the layer has no γ / no β); dγ, dβ go to the same offsets of the flat gradients.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

export interface BatchNormShape {
  rows: number;
  cols: number;
  eps: number;
  momentum: number;
  gOff: number | null;
  bOff: number | null;
  mmOff: number;
  mvOff: number;
}

/** Rows per chunk of the parallel reductions: about 256 chunks, at least 16 rows each. */
export function chunkRows(rows: number): number {
  return Math.max(16, Math.ceil(rows / 256));
}

/** The number of chunks K (the partial buffer holds K * C * 2 floats). */
export function partBlocks(rows: number): number {
  return Math.ceil(rows / chunkRows(rows));
}

function constants(s: BatchNormShape) {
  return {
    R: s.rows,
    C: s.cols,
    L: chunkRows(s.rows),
    K: partBlocks(s.rows),
    EPS: s.eps,
    MOMENTUM: s.momentum,
    G_OFF: s.gOff ?? 0,
    B_OFF: s.bOff ?? 0,
    MM_OFF: s.mmOff,
    MV_OFF: s.mvOff,
    HAS_GAMMA: s.gOff !== null,
    HAS_BETA: s.bOff !== null,
  };
}
const partialGrid = (s: BatchNormShape): [number, number] => [Math.ceil(s.cols / 64), partBlocks(s.rows)];
const channelGrid = (s: BatchNormShape): [number] => [Math.ceil(s.cols / 64)];
const elementGrid = (s: BatchNormShape) => splitGrid(Math.ceil((s.rows * s.cols) / 64));

/**
 * Training forward: the batch mean and biased variance per channel (stats), the moving statistics
 * updated in params, then y. Evaluation forward (train false): y from the moving statistics.
 */
export function batchNormForward(d: Dispatcher, s: BatchNormShape & { train: boolean; x: Binding; params: Binding; y: Binding; stats: Binding; part: Binding }): void {
  const k = constants(s);
  if (s.train) {
    d.dispatch('batchnorm_moments_partial', k, [s.x, s.part], partialGrid(s));
    d.dispatch('batchnorm_moments_finalize', k, [s.part, s.params, s.stats], channelGrid(s));
  } else {
    d.dispatch('batchnorm_moving_stats', k, [s.params, s.stats], channelGrid(s));
  }
  d.dispatch('batchnorm_apply', k, [s.x, s.params, s.stats, s.y], elementGrid(s));
}

/** dγ, dβ into grads (deterministic chunk sums), then dx (=|+=) when `dx` is given. */
export function batchNormBackward(
  d: Dispatcher,
  s: BatchNormShape & { x: Binding; dy: Binding; params: Binding; stats: Binding; part: Binding; sums: Binding; grads: Binding; dx: { buffer: Binding; accumulate: boolean } | null },
): void {
  const k = constants(s);
  d.dispatch('batchnorm_backward_partial', k, [s.x, s.dy, s.stats, s.part], partialGrid(s));
  d.dispatch('batchnorm_backward_finalize', k, [s.part, s.sums, s.grads], channelGrid(s));
  if (s.dx) d.dispatch('batchnorm_backward_input', { ...k, ACCUMULATE: s.dx.accumulate }, [s.x, s.dy, s.params, s.stats, s.sums, s.dx.buffer], elementGrid(s));
}
