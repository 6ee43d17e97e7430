/**
 * Conv2D: y = act(conv(x, W) + b) over channels-last images, x [H, W, Cin] -> y [OH, OW, filters],
 * kernel W [KH, KW, Cin, filters] (Keras layout), bias [filters]. Padding 'valid' or 'same'
 * (TensorFlow's split: the extra row/column goes to the bottom/right), strides 1 or 2, kernels
 * 1 to 7, dilation rate 1 to 64 per axis (above 1 only with strides 1, as Keras), activation fused (every elementwise one computed from y: linear, relu, sigmoid, tanh,
 * leaky_relu, elu, selu, softplus, softsign, hard_sigmoid, exponential; not softmax, gelu, swish).
 *
 * Forward: one conv2d_forward dispatch (bias + activation epilogue). Backward: conv2d_backward_dz
 * (dz = dy ⊙ act'(y), skipped for linear), then the weight gradient as a deterministic split-K pair
 * (conv2d_backward_weight writes per-chunk partial sums into a scratch buffer,
 * conv2d_backward_weight_reduce adds them in order into dW and db), then conv2d_backward_input when
 * x needs a gradient. Both gradient kernels can also apply act' themselves (ACT != 0), but that
 * loads y beside every dz load, which costs more than the one extra elementwise pass.
 */
import { size, type LayerDef, type NodeView, type ParamDecl } from './layer';
import { actCode } from './activation-codes';
import { ACTIVATIONS, INITIALIZERS, type Activation, type Conv2DLayer } from '../spec';
import { activationField, initializerField, paddingField, useBiasField } from './fields';
import { activationText, joinDetail, NO_MASK, prod, size2Pair, size2Text } from './layer-meta';
import { conv2dForwardRef } from '../reference/conv2d';
import { conv2dGeometry } from '../geometry';
import { conv2dBackward, conv2dForward, type Conv2dRun } from '../../kernels/conv2d/conv2d';

export const CONV2D_MAX_KERNEL = 7;
export const CONV2D_STRIDES: readonly number[] = [1, 2];

type ConvAct = Exclude<Activation, 'softmax' | 'gelu' | 'swish'>;

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

/** The kernels' view of a node; the node's activation is null when the compiler leaves it to the spec. */
function run(e: { batch: number; params: GPUBuffer }, n: NodeView<Conv2DLayer>): Conv2dRun {
  const hasBias = n.spec.useBias !== false;
  const act = actCode(activationOf(n.spec, n.activation));
  return { B: e.batch, g: conv2dGeometry(n.inputs[0].shape, n.spec), act, hasBias, wOff: n.paramOffsets.weight, bOff: hasBias ? n.paramOffsets.bias : 0, params: e.params };
}

export const conv2d: LayerDef<Conv2DLayer> = {
  type: 'Conv2D',
  arity: [1, 1],
  summary: '2D convolution: small filters slide over an image [height, width, channels]',
  fields: [
    { key: 'filters', label: 'Filters', kind: 'int', min: 1, max: 4096 },
    { key: 'kernelSize', label: 'Kernel size', kind: 'size2', help: 'One number, or height, width' },
    { key: 'strides', label: 'Strides', kind: 'size2', default: 1, optional: true },
    paddingField,
    { key: 'dilationRate', label: 'Dilation rate', kind: 'size2', default: 1, optional: true, help: 'Gaps between the kernel taps (one number, or height, width); above 1 needs strides 1' },
    activationField,
    useBiasField,
    initializerField,
  ],
  initial: { filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
  activation: 'applied',
  mask: NO_MASK,
  flops(l, [x], out) {
    const [kh, kw] = size2Pair(l.kernelSize, 3);
    return 2 * kh * kw * (x?.at(-1) ?? 1) * prod(out);
  },
  detail: (l) => joinDetail(`${l.filters} filters`, size2Text(l.kernelSize), activationText(l.activation)),
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
    const d = layer.dilationRate === undefined ? ([1, 1] as [number, number]) : readSize2(layer.dilationRate, 'dilationRate', (n) => n <= 64, 'whole numbers from 1 to 64');
    if (typeof d === 'string') fail('dilationRate', d);
    else if (typeof s !== 'string' && (d[0] > 1 || d[1] > 1) && (s[0] > 1 || s[1] > 1)) fail('dilationRate', 'a dilation rate above 1 needs strides 1 (as in Keras)');
    const padding = layer.padding ?? 'valid';
    if (padding !== 'valid' && padding !== 'same') fail('padding', `padding must be "valid" or "same" (got ${JSON.stringify(layer.padding)})`);
    if (layer.activation === 'softmax') fail('activation', 'softmax is not available on Conv2D (it would normalise over channels at every pixel); use relu, sigmoid, tanh or linear, and put softmax on a Dense layer');
    else if (layer.activation === 'gelu' || layer.activation === 'swish') fail('activation', `${layer.activation} is not fused into Conv2D yet (its gradient needs the pre-activation); put a separate Activation layer after a linear Conv2D`);
    else if (layer.activation !== undefined && !ACTIVATIONS.includes(layer.activation)) fail('activation', `unknown activation "${layer.activation}"; choose one of ${ACTIVATIONS.filter((a) => a !== 'softmax' && a !== 'gelu' && a !== 'swish').join(', ')}`);
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
    if (!ok || typeof k === 'string' || typeof s === 'string' || typeof d === 'string') return null;
    const [H, W] = x.shape;
    const span = [(k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1];
    if (padding === 'valid' && (span[0] > H || span[1] > W)) {
      err('kernelSize', `a ${k[0]}x${k[1]} kernel${d[0] > 1 || d[1] > 1 ? ` (dilated to ${span[0]}x${span[1]})` : ''} does not fit in the ${H}x${W} input with "valid" padding; use a smaller kernel or padding "same"`);
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
    conv2dForward(e, { ...run(e, n), x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    conv2dBackward(e, {
      ...run(e, n),
      x: e.value(n.inputs[0].id),
      y: e.value(n.spec.id),
      dy: e.outputGrad(n.spec.id),
      grads: e.grads,
      dx: dx && { buffer: dx.buffer, accumulate: dx.accumulate },
      scratch: (name, floats) => e.scratch(`${n.spec.id}:${name}`, floats),
    });
  },
  reference(layer, n, [x], params, batch) {
    const g = conv2dGeometry(n.inputs[0].shape, layer);
    if (x.length !== batch * size(n.inputs[0].shape)) throw new Error(`Conv2D reference: input has ${x.length} values, expected ${batch * size(n.inputs[0].shape)}`);
    return conv2dForwardRef(x, params.weight, params.bias ?? null, g, activationOf(layer, null)).y;
  },
};
