/**
 * The TF.js export table: for each layer type, how the layers-format writer (tfjs-plan.ts) puts it
 * in model.json and the weights manifest. Most layers are the shared Keras view
 * (../keras/keras-layers.ts) as one tfjs layer (`plain`), weights `<name>/<keras name>`;
 * Bidirectional is tfjs's wrapper with the cell inside (weights `<name>/forward_<cell>/kernel`, ...);
 * MultiHeadAttention, PositionEmbedding and a masked GlobalAveragePooling1D are groups of core
 * layers (tfjs-layers-sequence.ts), since tfjs registers no class for them.
 * GRU is refused: tfjs has no GRU with reset_after=true, the only GRU the playground trains (the
 * import still reads a converter file's GRU weights: READ_ONLY). So is a Bidirectional returning
 * sequences under a padding mask whose padded steps a later layer reads: tfjs repeats the previous
 * output there (it has no zero_output_for_mask), Keras and the playground output zeros.
 * The import's table (class names and fields read back) is tfjs-layers-import.ts.
 */
import { ELU_DEFAULT_ALPHA, LEAKY_RELU_DEFAULT_SLOPE } from '../../engine/layers/leaky-elu';
import { maskSource, type GraphNode, type ModelGraph } from '../../engine/graph';
import type { LayerSpec, LayerType } from '../../engine/spec';
import { isRefusal, refuse, type LayerOf, type Refusal } from '../layer-table';
import { bidirectionalCell, KerasExportError, kerasLayer } from '../keras/keras-layers';
import type { CompositeMeta, TfjsBuilder } from './tfjs-builder';
import { maskedAveragePooling, multiHeadAttention, positionEmbedding } from './tfjs-layers-sequence';

/** What a row writes into, and what it knows of its node. */
export interface TfjsWriteContext {
  b: TfjsBuilder;
  node: GraphNode;
  graph: ModelGraph;
  /** Every node's layer name by spec id; this node's name and its inputs' names. */
  names: Map<string, string>;
  name: string;
  inputs: string[];
  /** The import reads weights the export refuses to write (READ_ONLY rows). */
  readGru: boolean;
}

export interface TfjsRow<L extends LayerSpec> {
  /** Writes one node: its layers and weights into `c.b`; a composite (group of layers) returns its metadata. */
  write(l: L, c: TfjsWriteContext): CompositeMeta | void;
  /** Floats of the constants the export writes beside the layer's parameters (the import's lower bound on the weight files). */
  constantFloats?(l: L, node: GraphNode): number;
}

export type TfjsTable = { readonly [T in LayerType]: TfjsRow<LayerOf<T>> | Refusal };

/** The cell's layer name inside a Bidirectional (tfjs names the weights forward_<it>, backward_<it>). */
export const BIDIRECTIONAL_CELL_NAMES: Record<string, string> = { SimpleRNN: 'simple_rnn', LSTM: 'lstm', GRU: 'gru' };

const RECURRENT = ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'];

/** One tfjs layer from the Keras view, without the config fields tfjs does not know (`drop`). */
function writePlain(drop: readonly string[], { b, node, name, inputs }: TfjsWriteContext): void {
  const k = kerasLayer(node);
  const config = { ...k.config };
  for (const f of drop) delete config[f];
  b.layer(name, k.className, config, inputs);
  for (const w of k.weights) {
    const p = node.params.find((q) => q.name === w.entry);
    if (!p) throw new Error(`layer "${node.spec.id}": parameter ${w.entry} missing from the layout`);
    b.weight({ name: `${name}/${w.kerasName}`, shape: [...p.shape], layer: node.spec.id, entry: w.entry });
  }
}

const plain = (drop: readonly string[] = []): TfjsRow<LayerSpec> => ({ write: (_l, c) => writePlain(drop, c) });

/** Whether a layer after `node` reads its padded steps: anything but (Dropout into) a recurrent layer masked by the same ids. */
function paddedStepsRead(node: GraphNode, graph: ModelGraph): boolean {
  if (node === graph.output) return true;
  return node.consumers.some((c) => (c.spec.type === 'Dropout' ? paddedStepsRead(c, graph) : !(RECURRENT.includes(c.spec.type) && maskSource(c) !== undefined)));
}

function writeBidirectional(spec: LayerOf<'Bidirectional'>, { b, node, graph, name, inputs, readGru }: TfjsWriteContext): void {
  const cellRow = TFJS_LAYERS[spec.layer.type];
  if (isRefusal(cellRow) && !readGru) throw new KerasExportError(`layer "${spec.id}": ${cellRow.refusal.replace('; ', ', also inside Bidirectional; ')}`);
  if (spec.layer.returnSequences && maskSource(node) && paddedStepsRead(node, graph)) {
    throw new KerasExportError(
      `layer "${spec.id}": TensorFlow.js's Bidirectional repeats the previous output on padded steps where Keras and the playground output zeros, and a later layer reads those steps; export to ONNX or Keras instead`,
    );
  }
  const cellName = BIDIRECTIONAL_CELL_NAMES[spec.layer.type];
  const cell = kerasLayer(bidirectionalCell(node));
  b.layer(name, 'Bidirectional', { merge_mode: spec.mergeMode ?? 'concat', layer: { class_name: cell.className, config: { name: cellName, trainable: true, dtype: 'float32', ...cell.config } } }, inputs);
  for (const dir of ['forward', 'backward']) {
    for (const w of cell.weights) {
      const entry = `${dir}_${w.entry}`;
      const p = node.params.find((q) => q.name === entry)!;
      b.weight({ name: `${name}/${dir}_${cellName}/${w.kerasName}`, shape: [...p.shape], layer: spec.id, entry });
    }
  }
}

