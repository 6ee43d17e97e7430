/**
 * The TF.js layers-format view of a whole model, shared by the export (which writes it) and the
 * import (which rebuilds it from the spec it read, to name the weights it needs and to check the
 * attention composites): model.json's layer list in graph order, the weights in manifest order
 * (each a parameter entry, a column range of one, or a constant of the export), and the
 * composites that stand for attention-era layers (tfjs-attention.ts).
 * Plain layers come from the shared Keras view (../keras/layer-config.ts); Bidirectional is
 * tfjs's wrapper with the cell inside (weights `<name>/forward_<cell>/kernel`, ...).
 * GRU throws: tfjs has no GRU with reset_after=true, the only GRU the playground trains. So does a
 * Bidirectional returning sequences under a padding mask whose padded steps a later layer reads:
 * tfjs repeats the previous output there (it has no zero_output_for_mask), Keras and the
 * playground output zeros.
 */
import { buildGraph, maskSource, type GraphNode, type ModelGraph } from '../../engine/graph';
import type { ModelSpec } from '../../engine/spec';
import { KerasExportError, kerasLayer, kerasNames } from '../keras/layer-config';
import { maskedAveragePooling, multiHeadAttention, positionEmbedding, TfjsBuilder, type CompositeMeta, type TfjsLayerJson, type TfjsWeightPlan } from './tfjs-attention';

export interface TfjsPlan {
  graph: ModelGraph;
  names: Map<string, string>;
  layers: TfjsLayerJson[];
  weights: TfjsWeightPlan[];
  composites: CompositeMeta[];
}

/** The cell's layer name inside a Bidirectional (tfjs names the weights forward_<it>, backward_<it>). */
export const BIDIRECTIONAL_CELL_NAMES: Record<string, string> = { SimpleRNN: 'simple_rnn', LSTM: 'lstm', GRU: 'gru' };

const RECURRENT = ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'];

/** Whether a layer after `node` reads its padded steps: anything but (Dropout into) a recurrent layer masked by the same ids. */
function paddedStepsRead(node: GraphNode, graph: ModelGraph): boolean {
  if (node === graph.output) return true;
  return node.consumers.some((c) => (c.spec.type === 'Dropout' ? paddedStepsRead(c, graph) : !(RECURRENT.includes(c.spec.type) && maskSource(c) !== undefined)));
}

function bidirectional(b: TfjsBuilder, node: GraphNode, graph: ModelGraph, name: string, inputs: string[]): void {
  if (node.spec.type !== 'Bidirectional') throw new Error('not a Bidirectional');
  const spec = node.spec;
  if (spec.layer.returnSequences && maskSource(node) && paddedStepsRead(node, graph)) {
    throw new KerasExportError(
      `layer "${spec.id}": TensorFlow.js's Bidirectional repeats the previous output on padded steps where Keras and the playground output zeros, and a later layer reads those steps; export to ONNX or Keras instead`,
    );
  }
  const cellName = BIDIRECTIONAL_CELL_NAMES[spec.layer.type];
  const cellNode = { ...node, spec: { ...spec.layer, id: spec.id, inputs: spec.inputs }, params: node.params.filter((p) => p.name.startsWith('forward_')).map((p) => ({ ...p, name: p.name.replace('forward_', '') })) } as unknown as GraphNode;
  const cell = kerasLayer(cellNode);
  b.layer(name, 'Bidirectional', { merge_mode: spec.mergeMode ?? 'concat', layer: { class_name: cell.className, config: { name: cellName, trainable: true, dtype: 'float32', ...cell.config } } }, inputs);
  for (const dir of ['forward', 'backward']) {
    for (const w of cell.weights) {
      const entry = `${dir}_${w.entry}`;
      const p = node.params.find((q) => q.name === entry)!;
      b.weight({ name: `${name}/${dir}_${cellName}/${w.kerasName}`, shape: [...p.shape], layer: spec.id, entry });
    }
  }
}

/**
 * The plan of `spec`. `readGru`: the import reads GRU weights (a tfjs-converter file may hold a
 * reset_after GRU that tfjs itself cannot run); the export refuses GRUs.
 */
export function tfjsPlan(spec: ModelSpec, opts: { readGru?: boolean } = {}): TfjsPlan {
  const graph = buildGraph(spec);
  const names = kerasNames(graph);
  const b = new TfjsBuilder(new Set(names.values()));
  const composites: CompositeMeta[] = [];
  for (const node of graph.nodes) {
    const name = names.get(node.spec.id)!;
    const inputs = node.inputs.map((src) => names.get(src.spec.id)!);
    const type = node.spec.type;
    if (type === 'GRU' && !opts.readGru) throw new KerasExportError(`layer "${node.spec.id}": TensorFlow.js has no GRU with reset_after=true (the only GRU the playground trains); export to ONNX or Keras instead`);
    if (type === 'Bidirectional') {
      if (node.spec.layer.type === 'GRU' && !opts.readGru) throw new KerasExportError(`layer "${node.spec.id}": TensorFlow.js has no GRU with reset_after=true (the only GRU the playground trains), also inside Bidirectional; export to ONNX or Keras instead`);
      bidirectional(b, node, graph, name, inputs);
      continue;
    }
    if (type === 'MultiHeadAttention') {
      composites.push(multiHeadAttention(b, node, graph, names));
      continue;
    }
    if (type === 'PositionEmbedding') {
      composites.push(positionEmbedding(b, node, names));
      continue;
    }
    const ids = type === 'GlobalAveragePooling1D' ? maskSource(node) : undefined;
    if (ids) {
      composites.push(maskedAveragePooling(b, node, graph, names, ids));
      continue;
    }
    const k = kerasLayer(node);
    if (type === 'Input') {
      b.layers.push({ name, class_name: 'InputLayer', config: { batch_input_shape: [null, ...node.out.shape], dtype: node.out.dtype, sparse: false, name }, inbound_nodes: [] });
      continue;
    }
    const config = { ...k.config };
    if (k.className === 'GlobalAveragePooling2D') delete config.keepdims;
    if (k.className === 'GlobalAveragePooling1D') {
      delete config.keepdims;
      delete config.data_format;
    }
    b.layer(name, k.className, config, inputs);
    for (const w of k.weights) {
      const p = node.params.find((q) => q.name === w.entry);
      if (!p) throw new Error(`layer "${node.spec.id}": parameter ${w.entry} missing from the layout`);
      b.weight({ name: `${name}/${w.kerasName}`, shape: [...p.shape], layer: node.spec.id, entry: w.entry });
    }
  }
  return { graph, names, layers: b.layers, weights: b.weights, composites };
}
