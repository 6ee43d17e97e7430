/**
 * The Keras table: for each layer type, its Keras view (class name, the snake_case config fields
 * that carry our semantics, and the weights in Keras order with their Keras names), shared by the
 * Keras 3 `.keras` writer and the TensorFlow.js layers-format writer (tfjs reads Keras 2 style
 * JSON), plus what the `.keras` writer alone needs: the layer's group name in model.weights.h5 and
 * where its weights sit there (weights-h5.ts), and how config.json calls it (keras-config.ts).
 * Both formats store weights in the engine's layout (Keras layout), so no tensor is transposed;
 * a few are reshaped (MultiHeadAttention's flat [D, H*dk] kernels are Keras's [D, H, dk]: the same
 * row-major data, head h at columns h*dk..h*dk+dk-1 as in src/kernels/attention/).
 * PositionEmbedding has no Keras core class: it is written as
 * EinsumDense("btd,de->bte", output_shape=(T, D), bias_axes="te") with an identity kernel (a
 * constant of the export) and the position table as its bias, exact since x·I adds only zeros.
 * The TF.js writer uses the plain layers of this file and builds its own groups for the rest
 * (src/io/tfjs/tfjs-layers-sequence.ts): TF.js registers no MultiHeadAttention or EinsumDense class.
 * Layer names come from the spec ids made Keras-safe (no '/', unique).
 */
import { ELU_DEFAULT_ALPHA, LEAKY_RELU_DEFAULT_SLOPE } from '../../engine/layers/leaky-elu';
import type { GraphNode, ModelGraph } from '../../engine/graph';
import type { LayerSpec, LayerType } from '../../engine/spec';
import { tableRow, type LayerOf, type Refusal } from '../layer-table';
import { size2 } from '../../engine/geometry';
import { poolingParams } from '../../engine/layers/pool2d';
import { pooling1dParams } from '../../engine/layers/pool1d';
import { KERAS_LAYERNORM_EPSILON } from '../../engine/layers/layernorm';
import { batchNormSettings } from '../../engine/layers/batchnorm';
import { sinusoidalTable } from '../../engine/reference/sequence';
import { pads2d } from '../../engine/layers/zero-padding2d';
import { upsampleSize } from '../../engine/layers/upsampling2d';

export interface KerasWeight {
  /** Keras variable name inside the layer: kernel, recurrent_kernel, bias, embeddings. */
  kerasName: string;
  /** The engine parameter entry name of the same tensor ('' for a constant). */
  entry: string;
  /** Shape in the file when it differs from the engine entry's (same row-major data: a reshape). */
  shape?: number[];
  /** A tensor the export makes up rather than a parameter (EinsumDense's identity kernel, a fixed sinusoidal table). */
  constant?: { data: Float32Array; shape: number[] };
  /** The Keras sub-layer holding the weight (MultiHeadAttention: query_dense, key_dense, value_dense, output_dense). */
  sublayer?: string;
}

export interface KerasLayer {
  className: string;
  /** Layer-specific config fields (snake_case), without name/dtype/trainable. */
  config: Record<string, unknown>;
  weights: KerasWeight[];
}

export class KerasExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KerasExportError';
  }
}

const RNN_WEIGHTS: KerasWeight[] = [
  { kerasName: 'kernel', entry: 'weight' },
  { kerasName: 'recurrent_kernel', entry: 'recurrent_weight' },
  { kerasName: 'bias', entry: 'bias' },
];

/** Keeps only the weights the node really has (useBias: false drops the bias). */
function present(node: GraphNode, ws: KerasWeight[]): KerasWeight[] {
  const names = new Set(node.params.map((p) => p.name as string));
  return ws.filter((w) => w.constant || names.has(w.entry));
}

