/**
 * Launchers of the dense.wgsl matmuls: y[M,N] = act(x[M,K] · W[K,N] + b[N]) and its two
 * gradients. Each owns its variants (scalar; vec4 when K and N are multiples of 4, with a 4x4 or
 * 8x8 register block per invocation and a choice of workgroup shape, or the 8x8 to 16x16 blocks of
 * dense_blocked.wgsl; the workgroup-memory tiles of dense_tiled.wgsl on GPUs), the override constants, the
 * binding order and the grid. The vec4 calls are tunable (emitTuned): the autotuner times the
 * variants per shape on the adapter; without it the fallback (the best measured on SwiftShader) runs.
 */
import { emitTuned, type Binding, type Dispatcher } from '../dispatch';
import type { KernelId } from '../registry';
import { DENSE_TILES, denseBackwardInputTiled, denseBackwardWeightTiled, denseForwardTiled, type DenseTile } from './dense-tiled';

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

/**
 * The large register blocks of dense_blocked.wgsl, `blocked<ROWS4>x<COLS4>@<wg>`: 4·ROWS4 rows x
 * 4·COLS4 columns per invocation (for the weight gradient, rows are k). On SwiftShader a load costs
 * about 17 FMAs, so 16x16 blocks run about twice as fast as the 4x8 ones (dense_blocked.wgsl).
 * Offered right after the fallback: the tuner's per-call budget may end before the last variants.
 */
export const DENSE_BLOCKED_VARIANTS = ['blocked4x4@4x1', 'blocked2x4@4x1', 'blocked4x2@4x2'];

/** Emits a `blocked...` variant over an output of `cols` x `rows` (both counted in floats). */
function emitBlocked(d: Dispatcher, base: string, variant: string, c: Record<string, number | boolean>, bindings: Binding[], cols: number, rows: number): void {
  const { suffix, wx, wy } = parseVariant(variant);
  const [rows4, cols4] = suffix.slice('blocked'.length).split('x').map(Number);
  const id = `${base}_blocked` as KernelId;
  d.dispatch(id, { ...c, ROWS4: rows4, COLS4: cols4, WG_X: wx, WG_Y: wy }, bindings, [ceilDiv(cols, 4 * cols4 * wx), ceilDiv(rows, 4 * rows4 * wy)]);
}

/** The vec4 variants the tuner tries per call (workgroup shapes that suit CPUs and GPUs alike). */
export const DENSE_FORWARD_VARIANTS = ['vec4@8x8', ...DENSE_BLOCKED_VARIANTS, 'vec4@4x4', 'vec4@16x16'];
/** The workgroup-memory tiled kernels (dense_tiled.wgsl), for GPUs only (gpuOnly: slower on SwiftShader, measured). */
export const DENSE_TILED_VARIANTS = DENSE_TILES.map((t) => `tiled@${t.m}x${t.n}`);

const tileOf = (v: string): DenseTile => {
  const [m, n] = v.slice('tiled@'.length).split('x').map(Number);
  return { m, n };
};

/**
 * Below this many multiply-adds (M·K·N) the large blocks are not offered: a small matmul's time is
 * the dispatch's, so they cannot win much, and each costs the tuner a compile per shape (slower
 * than the vec4 kernels': e2e/autotune.spec.ts builds mlp-100 from stored blocked winners in 6 s
 * against 4 s). 65,536 keeps them for mlp-1000's 32x64x32 layer and up.
 */
export const DENSE_BLOCKED_MIN_WORK = 65536;

/** The variant list of a call: its own kernels (vec4, or the scalar one; no large blocks for small work) then the tiled ones. */
function variantsOf(own: readonly string[], m: DenseMatmul) {
  const kept = m.rows * m.in * m.out >= DENSE_BLOCKED_MIN_WORK ? own : own.filter((v) => !DENSE_BLOCKED_VARIANTS.includes(v));
  return { variants: [...kept, ...DENSE_TILED_VARIANTS], fallback: kept[0], gpuOnly: DENSE_TILED_VARIANTS };
}

/** The gradients' vec4 variants, the fallback first (the 8x8 block: 2-3x the 4x4's speed on SwiftShader at 32x1000x64). */
export const DENSE_BACKWARD_VARIANTS = ['vec4_8x8@8x8', ...DENSE_BLOCKED_VARIANTS, 'vec4@8x8', 'vec4_8x8@4x8', 'vec4_8x8@16x16'];
/**
 * Without the 8x8 and the large blocks, for the activation codes above 3: they inline act' 16-32 times, and
 * SwiftShader's compiler never finished dense_backward_input_vec4_8x8 with hard_sigmoid's (ACT 9;
 * codes 0-3 are the recurrent layers' and measured fine).
 */
