/**
 * A preset after a short seeded training run on real WebGPU, with the playground's own predictions
 * on fixed inputs: what export and import tests compare every consumer (PyTorch, Keras, ONNX
 * Runtime, TensorFlow.js) against. Same preset + options -> same weights and predictions.
 */
import { gpu } from './gpu';
import { Trainer } from '../../src/engine/trainer';
import { findPreset, type Preset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import { takeRows } from '../../src/data/split';
import type { Dataset } from '../../src/data/dataset';
import { trainedModel, type TrainedModel } from '../../src/io/trained-model';

export interface TrainedPreset {
  preset: Preset;
  model: TrainedModel;
  /** Fixed inputs: the first `probe` rows of the preset's test split. */
  inputs: Dataset;
  /** The playground's outputs for `inputs`, [probe, outputs] (probabilities for classifiers). */
  predictions: Float32Array;
  outputs: number;
}

export interface TrainOptions {
  /** Training steps (batches of the preset's batch size); default 3. */
  steps?: number;
  /** Rows to predict on; default 8. */
  probe?: number;
  seed?: number;
}

export async function trainPreset(presetId: string, opts: TrainOptions = {}): Promise<TrainedPreset> {
  const preset = findPreset(presetId);
  if (!preset) throw new Error(`unknown preset ${presetId}`);
  const steps = opts.steps ?? 3;
  const probe = opts.probe ?? 8;
  const seed = opts.seed ?? 1;
  const { device, pipelines } = await gpu();
  const splits = await loadDataset(preset.dataset, { seed });
  const rows = Math.min(splits.train.n, steps * preset.train.batchSize);
  const train = takeRows(splits.train, Uint32Array.from({ length: rows }, (_, i) => i));
  const inputs = takeRows(splits.test, Uint32Array.from({ length: Math.min(probe, splits.test.n) }, (_, i) => i));
  const trainer = await Trainer.create(device, pipelines, preset.spec, { train }, { ...preset.train, seed });
  try {
    await trainer.trainEpoch();
    const params = await trainer.readParams();
    const predictions = await trainer.predict(inputs);
    return { preset, model: trainedModel(preset.spec, params), inputs, predictions, outputs: trainer.model.lossPlan.classes };
  } finally {
    trainer.destroy();
  }
}
