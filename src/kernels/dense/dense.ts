/**
 * Launchers of the dense.wgsl matmuls: y[M,N] = act(x[M,K] · W[K,N] + b[N]) and its two
 * gradients. Each picks the variant (scalar, vec4 when K and N are multiples of 4, the 8x8-block
 * vec4 kernels on request), the override constants, the binding order and the grid.
 */
import type { Binding, Dispatcher } from '../dispatch';

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** 8 invocations x 4 outputs per workgroup axis (the vec4 forward and the 8x8 kernels: 64). */
const TILE_SPAN = 32;

/** vec4 kernels need whole vec4 rows in x, y and W. */
export const denseUsesVec4 = (K: number, N: number): boolean => K % 4 === 0 && N % 4 === 0;

export interface DenseMatmul {
  /** M rows, K inputs, N outputs. */
  rows: number;
  in: number;
  out: number;
  /** The flat parameter buffer (forward, dx) holding W [K, N] at wOff and b [N] at bOff. */
  params?: Binding;
  wOff: number;
  hasBias: boolean;
  bOff?: number;
  /** ACT code (activation-codes.ts) of the fused epilogue; backward: its derivative from y. */
  act?: number;
}

function constants(m: DenseMatmul) {
  return { M: m.rows, K: m.in, N: m.out, ACT: m.act ?? 0, HAS_BIAS: m.hasBias, W_OFF: m.wOff, B_OFF: m.bOff ?? 0 };
}

function paramsOf(m: DenseMatmul): Binding {
  if (!m.params) throw new Error('dense: the params buffer is required');
  return m.params;
}

/** y [M, N] = act(x · W + b): dense_forward(_vec4), 1 dispatch. */
export function denseForward(d: Dispatcher, m: DenseMatmul & { x: Binding; y: Binding; /** Force the scalar kernel (benchmarks). */ scalar?: boolean }): void {
  const v4 = !m.scalar && denseUsesVec4(m.in, m.out);
  d.dispatch(v4 ? 'dense_forward_vec4' : 'dense_forward', constants(m), [m.x, paramsOf(m), m.y], [ceilDiv(m.out, v4 ? 2 * TILE_SPAN : TILE_SPAN), ceilDiv(m.rows, TILE_SPAN)]);
}

/**
 * dW = xᵀ · dz and db = Σ dz into `grads` at wOff / bOff, dz = dy ⊙ act'(y) (y unread and
 * defaulting to dy when act is 0). `wide`: the 8x8-block vec4 kernel when vec4 applies (long
 * reductions, where its fewer loads per FMA pay off).
 */
export function denseBackwardWeight(d: Dispatcher, m: DenseMatmul & { x: Binding; dy: Binding; y?: Binding; grads: Binding; wide?: boolean }): void {
  const v4 = denseUsesVec4(m.in, m.out);
  const bindings = [m.x, m.dy, m.y ?? m.dy, m.grads];
  if (v4 && m.wide) d.dispatch('dense_backward_weight_vec4_8x8', constants(m), bindings, [ceilDiv(m.out, 2 * TILE_SPAN), ceilDiv(m.in, 2 * TILE_SPAN)]);
  else d.dispatch(v4 ? 'dense_backward_weight_vec4' : 'dense_backward_weight', constants(m), bindings, [ceilDiv(m.out, TILE_SPAN), ceilDiv(m.in, TILE_SPAN)]);
}

/** dx [M, K] (=|+=) (dy ⊙ act'(y)) · Wᵀ (y defaults to dy when act is 0); `wide` as above. */
export function denseBackwardInput(d: Dispatcher, m: DenseMatmul & { dy: Binding; y?: Binding; dx: Binding; accumulate: boolean; wide?: boolean }): void {
  const v4 = denseUsesVec4(m.in, m.out);
  const c = { ...constants(m), ACCUMULATE: m.accumulate };
  const bindings = [m.dy, m.y ?? m.dy, paramsOf(m), m.dx];
  if (v4 && m.wide) d.dispatch('dense_backward_input_vec4_8x8', c, bindings, [ceilDiv(m.in, 2 * TILE_SPAN), ceilDiv(m.rows, 2 * TILE_SPAN)]);
  else d.dispatch(v4 ? 'dense_backward_input_vec4' : 'dense_backward_input', c, bindings, [ceilDiv(m.in, TILE_SPAN), ceilDiv(m.rows, TILE_SPAN)]);
}
