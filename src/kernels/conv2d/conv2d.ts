/**
 * Launchers of conv2d.wgsl + conv2d_weight.wgsl + conv2d_input.wgsl over channels-last images: x, dx [B, H, W, Cin];
 * y, dy, dz [B, OH, OW, Cout]; W [KH, KW, Cin, Cout] at wOff and b [Cout] at bOff of the flat
 * params (gradients at the same offsets of grads). Owns the grids, the split-K plan of the weight
 * gradient (per-chunk partial sums reduced in a fixed order: deterministic) and the binding order.
 */
import { emitTuned, type Binding, type Constants, type Dispatcher } from '../dispatch';
import { invocationGrid } from '../grid';

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** The geometry the kernels need (src/engine/geometry.ts Conv2DGeometry). */
export interface Conv2dShape {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  SH: number;
  SW: number;
  OH: number;
  OW: number;
  padTop: number;
  padLeft: number;
  Cout: number;
  /** Dilation (default 1); above 1 only with strides 1. */
  DH?: number;
  DW?: number;
}

const WORKGROUP = 64;
/**
 * Split-K of the weight gradient: about this many invocations in all (16 workgroups: enough to
 * keep every core busy; more only adds per-invocation setup and partial sums to reduce), and at
 * least SPLIT_MIN_PIXELS output pixels per chunk.
 */
const SPLIT_TARGET_INVOCATIONS = 1024;
const SPLIT_MIN_PIXELS = 256;

/** Workgroups for `invocations` flat invocations (64 per workgroup), folded into y past 65535. */
export const conv2dGrid = (invocations: number): [number, number] => invocationGrid(invocations, WORKGROUP);

/** Override constants every conv2d kernel shares. */
export function conv2dConstants(batch: number, g: Conv2dShape, act: number, hasBias: boolean, wOff: number, bOff: number): Constants {
  if (wOff % 4 !== 0 || bOff % 4 !== 0) throw new Error(`conv2d: parameter offsets must be multiples of 4 (got ${wOff}, ${bOff})`);
  const DH = g.DH ?? 1;
  const DW = g.DW ?? 1;
  if ((DH > 1 || DW > 1) && (g.SH > 1 || g.SW > 1)) throw new Error(`conv2d: dilation (${DH}, ${DW}) needs strides 1 (got ${g.SH}, ${g.SW})`);
  return {
    DH,
    DW,
    B: batch,
    H: g.H,
    W: g.W,
    CIN: g.C,
    KH: g.KH,
    KW: g.KW,
    SH: g.SH,
    SW: g.SW,
    OH: g.OH,
    OW: g.OW,
    COUT: g.Cout,
    PT: g.padTop,
    PL: g.padLeft,
    ACT: act,
    HAS_BIAS: hasBias,
    W_OFF: wOff,
    B_OFF: bOff,
  };
}

const c4 = (n: number) => ceilDiv(n, 4);

/**
 * The register blocks the tuner chooses from, each computing the same sums in the same order (same
 * bits). Forward with CIN % 4 == 0: q2 (8 pixels x 8 output channels, the fallback) or q4 (x 16:
 * 16 weight vec4 and the same 8 x vec4 per step for twice the FMAs; about 25% faster at
 * cnn-2conv's second layer under Node's SwiftShader). Input gradient with CIN > 8: c8 (8 input
 * channels, the fallback) or c16.
 */
export const CONV2D_FORWARD_VARIANTS = ['q2', 'q4'];
export const CONV2D_INPUT_VARIANTS = ['c8', 'c16'];

/** Block sizes of the variants: forward channel groups (NQV) and input-gradient channels (NCI). */
export interface Conv2dBlocks {
  nq?: number;
  nci?: number;
}

const blocksOf = (variant: string): Conv2dBlocks => (variant.startsWith('q') ? { nq: Number(variant.slice(1)) } : { nci: Number(variant.slice(1)) });

/** Invocations of each kernel (see the dispatch section of conv2d.wgsl); `blocks` defaults to the fallbacks. */
export function conv2dInvocations(batch: number, g: Conv2dShape, split = 1, blocks: Conv2dBlocks = {}) {
  const co8 = ceilDiv(c4(g.Cout), 2);
  const ktot = g.KH * g.KW * g.C;
  const kBlocks = g.C % 4 === 0 ? g.KH * g.KW * ceilDiv(c4(g.C), 4) : ceilDiv(ktot, conv2dRowsPerBlock(g));
  return {
    forward: ceilDiv(c4(g.Cout), g.C % 4 === 0 ? (blocks.nq ?? 2) : 4) * ceilDiv(batch * g.OH * g.OW, 8),
    input: ceilDiv(g.C, blocks.nci ?? 8) * ceilDiv(ceilDiv(g.H, g.SH) * ceilDiv(g.W, g.SW), 8) * batch * g.SH * g.SW,
    weightBlocks: co8 * (kBlocks + 1),
    weight: co8 * (kBlocks + 1) * split,
    reduce: (ktot + 1) * c4(g.Cout),
    dz: ceilDiv(batch * g.OH * g.OW * g.Cout, 16),
  };
}

