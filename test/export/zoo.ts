/**
 * Small models beyond the presets that reach every corner of the export formats: a DAG with Add
 * (Keras's layer order), Conv2D 'same' with stride 2 (asymmetric pads), pooling with 'same',
 * GlobalAveragePooling2D, Reshape, gelu, GRU, SimpleRNN(relu), Bidirectional (concat and sum),
 * returnSequences, and Embedding maskZero with padding in the middle, at the start and a row of
 * only padding. Untrained (seeded init): the playground's predictions are the reference (cached
 * on disk across test files, engine-cache.ts).
 * ATTENTION_EDGE_ZOO: attention corners beyond attention-zoo.ts that only exports matching the
 * playground's masking exactly can pass (PyTorch, ONNX).
 */
import type { Dataset } from '../../src/data/dataset';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { Trainer } from '../../src/engine/trainer';
import { trainedModel, type TrainedModel } from '../../src/io/trained-model';
import type { ModelSpec } from '../../src/engine/spec';
import { cacheKey, floats, readCached, writeCached } from '../helpers/engine-cache';
import { gpu, seededArray } from '../helpers/gpu';
import { sampleOutputShape, type ZooEntry } from './zoo-specs';

export { ATTENTION_EDGE_ZOO, sampleOutputShape, ZOO, type ZooEntry } from './zoo-specs';

export interface ZooModel {
  id: string;
  model: TrainedModel;
  inputs: Dataset;
  predictions: Float32Array;
  outputs: number;
  conv: boolean;
}

/** The zoo model with seeded weights and the playground's predictions on fixed inputs. */
export async function zooModel(z: ZooEntry): Promise<ZooModel> {
  const layout = layoutParams(buildGraph(z.spec));
  const params = initParams(layout, 7);
  // Non-zero biases, LayerNorm shifts and scales away from 1, so every layout is checked.
  for (const e of layout.entries) {
    if (e.name.endsWith('bias') || e.name === 'beta') params.set(seededArray(e.length, e.offset + 1, -0.5, 0.5), e.offset);
    if (e.name === 'gamma') params.set(seededArray(e.length, e.offset + 3, 0.5, 1.5), e.offset);
    // PReLU's alphas start at zero: seeded, so the negative side is checked.
    if (z.spec.layers.find((l) => l.id === e.layer)?.type === 'PReLU') params.set(seededArray(e.length, e.offset + 5, -0.5, 0.8), e.offset);
    // BatchNormalization's moving statistics away from 0 and 1, so evaluation mode is checked.
    if (e.name === 'moving_mean') params.set(seededArray(e.length, e.offset + 5, -0.5, 0.5), e.offset);
    if (e.name === 'moving_variance') params.set(seededArray(e.length, e.offset + 7, 0.5, 2), e.offset);
  }
  const per = z.inputShape.reduce((a, b) => a * b, 1);
  const x = z.ids ? Int32Array.from(z.ids.slice(0, z.rows * per)) : seededArray(z.rows * per, 11, -1, 1);
  const regression = z.spec.loss === 'mse';
  const out = sampleOutputShape(z.spec);
  const perStep = !regression && out.length === 2;
  const units = out[out.length - 1];
  const inputs: Dataset = {
    name: z.id,
    task: regression ? 'regression' : 'classification',
    n: z.rows,
    inputShape: z.inputShape,
    inputDtype: z.ids ? 'int32' : 'float32',
    x,
    y: regression ? new Float32Array(z.rows * units) : new Int32Array(z.rows * (perStep ? out[0] : 1)),
    targetShape: regression ? [units] : perStep ? [out[0]] : [],
    numClasses: regression ? undefined : units,
  };
  const predictions = await zooPredictions(z.spec, params, inputs);
  return { id: z.id, model: trainedModel(z.spec, params), inputs, predictions, outputs: predictions.length / z.rows, conv: z.spec.layers.some((l) => l.type === 'Conv2D' || l.type === 'Conv1D') };
}

/** The batch size the zoo's reference predictions are computed with. */
export const ZOO_BATCH = 4;

/**
 * The playground's predictions for the zoo model: several export test files ask for the same
 * ones, so they are cached on disk (engine-cache.ts), keyed by the spec, weights and inputs.
 */
async function zooPredictions(spec: ModelSpec, params: Float32Array, inputs: Dataset): Promise<Float32Array> {
  const key = cacheKey([spec, params, inputs.x, inputs.inputShape, ZOO_BATCH]);
  const hit = readCached('zoo-predictions', key, ['predictions.bin']);
  if (hit) return floats(hit[0]);
  const { device, pipelines } = await gpu();
  const trainer = await Trainer.create(device, pipelines, spec, { train: inputs }, { batchSize: ZOO_BATCH, epochs: 1, seed: 1 });
  try {
    trainer.writeParams(params);
    const predictions = await trainer.predict(inputs);
    writeCached('zoo-predictions', key, { 'predictions.bin': predictions });
    return predictions;
  } finally {
    trainer.destroy();
  }
}
