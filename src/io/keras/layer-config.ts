/**
 * The Keras view of one engine layer, shared by the Keras 3 `.keras` writer and the TensorFlow.js
 * layers-format writer (tfjs reads Keras 2 style JSON): class name, the snake_case config fields
 * that carry our semantics, and the layer's weights in Keras order with their Keras names.
 * Both formats store weights in the engine's layout (Keras layout), so no tensor is transposed.
 * Layer names come from the spec ids made Keras-safe (no '/', unique).
 */
import type { GraphNode, ModelGraph } from '../../engine/graph';
import type { LayerSpec } from '../../engine/spec';
import { size2 } from '../../engine/reference/conv2d';
import { poolingParams } from '../../engine/layers/pool2d';

export interface KerasWeight {
  /** Keras variable name inside the layer: kernel, recurrent_kernel, bias, embeddings. */
  kerasName: string;
  /** The engine parameter entry name of the same tensor. */
  entry: string;
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
  return ws.filter((w) => names.has(w.entry));
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
