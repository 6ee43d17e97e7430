/**
 * The ONNX table's rows of the sequence layers (onnx-layers.ts), as opset 17 subgraphs. All
 * tensors are channels-last sequences [N, T, D] (batch free); `linear` (onnx-context.ts) is
 * MatMul + Add over the last axis.
 *   LayerNormalization:   the opset 17 op over the last axis (axis -1, the layer's ε), γ and β
 *                         as its scale and bias initializers
 *   PositionEmbedding:    Add of the [T, D] table (learned, or the engine's sinusoidal table)
 *   GlobalAveragePooling1D: ReduceMean over time; with a token mask Σ(x·valid) / max(Σ valid, 1)
 *   MultiHeadAttention:   projections -> Reshape [N, T, H, dk] -> Transpose to heads ->
 *                         MatMul·(1/√dk) -> + additive mask (0 visible, -1e9 hidden) -> Softmax ->
 *                         MatMul V -> back to [N, TQ, H*dk] -> output projection.
 * Masks as in the playground (engine/graph.ts maskSource, reference/attention.ts): causal hides
 * keys j > i (a constant [TQ, TK] 0/1 table); the key mask is `ids != 0` of the Embedding with
 * maskZero found upstream. Padded queries are computed like the others; a query that sees no key
 * gets zeros (its uniform softmax row is multiplied by max(visible) = 0). exp(-1e9 - max) is 0 in
 * float32, so hidden keys weigh exactly nothing wherever a row sees at least one key.
 */
import { maskSource, type GraphNode } from '../../engine/graph';
import { KERAS_LAYERNORM_EPSILON } from '../../engine/layers/layernorm';
import { attentionScale } from '../../engine/reference/attention';
import { sinusoidalTable } from '../../engine/reference/sequence';
import type { GlobalAveragePooling1DLayer, LayerNormalizationLayer, MultiHeadAttentionLayer, PositionEmbeddingLayer } from '../../engine/spec';
import type { OnnxGraph } from './onnx-graph';
import { DT } from './onnx-graph';
import { linear, type OnnxContext, type OnnxRow } from './onnx-context';

const validCache = new WeakMap<OnnxGraph, Map<string, string>>();

/** [N, T] float 1 where the token id is non-zero, 0 at padding (one per ids value). */
function validFloat(c: OnnxContext, idsNode: string): string {
  const ids = c.valueName(idsNode);
  let cache = validCache.get(c.g);
  if (!cache) validCache.set(c.g, (cache = new Map()));
  let v = cache.get(ids);
  if (!v) {
    const h = `${ids}/valid`;
    const pad = c.g.op('Equal', [ids, c.g.init(`${h}/zero`, Int32Array.of(0), [])], `${h}/is_pad`);
    v = c.g.op('Cast', [c.g.op('Not', [pad], `${h}/bool`)], h, [{ name: 'to', int: DT.FLOAT }]);
    cache.set(ids, v);
  }
  return v;
}

export const layerNormalizationRow: OnnxRow<LayerNormalizationLayer> = (l, n, xv, c) => {
  const g = c.g;
  const id = l.id;
  const C = n.out.shape[n.out.shape.length - 1];
  const gamma = g.init(`${id}/gamma`, c.tensor(id, 'gamma'), [C]);
  const beta = g.init(`${id}/beta`, c.tensor(id, 'beta'), [C]);
  const attrs = [{ name: 'axis', int: -1 }, { name: 'epsilon', float: l.epsilon ?? KERAS_LAYERNORM_EPSILON }];
  return { name: g.op('LayerNormalization', [c.nhwc(xv!), gamma, beta], id, attrs), nchw: false };
};

export const positionEmbeddingRow: OnnxRow<PositionEmbeddingLayer> = (l, n, x, c) => {
  const [T, D] = n.out.shape;
  const table = l.mode === 'sinusoidal' ? Float32Array.from(sinusoidalTable(T, D)) : c.tensor(l.id, 'weight');
  return { name: c.g.op('Add', [x!.name, c.g.init(`${l.id}/positions`, table, [T, D])], l.id), nchw: false };
};

export const globalAveragePooling1DRow: OnnxRow<GlobalAveragePooling1DLayer> = (_l, n, xv, c) => ({ name: maskedMean(c, n, xv!.name), nchw: false });

