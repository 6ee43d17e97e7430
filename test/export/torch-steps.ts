/**
 * Shared by the per-layer PyTorch parity tests: the playground and the PyTorch bundle's train.py
 * take the same `steps` steps (one batch of all `ds.n` rows per epoch) from the same weights, and
 * model.py (the safetensors export) predicts from the weights before and after them. Returns the
 * largest differences: model.py vs the playground's GPU predictions at step 0 and after the steps,
 * how far the playground's weights moved, and train.py's weights vs the playground's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import type { ModelSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { importSafetensors } from '../../src/io/import-safetensors';
import { exportTorchBundle } from '../../src/io/torch/bundle';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { trainedModel } from '../../src/io/trained-model';
import { gpu } from '../helpers/gpu';
import { maxAbsDiff, runTrainPy, torchPredict, writeFiles } from './pytorch-harness';

export interface TorchStepsParity {
  /** model.py vs the playground's predictions before training. */
  fwd0: number;
  /** The same after the steps. */
  fwdAfter: number;
  /** How far the playground's weights moved (a test of a model that did not train proves nothing). */
  moved: number;
  /** train.py's weights vs the playground's after the steps. */
  diff: number;
}

/** `outputs`: the model's output width per row (checked on model.py's predictions). */
export async function torchStepsParity(spec: ModelSpec, ds: Dataset, steps: number, outputs: number): Promise<TorchStepsParity> {
  const { device, pipelines } = await gpu();
  const trainer = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: ds.n, epochs: steps, seed: 3 });
  try {
    const before = await trainer.readParams();
    const predBefore = await trainer.predict(ds);
    const dir = writeFiles(exportTorchBundle(trainedModel(spec, before), { train: ds, batchSize: ds.n, epochs: steps, seed: 3 }));
    for (let s = 0; s < steps; s++) await trainer.trainEpoch();
    const ours = await trainer.readParams();
    const predAfter = await trainer.predict(ds);
    runTrainPy(dir, ['train.py', '--epochs', String(steps), '--json', '--out', join(dir, 'after.safetensors')]);
    const theirs = importSafetensors(spec, new Uint8Array(readFileSync(join(dir, 'after.safetensors')))).params;
    const forward = async (params: Float32Array, pred: Float32Array) => {
      const r = torchPredict(writeFiles(await exportSafetensors(trainedModel(spec, params))), ds);
      expect(r.shape).toEqual([ds.n, outputs]);
      return maxAbsDiff(r.pred, pred);
    };
    return { fwd0: await forward(before, predBefore), fwdAfter: await forward(ours, predAfter), moved: maxAbsDiff(ours, before), diff: maxAbsDiff(theirs, ours) };
  } finally {
    trainer.destroy();
  }
}
