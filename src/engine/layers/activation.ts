/**
 * Activation: y = act(x) elementwise (linear, relu, sigmoid, tanh) or softmax over the last axis.
 * One dispatch forward, one backward. When it is the model's output and the loss absorbs it
 * (softmax + cross-entropy, sigmoid + binary cross-entropy) the compiler skips both.
 */
import { ceilDiv, size, type LayerDef } from './layer';
import { actCode } from './activation-codes';
import { ACTIVATIONS, type ActivationLayer } from '../spec';
import { activationRef } from '../reference/activations';
import { geluRef } from '../reference/gelu';
import { splitGrid } from './embedding';

export const activation: LayerDef<ActivationLayer> = {
  type: 'Activation',
  arity: [1, 1],
  summary: 'Applies a nonlinearity elementwise (softmax: over the last axis)',
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
      const R = E / C;
      e.dispatch('softmax_forward', { R, C }, [x, y], [ceilDiv(R, 64)]);
    } else if (n.activation === 'gelu') {
      e.dispatch('gelu_forward', { E }, [x, y], splitGrid(ceilDiv(E, 256)));
    } else {
      e.dispatch('activation_forward', { E, ACT: actCode(n.activation) }, [x, y], [ceilDiv(E, 256)]);
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
      const R = E / C;
      e.dispatch('softmax_backward', { R, C, ACCUMULATE: dx.accumulate }, [dy, y, dx.buffer], [ceilDiv(R, 64)]);
    } else if (n.activation === 'gelu') {
      e.dispatch('gelu_backward', { E, ACCUMULATE: dx.accumulate }, [dy, e.value(n.inputs[0].id), dx.buffer], splitGrid(ceilDiv(E, 256)));
    } else {
      e.dispatch('activation_backward', { E, ACT: actCode(n.activation), ACCUMULATE: dx.accumulate }, [dy, y, dx.buffer], [ceilDiv(E, 256)]);
    }
  },
  reference(layer, n, [x], _params, batch) {
    const C = n.shape[n.shape.length - 1];
    if (layer.activation === 'gelu') return geluRef(x);
    return activationRef(x, (batch * size(n.shape)) / C, C, layer.activation);
  },
};
