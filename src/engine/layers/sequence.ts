/**
 * The sequence layers around attention:
 *  - PositionEmbedding: y[t, :] = x[t, :] + P[t, :] over [T, D]; P is a learned table [T, D]
 *    (uniform(-0.05, 0.05), no weight decay) or the fixed sinusoidal encoding (no parameters; a
 *    constant buffer computed once in float64). Forward one position_embedding_forward; backward
 *    copy_backward for dx and, when learned, position_embedding_backward (dP = Σ_batch dy).
 *  - GlobalAveragePooling1D: [T, D] -> [D], the mean over time; when the compiler finds an
 *    Embedding with maskZero upstream (NodeView.maskIds) padded steps are left out of the mean.
 */
import { ceilDiv, type LayerDef } from './layer';
import { splitGrid } from './embedding';
import type { GlobalAveragePooling1DLayer, PositionEmbeddingLayer } from '../spec';
import { globalAvgPool1DRef, positionEmbeddingRef, sinusoidalTable } from '../reference/sequence';

function sequenceInput(type: string, x: { shape: number[]; dtype: string }, err: (f: string, m: string) => void): boolean {
  if (x.dtype !== 'float32' || x.shape.length !== 2) {
    err('inputs', `${type} expects a float sequence [T, features], got ${x.dtype} [${x.shape.join(', ')}]`);
    return false;
  }
  return true;
}

export const positionEmbedding: LayerDef<PositionEmbeddingLayer> = {
  type: 'PositionEmbedding',
  arity: [1, 1],
  summary: 'Adds a vector per position so later layers know where each step is',
  infer(layer, [x], err) {
    if (layer.mode !== undefined && layer.mode !== 'learned' && layer.mode !== 'sinusoidal') {
      err('mode', `mode must be "learned" or "sinusoidal" (got ${JSON.stringify(layer.mode)})`);
      return null;
    }
    return sequenceInput('PositionEmbedding', x, err) ? { shape: [...x.shape], dtype: 'float32' } : null;
  },
  params(layer, [x]) {
    if (layer.mode === 'sinusoidal') return [];
    const [T, D] = x.shape;
    return [{ name: 'weight', shape: [T, D], init: 'random_uniform', decay: false, fanIn: T, fanOut: D }];
  },
  forward(e, n) {
    const [T, D] = n.shape;
    const learned = n.spec.mode !== 'sinusoidal';
    const table = learned ? e.params : e.constants(`sinusoidal:${T}x${D}`, Float32Array.from(sinusoidalTable(T, D)));
    e.dispatch('position_embedding_forward', { N: e.batch, T, D, TAB_OFF: learned ? n.paramOffsets.weight : 0 }, [e.value(n.inputs[0].id), table, e.value(n.spec.id)], splitGrid(ceilDiv(e.batch * T * D, 256)));
  },
  backward(e, n) {
    const [T, D] = n.shape;
    const dy = e.outputGrad(n.spec.id);
    if (n.spec.mode !== 'sinusoidal') e.dispatch('position_embedding_backward', { N: e.batch, T, D, W_OFF: n.paramOffsets.weight }, [dy, e.grads], splitGrid(ceilDiv(T * D, 256)));
    const dx = e.inputGrad(n, 0);
    const E = e.batch * T * D;
    if (dx) e.dispatch('copy_backward', { E, ACCUMULATE: dx.accumulate }, [dy, dx.buffer], [ceilDiv(E, 256)]);
  },
  reference(layer, n, [x], params, batch) {
    const [T, D] = n.shape;
    return positionEmbeddingRef(x, layer.mode === 'sinusoidal' ? Float32Array.from(sinusoidalTable(T, D)) : params.weight, batch, T, D);
  },
};

/** The compiler's mask extras (as for the recurrent layers). */
interface MaskExtras {
  maskIds?: string;
  maskValues?: ArrayLike<number>;
}

export const globalAveragePooling1D: LayerDef<GlobalAveragePooling1DLayer> = {
  type: 'GlobalAveragePooling1D',
  arity: [1, 1],
  summary: 'Averages a sequence over time: [T, D] -> [D] (skipping padding)',
  infer(_layer, [x], err) {
    return sequenceInput('GlobalAveragePooling1D', x, err) ? { shape: [x.shape[1]], dtype: 'float32' } : null;
  },
  params: () => [],
  forward(e, n) {
    const [T, D] = n.inputs[0].shape;
    const ids = n.maskIds ? e.value(n.maskIds) : e.value(n.inputs[0].id);
    e.dispatch('global_avgpool1d_forward', { N: e.batch, T, D, MASK: Boolean(n.maskIds) }, [e.value(n.inputs[0].id), ids, e.value(n.spec.id)], splitGrid(ceilDiv(e.batch * D, 64)));
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    const [T, D] = n.inputs[0].shape;
    const ids = n.maskIds ? e.value(n.maskIds) : e.outputGrad(n.spec.id);
    e.dispatch('global_avgpool1d_backward', { N: e.batch, T, D, MASK: Boolean(n.maskIds), ACCUMULATE: dx.accumulate }, [e.outputGrad(n.spec.id), ids, dx.buffer], splitGrid(ceilDiv(e.batch * D, 64)));
  },
  reference(_layer, n, [x], _params, batch) {
    const [T, D] = n.inputs[0].shape;
    return globalAvgPool1DRef(x, batch, T, D, (n as MaskExtras).maskValues ?? null);
  },
};
