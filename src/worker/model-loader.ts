/**
 * Builds a trainable model inside the worker from a ModelSource: resolves the preset, generates
 * or fetches the dataset (built-in or uploaded, see datasets.ts), carves the validation split, scales
 * a numeric upload as its settings ask (scaled-data.ts), compiles the spec and uploads the data.
 */
import { splitDataset } from '../data/split';
import type { Dataset } from '../data/dataset';
import { Trainer } from '../engine/trainer';
import type { ModelSpec } from '../engine/spec';
import type { PipelineCache } from '../gpu/pipelines';
import type { Preprocessing } from '../data/scaling';
import { scaleDataset } from '../data/scaled-dataset';
import { findPreset, type TrainSettings } from '../presets/presets';
import { datasetSplits } from './datasets';
import type { DatasetName, ModelInfo, ModelSource } from './protocol';

export interface ResolvedSource {
  presetId: string | null;
  spec: ModelSpec;
  dataset: DatasetName;
  settings: TrainSettings;
}

export interface LoadedModel {
  trainer: Trainer;
  settings: TrainSettings;
  source: ResolvedSource;
  /** The splits as the model sees them (scaled when `preprocessing` is set). */
  data: { train: Dataset; validation: Dataset; test: Dataset };
  /** The same rows in the user's raw units (the same objects as `data` without scaling). */
  raw: { train: Dataset; validation: Dataset; test: Dataset };
  /** How a numeric upload was scaled (statistics of its train part); null: the rows are used as they are. */
  preprocessing: Preprocessing | null;
  /** ModelInfo without the fields that change with the weights (weights, epoch). */
  info: Omit<ModelInfo, 'weights' | 'epoch'>;
}

export function resolveSource(source: ModelSource): ResolvedSource {
  if (source.kind === 'preset') {
    const preset = findPreset(source.presetId);
    if (!preset) throw new Error(`unknown preset "${source.presetId}"`);
    return { presetId: preset.id, spec: preset.spec, dataset: preset.dataset, settings: preset.train };
  }
  return { presetId: null, spec: source.spec, dataset: source.dataset, settings: source.settings };
}

export async function loadModel(device: GPUDevice, pipelines: PipelineCache, resolved: ResolvedSource, tag: string | null): Promise<LoadedModel> {
  const { spec, dataset, settings, presetId } = resolved;
  // Built-in (cached by id and seed) or uploaded (text featurized for this spec).
  const { splits, preprocessing } = await datasetSplits(dataset, settings.seed, spec, settings.scaling ?? 'none');
  // A corpus of overlapping windows brings its own held-out validation text; others are carved at random.
  const carved = splits.validation ? { train: splits.train, validation: splits.validation } : splitDataset(splits.train, settings.validationSplit, settings.seed);
  const raw = { ...carved, test: splits.test };
  const [train, validation, test] = [raw.train, raw.validation, raw.test].map((d) => scaleDataset(d, preprocessing));
  const trainer = await Trainer.create(device, pipelines, spec, { train, validation }, {
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    seed: settings.seed,
    schedule: settings.schedule,
    // ~25 metric readbacks per epoch, at least every 20 steps (the trainer's default: ~10, every 50):
    // live curves for slow models and big datasets.
    readEvery: Math.max(1, Math.min(20, Math.ceil(Math.ceil(train.n / settings.batchSize) / 25))),
  });
  const info: LoadedModel['info'] = {
    presetId,
    tag,
    name: spec.name ?? presetId ?? 'model',
    dataset,
    task: train.task,
    outputs: trainer.model.lossPlan.classes,
    paramCount: trainer.model.graph.paramCount,
    trainRows: train.n,
    validationRows: validation.n,
    testRows: test.n,
    batchSize: settings.batchSize,
    stepsPerEpoch: trainer.stepsPerEpoch,
    dispatchesPerStep: trainer.dispatchesPerStep,
    epochs: settings.epochs,
  };
  return { trainer, settings, source: resolved, data: { train, validation, test }, raw, preprocessing, info };
}