/** Weight gradient with CIN % 4 != 0: GEMM rows (taps x channels) per block, 4 to 16. */
export function conv2dRowsPerBlock(g: Conv2dShape): number {
  return Math.min(16, ceilDiv(g.KH * g.KW * g.C, 4) * 4);
}

/** How the weight gradient's reduction over B*OH output rows is split into chunks. */
export function conv2dSplit(batch: number, g: Conv2dShape): { SPLIT: number; CHUNK: number; KB: number; partials: number } {
  const rows = batch * g.OH;
  const blocks = conv2dInvocations(batch, g).weightBlocks;
  const want = Math.max(1, Math.round(SPLIT_TARGET_INVOCATIONS / blocks));
  const CHUNK = Math.min(rows, Math.max(ceilDiv(rows, want), ceilDiv(SPLIT_MIN_PIXELS, g.OW)));
  const SPLIT = ceilDiv(rows, CHUNK);
  return { SPLIT, CHUNK, KB: conv2dRowsPerBlock(g), partials: conv2dPartials(g, SPLIT) };
}

/** Floats of the split-K scratch buffer: SPLIT x (KTOT + 1 bias row) x CO4 vec4. */
export function conv2dPartials(g: Conv2dShape, split: number): number {
  return split * (g.KH * g.KW * g.C + 1) * c4(g.Cout) * 4;
}

export interface Conv2dRun {
  B: number;
  g: Conv2dShape;
  /** ACT code (activation-codes.ts) of the fused epilogue. */
  act: number;
  hasBias: boolean;
  wOff: number;
  bOff: number;
  params: Binding;
}

const runConstants = (r: Conv2dRun) => conv2dConstants(r.B, r.g, r.act, r.hasBias, r.wOff, r.bOff);

/** The autotuner's key of a call: the kernel and every constant that shapes its work (not where the parameters sit). */
const tuneKey = (op: string, c: Constants): string =>
  `${op}|${Object.entries(c)
    .filter(([k]) => k !== 'W_OFF' && k !== 'B_OFF')
    .map(([k, v]) => `${k}=${Number(v)}`)
    .join(',')}`;

/** y = act(conv(x, W) + b): conv2d_forward, 1 dispatch (tuned between q2 and q4 when CIN % 4 == 0). */
export function conv2dForward(d: Dispatcher, r: Conv2dRun & { x: Binding; y: Binding }): void {
  const c = runConstants(r);
  const emit = (dd: Dispatcher, v: string) => {
    const blocks = blocksOf(v);
    dd.dispatch('conv2d_forward', { ...c, NQV: blocks.nq! }, [r.x, r.params, r.y], conv2dGrid(conv2dInvocations(r.B, r.g, 1, blocks).forward));
  };
  if (r.g.C % 4 !== 0) emit(d, 'q2');
  else emitTuned(d, { key: tuneKey('conv2d_forward', c), variants: CONV2D_FORWARD_VARIANTS, fallback: 'q2', emit });
}

/**
 * The backward: dz = dy ⊙ act'(y) once when act != 0 (conv2d_backward_dz; cheaper than loading y
 * beside every dz load in both gradient kernels), the split-K weight gradient and its reduction
 * into dW and db, then dx (=|+=) when `dx` is given. `scratch` gives the node's private buffers.
 */
export function conv2dBackward(
  d: Dispatcher,
  r: Conv2dRun & { x: Binding; y: Binding; dy: Binding; grads: Binding; dx: { buffer: Binding; accumulate: boolean } | null; scratch: (name: 'dz' | 'dw-partials', floats: number) => Binding },
): void {
  const { SPLIT, CHUNK, KB, partials } = conv2dSplit(r.B, r.g);
  const inv = conv2dInvocations(r.B, r.g, SPLIT);
  let consts = runConstants(r);
  let dy = r.dy;
  if (consts.ACT !== 0) {
    const dz = r.scratch('dz', 4 * inv.dz * 4);
    d.dispatch('conv2d_backward_dz', consts, [dy, r.y, dz], conv2dGrid(inv.dz));
    dy = dz;
    consts = { ...consts, ACT: 0 };
  }
  const part = r.scratch('dw-partials', partials);
  d.dispatch('conv2d_backward_weight', { ...consts, SPLIT, CHUNK, KB }, [r.x, dy, r.y, part], conv2dGrid(inv.weight));
  d.dispatch('conv2d_backward_weight_reduce', { ...consts, SPLIT }, [part, r.grads], conv2dGrid(inv.reduce));
  if (!r.dx) return;
  const ci = { ...consts, ACCUMULATE: r.dx.accumulate };
  const bindings = [dy, r.y, r.params, r.dx.buffer];
  const emit = (dd: Dispatcher, v: string) => {
    const blocks = blocksOf(v);
    dd.dispatch('conv2d_backward_input', { ...ci, NCI: blocks.nci! }, bindings, conv2dGrid(conv2dInvocations(r.B, r.g, 1, blocks).input));
  };
  if (r.g.C <= 8) emit(d, 'c8');
  else emitTuned(d, { key: tuneKey('conv2d_backward_input', ci), variants: CONV2D_INPUT_VARIANTS, fallback: 'c8', emit });
}