export const DENSE_BACKWARD_VARIANTS_4X4 = ['vec4@8x8', 'vec4@4x8', 'vec4@16x16'];
const backwardVec4 = (act: number | undefined) => ((act ?? 0) <= 3 ? DENSE_BACKWARD_VARIANTS : DENSE_BACKWARD_VARIANTS_4X4);
const per = (suffix: string) => (suffix === 'vec4_8x8' ? 8 : 4);

/** y [M, N] = act(x · W + b): dense_forward(_vec4), 1 dispatch. */
export function denseForward(d: Dispatcher, m: DenseMatmul & { x: Binding; y: Binding; /** Force the scalar kernel (benchmarks). */ scalar?: boolean }): void {
  const c = constants(m);
  const bindings = [m.x, paramsOf(m), m.y];
  const emit = (dd: Dispatcher, v: string) => {
    if (v.startsWith('tiled')) denseForwardTiled(dd, { ...m, tile: tileOf(v) });
    else if (v.startsWith('blocked')) emitBlocked(dd, 'dense_forward', v, c, bindings, m.out, m.rows);
    else if (v === 'scalar') dd.dispatch('dense_forward', c, bindings, [ceilDiv(m.out, 32), ceilDiv(m.rows, 32)]);
    // dense_forward_vec4: 4 rows x 8 columns (two vec4) per invocation.
    else emitVec4(dd, 'dense_forward', v, c, bindings, m.out, m.rows, () => 8, () => 4);
  };
  if (m.scalar) emit(d, 'scalar');
  else emitTuned(d, { key: shapeKey('dense_forward', m), ...variantsOf(denseUsesVec4(m.in, m.out) ? DENSE_FORWARD_VARIANTS : ['scalar'], m), emit });
}

/**
 * dW = xᵀ · dz and db = Σ dz into `grads` at wOff / bOff, dz = dy ⊙ act'(y) (y unread and
 * defaulting to dy when act is 0). vec4: 4x4 or 8x8 (k x n) blocks of dW per invocation.
 */
export function denseBackwardWeight(d: Dispatcher, m: DenseMatmul & { x: Binding; dy: Binding; y?: Binding; grads: Binding }): void {
  const c = constants(m);
  const bindings = [m.x, m.dy, m.y ?? m.dy, m.grads];
  emitTuned(d, {
    key: shapeKey('dense_backward_weight', m),
    ...variantsOf(denseUsesVec4(m.in, m.out) ? backwardVec4(m.act) : ['scalar'], m),
    emit: (dd, v) => {
      if (v.startsWith('tiled')) denseBackwardWeightTiled(dd, { ...m, tile: tileOf(v) });
      else if (v.startsWith('blocked')) emitBlocked(dd, 'dense_backward_weight', v, c, bindings, m.out, m.in);
      else if (v === 'scalar') dd.dispatch('dense_backward_weight', c, bindings, [ceilDiv(m.out, 32), ceilDiv(m.in, 32)]);
      else emitVec4(dd, 'dense_backward_weight', v, c, bindings, m.out, m.in, per, per);
    },
  });
}

/** dx [M, K] (=|+=) (dy ⊙ act'(y)) · Wᵀ (y defaults to dy when act is 0); vec4: 4x4 or 8x8 (m x k) blocks. */
export function denseBackwardInput(d: Dispatcher, m: DenseMatmul & { dy: Binding; y?: Binding; dx: Binding; accumulate: boolean }): void {
  const c = { ...constants(m), ACCUMULATE: m.accumulate };
  const bindings = [m.dy, m.y ?? m.dy, paramsOf(m), m.dx];
  emitTuned(d, {
    key: `${shapeKey('dense_backward_input', m)},ACC=${Number(m.accumulate)}`,
    ...variantsOf(denseUsesVec4(m.in, m.out) ? backwardVec4(m.act) : ['scalar'], m),
    emit: (dd, v) => {
      if (v.startsWith('tiled')) denseBackwardInputTiled(dd, { ...m, tile: tileOf(v) });
      else if (v.startsWith('blocked')) emitBlocked(dd, 'dense_backward_input', v, c, bindings, m.in, m.rows);
      else if (v === 'scalar') dd.dispatch('dense_backward_input', c, bindings, [ceilDiv(m.in, 32), ceilDiv(m.rows, 32)]);
      else emitVec4(dd, 'dense_backward_input', v, c, bindings, m.in, m.rows, per, per);
    },
  });
}