const PLAIN = plain();

export const TFJS_LAYERS: TfjsTable = {
  Input: {
    write(_l, { b, node, name }) {
      b.layers.push({ name, class_name: 'InputLayer', config: { batch_input_shape: [null, ...node.out.shape], dtype: node.out.dtype, sparse: false, name }, inbound_nodes: [] });
    },
  },
  Dense: PLAIN,
  Activation: PLAIN,
  // tfjs (Keras 2 config) calls LeakyReLU's slope `alpha`.
  LeakyReLU: { write: (l, { b, name, inputs }) => void b.layer(name, 'LeakyReLU', { alpha: l.negativeSlope ?? LEAKY_RELU_DEFAULT_SLOPE }, inputs) },
  ELU: {
    write(l, c) {
      // tfjs-layers 4.22 throws NotImplementedError for an ELU alpha other than 1.
      if ((l.alpha ?? ELU_DEFAULT_ALPHA) !== 1) throw new KerasExportError(`layer "${l.id}": TensorFlow.js's ELU layer only supports alpha 1 (got ${l.alpha}); export to ONNX or Keras instead`);
      writePlain([], c);
    },
  },
  Add: PLAIN,
  Multiply: PLAIN,
  Concatenate: PLAIN,
  ZeroPadding2D: PLAIN,
  UpSampling2D: PLAIN,
  Flatten: PLAIN,
  Reshape: PLAIN,
  Conv2D: PLAIN,
  MaxPooling2D: PLAIN,
  AveragePooling2D: PLAIN,
  GlobalAveragePooling2D: plain(['keepdims']),
  Conv1D: {
    write(l, c) {
      // tfjs-layers 4.22's conv1dWithBias throws NotImplementedError for causal padding.
      if (l.padding === 'causal') throw new KerasExportError(`layer "${l.id}": TensorFlow.js's Conv1D does not support causal padding; export to ONNX or Keras instead`);
      writePlain([], c);
    },
  },
  MaxPooling1D: PLAIN,
  AveragePooling1D: PLAIN,
  Dropout: PLAIN,
  Embedding: PLAIN,
  SimpleRNN: PLAIN,
  LSTM: PLAIN,
  GRU: refuse('TensorFlow.js has no GRU with reset_after=true (the only GRU the playground trains); export to ONNX or Keras instead'),
  Bidirectional: { write: writeBidirectional },
  LayerNormalization: PLAIN,
  BatchNormalization: PLAIN,
  PositionEmbedding: {
    write: (_l, c) => positionEmbedding(c.b, c.node, c.names),
    // The positions kernel [D, T].
    constantFloats: (_l, node) => node.out.shape[0] * node.out.shape[1],
  },
  GlobalAveragePooling1D: {
    write(_l, c) {
      const ids = maskSource(c.node);
      // tfjs's own GlobalAveragePooling1D ignores masks: a masked one is a composite.
      if (ids) return maskedAveragePooling(c.b, c.node, c.graph, c.names, ids);
      writePlain(['keepdims', 'data_format'], c);
    },
  },
  MultiHeadAttention: {
    write: (_l, c) => multiHeadAttention(c.b, c.node, c.graph, c.names),
    // A causal one: the [TQ, TK] mask table and the [D, TQ] positions kernel.
    constantFloats(l, node) {
      if (!l.causal) return 0;
      const [TQ, D] = node.inputs[0].out.shape;
      return TQ * node.inputs[node.inputs.length - 1].out.shape[0] + D * TQ;
    },
  },
  // tfjs's GlobalMaxPooling1D takes no data_format; neither takes keepdims.
  GlobalMaxPooling1D: plain(['keepdims', 'data_format']),
  GlobalMaxPooling2D: plain(['keepdims']),
  SpatialDropout1D: PLAIN,
  // tfjs has no SpatialDropout2D: the same layer is a Dropout whose noise shape is [batch, 1, 1, C].
  SpatialDropout2D: { write: (l, { b, node, name, inputs }) => void b.layer(name, 'Dropout', { rate: l.rate, noise_shape: [null, 1, 1, node.out.shape[2]] }, inputs) },
  GaussianNoise: PLAIN,
  PReLU: PLAIN,
};

/** Rows the export refuses but the import reads (`readGru`: a tfjs-converter file may hold a reset_after GRU that tfjs itself cannot run). */
export const READ_ONLY: Partial<Record<LayerType, TfjsRow<LayerSpec>>> = { GRU: PLAIN };
