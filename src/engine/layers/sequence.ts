/**
 * The sequence layers around attention:
 *  - PositionEmbedding: y[t, :] = x[t, :] + P[t, :] over [T, D]; P is a learned table [T, D]
 *    (uniform(-0.05, 0.05), no weight decay) or the fixed sinusoidal encoding (no parameters; a
 *    constant buffer computed once in float64). Forward one position_embedding_forward; backward
 *    copy_backward for dx and, when learned, position_embedding_backward (dP = Σ_batch dy).
 *  - GlobalAveragePooling1D: [T, D] -> [D], the mean over time; when the compiler finds an
 *    Embedding with maskZero upstream (NodeView.maskIds) padded steps are left out of the mean.
 */
import type { LayerDef } from './layer';
import { copyBackward } from '../../kernels/elementwise/elementwise';
import { positionEmbeddingBackward, positionEmbeddingForward } from '../../kernels/position_embedding/position_embedding';
import { globalAvgPool1dBackward, globalAvgPool1dForward } from '../../kernels/pool1d/pool1d';
import type { GlobalAveragePooling1DLayer, PositionEmbeddingLayer } from '../spec';
import { KEEPS_ATTENTION_MASK, perOutput } from './layer-meta';
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
  fields: [{ key: 'mode', label: 'Positions', kind: 'select', options: ['learned', 'sinusoidal'], default: 'learned', optional: true }],
  initial: {},
  activation: 'none',
  mask: KEEPS_ATTENTION_MASK,
  flops: perOutput,
  detail: () => '',
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
    positionEmbeddingForward(e, { N: e.batch, T, D, x: e.value(n.inputs[0].id), table, tabOff: learned ? n.paramOffsets.weight : 0, y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const [T, D] = n.shape;
    const dy = e.outputGrad(n.spec.id);
    if (n.spec.mode !== 'sinusoidal') positionEmbeddingBackward(e, { N: e.batch, T, D, dy, grads: e.grads, wOff: n.paramOffsets.weight });
    const dx = e.inputGrad(n, 0);
    const E = e.batch * T * D;
    if (dx) copyBackward(e, { dy, dx: dx.buffer, elements: E, accumulate: dx.accumulate });
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
  fields: [],
  initial: {},
  activation: 'none',
  mask: { passes: () => [], consumes: { input: 'last', chain: 'attention' } },
  flops: perOutput,
  detail: () => '',
  infer(_layer, [x], err) {
    return sequenceInput('GlobalAveragePooling1D', x, err) ? { shape: [x.shape[1]], dtype: 'float32' } : null;
  },
  params: () => [],
  forward(e, n) {
    const [T, D] = n.inputs[0].shape;
    const ids = n.maskIds ? e.value(n.maskIds) : null;
    globalAvgPool1dForward(e, { N: e.batch, T, D, ids, x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    const [T, D] = n.inputs[0].shape;
    const ids = n.maskIds ? e.value(n.maskIds) : null;
    globalAvgPool1dBackward(e, { N: e.batch, T, D, ids, dy: e.outputGrad(n.spec.id), dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference(_layer, n, [x], _params, batch) {
    const [T, D] = n.inputs[0].shape;
    return globalAvgPool1DRef(x, batch, T, D, (n as MaskExtras).maskValues ?? null);
  },
};
