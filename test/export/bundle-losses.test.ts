/**
 * The new losses train the same in the playground and in the PyTorch bundle's train.py (model.py's
 * loss_terms from the loss table): a small model per loss, SGD on the same 32 rows as one batch,
 * five steps (five one-step epochs) in each; the weights must agree within 1e-5 after the five,
 * having moved. Covers mae, huber (delta 0.5), log_cosh, hinge and squared_hinge (0/1 class ids
 * read as -1/1), poisson (a softplus output and count targets), kl_divergence (a softmax output,
 * not absorbed), cosine_similarity, and the three cross-entropies with label smoothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { sequential, type Activation, type LossName, type ModelSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { importSafetensors } from '../../src/io/import-safetensors';
import { exportTorchBundle } from '../../src/io/torch/bundle';
import { trainedModel } from '../../src/io/trained-model';
import { gpu, seededArray } from '../helpers/gpu';
import { maxAbsDiff, runTrainPy, writeFiles } from './pytorch-harness';

const N = 32;
const F = 4;
const STEPS = 5;

interface Case {
  loss: LossName;
  labelSmoothing?: number;
  units: number;
  activation: Activation;
  /** Classes of a classification dataset, or null for 2 float targets per row. */
  classes: number | null;
}

const CASES: Case[] = [
  { loss: 'mae', units: 2, activation: 'linear', classes: null },
  { loss: 'huber', units: 2, activation: 'linear', classes: null },
  { loss: 'log_cosh', units: 2, activation: 'linear', classes: null },
  { loss: 'hinge', units: 1, activation: 'linear', classes: 2 },
  { loss: 'squared_hinge', units: 1, activation: 'tanh', classes: 2 },
  { loss: 'poisson', units: 2, activation: 'softplus', classes: null },
  { loss: 'kl_divergence', units: 3, activation: 'softmax', classes: 3 },
  { loss: 'cosine_similarity', units: 2, activation: 'linear', classes: null },
  { loss: 'sparse_categorical_crossentropy', labelSmoothing: 0.1, units: 3, activation: 'softmax', classes: 3 },
  { loss: 'categorical_crossentropy', labelSmoothing: 0.2, units: 3, activation: 'softmax', classes: 3 },
  { loss: 'binary_crossentropy', labelSmoothing: 0.1, units: 1, activation: 'sigmoid', classes: 2 },
];

function model(c: Case): ModelSpec {
  const spec = sequential(
    c.loss,
    [
      { id: 'input', type: 'Input', shape: [F] },
      { id: 'hidden', type: 'Dense', units: 8, activation: 'tanh' },
      { id: 'out', type: 'Dense', units: c.units, activation: c.activation },
    ],
    c.loss,
    { type: 'sgd', lr: 0.2 },
  );
  if (c.labelSmoothing) return { ...spec, lossOptions: { labelSmoothing: c.labelSmoothing } };
  return c.loss === 'huber' ? { ...spec, lossOptions: { delta: 0.5 } } : spec;
}

function data(c: Case): Dataset {
  const base = { name: 'rows', n: N, inputShape: [F], inputDtype: 'float32' as const, x: seededArray(N * F, 5) };
  if (c.classes !== null) return { ...base, task: 'classification', y: Int32Array.from({ length: N }, (_, i) => (i * 7) % c.classes!), targetShape: [], numClasses: c.classes };
  // Poisson counts are non-negative integers; the others any floats.
  const y = c.loss === 'poisson' ? seededArray(N * 2, 6, 0, 4).map(Math.round) : seededArray(N * 2, 6, -1.5, 1.5);
  return { ...base, task: 'regression', y, targetShape: [2] };
}

describe('train.py trains the new losses as the playground does', () => {
  for (const c of CASES) {
    it(`${c.loss}${c.labelSmoothing ? ` (label smoothing ${c.labelSmoothing})` : ''}: ${STEPS} SGD steps from the same weights agree within 1e-5`, async () => {
      const { device, pipelines } = await gpu();
      const spec = model(c);
      const ds = data(c);
      const trainer = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: N, epochs: STEPS, seed: 3 });
      try {
        const before = await trainer.readParams();
        const dir = writeFiles(exportTorchBundle(trainedModel(spec, before), { train: ds, batchSize: N, epochs: STEPS, seed: 3 }));
        expect(JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8')).loss).toBe(c.loss);
        for (let s = 0; s < STEPS; s++) await trainer.trainEpoch();
        const ours = await trainer.readParams();
        runTrainPy(dir, ['train.py', '--epochs', String(STEPS), '--json', '--out', join(dir, 'after.safetensors')]);
        const theirs = importSafetensors(spec, new Uint8Array(readFileSync(join(dir, 'after.safetensors')))).params;
        const moved = maxAbsDiff(ours, before);
        const diff = maxAbsDiff(theirs, ours);
        console.log(`[bundle-losses] ${c.loss}: weights moved up to ${moved.toExponential(2)}; train.py vs playground after ${STEPS} steps ${diff.toExponential(2)}`);
        expect(moved).toBeGreaterThan(1e-3);
        expect(diff).toBeLessThan(1e-5);
      } finally {
        trainer.destroy();
      }
    }, 300_000);
  }
});
