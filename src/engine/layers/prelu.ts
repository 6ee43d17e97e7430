/**
 * PReLU (Keras 3): y = x > 0 ? x : alpha * x with alpha a trained parameter (`weight`, Keras's
 * `alpha`) of the shape of one sample, size 1 on the `sharedAxes` (Keras numbering, 1 = the first
 * axis after the batch); zeros initially, as Keras; no weight decay (Keras sets no regularizer).
 * Inputs of rank 1 to 3. One dispatch forward (src/kernels/prelu/), two backward: the input
 * gradient and alpha's gradient (summed over the batch and the shared axes). At x = 0 exactly the
 * input gradient is alpha * dy (Keras's relu form gives 0 there; a set of measure zero).
 */
import { size, type Emitter, type LayerDef, type NodeView } from './layer';
import type { PReLULayer } from '../spec';
import { NO_MASK, perOutput } from './layer-meta';
import { alphaIndex, preluForwardRef } from '../reference/prelu';
import { preluBackwardAlpha, preluBackwardInput, preluForward, type PReLUShape } from '../../kernels/prelu/prelu';

/** The 0-based sample axes alpha is shared over. */
export const preluShared = (l: PReLULayer): number[] => (l.sharedAxes ?? []).map((a) => a - 1);

/** alpha's shape: the sample's, 1 on the shared axes. */
export const preluAlphaShape = (l: PReLULayer, sample: readonly number[]): number[] => sample.map((d, a) => (preluShared(l).includes(a) ? 1 : d));

const shapeOf = (e: Emitter, n: NodeView<PReLULayer>): PReLUShape => ({ N: e.batch, sample: n.inputs[0].shape, shared: preluShared(n.spec) });

export const prelu: LayerDef<PReLULayer> = {
  type: 'PReLU',
  arity: [1, 1],
  summary: 'Leaky ReLU whose negative slope alpha is learned, one per value (or per channel with shared axes)',
  fields: [{ key: 'sharedAxes', label: 'Shared axes', kind: 'shape', optional: true, help: 'Axes sharing one alpha (1 = first axis after the batch), e.g. 1, 2 for one alpha per image channel; empty: one alpha per value' }],
  initial: {},
  activation: 'none',
  mask: NO_MASK,
  flops: perOutput,
  detail: (l) => (l.sharedAxes?.length ? `shared ${l.sharedAxes.join(', ')}` : ''),
  infer(layer, [x], err) {
    if (x.dtype !== 'float32' || x.shape.length < 1 || x.shape.length > 3) {
      err('inputs', `PReLU needs a float input of 1 to 3 axes, got ${x.dtype} [${x.shape.join(', ')}]`);
      return null;
    }
    const ax = layer.sharedAxes;
    const rank = x.shape.length;
    if (ax !== undefined && (!Array.isArray(ax) || !ax.every((a) => Number.isInteger(a) && a >= 1 && a <= rank) || new Set(ax).size !== ax.length)) {
      err('sharedAxes', `sharedAxes must be distinct axes from 1 to ${rank} (the input has ${rank} after the batch; got ${JSON.stringify(ax)})`);
      return null;
    }
    return { shape: [...x.shape], dtype: 'float32' };
  },
  params(layer, [x]) {
    const shape = preluAlphaShape(layer, x.shape);
    return [{ name: 'weight', shape, init: 'zeros', decay: false, fanIn: size(shape), fanOut: size(shape) }];
  },
  forward(e, n) {
    preluForward(e, { ...shapeOf(e, n), x: e.value(n.inputs[0].id), params: e.params, aOff: n.paramOffsets.weight, y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const x = e.value(n.inputs[0].id);
    const dy = e.outputGrad(n.spec.id);
    preluBackwardAlpha(e, { ...shapeOf(e, n), x, dy, grads: e.grads, gOff: n.paramOffsets.weight });
    const dx = e.inputGrad(n, 0);
    if (dx) preluBackwardInput(e, { ...shapeOf(e, n), x, dy, params: e.params, aOff: n.paramOffsets.weight, dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference: (layer, n, [x], params) => preluForwardRef(x, params.weight, alphaIndex(n.inputs[0].shape, preluShared(layer))),
};
