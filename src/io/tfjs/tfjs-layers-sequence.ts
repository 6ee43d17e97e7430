/**
 * The TF.js table's rows of the sequence layers (tfjs-layers.ts), built from the classes
 * `@tensorflow/tfjs` registers. tfjs-layers 4.22 ships MultiHeadAttention, EinsumDense and PositionEmbedding classes
 * (dist/layers/nlp) but nothing imports them, so tf.loadLayersModel cannot resolve those names;
 * each such engine layer becomes a small group of core layers instead (a "composite"), computing
 * exactly what the playground computes. The group's last layer carries the node's own name, so the
 * rest of the graph refers to it unchanged; the inner layers are named `<node>__<role>`.
 *
 *  MultiHeadAttention (q [TQ, D], v [TK, DV]; heads h = 0..H-1; Dot only takes rank-3 tensors):
 *    q_h, k_h, v_h = Dense(dk) of q, v, v  (columns h*dk..h*dk+dk-1 of query/key/value_weight,
 *                                            the head layout of src/kernels/attention/)
 *    s_h = Rescaling(1/sqrt(dk))(Dot(axes [2, 2])(q_h, k_h))              [TQ, TK]
 *    p_h = softmax(s_h + bias)  (Activation: the Softmax layer would read a stale Keras mask)
 *    o_h = Dot(axes [2, 1])(p_h, v_h); out = Dense(D)(Concatenate(o_0..o_H-1)) (output_weight)
 *    bias = key padding + causal, each 0 or -1e9, as [TQ, TK] rows made by an Embedding lookup:
 *      key padding: Embedding(vocab, 1) of the token ids (row 0 = -1e9) -> Reshape [TK] ->
 *                   RepeatVector(TQ)
 *      causal:      Embedding(TQ, TK) (row i: -1e9 after column i) of the positions 0..TQ-1,
 *                   made as Dense(TQ) with a zero kernel and bias 0..TQ-1 of the pooled query
 *  PositionEmbedding: x + Embedding(T, D) (the table: learned, or sinusoidal as a constant) of the
 *    positions 0..T-1 (Dense with a zero kernel and bias 0..T-1 of GlobalAveragePooling1D(x)).
 *  GlobalAveragePooling1D with a padding mask (tfjs's own ignores masks): Dot(axes [1, 1]) of
 *    softmax(key-padding bias [T]) — 1/count on real steps, 0 on padding — and x.
 * Dropout on attention weights is training-only: nothing to write. One divergence is left: a
 * query that sees no key (a row of only padding) gets uniform weights here, 0 in the playground.
 */
import { maskSource, type GraphNode, type ModelGraph } from '../../engine/graph';
import { attentionDims, positionTableWeight } from '../keras/keras-layers';
import type { CompositeMeta, TfjsBuilder } from './tfjs-builder';

type Json = Record<string, unknown>;

const NEG = -1e9;

const arange = (n: number) => Float32Array.from({ length: n }, (_, i) => i);

/** The vocabulary size of the Embedding(maskZero) reading the ids node (the key-padding table's rows). */
function vocabulary(graph: ModelGraph, idsId: string): number {
  let v = 0;
  for (const n of graph.nodes) if (n.spec.type === 'Embedding' && n.spec.maskZero && n.inputs[0]?.spec.id === idsId) v = Math.max(v, n.spec.inputDim);
  if (!v) throw new Error(`no Embedding with maskZero reads "${idsId}"`);
  return v;
}

/** Embedding(vocab, 1) of the ids: -1e9 for padding (id 0), else 0 -> Reshape [T]. Returns the [T] bias layer. */
function keyBias(b: TfjsBuilder, base: string, graph: ModelGraph, names: Map<string, string>, idsId: string, T: number): string {
  const V = vocabulary(graph, idsId);
  const table = new Float32Array(V);
  table[0] = NEG;
  const emb = b.layer(b.unique(`${base}__key_bias`), 'Embedding', { input_dim: V, output_dim: 1, mask_zero: false }, [names.get(idsId)!]);
  b.weight({ name: `${emb}/embeddings`, shape: [V, 1], constant: table });
  return b.layer(b.unique(`${base}__key_bias_flat`), 'Reshape', { target_shape: [T] }, [emb]);
}

/** Positions 0..T-1 per sample as floats [T]: Dense(T) with a zero kernel and bias 0..T-1 of GlobalAveragePooling1D(x) (x [T', D]). */
function positions(b: TfjsBuilder, base: string, x: string, D: number, T: number): string {
  const pool = b.layer(b.unique(`${base}__pool`), 'GlobalAveragePooling1D', {}, [x]);
  const pos = b.layer(b.unique(`${base}__positions`), 'Dense', { units: T, activation: 'linear', use_bias: true }, [pool]);
  b.weight({ name: `${pos}/kernel`, shape: [D, T], constant: new Float32Array(D * T) });
  b.weight({ name: `${pos}/bias`, shape: [T], constant: arange(T) });
  return pos;
}

