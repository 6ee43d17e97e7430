/**
 * The cnn-bn preset (Conv2D(32) -> BatchNormalization -> ReLU -> Conv2D(32) -> BatchNormalization
 * -> ReLU -> MaxPool -> Flatten -> Dense(10, softmax); Adam, batch 32, 2 epochs on Fashion-MNIST)
 * trained by the playground and by PyTorch (the export's model.py, nn.BatchNorm2d, from the same
 * initial weights on the same training rows; test/targets/py/cnn_bn_torch.py), both evaluated on
 * the 10,000 test images with the moving statistics: the accuracies within 1 point, and at least 0.88.
 *
 * Measured (this session's machine: 2 CPU cores shared by six processes, SwiftShader at ~8 samples/s
 * for this model, so the full 2 x 57,000-sample schedule, hours here, was not run):
 * CNN_BN_TRAIN_ROWS=3000 CNN_BN_EPOCHS=1 (2,850 training rows after the 5% validation split, one
 * epoch of 90 steps): playground 0.2981, PyTorch 0.3070 test accuracy (16.5 minutes);
 * CNN_BN_TRAIN_ROWS=6400 CNN_BN_EPOCHS=1 (6,080 rows, 190 steps): playground 0.2740, PyTorch 0.2748.
 * Both frameworks are low together, most likely (not measured) because at momentum 0.99 the moving
 * variance still holds
 * 0.99^steps of its initial 1 (40% after 90 steps, 15% after 190), above the variances of
 * the convolutions' outputs, so evaluation divides by too large a deviation; the full schedule
 * (3,562 steps) leaves 0.99^3562 ~ 3e-16 of it.
 * CNN_BN_TRAIN_ROWS=16000 CNN_BN_EPOCHS=1 (15,200 rows, 475 steps; quiet machine, 412 s):
 * playground 0.8292; PyTorch 0.7595 with this test's data order, 0.8084 and 0.7865 with two other
 * shuffles (seeds 2 and 3; mean of the three 0.785). This early, the accuracy moves by several
 * points with the data order alone (the moving statistics trail weights that still change fast), so
 * only the full schedule can judge the 1-point target.
 * Full schedule: `npm run test:targets -- test/targets/cnn-bn-training.test.ts` (unlimited rows).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gpu } from '../helpers/gpu';
import { runPython } from '../helpers/python';
import { Trainer } from '../../src/engine/trainer';
import { findPreset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import { splitDataset, takeRows } from '../../src/data/split';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { trainedModel } from '../../src/io/trained-model';

const LIMIT = Number(process.env.CNN_BN_TRAIN_ROWS ?? 0);
const EPOCHS = Number(process.env.CNN_BN_EPOCHS ?? 0);

describe('cnn-bn on Fashion-MNIST, playground vs PyTorch', () => {
  it('reaches PyTorch test accuracy within 1 point on the same rows and schedule', async () => {
    const preset = findPreset('cnn-bn')!;
    const epochs = EPOCHS || preset.train.epochs;
    const splits = await loadDataset(preset.dataset, { seed: preset.train.seed });
    const all = LIMIT > 0 ? takeRows(splits.train, Uint32Array.from({ length: Math.min(LIMIT, splits.train.n) }, (_, i) => i)) : splits.train;
    const { train, validation } = splitDataset(all, preset.train.validationSplit, preset.train.seed);
    const { device, pipelines } = await gpu();
    const t = await Trainer.create(device, pipelines, preset.spec, { train, validation }, preset.train);
    let ours: number;
    let initial: Float32Array;
    try {
      initial = await t.readParams();
      for (let e = 0; e < epochs; e++) await t.trainEpoch();
      const r = await t.evaluate(splits.test);
      expect(r.count).toBe(10000);
      ours = r.accuracy;
    } finally {
      t.destroy();
    }
    const dir = mkdtempSync(join(tmpdir(), 'cnn-bn-'));
    for (const f of await exportSafetensors(trainedModel(preset.spec, initial))) writeFileSync(join(dir, f.name), f.data);
    const raw = (name: string, a: Float32Array | Int32Array) => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    raw('x_train.f32', train.x);
    raw('y_train.i32', train.y);
    raw('x_test.f32', splits.test.x);
    raw('y_test.i32', splits.test.y);
    const torch = runPython<{ test_accuracy: number }>(
      'test/targets/py/cnn_bn_torch.py',
      { dir, epochs, batch: preset.train.batchSize, lr: 1e-3, seed: preset.train.seed, n_train: train.n, n_test: splits.test.n, shape: [28, 28, 1] },
      { timeoutMs: 3_600_000 },
    );
    console.log(`cnn-bn (${train.n} training rows, ${epochs} epochs): playground ${ours.toFixed(4)}, PyTorch ${torch.test_accuracy.toFixed(4)} test accuracy`);
    expect(Math.abs(ours - torch.test_accuracy)).toBeLessThanOrEqual(0.01);
    if (LIMIT === 0 && EPOCHS === 0) expect(ours).toBeGreaterThanOrEqual(0.88);
  }, 14_400_000);
});
