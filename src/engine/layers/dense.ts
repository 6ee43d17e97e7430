/**
 * Dense: y = act(x · W + b), x [B, in], W [in, units] (Keras layout), b [units].
 * Forward is one dense_forward dispatch (bias + activation epilogue). Backward is
 * dense_backward_weight (dW and db together) plus dense_backward_input when x needs a gradient.
 * A softmax activation that the loss did not absorb runs as a separate softmax kernel. GELU and
 * swish (whose derivative needs z, not y) keep z in a scratch buffer: gelu_forward after the
 * matmul, gelu_backward (from z) before the weight and input gradients.
 */
import { size, type LayerDef, type ParamDecl } from './layer';
import { activationField, initializerField, useBiasField } from './fields';
import { activationText, joinDetail, KEEPS_ATTENTION_MASK, prod } from './layer-meta';
import { actCode, FROM_INPUT } from './activation-codes';
import { ACTIVATIONS, INITIALIZERS, type DenseLayer } from '../spec';
import { denseForwardRef } from '../reference/dense';
import { activationRef } from '../reference/activations';
import { geluRef } from '../reference/gelu';
import { denseBackwardInput, denseBackwardWeight, denseForward } from '../../kernels/dense/dense';
import { softmaxBackward, softmaxForward } from '../../kernels/activation/activation';
import { geluBackward, geluForward, type InputActivation } from '../../kernels/gelu/gelu';

export const dense: LayerDef<DenseLayer> = {
  type: 'Dense',
  arity: [1, 1],
  summary: 'Fully connected: every output sees every input',
  fields: [{ key: 'units', label: 'Units', kind: 'int', min: 1, max: 65536 }, activationField, useBiasField, initializerField],
  initial: { units: 16, activation: 'relu' },
  activation: 'head',
  mask: KEEPS_ATTENTION_MASK,
  flops: (l, [x], out) => 2 * prod(x ?? [0]) * l.units + prod(out),
  detail: (l) => joinDetail(`${l.units} unit${l.units === 1 ? '' : 's'}`, activationText(l.activation)),
  infer(layer, [x], err) {
    if (!Number.isInteger(layer.units) || layer.units < 1) {
      err('units', `units must be a positive whole number (got ${layer.units})`);
      return null;
    }
    if (layer.activation !== undefined && !ACTIVATIONS.includes(layer.activation)) err('activation', `unknown activation "${layer.activation}"`);
    if (layer.kernelInitializer !== undefined && !INITIALIZERS.includes(layer.kernelInitializer)) err('kernelInitializer', `unknown initializer "${layer.kernelInitializer}"`);
    if (x.dtype !== 'float32') {
      err('inputs', 'Dense needs float inputs; token ids need an Embedding first');
      return null;
    }
    if (x.shape.length < 1) {
      err('inputs', 'Dense needs an input with a feature axis');
      return null;
    }
    // Keras semantics: applied to the last axis, at every position of the others ([T, F] -> [T, units]).
    return { shape: [...x.shape.slice(0, -1), layer.units], dtype: 'float32' };
  },
  params(layer, [x]) {
    const fanIn = x.shape[x.shape.length - 1];
    const out: ParamDecl[] = [{ name: 'weight', shape: [fanIn, layer.units], init: layer.kernelInitializer ?? 'glorot_uniform', decay: true, fanIn, fanOut: layer.units }];
    if (layer.useBias !== false) out.push({ name: 'bias', shape: [layer.units], init: 'zeros', decay: false, fanIn, fanOut: layer.units });
    return out;
  },
  forward(e, n) {
    const { M, K, N, hasBias } = dims(e.batch, n);
    const softmax = n.activation === 'softmax';
    const gelu = FROM_INPUT.has(n.activation ?? 'linear');
    const y = softmax || gelu ? e.scratch(`${n.spec.id}:z`, M * N) : e.value(n.spec.id);
    const act = softmax || gelu ? 0 : actCode(n.activation);
    denseForward(e, { x: e.value(n.inputs[0].id), params: e.params, y, rows: M, in: K, out: N, act, hasBias, wOff: n.paramOffsets.weight, bOff: n.paramOffsets.bias });
    if (softmax) softmaxForward(e, { x: y, y: e.value(n.spec.id), rows: M, cols: N });
    if (gelu) geluForward(e, { x: y, y: e.value(n.spec.id), elements: M * N, fn: n.activation as InputActivation });
  },
  backward(e, n) {
    const { M, K, N, hasBias } = dims(e.batch, n);
    const softmax = n.activation === 'softmax';
    let dy = e.outputGrad(n.spec.id);
    const y = e.value(n.spec.id);
    const gelu = FROM_INPUT.has(n.activation ?? 'linear');
    let act = softmax || gelu ? 0 : actCode(n.activation);
    if (softmax) {
      const dz = e.scratch(`${n.spec.id}:dz`, M * N);
      softmaxBackward(e, { dy, y, dx: dz, rows: M, cols: N, accumulate: false });
      dy = dz;
      act = 0;
    } else if (gelu) {
      const dz = e.scratch(`${n.spec.id}:dz`, M * N);
      geluBackward(e, { dy, x: e.scratch(`${n.spec.id}:z`, M * N), dx: dz, elements: M * N, accumulate: false, fn: n.activation as InputActivation });
      dy = dz;
      act = 0;
    }
    const m = { rows: M, in: K, out: N, act, params: e.params, hasBias, wOff: n.paramOffsets.weight, bOff: n.paramOffsets.bias };
    denseBackwardWeight(e, { ...m, x: e.value(n.inputs[0].id), dy, y, grads: e.grads });
    const dx = e.inputGrad(n, 0);
    if (dx) denseBackwardInput(e, { ...m, dy, y, dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference(layer, n, [x], params, batch) {
    const shape = n.inputs[0].shape;
    const K = shape[shape.length - 1];
    const M = (batch * size(shape)) / K;
    const act = layer.activation ?? 'linear';
    const { z } = denseForwardRef(x, params.weight, params.bias ?? null, M, K, layer.units, 'linear');
    if (act === 'gelu') return geluRef(z);
    return activationRef(z, M, layer.units, act as never);
  },
};

function dims(batch: number, n: { inputs: { shape: number[] }[]; shape: number[]; spec: DenseLayer }) {
  const shape = n.inputs[0].shape;
  const K = shape[shape.length - 1];
  return { M: (batch * size(shape)) / K, K, N: n.shape[n.shape.length - 1], hasBias: n.spec.useBias !== false };
}
