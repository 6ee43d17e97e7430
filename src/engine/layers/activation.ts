/**
 * Activation: y = act(x) elementwise (every ACTIVATIONS name; gelu and swish from the input x) or
 * softmax over the last axis.
 * One dispatch forward, one backward. When it is the model's output and the loss absorbs it
 * (softmax + cross-entropy, sigmoid + binary cross-entropy) the compiler skips both.
 */
import { size, type LayerDef } from './layer';
import { activationField } from './fields';
import { KEEPS_ATTENTION_MASK, prod } from './layer-meta';
import { actCode, FROM_INPUT } from './activation-codes';
import { ACTIVATIONS, type ActivationLayer } from '../spec';
import { activationRef } from '../reference/activations';
import { geluRef } from '../reference/gelu';
import { activationBackward, activationForward, softmaxBackward, softmaxForward } from '../../kernels/activation/activation';
import { geluBackward, geluForward, type InputActivation } from '../../kernels/gelu/gelu';

export const activation: LayerDef<ActivationLayer> = {
  type: 'Activation',
  arity: [1, 1],
  summary: 'Applies a nonlinearity elementwise (softmax: over the last axis)',
  fields: [{ ...activationField, optional: false }],
  initial: { activation: 'relu' },
  activation: 'head',
  mask: KEEPS_ATTENTION_MASK,
  flops: (l, _in, out) => (l.activation === 'softmax' ? 5 : 2) * prod(out),
  detail: (l) => l.activation,
  infer(layer, [x], err) {
    if (!ACTIVATIONS.includes(layer.activation)) {
      err('activation', `unknown activation "${layer.activation}"; choose one of ${ACTIVATIONS.join(', ')}`);
      return null;
    }
    if (x.dtype !== 'float32') {
      err('inputs', 'Activation needs float inputs');
      return null;
    }
    return { shape: [...x.shape], dtype: 'float32' };
  },
  params: () => [],
  forward(e, n) {
    const E = e.batch * size(n.shape);
    const x = e.value(n.inputs[0].id);
    const y = e.value(n.spec.id);
    if (n.activation === 'softmax') {
      const C = n.shape[n.shape.length - 1];
      softmaxForward(e, { x, y, rows: E / C, cols: C });
    } else if (FROM_INPUT.has(n.activation ?? '')) {
      geluForward(e, { x, y, elements: E, fn: n.activation as InputActivation });
    } else {
      activationForward(e, { x, y, elements: E, act: actCode(n.activation) });
    }
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    const E = e.batch * size(n.shape);
    const dy = e.outputGrad(n.spec.id);
    const y = e.value(n.spec.id);
    if (n.activation === 'softmax') {
      const C = n.shape[n.shape.length - 1];
      softmaxBackward(e, { dy, y, dx: dx.buffer, rows: E / C, cols: C, accumulate: dx.accumulate });
    } else if (FROM_INPUT.has(n.activation ?? '')) {
      geluBackward(e, { dy, x: e.value(n.inputs[0].id), dx: dx.buffer, elements: E, accumulate: dx.accumulate, fn: n.activation as InputActivation });
    } else {
      activationBackward(e, { dy, y, dx: dx.buffer, elements: E, act: actCode(n.activation), accumulate: dx.accumulate });
    }
  },
  reference(layer, n, [x], _params, batch) {
    const C = n.shape[n.shape.length - 1];
    if (layer.activation === 'gelu') return geluRef(x);
    return activationRef(x, (batch * size(n.shape)) / C, C, layer.activation);
  },
};
