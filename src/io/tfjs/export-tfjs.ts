/**
 * TensorFlow.js layers format: `model.json` (a Keras 2 style functional topology that
 * `tf.loadLayersModel` deserialises, plus a weights manifest) and ONE weights file
 * `group1-shard1of1.bin` holding every tensor as little-endian float32 in manifest order.
 * One group with one shard on purpose: tfjs silently mis-assigns weights read from unequal shards.
 * Weights keep the engine (Keras) layout: tfjs layers use the same one. Weight names are
 * `<layer name>/<keras variable name>` (dense/kernel, lstm/recurrent_kernel, embedding/embeddings).
 * The loss, metrics and optimizer are in the standard `trainingConfig` (as `LayersModel.save` writes
 * it: `tf.loadLayersModel` compiles the model with them, training-config.ts); our own spelling of
 * them (exact hyperparameters, weight decay, clipping) travels in `userDefinedMetadata.playground`
 * so an import can restore them, with the list of attention composites: MultiHeadAttention, PositionEmbedding and a masked
 * GlobalAveragePooling1D are written as groups of core tfjs layers (tfjs-layers-sequence.ts), since
 * @tensorflow/tfjs registers no MultiHeadAttention, EinsumDense or PositionEmbedding class.
 * The layer list and weights come from tfjs-plan.ts (shared with the import).
 * tfjs has no GRU with reset_after=true (the engine's only GRU), so a GRU stops the export with a
 * clear error naming the layer.
 * Feature / target scaling (TrainedModel.preprocessing) becomes non-trainable diagonal Dense layers
 * around the model (tfjs-preprocessing.ts), documented in `userDefinedMetadata.playground.preprocessing`.
 * A text model's tokenizer and a classifier's class names (model-labels.ts) are
 * `userDefinedMetadata.tokenizer` / `.class_names` (plain JSON, for the page that feeds the model).
 */
import type { ModelSpec } from '../../engine/spec';
import { layerParams, type ExportFile, type TrainedModel } from '../trained-model';
import { tfjsPlan } from './tfjs-plan';
import { tfjsRefusal, tfjsTrainingConfig } from '../training-config';
import type { CompositeMeta, TfjsWeightPlan } from './tfjs-builder';
import { exportPreprocessing } from '../preprocessing';
import { addTfjsPreprocessing, type TfjsPreprocessingMeta } from './tfjs-preprocessing';
import { exportClassNames, exportTokenizer, labelFiles } from '../model-labels';

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
  /** The loss's settings (Huber's delta, label smoothing), which trainingConfig's loss name cannot carry. */
  lossOptions?: ModelSpec['lossOptions'];
  /** The layers written as groups of core layers (tfjs-layers-sequence.ts), for the import. */
  composites?: CompositeMeta[];
  /** Feature / target scaling applied by the export's preprocess / postprocess layers (stripped by the import). */
  preprocessing?: TfjsPreprocessingMeta;
  /** Why model.json has no trainingConfig (TF.js has no such optimizer: training-config.ts tfjsRefusal). */
  trainingConfigRefused?: string;
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

/** The tensor of one planned weight: a constant, a parameter entry, or a column range of one (a head's slice). */
export function planWeightData(model: TrainedModel, w: TfjsWeightPlan): Float32Array {
  if (w.constant) return w.constant;
  const p = layerParams(model, w.layer!).get(w.entry!);
  if (!p) throw new Error(`layer "${w.layer}": parameter ${w.entry} missing from the layout`);
  if (!w.cols) return p.data;
  const C = p.entry.shape[p.entry.shape.length - 1];
  const [first, count] = w.cols;
  const rows = p.data.length / C;
  const out = new Float32Array(rows * count);
  for (let r = 0; r < rows; r++) out.set(p.data.subarray(r * C + first, r * C + first + count), r * count);
  return out;
}

/** model.json's `modelTopology`, the weights in manifest order, and the attention composites. */
export function tfjsTopology(model: TrainedModel): { topology: Record<string, unknown>; weights: { spec: TfjsWeightSpec; data: Float32Array }[]; composites: CompositeMeta[]; preprocessing?: TfjsPreprocessingMeta } {
  const plan = tfjsPlan(model.spec);
  const weights = plan.weights.map((w) => ({ spec: { name: w.name, shape: w.shape, dtype: 'float32' as const }, data: planWeightData(model, w) }));
  const pre = exportPreprocessing(model);
  let output = plan.names.get(plan.graph.output.spec.id)!;
  let preprocessing: TfjsPreprocessingMeta | undefined;
  if (pre) {
    const added = addTfjsPreprocessing(plan.layers, plan.names.get(plan.graph.inputs[0].spec.id)!, output, pre);
    weights.push(...added.weights);
    output = added.output;
    preprocessing = added.meta;
  }
  const topology = {
    class_name: 'Model',
    config: {
      name: (model.spec.name ?? 'model').replace(/[^A-Za-z0-9_.-]/g, '_'),
      layers: plan.layers,
      input_layers: plan.graph.inputs.map((n) => [plan.names.get(n.spec.id)!, 0, 0]),
      output_layers: [[output, 0, 0]],
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
  return { topology, weights, composites: plan.composites, ...(preprocessing ? { preprocessing } : {}) };
}

/** userDefinedMetadata's `tokenizer` and `class_names` where the model has them. */
function userLabels(model: TrainedModel): Record<string, unknown> {
  const tokenizer = exportTokenizer(model);
  const names = exportClassNames(model);
  return { ...(tokenizer ? { tokenizer } : {}), ...(names ? { class_names: names } : {}) };
}

export function exportTfjs(model: TrainedModel): ExportFile[] {
  const { topology, weights, composites, preprocessing } = tfjsTopology(model);
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
  if (model.spec.lossOptions !== undefined) meta.lossOptions = model.spec.lossOptions;
  if (composites.length) meta.composites = composites;
  if (preprocessing) meta.preprocessing = preprocessing;
  const refused = tfjsRefusal(model.spec);
  if (refused) meta.trainingConfigRefused = refused;
  const json = {
    format: 'layers-model',
    generatedBy: 'webgpu-playground',
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: weights.map((w) => w.spec) }],
    trainingConfig: tfjsTrainingConfig(model.spec),
    userDefinedMetadata: { playground: meta, ...userLabels(model) },
  };
  return [
    { name: TFJS_MODEL_FILE, data: new TextEncoder().encode(JSON.stringify(json)) },
    { name: TFJS_WEIGHTS_FILE, data: bin },
    ...labelFiles(model),
  ];
}
