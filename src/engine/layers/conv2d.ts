/**
 * Conv2D: y = act(conv(x, W) + b) over channels-last images, x [H, W, Cin] -> y [OH, OW, filters],
 * kernel W [KH, KW, Cin, filters] (Keras layout), bias [filters]. Padding 'valid' or 'same'
 * (TensorFlow's split: the extra row/column goes to the bottom/right), strides 1 or 2, kernels
 * 1 to 7, activation fused (linear, relu, sigmoid, tanh; not softmax).
 *
 * Forward: one conv2d_forward dispatch (bias + activation epilogue). Backward: conv2d_backward_dz
 * (dz = dy ⊙ act'(y), skipped for linear), then the weight gradient as a deterministic split-K pair
 * (conv2d_backward_weight writes per-chunk partial sums into a scratch buffer,
 * conv2d_backward_weight_reduce adds them in order into dW and db), then conv2d_backward_input when
 * x needs a gradient. Both gradient kernels can also apply act' themselves (ACT != 0), but that
 * loads y beside every dz load, which costs more than the one extra elementwise pass.
 */
import { ceilDiv, size, type LayerDef, type NodeView, type ParamDecl } from './layer';
import { actCode } from './activation-codes';
import { ACTIVATIONS, INITIALIZERS, type Conv2DLayer } from '../spec';
import { conv2dForwardRef } from '../reference/conv2d';
import { conv2dGeometry, type Conv2DGeometry } from '../geometry';
import type { Constants } from '../../gpu/pipelines';

export const CONV2D_MAX_KERNEL = 7;
export const CONV2D_STRIDES: readonly number[] = [1, 2];
const WORKGROUP = 64;
/**
 * Split-K of the weight gradient: about this many invocations in all (16 workgroups: enough to
 * keep every core busy; more only adds per-invocation setup and partial sums to reduce), and at
 * least SPLIT_MIN_PIXELS output pixels per chunk.
 */
const SPLIT_TARGET_INVOCATIONS = 1024;
const SPLIT_MIN_PIXELS = 256;

type ConvAct = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** Workgroups for `invocations` flat invocations (64 per workgroup), folded into y past 65535. */
export function conv2dGrid(invocations: number): [number, number] {
  const n = Math.max(1, ceilDiv(invocations, WORKGROUP));
  if (n <= 65535) return [n, 1];
  return [32768, ceilDiv(n, 32768)];
}