/** The float32 identity matrix [n, n]. */
export function identity(n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** The [T, D] table a PositionEmbedding adds: its learned parameter, or the fixed sinusoidal one as a constant. */
export function positionTableWeight(node: GraphNode, kerasName: string): KerasWeight {
  const [T, D] = node.out.shape;
  if (node.spec.type === 'PositionEmbedding' && node.spec.mode === 'sinusoidal') {
    return { kerasName, entry: '', constant: { data: Float32Array.from(sinusoidalTable(T, D)), shape: [T, D] } };
  }
  return { kerasName, entry: 'weight' };
}

/** MultiHeadAttention sizes: query features D, value features DV, heads H, head size dk, time steps. */
export function attentionDims(node: GraphNode): { D: number; DV: number; H: number; dk: number; TQ: number; TK: number } {
  if (node.spec.type !== 'MultiHeadAttention') throw new Error(`layer "${node.spec.id}" is not a MultiHeadAttention`);
  const q = node.inputs[0].out.shape;
  const v = node.inputs[node.inputs.length - 1].out.shape;
  const H = node.spec.numHeads;
  return { D: q[1], DV: v[1], H, dk: node.spec.keyDim ?? q[1] / H, TQ: q[0], TK: v[0] };
}

/** The Keras class, config and weights of one node. Throws KerasExportError for what Keras cannot say. */
type Json = Record<string, unknown>;

export interface KerasRow<L extends LayerSpec> {
  /** The Keras class, config and weights of the layer (`node` is its graph node). */
  layer(l: L, node: GraphNode): KerasLayer;
  /** The layer's group in model.weights.h5 (snake_case of the class): layers/<h5>[_k]. */
  h5: string;
  /** Where the weights sit under that group: its own vars (default), a recurrent layer's cell, a Bidirectional's two cells, or MultiHeadAttention's four projection sub-layers. */
  h5Weights?: 'cell' | 'bidirectional' | 'attention';
  /** How config.json calls the layer: one tensor per input (default), the InputLayer (no call), a list of tensors (merge layers), query and value with mask keywords. */
  call?: 'input' | 'list' | 'attention';
  /** config.json's config of the layer from its Keras view `k` (`base`: name, trainable, dtype); default { ...base, ...k.config }. */
  jsonConfig?(l: L, k: KerasLayer, base: Json): Json;
}

export type KerasTable = { readonly [T in LayerType]: KerasRow<LayerOf<T>> | Refusal };

const noWeights = (className: string, config: Json = {}): KerasLayer => ({ className, config, weights: [] });

const kernelAndBias = (node: GraphNode): KerasWeight[] =>
  present(node, [
    { kerasName: 'kernel', entry: 'weight' },
    { kerasName: 'bias', entry: 'bias' },
  ]);

const pooling = (l: LayerOf<'MaxPooling2D'>): KerasLayer => {
  const p = poolingParams(l);
  return noWeights(l.type, { pool_size: p.pool, strides: p.strides, padding: p.padding, data_format: 'channels_last' });
};

const pooling1d = (l: LayerOf<'MaxPooling1D'>): KerasLayer => {
  const p = pooling1dParams(l);
  return noWeights(l.type, { pool_size: [p.pool], strides: [p.strides], padding: p.padding, data_format: 'channels_last' });
};

export const KERAS_LAYERS: KerasTable = {
  Input: { h5: 'input_layer', call: 'input', layer: () => noWeights('InputLayer') },
  Dense: {
    h5: 'dense',
    layer: (l, node) => ({ className: 'Dense', config: { units: l.units, activation: l.activation ?? 'linear', use_bias: l.useBias !== false }, weights: kernelAndBias(node) }),
  },
  Activation: { h5: 'activation', layer: (l) => noWeights('Activation', { activation: l.activation }) },
  LeakyReLU: { h5: 'leaky_re_lu', layer: (l) => noWeights('LeakyReLU', { negative_slope: l.negativeSlope ?? LEAKY_RELU_DEFAULT_SLOPE }) },
  ELU: { h5: 'elu', layer: (l) => noWeights('ELU', { alpha: l.alpha ?? ELU_DEFAULT_ALPHA }) },
  Add: { h5: 'add', call: 'list', layer: () => noWeights('Add') },
  Multiply: { h5: 'multiply', call: 'list', layer: () => noWeights('Multiply') },
  ZeroPadding2D: {
    h5: 'zero_padding2d',
    layer: (l) => {
      const [t, b, le, r] = pads2d(l.padding)!;
      return noWeights('ZeroPadding2D', { padding: [[t, b], [le, r]], data_format: 'channels_last' });
    },
  },
  UpSampling2D: { h5: 'up_sampling2d', layer: (l) => noWeights('UpSampling2D', { size: upsampleSize(l)!, data_format: 'channels_last', interpolation: 'nearest' }) },
  Concatenate: { h5: 'concatenate', call: 'list', layer: (l) => noWeights('Concatenate', { axis: l.axis ?? -1 }) },
  Flatten: { h5: 'flatten', layer: () => noWeights('Flatten', { data_format: 'channels_last' }) },
  Reshape: { h5: 'reshape', layer: (l) => noWeights('Reshape', { target_shape: [...l.targetShape] }) },
  Conv2D: {
    h5: 'conv2d',
    layer: (l, node) => ({
      className: 'Conv2D',
      config: {
        filters: l.filters,
        kernel_size: size2(l.kernelSize),
        strides: size2(l.strides ?? 1),
        padding: l.padding ?? 'valid',
        data_format: 'channels_last',
        dilation_rate: size2(l.dilationRate ?? 1),
        activation: l.activation ?? 'linear',
        use_bias: l.useBias !== false,
      },
      weights: kernelAndBias(node),
    }),
  },
  MaxPooling2D: { h5: 'max_pooling2d', layer: pooling },
  AveragePooling2D: { h5: 'average_pooling2d', layer: pooling },
  Conv1D: {
    h5: 'conv1d',
    layer: (l, node) => ({
      className: 'Conv1D',
      config: {
        filters: l.filters,
        kernel_size: [l.kernelSize],
        strides: [l.strides ?? 1],
        padding: l.padding ?? 'valid',
        data_format: 'channels_last',
        dilation_rate: [l.dilationRate ?? 1],
        activation: l.activation ?? 'linear',
        use_bias: l.useBias !== false,
      },
      weights: kernelAndBias(node),
    }),
  },
  MaxPooling1D: { h5: 'max_pooling1d', layer: pooling1d },
  AveragePooling1D: { h5: 'average_pooling1d', layer: pooling1d },
  GlobalAveragePooling2D: { h5: 'global_average_pooling2d', layer: () => noWeights('GlobalAveragePooling2D', { data_format: 'channels_last', keepdims: false }) },
  Dropout: { h5: 'dropout', layer: (l) => noWeights('Dropout', { rate: l.rate }) },
  Embedding: {
    h5: 'embedding',
    layer: (l) => ({ className: 'Embedding', config: { input_dim: l.inputDim, output_dim: l.outputDim, mask_zero: l.maskZero === true }, weights: [{ kerasName: 'embeddings', entry: 'weight' }] }),
    // Masks are passed explicitly (keras-config.ts): no implicit mask from the Embedding.
    jsonConfig: (_l, k, base) => ({ ...base, ...k.config, mask_zero: false }),
  },
  SimpleRNN: {
    h5: 'simple_rnn',
    h5Weights: 'cell',
    layer: (l, node) => ({
      className: 'SimpleRNN',
      config: { units: l.units, activation: l.activation ?? 'tanh', use_bias: l.useBias !== false, return_sequences: l.returnSequences === true },
      weights: present(node, RNN_WEIGHTS),
    }),
  },
  LSTM: {
    h5: 'lstm',
    h5Weights: 'cell',
    layer: (l, node) => ({
      className: 'LSTM',
      config: {
        units: l.units,
        activation: l.activation ?? 'tanh',
        recurrent_activation: l.recurrentActivation ?? 'sigmoid',
        use_bias: l.useBias !== false,
        unit_forget_bias: l.unitForgetBias !== false,
        return_sequences: l.returnSequences === true,
      },
      weights: present(node, RNN_WEIGHTS),
    }),
  },
  GRU: {
    h5: 'gru',
    h5Weights: 'cell',
    layer: (l, node) => ({
      className: 'GRU',
      config: {
        units: l.units,
        activation: l.activation ?? 'tanh',
        recurrent_activation: l.recurrentActivation ?? 'sigmoid',
        use_bias: l.useBias !== false,
        reset_after: true,
        return_sequences: l.returnSequences === true,
      },
      weights: present(node, RNN_WEIGHTS),
    }),
  },
  Bidirectional: {
    h5: 'bidirectional',
    h5Weights: 'bidirectional',
    layer(b, node) {
      const inner = kerasLayer(bidirectionalCell(node));
      return { className: 'Bidirectional', config: { merge_mode: b.mergeMode ?? 'concat', inner }, weights: inner.weights };
    },
    jsonConfig(b, k, base) {
      const inner = k.config.inner as KerasLayer;
      const cellName = `forward_${kerasRow(b.layer.type, b.id).h5}`;
      return { ...base, merge_mode: k.config.merge_mode, layer: { module: 'keras.layers', class_name: inner.className, config: { name: cellName, trainable: true, dtype: base.dtype, ...inner.config }, registered_name: null } };
    },
  },
  LayerNormalization: {
    h5: 'layer_normalization',
    layer: (l) => ({
      className: 'LayerNormalization',
      config: { axis: -1, epsilon: l.epsilon ?? KERAS_LAYERNORM_EPSILON, center: true, scale: true },
      weights: [
        { kerasName: 'gamma', entry: 'gamma' },
        { kerasName: 'beta', entry: 'beta' },
      ],
    }),
  },
  BatchNormalization: {
    h5: 'batch_normalization',
    layer(l) {
      const b = batchNormSettings(l);
      // Keras's variable order: gamma, beta (when learnt), moving_mean, moving_variance.
      const weights: KerasWeight[] = [
        ...(b.scale ? [{ kerasName: 'gamma', entry: 'gamma' }] : []),
        ...(b.center ? [{ kerasName: 'beta', entry: 'beta' }] : []),
        { kerasName: 'moving_mean', entry: 'moving_mean' },
        { kerasName: 'moving_variance', entry: 'moving_variance' },
      ];
      return { className: 'BatchNormalization', config: { axis: -1, momentum: b.momentum, epsilon: b.epsilon, center: b.center, scale: b.scale }, weights };
    },
  },
  GlobalAveragePooling1D: { h5: 'global_average_pooling1d', layer: () => noWeights('GlobalAveragePooling1D', { data_format: 'channels_last', keepdims: false }) },
  PositionEmbedding: {
    // No Keras core class: EinsumDense with an identity kernel and the table as its bias (header).
    h5: 'einsum_dense',
    layer(_l, node) {
      const [T, D] = node.out.shape;
      return {
        className: 'EinsumDense',
        config: { output_shape: [T, D], equation: 'btd,de->bte', activation: 'linear', bias_axes: 'te' },
        weights: [{ kerasName: 'kernel', entry: '', constant: { data: identity(D), shape: [D, D] } }, positionTableWeight(node, 'bias')],
      };
    },
  },
  MultiHeadAttention: {
    h5: 'multi_head_attention',
    h5Weights: 'attention',
    call: 'attention',
    layer(l, node) {
      const { D, DV, H, dk } = attentionDims(node);
      const proj = (p: string, inF: number): KerasWeight[] => [
        { kerasName: 'kernel', entry: `${p}_weight`, shape: [inF, H, dk], sublayer: `${p}_dense` },
        { kerasName: 'bias', entry: `${p}_bias`, shape: [H, dk], sublayer: `${p}_dense` },
      ];
      return {
        className: 'MultiHeadAttention',
        config: { num_heads: H, key_dim: dk, value_dim: dk, dropout: l.dropout ?? 0, use_bias: l.useBias !== false, output_shape: null, attention_axes: [1] },
        weights: present(node, [
          ...proj('query', D),
          ...proj('key', DV),
          ...proj('value', DV),
          { kerasName: 'kernel', entry: 'output_weight', shape: [H, dk, D], sublayer: 'output_dense' },
          { kerasName: 'bias', entry: 'output_bias', sublayer: 'output_dense' },
        ]),
      };
    },
  },
  GlobalMaxPooling1D: { h5: 'global_max_pooling1d', layer: () => noWeights('GlobalMaxPooling1D', { data_format: 'channels_last', keepdims: false }) },
  GlobalMaxPooling2D: { h5: 'global_max_pooling2d', layer: () => noWeights('GlobalMaxPooling2D', { data_format: 'channels_last', keepdims: false }) },
  // Keras 3's SpatialDropout constructors take no `trainable`: config.json leaves it out.
  SpatialDropout1D: { h5: 'spatial_dropout1d', layer: (l) => noWeights('SpatialDropout1D', { rate: l.rate }), jsonConfig: (_l, k, { trainable: _t, ...base }) => ({ ...base, ...k.config }) },
  SpatialDropout2D: { h5: 'spatial_dropout2d', layer: (l) => noWeights('SpatialDropout2D', { rate: l.rate, data_format: 'channels_last' }), jsonConfig: (_l, k, { trainable: _t, ...base }) => ({ ...base, ...k.config }) },
  GaussianNoise: { h5: 'gaussian_noise', layer: (l) => noWeights('GaussianNoise', { stddev: l.stddev }) },
  PReLU: {
    h5: 'p_re_lu',
    layer: (l) => ({ className: 'PReLU', config: { shared_axes: l.sharedAxes?.length ? l.sharedAxes : null }, weights: [{ kerasName: 'alpha', entry: 'weight' }] }),
  },
};

/** The row of a layer type (KerasExportError where the table refuses it). */
export function kerasRow(type: LayerType, id: string): KerasRow<LayerSpec> {
  return tableRow<KerasRow<LayerSpec>>(KERAS_LAYERS, { id, type }, (m) => new KerasExportError(m));
}

/** A Bidirectional node's cell as a node of its own (its forward_ parameters, renamed). */
export function bidirectionalCell(node: GraphNode): GraphNode {
  if (node.spec.type !== 'Bidirectional') throw new Error(`layer "${node.spec.id}" is not a Bidirectional`);
  const b = node.spec;
  return { ...node, spec: { ...b.layer, id: b.id, inputs: b.inputs } as never, params: node.params.filter((p) => p.name.startsWith('forward_')).map((p) => ({ ...p, name: p.name.replace('forward_', '') as never })) };
}

/** The Keras class, config and weights of one node. Throws KerasExportError for what Keras cannot say. */
export function kerasLayer(node: GraphNode): KerasLayer {
  return kerasRow(node.spec.type, node.spec.id).layer(node.spec, node);
}

/** Keras-safe, unique layer names for every node of the graph, by spec id. */
export function kerasNames(graph: ModelGraph): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of graph.nodes) {
    const base = n.spec.id.replace(/[^A-Za-z0-9_.-]/g, '_') || 'layer';
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    out.set(n.spec.id, name);
  }
  return out;
}
