/**
 * Conv1D (Keras 3 semantics): y = act(conv(x, W) + b) over channels-last sequences,
 * x [T, Cin] -> y [OT, filters], kernel W [K, Cin, filters], bias [filters]. Padding 'valid',
 * 'same' (TensorFlow's split: the extra step goes after) or 'causal' ((K - 1)·d zeros before, none
 * after: output t sees inputs up to t); strides 1 or 2; kernels 1 to 7; dilation rate d from 1 to
 * 64 (tap k reads step t·S + k·d - padLeft; above 1 only with strides 1, as Keras).
 *
 * It runs on the conv2d kernels as a 1 x T image: W [K, Cin, F] has the memory layout of
 * [1, K, Cin, F], so the parameters, the kernels and the float64 reference are Conv2D's with
 * H = KH = SH = OH = 1 (and DW = d). Activations computed from y are fused into the conv2d epilogue; softmax
 * (over the filters at each step), gelu and swish run after a linear conv from a scratch z, as in
 * Dense.
 */
import { size, type Emitter, type LayerDef, type NodeView, type ParamDecl } from './layer';
import { actCode, FROM_INPUT } from './activation-codes';
import { ACTIVATIONS, INITIALIZERS, type Activation, type Conv1DLayer } from '../spec';
import { activationField, initializerField, useBiasField } from './fields';
import { activationText, joinDetail, NO_MASK, prod } from './layer-meta';
import { conv2dForwardRef } from '../reference/conv2d';
import { activationRef } from '../reference/activations';
import { geluRef } from '../reference/gelu';
import type { Conv2DGeometry } from '../geometry';
import { conv2dBackward, conv2dForward, type Conv2dRun } from '../../kernels/conv2d/conv2d';
import { softmaxBackward, softmaxForward } from '../../kernels/activation/activation';
import { geluBackward, geluForward, type InputActivation } from '../../kernels/gelu/gelu';

export const CONV1D_MAX_KERNEL = 7;
export const CONV1D_STRIDES: readonly number[] = [1, 2];
export const CONV1D_PADDINGS: readonly string[] = ['valid', 'same', 'causal'];
export const CONV1D_MAX_DILATION = 64;

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/**
 * The conv2d geometry of a Conv1D on [T, C]: a 1 x T image. With the dilated span
 * E = (K - 1) * d + 1: 'valid' OT = floor((T - E) / S) + 1; 'same' OT = ceil(T / S),
 * padLeft = floor(max((OT - 1) * S + E - T, 0) / 2); 'causal' padLeft = E - 1,
 * OT = floor((T - 1) / S) + 1. No validation (see infer).
 */
export function conv1dGeometry(inShape: readonly number[], layer: Pick<Conv1DLayer, 'filters' | 'kernelSize' | 'strides' | 'padding' | 'dilationRate'>): Conv2DGeometry {
  const [T, C] = inShape;
  const d = layer.dilationRate ?? 1;
  const K = (layer.kernelSize - 1) * d + 1;
  const S = layer.strides ?? 1;
  const padding = layer.padding ?? 'valid';
  let OW: number;
  let padLeft = 0;
  if (padding === 'same') {
    OW = Math.ceil(T / S);
    padLeft = Math.floor(Math.max((OW - 1) * S + K - T, 0) / 2);
  } else if (padding === 'causal') {
    OW = Math.floor((T - 1) / S) + 1;
    padLeft = K - 1;
  } else {
    OW = Math.floor((T - K) / S) + 1;
  }
  return { H: 1, W: T, C, KH: 1, KW: layer.kernelSize, SH: 1, SW: S, OH: 1, OW, padTop: 0, padLeft, Cout: layer.filters, DH: 1, DW: d };
}

/** Zeros [before, after] the sequence that the geometry implies (for the exporters' explicit pads). */
export function conv1dPads(g: Conv2DGeometry): [number, number] {
  return [g.padLeft, Math.max((g.OW - 1) * g.SW + (g.KW - 1) * (g.DW ?? 1) + 1 - g.W - g.padLeft, 0)];
}

