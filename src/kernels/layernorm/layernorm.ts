/**
 * Launchers of layernorm.wgsl: x, y, dy, dx [R, C]; stats [R, 2] (mean, 1/std); gamma [C] at
 * gOff and beta [C] at bOff of the flat params (their gradients at the same offsets of grads).
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

export interface LayerNormShape {
  rows: number;
  cols: number;
  eps: number;
  gOff: number;
  bOff: number;
}

const constants = (s: LayerNormShape) => ({ R: s.rows, C: s.cols, EPS: s.eps, G_OFF: s.gOff, B_OFF: s.bOff });
/** One invocation per row, workgroups of 64 split under 65535. */
const rowGrid = (rows: number) => splitGrid(Math.ceil(rows / 64));

/** y = (x - mean) / std ⊙ gamma + beta per row; stats kept for the backward. */
export function layerNormForward(d: Dispatcher, s: LayerNormShape & { x: Binding; params: Binding; y: Binding; stats: Binding }): void {
  d.dispatch('layernorm_forward', constants(s), [s.x, s.params, s.y, s.stats], rowGrid(s.rows));
}

/** dgamma, dbeta (one invocation per column, rows in order: deterministic). */
export function layerNormBackwardParams(d: Dispatcher, s: LayerNormShape & { x: Binding; dy: Binding; stats: Binding; grads: Binding }): void {
  d.dispatch('layernorm_backward_params', constants(s), [s.x, s.dy, s.stats, s.grads], [Math.ceil(s.cols / 64)]);
}

/** dx (=|+=) the input gradient. */
export function layerNormBackwardInput(d: Dispatcher, s: LayerNormShape & { x: Binding; dy: Binding; params: Binding; stats: Binding; dx: Binding; accumulate: boolean }): void {
  d.dispatch('layernorm_backward_input', { ...constants(s), ACCUMULATE: s.accumulate }, [s.x, s.dy, s.params, s.stats, s.dx], rowGrid(s.rows));
}
