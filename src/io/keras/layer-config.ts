/**
 * The Keras view of one engine layer, shared by the Keras 3 `.keras` writer and the TensorFlow.js
 * layers-format writer (tfjs reads Keras 2 style JSON): class name, the snake_case config fields
 * that carry our semantics, and the layer's weights in Keras order with their Keras names.
 * Both formats store weights in the engine's layout (Keras layout), so no tensor is transposed;
 * a few are reshaped (MultiHeadAttention's flat [D, H*dk] kernels are Keras's [D, H, dk]: the same
 * row-major data, head h at columns h*dk..h*dk+dk-1 as in shaders/attention.wgsl).
 * PositionEmbedding has no Keras core class: it is written as
 * EinsumDense("btd,de->bte", output_shape=(T, D), bias_axes="te") with an identity kernel (a
 * constant of the export) and the position table as its bias, exact since x·I adds only zeros.
 * The TF.js writer uses the plain layers of this file and builds its own attention layers
 * (src/io/tfjs/tfjs-attention.ts): TF.js registers no MultiHeadAttention or EinsumDense class.
 * Layer names come from the spec ids made Keras-safe (no '/', unique).
 */
import type { GraphNode, ModelGraph } from '../../engine/graph';
import type { LayerSpec } from '../../engine/spec';
import { size2 } from '../../engine/geometry';
import { poolingParams } from '../../engine/layers/pool2d';
import { KERAS_LAYERNORM_EPSILON } from '../../engine/layers/layernorm';
import { sinusoidalTable } from '../../engine/reference/sequence';

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
export function kerasLayer(node: GraphNode): KerasLayer {
  const l: LayerSpec = node.spec;
  switch (l.type) {
    case 'Input':
      return { className: 'InputLayer', config: {}, weights: [] };
    case 'Dense':
      return {
        className: 'Dense',
        config: { units: l.units, activation: l.activation ?? 'linear', use_bias: l.useBias !== false },
        weights: present(node, [
          { kerasName: 'kernel', entry: 'weight' },
          { kerasName: 'bias', entry: 'bias' },
        ]),
      };
    case 'Activation':
      return { className: 'Activation', config: { activation: l.activation }, weights: [] };
    case 'Add':
      return { className: 'Add', config: {}, weights: [] };
    case 'Flatten':
      return { className: 'Flatten', config: { data_format: 'channels_last' }, weights: [] };
    case 'Reshape':
      return { className: 'Reshape', config: { target_shape: [...l.targetShape] }, weights: [] };
    case 'Conv2D':
      return {
        className: 'Conv2D',
        config: {
          filters: l.filters,
          kernel_size: size2(l.kernelSize),
          strides: size2(l.strides ?? 1),
          padding: l.padding ?? 'valid',
          data_format: 'channels_last',
          dilation_rate: [1, 1],
          activation: l.activation ?? 'linear',
          use_bias: l.useBias !== false,
        },
        weights: present(node, [
          { kerasName: 'kernel', entry: 'weight' },
          { kerasName: 'bias', entry: 'bias' },
        ]),
      };
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const p = poolingParams(l);
      return { className: l.type, config: { pool_size: p.pool, strides: p.strides, padding: p.padding, data_format: 'channels_last' }, weights: [] };
    }
    case 'GlobalAveragePooling2D':
      return { className: 'GlobalAveragePooling2D', config: { data_format: 'channels_last', keepdims: false }, weights: [] };
    case 'Dropout':
      return { className: 'Dropout', config: { rate: l.rate }, weights: [] };
    case 'Embedding':
      return {
        className: 'Embedding',
        config: { input_dim: l.inputDim, output_dim: l.outputDim, mask_zero: l.maskZero === true },
        weights: [{ kerasName: 'embeddings', entry: 'weight' }],
      };
    case 'SimpleRNN':
      return {
        className: 'SimpleRNN',
        config: { units: l.units, activation: l.activation ?? 'tanh', use_bias: l.useBias !== false, return_sequences: l.returnSequences === true },
        weights: present(node, RNN_WEIGHTS),
      };
    case 'LSTM':
      return {
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
      };
    case 'GRU':
      return {
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
      };
    case 'LayerNormalization':
      return {
        className: 'LayerNormalization',
        config: { axis: -1, epsilon: l.epsilon ?? KERAS_LAYERNORM_EPSILON, center: true, scale: true },
        weights: [
          { kerasName: 'gamma', entry: 'gamma' },
          { kerasName: 'beta', entry: 'beta' },
        ],
      };
    case 'GlobalAveragePooling1D':
      return { className: 'GlobalAveragePooling1D', config: { data_format: 'channels_last', keepdims: false }, weights: [] };
    case 'PositionEmbedding': {
      const [T, D] = node.out.shape;
      return {
        className: 'EinsumDense',
        config: { output_shape: [T, D], equation: 'btd,de->bte', activation: 'linear', bias_axes: 'te' },
        weights: [{ kerasName: 'kernel', entry: '', constant: { data: identity(D), shape: [D, D] } }, positionTableWeight(node, 'bias')],
      };
    }
    case 'MultiHeadAttention': {
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
    }
    default:
      throw new KerasExportError(`layer "${l.id}": ${l.type} has no Keras export yet`);
  }
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
