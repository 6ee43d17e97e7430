/**
 * Launchers of the dense.wgsl matmuls: y[M,N] = act(x[M,K] · W[K,N] + b[N]) and its two
 * gradients. Each owns its variants (scalar; vec4 when K and N are multiples of 4, with a 4x4 or
 * 8x8 register block per invocation and a choice of workgroup shape), the override constants, the
 * binding order and the grid. The vec4 calls are tunable (emitTuned): the autotuner times the
 * variants per shape on the adapter; without it the fallback (the best measured on SwiftShader) runs.
 */
import { emitTuned, type Binding, type Dispatcher } from '../dispatch';
import type { KernelId } from '../registry';

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

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

const shapeKey = (op: string, m: DenseMatmul): string => `${op}|M=${m.rows},K=${m.in},N=${m.out},ACT=${m.act ?? 0},BIAS=${Number(m.hasBias)}`;

/** A variant name `<kernel suffix>@<wg x>x<wg y>` parsed: the entry point's suffix and the workgroup shape. */
function parseVariant(v: string): { suffix: string; wx: number; wy: number } {
  const [suffix, wg = '8x8'] = v.split('@');
  const [wx, wy] = wg.split('x').map(Number);
  return { suffix, wx, wy };
}

/**
 * Emits one vec4 variant: `cols`/`rows` are the output extent along the grid's x and y, `per` the
 * outputs one invocation covers along each (4 per vec4 lane group, 8 for the 8x8 blocks).
 */
function emitVec4(d: Dispatcher, base: string, variant: string, c: Record<string, number | boolean>, bindings: Binding[], cols: number, rows: number, perX: (suffix: string) => number, perY: (suffix: string) => number): void {
  const { suffix, wx, wy } = parseVariant(variant);
  const id = `${base}_${suffix}` as KernelId;
  d.dispatch(id, { ...c, WG_X: wx, WG_Y: wy }, bindings, [ceilDiv(cols, perX(suffix) * wx), ceilDiv(rows, perY(suffix) * wy)]);
}

/** The vec4 variants the tuner tries per call (workgroup shapes that suit CPUs and GPUs alike). */
export const DENSE_FORWARD_VARIANTS = ['vec4@8x8', 'vec4@4x4', 'vec4@16x16'] as const;
export const DENSE_BACKWARD_VARIANTS = ['vec4@8x8', 'vec4_8x8@8x8', 'vec4_8x8@4x8', 'vec4_8x8@16x16'] as const;

/** y [M, N] = act(x · W + b): dense_forward(_vec4), 1 dispatch. */
export function denseForward(d: Dispatcher, m: DenseMatmul & { x: Binding; y: Binding; /** Force the scalar kernel (benchmarks). */ scalar?: boolean }): void {
  const c = constants(m);
  const bindings = [m.x, paramsOf(m), m.y];
  if (m.scalar || !denseUsesVec4(m.in, m.out)) {
    d.dispatch('dense_forward', c, bindings, [ceilDiv(m.out, 32), ceilDiv(m.rows, 32)]);
    return;
  }
  // dense_forward_vec4: 4 rows x 8 columns (two vec4) per invocation.
  emitTuned(d, {
    key: shapeKey('dense_forward', m),
    variants: DENSE_FORWARD_VARIANTS,
    fallback: 'vec4@8x8',
    emit: (dd, v) => emitVec4(dd, 'dense_forward', v, c, bindings, m.out, m.rows, () => 8, () => 4),
  });
}

/**
 * dW = xᵀ · dz and db = Σ dz into `grads` at wOff / bOff, dz = dy ⊙ act'(y) (y unread and
 * defaulting to dy when act is 0). vec4: 4x4 or 8x8 (k x n) blocks of dW per invocation.
 */
export function denseBackwardWeight(d: Dispatcher, m: DenseMatmul & { x: Binding; dy: Binding; y?: Binding; grads: Binding }): void {
  const c = constants(m);
  const bindings = [m.x, m.dy, m.y ?? m.dy, m.grads];
  if (!denseUsesVec4(m.in, m.out)) {
    d.dispatch('dense_backward_weight', c, bindings, [ceilDiv(m.out, 32), ceilDiv(m.in, 32)]);
    return;
  }
  const per = (s: string) => (s === 'vec4_8x8' ? 8 : 4);
  emitTuned(d, {
    key: shapeKey('dense_backward_weight', m),
    variants: DENSE_BACKWARD_VARIANTS,
    fallback: 'vec4_8x8@8x8',
    emit: (dd, v) => emitVec4(dd, 'dense_backward_weight', v, c, bindings, m.out, m.in, per, per),
  });
}

/** dx [M, K] (=|+=) (dy ⊙ act'(y)) · Wᵀ (y defaults to dy when act is 0); vec4: 4x4 or 8x8 (m x k) blocks. */
export function denseBackwardInput(d: Dispatcher, m: DenseMatmul & { dy: Binding; y?: Binding; dx: Binding; accumulate: boolean }): void {
  const c = { ...constants(m), ACCUMULATE: m.accumulate };
  const bindings = [m.dy, m.y ?? m.dy, paramsOf(m), m.dx];
  if (!denseUsesVec4(m.in, m.out)) {
    d.dispatch('dense_backward_input', c, bindings, [ceilDiv(m.in, 32), ceilDiv(m.rows, 32)]);
    return;
  }
  const per = (s: string) => (s === 'vec4_8x8' ? 8 : 4);
  emitTuned(d, {
    key: `${shapeKey('dense_backward_input', m)},ACC=${Number(m.accumulate)}`,
    variants: DENSE_BACKWARD_VARIANTS,
    fallback: 'vec4_8x8@8x8',
    emit: (dd, v) => emitVec4(dd, 'dense_backward_input', v, c, bindings, m.in, m.rows, per, per),
  });
}
