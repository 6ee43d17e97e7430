/**
 * Embedding: token ids [T] (int32) -> vectors [T, outputDim], table [inputDim, outputDim] (Keras
 * layout). Forward is one embedding_forward gather; backward one embedding_backward dispatch,
 * a deterministic atomic-free scatter-add (one invocation per table row, see embedding.wgsl).
 * The ids never need a gradient. With maskZero, the recurrent layers fed by this one skip steps
 * whose id is 0 (the compiler passes them this layer's input as NodeView.maskIds).
 */
import { ceilDiv, type LayerDef } from './layer';
import type { EmbeddingLayer } from '../spec';
import { embeddingForwardRef } from '../reference/embedding';

const MAX_WG = 65535;

/** A 1D workgroup count split into X x Y under the per-dimension limit (kernels linearise). */
export function splitGrid(n: number): [number, number] {
  if (n <= MAX_WG) return [Math.max(n, 1), 1];
  const y = ceilDiv(n, MAX_WG);
  return [ceilDiv(n, y), y];
}

const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export const embedding: LayerDef<EmbeddingLayer> = {
  type: 'Embedding',
  arity: [1, 1],
  summary: 'Turns token ids into learned vectors',
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
    e.dispatch('embedding_forward', { P, V, D, W_OFF: n.paramOffsets.weight }, [e.value(n.inputs[0].id), e.params, e.value(n.spec.id)], splitGrid(ceilDiv(P * D, 64)));
  },
  backward(e, n) {
    const P = e.batch * n.inputs[0].shape[0];
    const { inputDim: V, outputDim: D } = n.spec;
    e.dispatch('embedding_backward', { P, V, D, W_OFF: n.paramOffsets.weight }, [e.value(n.inputs[0].id), e.outputGrad(n.spec.id), e.grads], splitGrid(ceilDiv(V, 64)));
  },
  reference(layer, _n, [ids], params) {
    return embeddingForwardRef(ids, params.weight, layer.inputDim, layer.outputDim);
  },
};
