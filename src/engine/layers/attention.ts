/**
 * MultiHeadAttention (Keras semantics and weight layout): inputs [query] (self-attention) or
 * [query, value] (cross-attention; the value sequence is also the key). Query [TQ, D],
 * value [TK, DV], output [TQ, D]. Params (Keras EinsumDense kernels flattened):
 *   query_weight [D, H*dk], key_weight [DV, H*dk], value_weight [DV, H*dk], output_weight [H*dk, D]
 *   and biases [H*dk] x 3, [D] (useBias, default true).
 *
 * Forward (5 dispatches): three projections as dense_forward (their [B*T, H*dk] output IS the
 * attention layout: no transposes), one fused attention_forward (O and the row log-sum-exp only:
 * memory O(T), no [T, T] matrix), the output projection as dense_forward.
 * Backward (up to 11 dispatches): output projection (dW, db; dO = dy·Woᵀ), the FlashAttention-2
 * trio (prep, dq, dkdv), the three projections' dW/db, and dx (query path, then key and value
 * paths accumulated into the value input's gradient; self-attention sums all three).
 * Masks: `causal`; key padding from token ids when the compiler finds an Embedding with maskZero
 * upstream of the value input (NodeView.maskIds, [B, TK] int32, id 0 = padding).
 * Dropout on the attention weights (`dropout`, training only): the kernels rebuild the mask from
 * the Step uniform's seed and a per-layer salt in every pass (see src/kernels/attention/); no mask
 * and no [T, T] matrix is stored. Evaluation schedules run without it.
 */
import { type Binding, type Emitter, type LayerDef, type NodeView, type ParamDecl } from './layer';
import { denseBackwardInput, denseBackwardWeight, denseForward } from '../../kernels/dense/dense';
import {
  attentionBackward,
  attentionForward,
  MAX_HEAD_DIM,
  type AttentionBuffers,
  type AttentionDropoutSpec,
  type AttentionGradBuffers,
} from '../../kernels/attention/attention';
import type { MultiHeadAttentionLayer } from '../spec';
import { useBiasField } from './fields';
import { perOutput } from './layer-meta';
import { attentionForwardRef, type AttentionDims } from '../reference/attention';
import { dropoutSalt } from '../reference/dropout';
import { denseForwardRef } from '../reference/dense';

interface Dims extends AttentionDims {
  D: number;
  DV: number;
  HD: number;
  hasBias: boolean;
}

function dims(e: { batch: number }, n: NodeView<MultiHeadAttentionLayer>): Dims {
  const [TQ, D] = n.inputs[0].shape;
  const [TK, DV] = n.inputs[n.inputs.length - 1].shape;
  const H = n.spec.numHeads;
  const DK = headDim(n.spec, D);
  return { N: e.batch, H, TQ, TK, DK, D, DV, HD: H * DK, hasBias: n.spec.useBias !== false };
}

const headDim = (l: MultiHeadAttentionLayer, D: number): number => l.keyDim ?? D / l.numHeads;

/** One projection y[M, N] = x[M, K]·W + b with the dense kernels (weights in the flat params). */
function project(e: Emitter, x: Binding, y: Binding, M: number, K: number, N: number, wOff: number, bOff: number | undefined) {
  denseForward(e, { x, params: e.params, y, rows: M, in: K, out: N, hasBias: bOff !== undefined, wOff, bOff });
}

/** Backward of a projection: dW (and db) always; dx (=|+=) dy·Wᵀ when `dx` is given (ACT 0: y is not read). */
function projectBackward(e: Emitter, x: Binding, dy: Binding, dx: { buffer: Binding; accumulate: boolean } | null, M: number, K: number, N: number, wOff: number, bOff: number | undefined) {
  const m = { rows: M, in: K, out: N, params: e.params, hasBias: bOff !== undefined, wOff, bOff };
  denseBackwardWeight(e, { ...m, x, dy, grads: e.grads });
  if (dx) denseBackwardInput(e, { ...m, dy, dx: dx.buffer, accumulate: dx.accumulate });
}