/** Override constants every conv2d kernel shares. */
export function conv2dConstants(batch: number, g: Conv2DGeometry, act: number, hasBias: boolean, wOff: number, bOff: number): Constants {
  if (wOff % 4 !== 0 || bOff % 4 !== 0) throw new Error(`conv2d: parameter offsets must be multiples of 4 (got ${wOff}, ${bOff})`);
  return {
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

/** Invocations of each kernel (see the dispatch section of shaders/conv2d.wgsl). */
export function conv2dInvocations(batch: number, g: Conv2DGeometry, split = 1) {
  const co8 = ceilDiv(c4(g.Cout), 2);
  const ci8 = ceilDiv(c4(g.C), 2);
  const ktot = g.KH * g.KW * g.C;
  const kBlocks = g.C % 4 === 0 ? g.KH * g.KW * ceilDiv(c4(g.C), 4) : ceilDiv(ktot, conv2dRowsPerBlock(g));
  return {
    forward: ceilDiv(c4(g.Cout), g.C % 4 === 0 ? 2 : 4) * ceilDiv(batch * g.OH * g.OW, 8),
    input: ci8 * ceilDiv(ceilDiv(g.H, g.SH) * ceilDiv(g.W, g.SW), 8) * batch * g.SH * g.SW,
    weightBlocks: co8 * (kBlocks + 1),
    weight: co8 * (kBlocks + 1) * split,
    reduce: (ktot + 1) * c4(g.Cout),
    dz: ceilDiv(batch * g.OH * g.OW * g.Cout, 16),
  };
}

/** Weight gradient with CIN % 4 != 0: GEMM rows (taps x channels) per block, 4 to 16. */
export function conv2dRowsPerBlock(g: Conv2DGeometry): number {
  return Math.min(16, ceilDiv(g.KH * g.KW * g.C, 4) * 4);
}

/** How the weight gradient's reduction over B*OH output rows is split into chunks. */
export function conv2dSplit(batch: number, g: Conv2DGeometry): { SPLIT: number; CHUNK: number; KB: number; partials: number } {
  const rows = batch * g.OH;
  const blocks = conv2dInvocations(batch, g).weightBlocks;
  const want = Math.max(1, Math.round(SPLIT_TARGET_INVOCATIONS / blocks));
  const CHUNK = Math.min(rows, Math.max(ceilDiv(rows, want), ceilDiv(SPLIT_MIN_PIXELS, g.OW)));
  const SPLIT = ceilDiv(rows, CHUNK);
  return { SPLIT, CHUNK, KB: conv2dRowsPerBlock(g), partials: conv2dPartials(g, SPLIT) };
}

/** Floats of the split-K scratch buffer: SPLIT x (KTOT + 1 bias row) x CO4 vec4. */
export function conv2dPartials(g: Conv2DGeometry, split: number): number {
  return split * (g.KH * g.KW * g.C + 1) * c4(g.Cout) * 4;
}

function isPosInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

/** A Size2 field as [h, w], or an error message. */
function readSize2(v: unknown, what: string, allowed: (n: number) => boolean, rule: string): [number, number] | string {
  const pair = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? v : null;
  if (!pair) return `${what} must be a number or a [height, width] pair (got ${JSON.stringify(v)})`;
  if (!pair.every((n) => isPosInt(n) && allowed(n))) return `${what} must be ${rule} (got ${JSON.stringify(v)})`;
  return [pair[0], pair[1]];
}

function activationOf(layer: Conv2DLayer, nodeActivation: string | null): ConvAct {
  return (nodeActivation ?? layer.activation ?? 'linear') as ConvAct;
}

/** Geometry and shared constants of a node; the node's activation is null when the compiler leaves it to the spec. */
function view(e: { batch: number }, n: NodeView<Conv2DLayer>) {
  const g = conv2dGeometry(n.inputs[0].shape, n.spec);
  const hasBias = n.spec.useBias !== false;
  const act = actCode(activationOf(n.spec, n.activation));
  return { g, consts: conv2dConstants(e.batch, g, act, hasBias, n.paramOffsets.weight, hasBias ? n.paramOffsets.bias : 0) };
}

export const conv2d: LayerDef<Conv2DLayer> = {
  type: 'Conv2D',
  arity: [1, 1],
  summary: '2D convolution: small filters slide over an image [height, width, channels]',
  infer(layer, [x], err) {
    let ok = true;
    const fail = (field: string, message: string) => {
      ok = false;
      err(field, message);
    };
    if (!isPosInt(layer.filters)) fail('filters', `filters must be a positive whole number (got ${JSON.stringify(layer.filters)})`);
    const k = readSize2(layer.kernelSize, 'kernelSize', (n) => n <= CONV2D_MAX_KERNEL, `whole numbers from 1 to ${CONV2D_MAX_KERNEL}`);
    if (typeof k === 'string') fail('kernelSize', k);
    const s = layer.strides === undefined ? ([1, 1] as [number, number]) : readSize2(layer.strides, 'strides', (n) => CONV2D_STRIDES.includes(n), CONV2D_STRIDES.join(' or '));
    if (typeof s === 'string') fail('strides', s);
    const padding = layer.padding ?? 'valid';
    if (padding !== 'valid' && padding !== 'same') fail('padding', `padding must be "valid" or "same" (got ${JSON.stringify(layer.padding)})`);
    if (layer.activation === 'softmax') fail('activation', 'softmax is not available on Conv2D (it would normalise over channels at every pixel); use relu, sigmoid, tanh or linear, and put softmax on a Dense layer');
    else if (layer.activation === 'gelu') fail('activation', 'gelu is not fused into Conv2D yet; use relu, sigmoid, tanh or linear (or a separate Activation layer)');
    else if (layer.activation !== undefined && !ACTIVATIONS.includes(layer.activation)) fail('activation', `unknown activation "${layer.activation}"; choose one of linear, relu, sigmoid, tanh`);
    if (layer.useBias !== undefined && typeof layer.useBias !== 'boolean') fail('useBias', `useBias must be true or false (got ${JSON.stringify(layer.useBias)})`);
    if (layer.kernelInitializer !== undefined && !INITIALIZERS.includes(layer.kernelInitializer)) fail('kernelInitializer', `unknown initializer "${layer.kernelInitializer}"`);
    if (x.dtype !== 'float32') {
      fail('inputs', 'Conv2D needs float inputs (an image [height, width, channels])');
      return null;
    }
    if (x.shape.length !== 3 || !x.shape.every(isPosInt)) {
      fail('inputs', `Conv2D expects an image input [height, width, channels], got [${x.shape.join(', ')}]; add a Reshape before it`);
      return null;
    }
    if (!ok || typeof k === 'string' || typeof s === 'string') return null;
    const [H, W] = x.shape;
    if (padding === 'valid' && (k[0] > H || k[1] > W)) {
      err('kernelSize', `a ${k[0]}x${k[1]} kernel does not fit in the ${H}x${W} input with "valid" padding; use a smaller kernel or padding "same"`);
      return null;
    }
    const g = conv2dGeometry(x.shape, layer);
    return { shape: [g.OH, g.OW, layer.filters], dtype: 'float32' };
  },
  params(layer, [x]) {
    const g = conv2dGeometry(x.shape, layer);
    const fanIn = g.KH * g.KW * g.C;
    const fanOut = g.KH * g.KW * layer.filters;
    const out: ParamDecl[] = [{ name: 'weight', shape: [g.KH, g.KW, g.C, layer.filters], init: layer.kernelInitializer ?? 'glorot_uniform', decay: true, fanIn, fanOut }];
    if (layer.useBias !== false) out.push({ name: 'bias', shape: [layer.filters], init: 'zeros', decay: false, fanIn, fanOut });
    return out;
  },
  forward(e, n) {
    const { g, consts } = view(e, n);
    const inv = conv2dInvocations(e.batch, g);
    e.dispatch('conv2d_forward', consts, [e.value(n.inputs[0].id), e.params, e.value(n.spec.id)], conv2dGrid(inv.forward));
  },
  backward(e, n) {
    const { g, consts: c } = view(e, n);
    const x = e.value(n.inputs[0].id);
    const y = e.value(n.spec.id);
    let dy = e.outputGrad(n.spec.id);
    const { SPLIT, CHUNK, KB, partials } = conv2dSplit(e.batch, g);
    const inv = conv2dInvocations(e.batch, g, SPLIT);
    let consts = c;
    if (consts.ACT !== 0) {
      // dz = dy ⊙ act'(y) once, so both gradient kernels read one tensor instead of two.
      const dz = e.scratch(`${n.spec.id}:dz`, 4 * inv.dz * 4);
      e.dispatch('conv2d_backward_dz', consts, [dy, y, dz], conv2dGrid(inv.dz));
      dy = dz;
      consts = { ...consts, ACT: 0 };
    }
    const part = e.scratch(`${n.spec.id}:dw-partials`, partials);
    e.dispatch('conv2d_backward_weight', { ...consts, SPLIT, CHUNK, KB }, [x, dy, y, part], conv2dGrid(inv.weight));
    e.dispatch('conv2d_backward_weight_reduce', { ...consts, SPLIT }, [part, e.grads], conv2dGrid(inv.reduce));
    const dx = e.inputGrad(n, 0);
    if (dx) e.dispatch('conv2d_backward_input', { ...consts, ACCUMULATE: dx.accumulate }, [dy, y, e.params, dx.buffer], conv2dGrid(inv.input));
  },
  reference(layer, n, [x], params, batch) {
    const g = conv2dGeometry(n.inputs[0].shape, layer);
    if (x.length !== batch * size(n.inputs[0].shape)) throw new Error(`Conv2D reference: input has ${x.length} values, expected ${batch * size(n.inputs[0].shape)}`);
    return conv2dForwardRef(x, params.weight, params.bias ?? null, g, activationOf(layer, null)).y;
  },
};
