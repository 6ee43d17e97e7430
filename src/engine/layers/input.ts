/** Input: where a dataset's batch enters the graph. Its buffer is filled by gather_batch. */
import type { LayerDef } from './layer';
import type { InputLayer } from '../spec';

export const input: LayerDef<InputLayer> = {
  type: 'Input',
  arity: [0, 0],
  summary: 'The model input: one sample of the dataset',
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
