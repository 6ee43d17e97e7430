/**
 * Add: y = a + b (residual connections). Forward one dispatch; backward routes dy to both inputs
 * (one copy_backward each, accumulating where the input already has a gradient).
 */
import { size, type LayerDef } from './layer';
import { addForward, copyBackward } from '../../kernels/elementwise/elementwise';
import { KEEPS_ATTENTION_MASK, perOutput, sameShapeFloatPair } from './layer-meta';
import type { AddLayer } from '../spec';

export const add: LayerDef<AddLayer> = {
  type: 'Add',
  arity: [2, 2],
  summary: 'Adds two tensors of the same shape (residual connection)',
  fields: [],
  initial: {},
  activation: 'none',
  mask: KEEPS_ATTENTION_MASK,
  flops: perOutput,
  detail: () => '',
  infer: sameShapeFloatPair('Add'),
  params: () => [],
  forward(e, n) {
    const E = e.batch * size(n.shape);
    addForward(e, { a: e.value(n.inputs[0].id), b: e.value(n.inputs[1].id), y: e.value(n.spec.id), elements: E });
  },
  backward(e, n) {
    const E = e.batch * size(n.shape);
    const dy = e.outputGrad(n.spec.id);
    for (let i = 0; i < 2; i++) {
      const dx = e.inputGrad(n, i);
      if (dx) copyBackward(e, { dy, dx: dx.buffer, elements: E, accumulate: dx.accumulate });
    }
  },
  reference(_layer, _n, [a, b]) {
    return a.map((v, i) => v + b[i]);
  },
};