export function multiHeadAttention(b: TfjsBuilder, node: GraphNode, graph: ModelGraph, names: Map<string, string>): CompositeMeta {
  if (node.spec.type !== 'MultiHeadAttention') throw new Error('not a MultiHeadAttention');
  const l = node.spec;
  const P = names.get(l.id)!;
  const start = b.layers.length;
  const { D, DV, H, dk, TQ, TK } = attentionDims(node);
  const q = names.get(node.inputs[0].spec.id)!;
  const v = names.get(node.inputs[node.inputs.length - 1].spec.id)!;
  const useBias = l.useBias !== false;
  const parts: string[] = [];
  const ids = maskSource(node);
  if (ids) parts.push(b.layer(b.unique(`${P}__key_bias_rows`), 'RepeatVector', { n: TQ }, [keyBias(b, P, graph, names, ids, TK)]));
  if (l.causal) {
    const table = new Float32Array(TQ * TK);
    for (let i = 0; i < TQ; i++) for (let j = i + 1; j < TK; j++) table[i * TK + j] = NEG;
    const cb = b.layer(b.unique(`${P}__causal_bias`), 'Embedding', { input_dim: TQ, output_dim: TK, mask_zero: false }, [positions(b, `${P}__causal`, q, D, TQ)]);
    b.weight({ name: `${cb}/embeddings`, shape: [TQ, TK], constant: table });
    parts.push(cb);
  }
  const bias = parts.length === 2 ? b.layer(b.unique(`${P}__bias`), 'Add', {}, parts) : (parts[0] ?? null);
  const heads: string[] = [];
  for (let h = 0; h < H; h++) {
    const proj = (role: 'query' | 'key' | 'value', src: string, inF: number) => {
      const name = b.layer(b.unique(`${P}__${role}_${h}`), 'Dense', { units: dk, activation: 'linear', use_bias: useBias }, [src]);
      b.weight({ name: `${name}/kernel`, shape: [inF, dk], layer: l.id, entry: `${role}_weight`, cols: [h * dk, dk] });
      if (useBias) b.weight({ name: `${name}/bias`, shape: [dk], layer: l.id, entry: `${role}_bias`, cols: [h * dk, dk] });
      return name;
    };
    const qh = proj('query', q, D);
    const kh = proj('key', v, DV);
    const vh = proj('value', v, DV);
    const s = b.layer(b.unique(`${P}__scores_${h}`), 'Dot', { axes: [2, 2], normalize: false }, [qh, kh]);
    const scaled = b.layer(b.unique(`${P}__scaled_${h}`), 'Rescaling', { scale: 1 / Math.sqrt(dk), offset: 0 }, [s]);
    const masked = bias ? b.layer(b.unique(`${P}__masked_${h}`), 'Add', {}, [scaled, bias]) : scaled;
    const p = b.layer(b.unique(`${P}__weights_${h}`), 'Activation', { activation: 'softmax' }, [masked]);
    heads.push(b.layer(b.unique(`${P}__head_${h}`), 'Dot', { axes: [2, 1], normalize: false }, [p, vh]));
  }
  const cat = H > 1 ? b.layer(b.unique(`${P}__concat`), 'Concatenate', { axis: -1 }, heads) : heads[0];
  b.layer(P, 'Dense', { units: D, activation: 'linear', use_bias: useBias }, [cat]);
  b.weight({ name: `${P}/kernel`, shape: [H * dk, D], layer: l.id, entry: 'output_weight' });
  if (useBias) b.weight({ name: `${P}/bias`, shape: [D], layer: l.id, entry: 'output_bias' });
  const layer: Json = { type: l.type, numHeads: l.numHeads };
  if (l.keyDim !== undefined) layer.keyDim = l.keyDim;
  if (l.causal !== undefined) layer.causal = l.causal;
  if (l.dropout !== undefined) layer.dropout = l.dropout;
  if (l.useBias !== undefined) layer.useBias = l.useBias;
  return composite(b, start, P, layer, node, names);
}

export function positionEmbedding(b: TfjsBuilder, node: GraphNode, names: Map<string, string>): CompositeMeta {
  if (node.spec.type !== 'PositionEmbedding') throw new Error('not a PositionEmbedding');
  const P = names.get(node.spec.id)!;
  const start = b.layers.length;
  const [T, D] = node.out.shape;
  const x = names.get(node.inputs[0].spec.id)!;
  const table = b.layer(b.unique(`${P}__table`), 'Embedding', { input_dim: T, output_dim: D, mask_zero: false }, [positions(b, P, x, D, T)]);
  const w = positionTableWeight(node, 'embeddings');
  b.weight(w.constant ? { name: `${table}/embeddings`, shape: [T, D], constant: w.constant.data } : { name: `${table}/embeddings`, shape: [T, D], layer: node.spec.id, entry: w.entry });
  b.layer(P, 'Add', {}, [x, table]);
  const layer: Json = { type: 'PositionEmbedding' };
  if (node.spec.mode !== undefined) layer.mode = node.spec.mode;
  return composite(b, start, P, layer, node, names);
}

/** GlobalAveragePooling1D over the real steps only (its node has a padding-mask source). */
export function maskedAveragePooling(b: TfjsBuilder, node: GraphNode, graph: ModelGraph, names: Map<string, string>, idsId: string): CompositeMeta {
  const P = names.get(node.spec.id)!;
  const start = b.layers.length;
  const [T] = node.inputs[0].out.shape;
  const w = b.layer(b.unique(`${P}__step_weights`), 'Activation', { activation: 'softmax' }, [keyBias(b, P, graph, names, idsId, T)]);
  b.layer(P, 'Dot', { axes: [1, 1], normalize: false }, [w, names.get(node.inputs[0].spec.id)!]);
  return composite(b, start, P, { type: 'GlobalAveragePooling1D' }, node, names);
}

function composite(b: TfjsBuilder, start: number, name: string, layer: Json, node: GraphNode, names: Map<string, string>): CompositeMeta {
  const inner = b.layers.slice(start).map((l) => l.name).filter((n) => n !== name);
  return { name, layer, inputs: node.inputs.map((i) => names.get(i.spec.id)!), layers: inner };
}
