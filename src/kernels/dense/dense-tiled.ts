/**
 * Launchers of the workgroup-memory tiled dense matmuls (dense_tiled.wgsl): the same arguments,
 * bindings and results as denseForward / denseBackwardInput / denseBackwardWeight (dense.ts), as
 * candidates for real GPUs. Each takes an optional output tile (TILE_M rows x TILE_N cols per
 * workgroup, default 64x64) and computes the grid from it.
 */
import type { Binding, Dispatcher } from '../dispatch';
import type { DenseMatmul } from './dense';

/** Output block per workgroup: rows x cols of the output (dW's rows are k). */
export interface DenseTile {
  m: number;
  n: number;
}

/** The tile shapes offered to the tuner: 64x64 for large outputs, 32x32 when 64x64 leaves too few workgroups. */
export const DENSE_TILES: readonly DenseTile[] = [
  { m: 64, n: 64 },
  { m: 32, n: 32 },
];

const DEFAULT_TILE: DenseTile = DENSE_TILES[0];

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** The tile's override constants; throws unless both sides are multiples of 4 in 4..64 (the WGSL's workgroup-memory size). */
export function tileConstants(tile: DenseTile = DEFAULT_TILE): { TILE_M: number; TILE_N: number } {
  for (const side of [tile.m, tile.n]) {
    if (!Number.isInteger(side) || side < 4 || side > 64 || side % 4 !== 0) {
      throw new Error(`dense tiled: tile ${tile.m}x${tile.n} is not supported (each side a multiple of 4 from 4 to 64)`);
    }
  }
  return { TILE_M: tile.m, TILE_N: tile.n };
}

function constants(m: DenseMatmul, tile: DenseTile | undefined) {
  return { M: m.rows, K: m.in, N: m.out, ACT: m.act ?? 0, HAS_BIAS: m.hasBias, W_OFF: m.wOff, B_OFF: m.bOff ?? 0, ...tileConstants(tile) };
}

function paramsOf(m: DenseMatmul): Binding {
  if (!m.params) throw new Error('dense: the params buffer is required');
  return m.params;
}

/** Workgroups covering a rows x cols output with the tile: [ceil(cols / n), ceil(rows / m)]. */
export function tiledGrid(rows: number, cols: number, tile: DenseTile = DEFAULT_TILE): [number, number] {
  return [ceilDiv(cols, tile.n), ceilDiv(rows, tile.m)];
}

/** y [M, N] = act(x · W + b): dense_forward_tiled, 1 dispatch. */
export function denseForwardTiled(d: Dispatcher, m: DenseMatmul & { x: Binding; y: Binding; tile?: DenseTile }): void {
  d.dispatch('dense_forward_tiled', constants(m, m.tile), [m.x, paramsOf(m), m.y], tiledGrid(m.rows, m.out, m.tile));
}

/** dx [M, K] (=|+=) (dy ⊙ act'(y)) · Wᵀ (y defaults to dy when act is 0): dense_backward_input_tiled. */
export function denseBackwardInputTiled(d: Dispatcher, m: DenseMatmul & { dy: Binding; y?: Binding; dx: Binding; accumulate: boolean; tile?: DenseTile }): void {
  const c = { ...constants(m, m.tile), ACCUMULATE: m.accumulate };
  d.dispatch('dense_backward_input_tiled', c, [m.dy, m.y ?? m.dy, paramsOf(m), m.dx], tiledGrid(m.rows, m.in, m.tile));
}

/** dW = xᵀ · dz and db = Σ dz into `grads` at wOff / bOff (y defaults to dy when act is 0): dense_backward_weight_tiled. */
export function denseBackwardWeightTiled(d: Dispatcher, m: DenseMatmul & { x: Binding; dy: Binding; y?: Binding; grads: Binding; tile?: DenseTile }): void {
  d.dispatch('dense_backward_weight_tiled', constants(m, m.tile), [m.x, m.dy, m.y ?? m.dy, m.grads], tiledGrid(m.in, m.out, m.tile));
}
