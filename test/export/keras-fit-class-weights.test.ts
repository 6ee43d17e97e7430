/**
 * Class weights train as Keras 3's fit(class_weight=) does: a small classifier per cross-entropy is
 * exported as .keras at its initial weights, Keras compiles it with the same loss and plain SGD and
 * fits five unshuffled one-batch epochs with class_weight={i: w_i}; the playground trains the same
 * five steps; the weights must agree within 1e-4 after the five, and each epoch's loss within 1e-5
 * (Keras's history loss is the class-weighted mean over the batch, as the playground's), and each
 * epoch's validation loss within 1e-5 (unweighted in both: fit applies class_weight to training only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import type { LossOptions } from '../../src/engine/losses';
import { sequential, type LossName, type ModelSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { exportKeras } from '../../src/io/keras/export-keras';
import { importKeras } from '../../src/io/keras/import-keras';
import { trainedModel } from '../../src/io/trained-model';
import { gpu, seededArray } from '../helpers/gpu';
import { runPython } from '../helpers/python';
import { maxAbsDiff, writeFiles } from './pytorch-harness';

const N = 32;
const F = 4;
const STEPS = 5;
const LR = 0.2;

const CASES: { loss: LossName; weights: number[]; units: number }[] = [
  { loss: 'sparse_categorical_crossentropy', weights: [1, 3, 0.5], units: 3 },
  { loss: 'binary_crossentropy', weights: [0.3, 2.5], units: 1 },
];

function model(loss: LossName, units: number, options: LossOptions): ModelSpec {
  const spec = sequential(
    loss,
    [
      { id: 'input', type: 'Input', shape: [F] },
      { id: 'hidden', type: 'Dense', units: 8, activation: 'tanh' },
      { id: 'out', type: 'Dense', units, activation: units === 1 ? 'sigmoid' : 'softmax' },
    ],
    loss,
    { type: 'sgd', lr: LR },
  );
  return { ...spec, lossOptions: options };
}

describe('Keras 3 fit(class_weight=) trains as the playground does', () => {
  for (const c of CASES) {
    it(`${c.loss} class_weight ${JSON.stringify(c.weights)}: ${STEPS} SGD steps agree within 1e-4, losses within 1e-5`, async () => {
      const { device, pipelines } = await gpu();
      const spec = model(c.loss, c.units, { classWeights: c.weights });
      const classes = c.weights.length;
      const y = Int32Array.from({ length: N }, (_, i) => (i * 7) % classes);
      const x = seededArray(N * F, 5);
      const ds: Dataset = { name: 'rows', n: N, inputShape: [F], inputDtype: 'float32', x, task: 'classification', y, targetShape: [], numClasses: classes };
      const V = 12;
      const val: Dataset = { ...ds, n: V, x: seededArray(V * F, 8), y: Int32Array.from({ length: V }, (_, i) => (i * 5 + 1) % classes) };
      const trainer = await Trainer.create(device, pipelines, spec, { train: ds, validation: val }, { batchSize: N, epochs: STEPS, seed: 3 });
      try {
        const before = await trainer.readParams();
        const dir = writeFiles(await exportKeras(trainedModel(spec, before)));
        const ours: number[] = [];
        const oursVal: number[] = [];
        for (let s = 0; s < STEPS; s++) {
          const e = await trainer.trainEpoch();
          ours.push(e.loss);
          oursVal.push(e.valLoss!);
        }
        const after = await trainer.readParams();
        const r = runPython<Record<string, { losses?: number[]; val_losses?: number[]; error?: string }>>(
          'test/export/py/keras_fit_class_weights.py',
          { models: [{ id: c.loss, path: join(dir, 'model.keras'), out: join(dir, 'fitted.keras'), loss: c.loss, lr: LR, epochs: STEPS, class_weight: Object.fromEntries(c.weights.map((w, i) => [i, w])), x: Array.from(x), xshape: [N, F], y: Array.from(y), yshape: c.units === 1 ? [N, 1] : [N], xv: Array.from(val.x as Float32Array), yv: Array.from(val.y), vshape: c.units === 1 ? [V, 1] : [V] }] },
          { timeoutMs: 300_000 },
        )[c.loss];
        expect(r.error).toBeUndefined();
        const theirs = (await importKeras(spec, new Uint8Array(readFileSync(join(dir, 'fitted.keras'))))).params;
        const moved = maxAbsDiff(after, before);
        const diff = maxAbsDiff(theirs, after);
        const lossDiff = maxAbsDiff(ours, r.losses!);
        const valDiff = maxAbsDiff(oursVal, r.val_losses!);
        console.log(`[keras-fit-class-weights] ${c.loss}: moved ${moved.toExponential(2)}; Keras fit vs playground after ${STEPS} steps ${diff.toExponential(2)}; epoch losses ${r.losses!.map((v) => v.toFixed(5)).join(' ')} (Δ ${lossDiff.toExponential(1)}); val losses Δ ${valDiff.toExponential(1)}`);
        expect(moved).toBeGreaterThan(1e-3);
        expect(diff).toBeLessThan(1e-4);
        expect(lossDiff).toBeLessThan(1e-5);
        expect(valDiff).toBeLessThan(1e-5);
      } finally {
        trainer.destroy();
      }
    }, 300_000);
  }
});
