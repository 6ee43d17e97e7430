/**
 * Embedding: token ids [T] (int32) -> vectors [T, outputDim], table [inputDim, outputDim] (Keras
 * layout). Forward is one embedding_forward gather; backward one embedding_backward dispatch,
 * a deterministic atomic-free scatter-add (one invocation per table row, see embedding.wgsl).
 * The ids never need a gradient. With maskZero, the recurrent layers fed by this one skip steps
 * whose id is 0 (the compiler passes them this layer's input as NodeView.maskIds).
 */
import type { LayerDef } from './layer';
import type { EmbeddingLayer } from '../spec';
import { perOutput } from './layer-meta';
import { embeddingForwardRef } from '../reference/embedding';
import { embeddingBackward, embeddingForward } from '../../kernels/embedding/embedding';

const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export const embedding: LayerDef<EmbeddingLayer> = {
  type: 'Embedding',
  arity: [1, 1],
  summary: 'Turns token ids into learned vectors',
  fields: [
    { key: 'inputDim', label: 'Vocabulary size', kind: 'int', min: 1, help: 'Token ids run from 0 to this minus 1' },
    { key: 'outputDim', label: 'Vector size', kind: 'int', min: 1 },
    { key: 'maskZero', label: 'Id 0 is padding', kind: 'bool', default: false },
  ],
  initial: { inputDim: 1000, outputDim: 32 },
  activation: 'none',
  mask: { produces: (l) => Boolean(l.maskZero), passes: () => [] },
  flops: perOutput,
  detail: (l) => `${l.inputDim} ids → ${l.outputDim}`,
  infer(layer, [x], err) {
    let ok = true;
    if (!posInt(layer.inputDim)) {
      err('inputDim', `inputDim (vocabulary size) must be a positive whole number (got ${layer.inputDim})`);
      ok = false;
    }
    if (!posInt(layer.outputDim)) {
      err('outputDim', `outputDim (vector size) must be a positive whole number (got ${layer.outputDim})`);
      ok = false;
    }
    if (layer.maskZero !== undefined && typeof layer.maskZero !== 'boolean') {
      err('maskZero', `maskZero must be true or false (got ${JSON.stringify(layer.maskZero)})`);
      ok = false;
    }
    if (x.dtype !== 'int32') {
      err('inputs', `Embedding needs int32 token ids [T]; set dtype: "int32" on the Input (got ${x.dtype})`);
      ok = false;
    } else if (x.shape.length !== 1) {
      err('inputs', `Embedding expects token ids [T], got [${x.shape.join(', ')}]`);
      ok = false;
    }
    return ok ? { shape: [x.shape[0], layer.outputDim], dtype: 'float32' } : null;
  },
  params(layer) {
    // Keras: uniform(-0.05, 0.05); no weight decay on the table.
    return [{ name: 'weight', shape: [layer.inputDim, layer.outputDim], init: 'random_uniform', decay: false, fanIn: layer.inputDim, fanOut: layer.outputDim }];
  },
  forward(e, n) {
    const P = e.batch * n.inputs[0].shape[0];
    const { inputDim: V, outputDim: D } = n.spec;
    embeddingForward(e, { P, V, D, wOff: n.paramOffsets.weight, ids: e.value(n.inputs[0].id), params: e.params, y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const P = e.batch * n.inputs[0].shape[0];
    const { inputDim: V, outputDim: D } = n.spec;
    embeddingBackward(e, { P, V, D, wOff: n.paramOffsets.weight, ids: e.value(n.inputs[0].id), dy: e.outputGrad(n.spec.id), grads: e.grads });
  },
  reference(layer, _n, [ids], params) {
    return embeddingForwardRef(ids, params.weight, layer.inputDim, layer.outputDim);
  },
};
