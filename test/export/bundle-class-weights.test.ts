/**
 * Class weights train the same in the playground and in the PyTorch bundle's train.py (model.py's
 * loss_terms multiplies each sample's loss by the weight of its class, Keras's class_weight): a small
 * model per cross-entropy, SGD on the same 32 rows as one batch, five steps in each; the weights must
 * agree within 1e-5 after the five, and differ from an unweighted run's (the weights matter).
 * Also with label smoothing (sparse: as torch's label_smoothing; categorical, binary: Keras's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import type { LossOptions } from '../../src/engine/losses';
import { sequential, type LossName, type ModelSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { importSafetensors } from '../../src/io/import-safetensors';
import { exportTorchBundle } from '../../src/io/torch/bundle';
import { trainedModel } from '../../src/io/trained-model';
import { gpu, seededArray } from '../helpers/gpu';
import { maxAbsDiff, runTrainPy, writeFiles } from './pytorch-harness';

const N = 32;
const F = 4;
const STEPS = 5;

const CASES: { loss: LossName; options: LossOptions; classes: number }[] = [
  { loss: 'sparse_categorical_crossentropy', options: { classWeights: [1, 3, 0.5] }, classes: 3 },
  { loss: 'sparse_categorical_crossentropy', options: { classWeights: [2, 0.25, 1], labelSmoothing: 0.1 }, classes: 3 },
  { loss: 'categorical_crossentropy', options: { classWeights: [0.5, 1, 4], labelSmoothing: 0.2 }, classes: 3 },
  { loss: 'binary_crossentropy', options: { classWeights: [0.3, 2.5] }, classes: 2 },
];

function model(loss: LossName, options: LossOptions | undefined, classes: number): ModelSpec {
  const binary = loss === 'binary_crossentropy';
  const spec = sequential(
    loss,
    [
      { id: 'input', type: 'Input', shape: [F] },
      { id: 'hidden', type: 'Dense', units: 8, activation: 'tanh' },
      { id: 'out', type: 'Dense', units: binary ? 1 : classes, activation: binary ? 'sigmoid' : 'softmax' },
    ],
    loss,
    { type: 'sgd', lr: 0.2 },
  );
  return options ? { ...spec, lossOptions: options } : spec;
}

const data = (classes: number): Dataset => ({
  name: 'rows',
  n: N,
  inputShape: [F],
  inputDtype: 'float32',
  x: seededArray(N * F, 5),
  task: 'classification',
  y: Int32Array.from({ length: N }, (_, i) => (i * 7) % classes),
  targetShape: [],
  numClasses: classes,
});

async function trainFive(spec: ModelSpec, ds: Dataset, onStart?: (before: Float32Array) => void): Promise<{ before: Float32Array; after: Float32Array }> {
  const { device, pipelines } = await gpu();
  const trainer = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: N, epochs: STEPS, seed: 3 });
  try {
    const before = await trainer.readParams();
    onStart?.(before);
    for (let s = 0; s < STEPS; s++) await trainer.trainEpoch();
    return { before, after: await trainer.readParams() };
  } finally {
    trainer.destroy();
  }
}

describe('train.py trains with class weights as the playground does', () => {
  for (const c of CASES) {
    it(`${c.loss} ${JSON.stringify(c.options)}: ${STEPS} SGD steps from the same weights agree within 1e-5`, async () => {
      const spec = model(c.loss, c.options, c.classes);
      const ds = data(c.classes);
      let dir = '';
      const ours = await trainFive(spec, ds, (before) => {
        dir = writeFiles(exportTorchBundle(trainedModel(spec, before), { train: ds, batchSize: N, epochs: STEPS, seed: 3 }));
      });
      expect(readFileSync(join(dir, 'model.py'), 'utf8')).toContain(`torch.tensor(${JSON.stringify(c.options.classWeights)}`);
      runTrainPy(dir, ['train.py', '--epochs', String(STEPS), '--json', '--out', join(dir, 'after.safetensors')]);
      const theirs = importSafetensors(spec, new Uint8Array(readFileSync(join(dir, 'after.safetensors')))).params;
      const unweighted = await trainFive(model(c.loss, c.options.labelSmoothing ? { labelSmoothing: c.options.labelSmoothing } : undefined, c.classes), ds);
      const moved = maxAbsDiff(ours.after, ours.before);
      const diff = maxAbsDiff(theirs, ours.after);
      const fromUnweighted = maxAbsDiff(unweighted.after, ours.after);
      console.log(`[bundle-class-weights] ${c.loss}: moved ${moved.toExponential(2)}; unweighted run differs by ${fromUnweighted.toExponential(2)}; train.py vs playground after ${STEPS} steps ${diff.toExponential(2)}`);
      expect(maxAbsDiff(unweighted.before, ours.before)).toBe(0);
      expect(moved).toBeGreaterThan(1e-3);
      expect(fromUnweighted).toBeGreaterThan(1e-3);
      expect(diff).toBeLessThan(1e-5);
    }, 300_000);
  }
});
