/**
 * Builds a trainable model inside the worker from a ModelSource: resolves the preset, generates
 * the dataset, carves the validation split, compiles the spec and uploads the data.
 */
import { isDatasetId, loadDataset } from '../data/registry';
import { splitDataset } from '../data/split';
import type { Dataset } from '../data/dataset';
import { Trainer } from '../engine/trainer';
import type { PipelineCache } from '../gpu/pipelines';
import { findPreset, type TrainSettings } from '../presets/presets';
import type { ModelInfo, ModelSource } from './protocol';

export interface LoadedModel {
  trainer: Trainer;
  settings: TrainSettings;
  data: { train: Dataset; validation: Dataset; test: Dataset };
  info: ModelInfo;
}

export async function loadModel(device: GPUDevice, pipelines: PipelineCache, source: ModelSource): Promise<LoadedModel> {
  let presetId: string | null = null;
  let resolved: Omit<Extract<ModelSource, { kind: 'custom' }>, 'kind'>;
  if (source.kind === 'preset') {
    const preset = findPreset(source.presetId);
    if (!preset) throw new Error(`unknown preset "${source.presetId}"`);
    presetId = preset.id;
    resolved = { spec: preset.spec, dataset: preset.dataset, settings: preset.train };
  } else {
    resolved = { spec: source.spec, dataset: source.dataset, settings: source.settings };
  }
  const { spec, dataset, settings } = resolved;
  if (!isDatasetId(dataset)) throw new Error(`unknown dataset "${String(dataset)}"`);

  const splits = await loadDataset(dataset, { seed: settings.seed });
  const { train, validation } = splitDataset(splits.train, settings.validationSplit, settings.seed);
  const trainer = await Trainer.create(device, pipelines, spec, { train, validation }, {
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    seed: settings.seed,
    schedule: settings.schedule,
  });
  const info: ModelInfo = {
    presetId,
    name: spec.name ?? presetId ?? 'model',
    dataset,
    task: train.task,
    paramCount: trainer.model.graph.paramCount,
    trainRows: train.n,
    validationRows: validation.n,
    testRows: splits.test.n,
    batchSize: settings.batchSize,
    stepsPerEpoch: trainer.stepsPerEpoch,
    dispatchesPerStep: trainer.dispatchesPerStep,
    epochs: settings.epochs,
  };
  return { trainer, settings, data: { train, validation, test: splits.test }, info };
}