function maskedMean(c: OnnxContext, n: GraphNode, x: string): string {
  const g = c.g;
  const id = n.spec.id;
  const maskIds = maskSource(n);
  if (!maskIds) return g.op('ReduceMean', [x], id, [{ name: 'axes', ints: [1] }, { name: 'keepdims', int: 0 }]);
  const m = g.op('Unsqueeze', [validFloat(c, maskIds), g.int64(`${id}/ax2`, [2])], `${id}/mask`); // [N, T, 1]
  const axis1 = g.int64(`${id}/ax1`, [1]);
  const sum = g.op('ReduceSum', [g.op('Mul', [x, m], `${id}/masked`), axis1], `${id}/sum`, [{ name: 'keepdims', int: 0 }]);
  const count = g.op('ReduceSum', [m, axis1], `${id}/count`, [{ name: 'keepdims', int: 0 }]); // [N, 1]
  return g.op('Div', [sum, g.op('Max', [count, g.init(`${id}/one`, Float32Array.of(1), [])], `${id}/count1`)], id);
}

export const multiHeadAttentionRow: OnnxRow<MultiHeadAttentionLayer> = (s, n, x, c) => ({ name: attention(c, s, n, x!.name, c.value(n.inputs[n.inputs.length - 1].spec.id).name), nchw: false });

function attention(c: OnnxContext, s: MultiHeadAttentionLayer, n: GraphNode, xq: string, xv: string): string {
  const g = c.g;
  const id = s.id;
  const [TQ, D] = n.inputs[0].out.shape;
  const [TK, DV] = n.inputs[n.inputs.length - 1].out.shape;
  const H = s.numHeads;
  const DK = s.keyDim ?? D / H;
  const HD = H * DK;
  const bias = (p: string) => (s.useBias === false ? null : c.tensor(id, `${p}_bias`));
  const project = (p: string, x: string, K: number, N: number) => linear(c, x, c.tensor(id, `${p}_weight`), bias(p), K, N, `${id}/${p}`);
  const headShape = g.int64(`${id}/head_shape`, [0, 0, H, DK]);
  const heads = (p: string, x: string, K: number, perm: number[]) =>
    g.op('Transpose', [g.op('Reshape', [project(p, x, K, HD), headShape], `${id}/${p}_split`)], `${id}/${p}_heads`, [{ name: 'perm', ints: perm }]);
  const q = heads('query', xq, D, [0, 2, 1, 3]); // [N, H, TQ, DK]
  const kT = heads('key', xv, DV, [0, 2, 3, 1]); // [N, H, DK, TK]
  const v = heads('value', xv, DV, [0, 2, 1, 3]); // [N, H, TK, DK]
  let scores = g.op('Mul', [g.op('MatMul', [q, kT], `${id}/qk`), g.init(`${id}/scale`, Float32Array.of(attentionScale(DK)), [])], `${id}/scores`);

  // Visibility 0/1: causal [TQ, TK] and/or key padding [N, 1, 1, TK].
  let visible: string | null = null;
  if (s.causal === true) {
    const table = new Float32Array(TQ * TK);
    for (let i = 0; i < TQ; i++) for (let j = 0; j <= Math.min(i, TK - 1); j++) table[i * TK + j] = 1;
    visible = g.init(`${id}/causal`, table, [TQ, TK]);
  }
  const maskIds = maskSource(n);
  if (maskIds) {
    const keys = g.op('Unsqueeze', [validFloat(c, maskIds), g.int64(`${id}/ax12`, [1, 2])], `${id}/key_valid`);
    visible = visible ? g.op('Mul', [visible, keys], `${id}/visible`) : keys;
  }
  if (visible) {
    const adder = g.op('Mul', [g.op('Sub', [visible, g.init(`${id}/one`, Float32Array.of(1), [])], `${id}/hidden`), g.init(`${id}/big`, Float32Array.of(1e9), [])], `${id}/mask_add`);
    scores = g.op('Add', [scores, adder], `${id}/masked_scores`);
  }
  let weights = g.op('Softmax', [scores], `${id}/weights`, [{ name: 'axis', int: -1 }]);
  // Only a key mask can leave a query with no visible key (causal always shows key 0).
  if (maskIds) weights = g.op('Mul', [weights, g.op('ReduceMax', [visible!], `${id}/sees_any`, [{ name: 'axes', ints: [-1] }, { name: 'keepdims', int: 1 }])], `${id}/weights_masked`);
  const o = g.op('MatMul', [weights, v], `${id}/heads_out`); // [N, H, TQ, DK]
  const merged = g.op('Reshape', [g.op('Transpose', [o], `${id}/out_t`, [{ name: 'perm', ints: [0, 2, 1, 3] }]), g.int64(`${id}/merge_shape`, [0, 0, HD])], `${id}/merged`);
  return linear(c, merged, c.tensor(id, 'output_weight'), bias('output'), HD, D, id);
}

