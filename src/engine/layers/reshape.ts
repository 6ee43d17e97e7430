/**
 * Flatten and Reshape: a new view of the same row-major data. No forward work (the output aliases
 * the input buffer); backward is one copy_backward of dy into the input's gradient.
 */
import { size, type LayerDef, type Emitter, type NodeView } from './layer';
import { copyBackward } from '../../kernels/elementwise/elementwise';
import type { FlattenLayer, ReshapeLayer } from '../spec';
import { NO_MASK, shapeText } from './layer-meta';

function routeGrad(e: Emitter, n: NodeView): void {
  const dx = e.inputGrad(n, 0);
  if (!dx) return;
  const E = e.batch * size(n.shape);
  copyBackward(e, { dy: e.outputGrad(n.spec.id), dx: dx.buffer, elements: E, accumulate: dx.accumulate });
}

export const flatten: LayerDef<FlattenLayer> = {
  type: 'Flatten',
  arity: [1, 1],
  summary: 'Flattens each sample to one axis (no copy)',
  fields: [],
  initial: {},
  activation: 'none',
  mask: NO_MASK,
  flops: () => 0,
  detail: () => '',
  aliasesInput: true,
  infer(_layer, [x]) {
    return { shape: [size(x.shape)], dtype: x.dtype };
  },
  params: () => [],
  forward() {},
  backward: routeGrad,
  reference: (_l, _n, [x]) => x.slice(),
};

export const reshape: LayerDef<ReshapeLayer> = {
  type: 'Reshape',
  arity: [1, 1],
  summary: 'Views each sample with a new shape of the same size (no copy)',
  fields: [{ key: 'targetShape', label: 'Target shape', kind: 'shape', help: 'Same number of values as the input' }],
  initial: { targetShape: [1] },
  activation: 'none',
  mask: NO_MASK,
  flops: () => 0,
  detail: (l) => `to ${shapeText(l.targetShape ?? [])}`,
  aliasesInput: true,
  infer(layer, [x], err) {
    const t = layer.targetShape;
    if (!Array.isArray(t) || t.length === 0 || t.some((d) => !Number.isInteger(d) || d < 1)) {
      err('targetShape', `targetShape must be a list of positive whole numbers (got ${JSON.stringify(t)})`);
      return null;
    }
    if (size(t) !== size(x.shape)) {
      err('targetShape', `cannot reshape [${x.shape.join(', ')}] (${size(x.shape)} values) to [${t.join(', ')}] (${size(t)} values)`);
      return null;
    }
    return { shape: [...t], dtype: x.dtype };
  },
  params: () => [],
  forward() {},
  backward: routeGrad,
  reference: (_l, _n, [x]) => x.slice(),
};