function buffers(e: Emitter, n: NodeView<MultiHeadAttentionLayer>, d: Dims): AttentionBuffers {
  const id = n.spec.id;
  return {
    step: e.stepUniform,
    q: e.scratch(`${id}:q`, d.N * d.TQ * d.HD),
    k: e.scratch(`${id}:k`, d.N * d.TK * d.HD),
    v: e.scratch(`${id}:v`, d.N * d.TK * d.HD),
    ids: n.maskIds ? e.value(n.maskIds) : null,
    o: e.scratch(`${id}:o`, d.N * d.TQ * d.HD),
    lse: e.scratch(`${id}:lse`, d.N * d.H * d.TQ),
  };
}

/** Dropout on the weights in training schedules only. */
function trainDropout(e: Emitter, n: NodeView<MultiHeadAttentionLayer>): AttentionDropoutSpec | null {
  const rate = n.spec.dropout ?? 0;
  return e.mode === 'train' && rate > 0 ? { rate, salt: dropoutSalt(n.spec.id) } : null;
}

const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export const multiHeadAttention: LayerDef<MultiHeadAttentionLayer> = {
  type: 'MultiHeadAttention',
  arity: [1, 2],
  summary: 'Each position gathers information from the positions it attends to (several heads in parallel)',
  fields: [
    { key: 'numHeads', label: 'Heads', kind: 'int', min: 1, max: 64 },
    { key: 'keyDim', label: 'Head size', kind: 'int', min: 4, max: 64, optional: true, help: 'Empty: model dim / heads; a multiple of 4' },
    { key: 'causal', label: 'Causal', kind: 'bool', default: false, help: 'Each position sees only earlier ones' },
    useBiasField,
  ],
  storedFields: [{ key: 'dropout', label: 'dropout', kind: 'number' }],
  initial: { numHeads: 4 },
  activation: 'none',
  // The query's mask passes on; the key/value input's mask hides padded keys.
  mask: { passes: () => ['attention'], consumes: { input: 'last', chain: 'attention' } },
  flops: perOutput,
  detail: () => '',
  infer(layer, inputs, err) {
    const q = inputs[0];
    for (const t of inputs) {
      if (t.dtype !== 'float32' || t.shape.length !== 2) {
        err('inputs', `MultiHeadAttention expects float sequences [T, features], got ${t.dtype} [${t.shape.join(', ')}]`);
        return null;
      }
    }
    if (!posInt(layer.numHeads)) {
      err('numHeads', `numHeads must be a positive whole number (got ${JSON.stringify(layer.numHeads)})`);
      return null;
    }
    const D = q.shape[1];
    const dk = headDim(layer, D);
    if (layer.keyDim === undefined && !Number.isInteger(dk)) {
      err('keyDim', `the model dim ${D} does not split into ${layer.numHeads} heads; set keyDim`);
      return null;
    }
    if (!posInt(dk) || dk % 4 !== 0 || dk > MAX_HEAD_DIM) {
      err('keyDim', `the head size must be a multiple of 4 from 4 to ${MAX_HEAD_DIM} (got ${dk})`);
      return null;
    }
    if (layer.causal !== undefined && typeof layer.causal !== 'boolean') err('causal', `causal must be true or false (got ${JSON.stringify(layer.causal)})`);
    if (layer.dropout !== undefined && !(typeof layer.dropout === 'number' && layer.dropout >= 0 && layer.dropout < 1)) err('dropout', `dropout must be a number from 0 up to (not including) 1 (got ${JSON.stringify(layer.dropout)})`);
    if (layer.useBias !== undefined && typeof layer.useBias !== 'boolean') err('useBias', `useBias must be true or false (got ${JSON.stringify(layer.useBias)})`);
    return { shape: [q.shape[0], D], dtype: 'float32' };
  },
  params(layer, inputs) {
    const D = inputs[0].shape[1];
    const DV = inputs[inputs.length - 1].shape[1];
    const HD = layer.numHeads * headDim(layer, D);
    const out: ParamDecl[] = [];
    for (const [p, fanIn, fanOut] of [['query', D, HD], ['key', DV, HD], ['value', DV, HD], ['output', HD, D]] as const) {
      out.push({ name: `${p}_weight`, shape: [fanIn, fanOut], init: 'glorot_uniform', decay: true, fanIn, fanOut });
      if (layer.useBias !== false) out.push({ name: `${p}_bias`, shape: [fanOut], init: 'zeros', decay: false, fanIn, fanOut });
    }
    return out;
  },
  forward(e, n) {
    const d = dims(e, n);
    const o = n.paramOffsets;
    const b = buffers(e, n, d);
    const xq = e.value(n.inputs[0].id);
    const xv = e.value(n.inputs[n.inputs.length - 1].id);
    project(e, xq, b.q, d.N * d.TQ, d.D, d.HD, o.query_weight, o.query_bias);
    project(e, xv, b.k, d.N * d.TK, d.DV, d.HD, o.key_weight, o.key_bias);
    project(e, xv, b.v, d.N * d.TK, d.DV, d.HD, o.value_weight, o.value_bias);
    attentionForward(e, { ...d, ...b, causal: n.spec.causal === true, dropout: trainDropout(e, n) });
    project(e, b.o, e.value(n.spec.id), d.N * d.TQ, d.HD, d.D, o.output_weight, o.output_bias);
  },
  backward(e, n) {
    const d = dims(e, n);
    const o = n.paramOffsets;
    const id = n.spec.id;
    const b = buffers(e, n, d);
    const dy = e.outputGrad(id);
    const g: AttentionGradBuffers = {
      dO: e.scratch(`${id}:do`, d.N * d.TQ * d.HD),
      dsum: e.scratch(`${id}:dsum`, d.N * d.H * d.TQ),
      dq: e.scratch(`${id}:dq`, d.N * d.TQ * d.HD),
      dk: e.scratch(`${id}:dk`, d.N * d.TK * d.HD),
      dv: e.scratch(`${id}:dv`, d.N * d.TK * d.HD),
    };
    projectBackward(e, b.o, dy, { buffer: g.dO, accumulate: false }, d.N * d.TQ, d.HD, d.D, o.output_weight, o.output_bias);
    attentionBackward(e, { ...d, ...b, ...g, causal: n.spec.causal === true, dropout: trainDropout(e, n) });
    const xq = e.value(n.inputs[0].id);
    const xv = e.value(n.inputs[n.inputs.length - 1].id);
    const dxq = e.inputGrad(n, 0);
    // Self-attention: all three paths land in input 0's gradient; cross: key and value in input 1's.
    const dxv = n.inputs.length === 1 ? dxq && { buffer: dxq.buffer, accumulate: true } : e.inputGrad(n, 1);
    projectBackward(e, xq, g.dq, dxq, d.N * d.TQ, d.D, d.HD, o.query_weight, o.query_bias);
    projectBackward(e, xv, g.dk, dxv, d.N * d.TK, d.DV, d.HD, o.key_weight, o.key_bias);
    projectBackward(e, xv, g.dv, dxv && { buffer: dxv.buffer, accumulate: true }, d.N * d.TK, d.DV, d.HD, o.value_weight, o.value_bias);
  },
  reference(layer, n, inputs, params, batch) {
    const d = dims({ batch }, n);
    const xq = inputs[0];
    const xv = inputs[inputs.length - 1];
    const lin = (x: ArrayLike<number>, M: number, K: number, N: number, w: Float64Array, bias: Float64Array | undefined) => denseForwardRef(x, w, bias ?? null, M, K, N, 'linear').y;
    const q = lin(xq, d.N * d.TQ, d.D, d.HD, params.query_weight, params.query_bias);
    const k = lin(xv, d.N * d.TK, d.DV, d.HD, params.key_weight, params.key_bias);
    const v = lin(xv, d.N * d.TK, d.DV, d.HD, params.value_weight, params.value_bias);
    const keyIds = (n as { maskValues?: ArrayLike<number> }).maskValues ?? null;
    const { o } = attentionForwardRef(d, q, k, v, { causal: layer.causal === true, keyIds });
    return lin(o, d.N * d.TQ, d.HD, d.D, params.output_weight, params.output_bias);
  },
};