const activationOf = (layer: Conv1DLayer, nodeActivation: string | null): Activation => (nodeActivation ?? layer.activation ?? 'linear') as Activation;

/** How the activation runs: fused into the conv2d epilogue, or a separate pass over a scratch z. */
function plan(n: NodeView<Conv1DLayer>): { act: Activation; separate: 'softmax' | 'input' | null } {
  const act = activationOf(n.spec, n.activation);
  return { act, separate: act === 'softmax' ? 'softmax' : FROM_INPUT.has(act) ? 'input' : null };
}

function run(e: Emitter, n: NodeView<Conv1DLayer>, act: number): Conv2dRun {
  const hasBias = n.spec.useBias !== false;
  return { B: e.batch, g: conv1dGeometry(n.inputs[0].shape, n.spec), act, hasBias, wOff: n.paramOffsets.weight, bOff: hasBias ? n.paramOffsets.bias : 0, params: e.params };
}

export const conv1d: LayerDef<Conv1DLayer> = {
  type: 'Conv1D',
  arity: [1, 1],
  summary: '1D convolution: small filters slide along a sequence [steps, channels]',
  fields: [
    { key: 'filters', label: 'Filters', kind: 'int', min: 1, max: 4096 },
    { key: 'kernelSize', label: 'Kernel size', kind: 'int', min: 1, max: CONV1D_MAX_KERNEL },
    { key: 'strides', label: 'Strides', kind: 'int', min: 1, max: 2, default: 1, optional: true },
    { key: 'padding', label: 'Padding', kind: 'select', options: CONV1D_PADDINGS, default: 'valid', optional: true, help: 'causal: each step sees only itself and earlier steps' },
    { key: 'dilationRate', label: 'Dilation rate', kind: 'int', min: 1, max: CONV1D_MAX_DILATION, default: 1, optional: true, help: 'Steps between the kernel taps; above 1 needs strides 1' },
    activationField,
    useBiasField,
    initializerField,
  ],
  initial: { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
  activation: 'applied',
  mask: NO_MASK,
  flops: (l, [x], out) => 2 * l.kernelSize * (x?.at(-1) ?? 1) * prod(out),
  detail: (l) => joinDetail(`${l.filters} filters`, `${l.kernelSize}`, (l.dilationRate ?? 1) > 1 ? `dilation ${l.dilationRate}` : null, activationText(l.activation)),
  infer(layer, [x], err) {
    let ok = true;
    const fail = (field: string, message: string) => {
      ok = false;
      err(field, message);
    };
    const show = (v: unknown) => JSON.stringify(v);
    if (!isPosInt(layer.filters)) fail('filters', `filters must be a positive whole number (got ${show(layer.filters)})`);
    if (!isPosInt(layer.kernelSize) || layer.kernelSize > CONV1D_MAX_KERNEL) fail('kernelSize', `kernelSize must be a whole number from 1 to ${CONV1D_MAX_KERNEL} (got ${show(layer.kernelSize)})`);
    if (layer.strides !== undefined && !CONV1D_STRIDES.includes(layer.strides)) fail('strides', `strides must be ${CONV1D_STRIDES.join(' or ')} (got ${show(layer.strides)})`);
    if (layer.padding !== undefined && !CONV1D_PADDINGS.includes(layer.padding)) fail('padding', `padding must be "valid", "same" or "causal" (got ${show(layer.padding)})`);
    if (layer.dilationRate !== undefined && !(isPosInt(layer.dilationRate) && layer.dilationRate <= CONV1D_MAX_DILATION)) fail('dilationRate', `dilationRate must be a whole number from 1 to ${CONV1D_MAX_DILATION} (got ${show(layer.dilationRate)})`);
    else if ((layer.dilationRate ?? 1) > 1 && (layer.strides ?? 1) > 1) fail('dilationRate', 'a dilation rate above 1 needs strides 1 (as in Keras)');
    if (layer.activation !== undefined && !ACTIVATIONS.includes(layer.activation)) fail('activation', `unknown activation "${layer.activation}"; choose one of ${ACTIVATIONS.join(', ')}`);
    if (layer.useBias !== undefined && typeof layer.useBias !== 'boolean') fail('useBias', `useBias must be true or false (got ${show(layer.useBias)})`);
    if (layer.kernelInitializer !== undefined && !INITIALIZERS.includes(layer.kernelInitializer)) fail('kernelInitializer', `unknown initializer "${layer.kernelInitializer}"`);
    if (x.dtype !== 'float32') {
      fail('inputs', 'Conv1D needs float inputs (a sequence [steps, channels]); after token ids put an Embedding first');
      return null;
    }
    if (x.shape.length !== 2 || !x.shape.every(isPosInt)) {
      fail('inputs', `Conv1D expects a sequence input [steps, channels], got [${x.shape.join(', ')}]; add a Reshape before it`);
      return null;
    }
    if (!ok) return null;
    const span = (layer.kernelSize - 1) * (layer.dilationRate ?? 1) + 1;
    if ((layer.padding ?? 'valid') === 'valid' && span > x.shape[0]) {
      err('kernelSize', `a kernel spanning ${span} steps does not fit in ${x.shape[0]} steps with "valid" padding; use a smaller kernel or dilation, or padding "same"`);
      return null;
    }
    const g = conv1dGeometry(x.shape, layer);
    return { shape: [g.OW, layer.filters], dtype: 'float32' };
  },
  params(layer, [x]) {
    const C = x.shape[1];
    const fanIn = layer.kernelSize * C;
    const fanOut = layer.kernelSize * layer.filters;
    const out: ParamDecl[] = [{ name: 'weight', shape: [layer.kernelSize, C, layer.filters], init: layer.kernelInitializer ?? 'glorot_uniform', decay: true, fanIn, fanOut }];
    if (layer.useBias !== false) out.push({ name: 'bias', shape: [layer.filters], init: 'zeros', decay: false, fanIn, fanOut });
    return out;
  },
  forward(e, n) {
    const { act, separate } = plan(n);
    const E = e.batch * size(n.shape);
    const y = e.value(n.spec.id);
    const z = separate ? e.scratch(`${n.spec.id}:z`, E) : y;
    conv2dForward(e, { ...run(e, n, separate ? 0 : actCode(act)), x: e.value(n.inputs[0].id), y: z });
    if (separate === 'softmax') softmaxForward(e, { x: z, y, rows: E / n.spec.filters, cols: n.spec.filters });
    if (separate === 'input') geluForward(e, { x: z, y, elements: E, fn: act as InputActivation });
  },
  backward(e, n) {
    const { act, separate } = plan(n);
    const E = e.batch * size(n.shape);
    const y = e.value(n.spec.id);
    let dy = e.outputGrad(n.spec.id);
    if (separate) {
      const dz = e.scratch(`${n.spec.id}:dact`, E);
      if (separate === 'softmax') softmaxBackward(e, { dy, y, dx: dz, rows: E / n.spec.filters, cols: n.spec.filters, accumulate: false });
      else geluBackward(e, { dy, x: e.scratch(`${n.spec.id}:z`, E), dx: dz, elements: E, accumulate: false, fn: act as InputActivation });
      dy = dz;
    }
    const dx = e.inputGrad(n, 0);
    conv2dBackward(e, {
      ...run(e, n, separate ? 0 : actCode(act)),
      x: e.value(n.inputs[0].id),
      y,
      dy,
      grads: e.grads,
      dx: dx && { buffer: dx.buffer, accumulate: dx.accumulate },
      scratch: (name, floats) => e.scratch(`${n.spec.id}:${name}`, floats),
    });
  },
  reference(layer, n, [x], params, batch) {
    const g = conv1dGeometry(n.inputs[0].shape, layer);
    if (x.length !== batch * size(n.inputs[0].shape)) throw new Error(`Conv1D reference: input has ${x.length} values, expected ${batch * size(n.inputs[0].shape)}`);
    const { z } = conv2dForwardRef(x, params.weight, params.bias ?? null, g, 'linear');
    const act = activationOf(layer, null);
    if (act === 'gelu') return geluRef(z);
    return activationRef(z, batch * g.OW, g.Cout, act as never);
  },
};
