/**
 * TensorFlow.js layers format: `model.json` (a Keras 2 style functional topology that
 * `tf.loadLayersModel` deserialises, plus a weights manifest) and ONE weights file
 * `group1-shard1of1.bin` holding every tensor as little-endian float32 in manifest order.
 * One group with one shard on purpose: tfjs silently mis-assigns weights read from unequal shards.
 * Weights keep the engine (Keras) layout: tfjs layers use the same one. Weight names are
 * `<layer name>/<keras variable name>` (dense/kernel, lstm/recurrent_kernel, embedding/embeddings).
 * The loss and optimizer travel in `userDefinedMetadata.playground` so an import can restore them.
 * tfjs has no GRU with reset_after=true (the engine's only GRU), so a GRU stops the export;
 * Bidirectional is not written yet (both with a clear error naming the layer).
 */
import { buildGraph } from '../../engine/graph';
import type { ModelSpec } from '../../engine/spec';
import { layerParams, type ExportFile, type TrainedModel } from '../trained-model';
import { KerasExportError, kerasLayer, kerasNames } from '../keras/layer-config';

export const TFJS_MODEL_FILE = 'model.json';
export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** What the playground stores beside the topology (read back by importTfjs). */
export interface PlaygroundMetadata {
  loss: ModelSpec['loss'];
  optimizer: ModelSpec['optimizer'];
  weightDecay?: number;
  clipNorm?: number;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function float32Bytes(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  else {
    const dv = new DataView(out.buffer);
    for (let i = 0; i < data.length; i++) dv.setFloat32(i * 4, data[i], true);
  }
  return out;
}

/** model.json's `modelTopology` and the weights in manifest order. */
export function tfjsTopology(model: TrainedModel): { topology: Record<string, unknown>; weights: { spec: TfjsWeightSpec; data: Float32Array }[] } {
  const graph = buildGraph(model.spec);
  const names = kerasNames(graph);
  const layers: Record<string, unknown>[] = [];
  const weights: { spec: TfjsWeightSpec; data: Float32Array }[] = [];
  for (const node of graph.nodes) {
    const name = names.get(node.spec.id)!;
    if (node.spec.type === 'GRU') throw new KerasExportError(`layer "${node.spec.id}": TensorFlow.js has no GRU with reset_after=true (the only GRU the playground trains); export to ONNX or Keras instead`);
    if (node.spec.type === 'Bidirectional') throw new KerasExportError(`layer "${node.spec.id}": Bidirectional has no TF.js export yet; export to ONNX or Keras instead`);
    const k = kerasLayer(node);
    let config: Record<string, unknown>;
    if (node.spec.type === 'Input') {
      config = { batch_input_shape: [null, ...node.out.shape], dtype: node.out.dtype, sparse: false, name };
    } else {
      const core = { ...k.config };
      if (k.className === 'GlobalAveragePooling2D') delete core.keepdims;
      config = { ...core, name, trainable: true, dtype: 'float32' };
    }
    const inbound = node.inputs.map((src) => [names.get(src.spec.id)!, 0, 0, {}]);
    layers.push({ name, class_name: k.className, config, inbound_nodes: inbound.length ? [inbound] : [] });
    const params = layerParams(model, node.spec.id);
    for (const w of k.weights) {
      const p = params.get(w.entry);
      if (!p) throw new Error(`layer "${node.spec.id}": parameter ${w.entry} missing from the layout`);
      weights.push({ spec: { name: `${name}/${w.kerasName}`, shape: [...p.entry.shape], dtype: 'float32' }, data: p.data });
    }
  }
  const topology = {
    class_name: 'Model',
    config: {
      name: (model.spec.name ?? 'model').replace(/[^A-Za-z0-9_.-]/g, '_'),
      layers,
      input_layers: graph.inputs.map((n) => [names.get(n.spec.id)!, 0, 0]),
      output_layers: [[names.get(graph.output.spec.id)!, 0, 0]],
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
  return { topology, weights };
}

export function exportTfjs(model: TrainedModel): ExportFile[] {
  const { topology, weights } = tfjsTopology(model);
  const total = weights.reduce((a, w) => a + w.data.length, 0);
  const bin = new Uint8Array(total * 4);
  let off = 0;
  for (const w of weights) {
    bin.set(float32Bytes(w.data), off);
    off += w.data.length * 4;
  }
  const meta: PlaygroundMetadata = { loss: model.spec.loss, optimizer: model.spec.optimizer };
  if (model.spec.weightDecay !== undefined) meta.weightDecay = model.spec.weightDecay;
  if (model.spec.clipNorm !== undefined) meta.clipNorm = model.spec.clipNorm;
  const json = {
    format: 'layers-model',
    generatedBy: 'webgpu-playground',
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: weights.map((w) => w.spec) }],
    userDefinedMetadata: { playground: meta },
  };
  return [
    { name: TFJS_MODEL_FILE, data: new TextEncoder().encode(JSON.stringify(json)) },
    { name: TFJS_WEIGHTS_FILE, data: bin },
  ];
}
