/**
 * Multiply: y = a * b elementwise (gating). Forward one dispatch; backward one dispatch per input
 * that needs a gradient: da = dy * b, db = dy * a (accumulating where the input already has one,
 * so Multiply(x, x) gets 2·dy·x).
 */
import { size, type LayerDef } from './layer';
import { mulBackward, mulForward } from '../../kernels/elementwise/elementwise';
import { KEEPS_ATTENTION_MASK, perOutput, sameShapeFloatPair } from './layer-meta';
import type { MultiplyLayer } from '../spec';
import { multiplyForward } from '../reference/merge';

export const multiply: LayerDef<MultiplyLayer> = {
  type: 'Multiply',
  arity: [2, 2],
  summary: 'Multiplies two tensors of the same shape elementwise (gating)',
  fields: [],
  initial: {},
  activation: 'none',
  mask: KEEPS_ATTENTION_MASK,
  flops: perOutput,
  detail: () => '',
  infer: sameShapeFloatPair('Multiply'),
  params: () => [],
  forward(e, n) {
    const E = e.batch * size(n.shape);
    mulForward(e, { a: e.value(n.inputs[0].id), b: e.value(n.inputs[1].id), y: e.value(n.spec.id), elements: E });
  },
  backward(e, n) {
    const E = e.batch * size(n.shape);
    const dy = e.outputGrad(n.spec.id);
    for (let i = 0; i < 2; i++) {
      const dx = e.inputGrad(n, i);
      if (dx) mulBackward(e, { dy, other: e.value(n.inputs[1 - i].id), dx: dx.buffer, elements: E, accumulate: dx.accumulate });
    }
  },
  reference(_layer, _n, [a, b]) {
    return multiplyForward(a, b);
  },
};
