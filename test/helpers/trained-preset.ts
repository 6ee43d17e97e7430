/**
 * A preset after a short seeded training run on real WebGPU, with the playground's own predictions
 * on fixed inputs: what export and import tests compare every consumer (PyTorch, Keras, ONNX
 * Runtime, TensorFlow.js) against. Same preset + options -> same weights and predictions.
 *
 * Several export test files ask for the same presets, so results are cached on disk
 * (node_modules/.cache/trained-presets, engine-cache.ts), keyed by the preset, the options and a
 * hash of every source file that could change them: a change to any of those retrains.
 */
import { cacheKey, floats, readCached, writeCached } from './engine-cache';
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

/** trainPreset, answered from the disk cache when the same run was done with the same sources. */
export async function trainPreset(presetId: string, opts: TrainOptions = {}): Promise<TrainedPreset> {
  // The options with their defaults filled in: {} and { steps: 3, probe: 8 } are the same run, one entry.
  const key = cacheKey([presetId, opts.steps ?? 3, opts.probe ?? 8, opts.seed ?? 1]);
  const preset = findPreset(presetId);
  const hit = preset ? readCached('trained-presets', key, ['meta.json', 'params.bin', 'predictions.bin']) : null;
  if (preset && hit) {
    const probe = opts.probe ?? 8;
    const { test } = await loadDataset(preset.dataset, { seed: opts.seed ?? 1 });
    const inputs = takeRows(test, Uint32Array.from({ length: Math.min(probe, test.n) }, (_, i) => i));
    const meta = JSON.parse(hit[0].toString('utf8')) as { outputs: number };
    return { preset, model: trainedModel(preset.spec, floats(hit[1])), inputs, predictions: floats(hit[2]), outputs: meta.outputs };
  }
  const t = await trainPresetNow(presetId, opts);
  writeCached('trained-presets', key, { 'params.bin': t.model.params, 'predictions.bin': t.predictions, 'meta.json': JSON.stringify({ outputs: t.outputs }) });
  return t;
}

async function trainPresetNow(presetId: string, opts: TrainOptions): Promise<TrainedPreset> {
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
