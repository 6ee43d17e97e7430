/** Input: where a dataset's batch enters the graph. Its buffer is filled by gather_batch. */
import type { LayerDef } from './layer';
import type { InputLayer } from '../spec';
import { NO_MASK, shapeText } from './layer-meta';

export const input: LayerDef<InputLayer> = {
  type: 'Input',
  arity: [0, 0],
  summary: 'The model input: one sample of the dataset',
  fields: [
    { key: 'shape', label: 'Shape', kind: 'shape', help: 'One sample, without the batch axis, e.g. 28, 28, 1' },
    { key: 'dtype', label: 'Data type', kind: 'select', options: ['float32', 'int32'], default: 'float32', optional: true },
  ],
  initial: { shape: [2] },
  activation: 'none',
  mask: NO_MASK,
  flops: () => 0,
  detail: (l) => shapeText(l.shape ?? []),
  infer(layer, _inputs, err) {
    if (!Array.isArray(layer.shape) || layer.shape.length === 0 || layer.shape.some((d) => !Number.isInteger(d) || d < 1)) {
      err('shape', `shape must be a list of positive whole numbers (got ${JSON.stringify(layer.shape)})`);
      return null;
    }
    const dtype = layer.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'int32') {
      err('dtype', `dtype must be float32 or int32 (got ${JSON.stringify(layer.dtype)})`);
      return null;
    }
    return { shape: [...layer.shape], dtype };
  },
  params: () => [],
  forward() {},
  backward() {},
  reference: (_l, _n, [x]) => x,
};
