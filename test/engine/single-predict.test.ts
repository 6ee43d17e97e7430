/**
 * The one-input inference path behind "draw a digit" (Trainer.predictOne) against the batch
 * path (Trainer.predict, the one the evaluation and its confusion matrix use), on the CNN preset
 * and procedural digits, on real WebGPU. Also: predictOne between training steps leaves the run
 * bit-identical, and the misclassified samples agree with the confusion matrix.
 */
import { describe, expect, it } from 'vitest';
import { digits } from '../../src/data/digits';
import { Trainer } from '../../src/engine/trainer';
import { readF32 } from '../../src/gpu/arena';
import { findPreset } from '../../src/presets/presets';
import { confusionMatrix } from '../../src/worker/insights';
import { argmaxRow, classNamesOf, classProbabilities, findMisclassified } from '../../src/worker/predictions';
import { expectClose, gpu } from '../helpers/gpu';
import { maxAbsDiff } from '../helpers/max-abs-diff';

const PIXELS = 28 * 28;
const C = 10;

async function cnnTrainer(trainRows = 96): Promise<Trainer> {
  const { device, pipelines } = await gpu();
  const spec = findPreset('cnn')!.spec;
  return Trainer.create(device, pipelines, spec, { train: digits({ n: trainRows, seed: 11 }) }, { batchSize: 32, epochs: 1, seed: 3 });
}

/** Seeded int32 token windows in [1, vocab). */
function tokenRows(n: number, T: number, vocab: number, seed: number): Int32Array {
  const x = new Int32Array(n * T);
  let s = seed >>> 0;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = 1 + (s % (vocab - 1));
  }
  return x;
}

describe('Trainer.predictOne runs a batch-1 copy on the same weights', () => {
  // Attention (causal, per-position output), LSTM over an Embedding with maskZero, and the
  // 4-rows-per-thread kernels (recurrent vec4, attention r4) with a single row.
  for (const id of ['char-lm', 'lstm-topics', 'transformer-topics']) {
    it(`${id}: equals the batch predict path (1e-5) after training steps, with padding in some rows`, async () => {
      const { device, pipelines } = await gpu();
      const preset = findPreset(id)!;
      const spec = preset.spec;
      const input = spec.layers[0] as { shape: number[] };
      const T = input.shape[0];
      const emb = spec.layers.find((l) => l.type === 'Embedding') as { inputDim: number };
      const perPosition = id === 'char-lm';
      const n = 6;
      const x = tokenRows(n, T, emb.inputDim, 7);
      // Rows 3-5 end in padding (id 0) for the maskZero models.
      if (!perPosition) for (let r = 3; r < n; r++) x.fill(0, r * T + T - 5 * r, (r + 1) * T);
      const classes = (spec.layers[spec.layers.length - 1] as { units: number }).units;
      const train = {
        name: id, task: 'classification' as const, n: 32, inputShape: [T], inputDtype: 'int32' as const,
        x: tokenRows(32, T, emb.inputDim, 9), y: perPosition ? tokenRows(32, T, classes, 3) : Int32Array.from({ length: 32 }, (_, i) => i % classes),
        targetShape: perPosition ? [T] : [], numClasses: classes,
      };
      const t = await Trainer.create(device, pipelines, spec, { train }, { batchSize: 32, epochs: 1, seed: 2 });
      try {
        await t.trainEpoch();
        const test = { ...train, n, x, y: perPosition ? new Int32Array(n * T) : new Int32Array(n) };
        const batch = await t.predict(test);
        const width = batch.length / n;
        expect(width).toBe(perPosition ? T * classes : classes);
        for (let i = 0; i < n; i++) {
          const one = await t.predictOne(x.subarray(i * T, (i + 1) * T));
          expect(one).toHaveLength(width);
          expectClose(one, batch.subarray(i * width, (i + 1) * width), 0, 1e-5, `${id} row ${i}`);
        }
        // Rows differ, so equality is not a constant output.
        expect(maxAbsDiff(batch.subarray(0, width), batch.subarray(width, 2 * width))).toBeGreaterThan(1e-4);
      } finally {
        t.destroy();
      }
    }, 120_000);
  }
});

describe('Trainer.predictOne (single input) on the CNN preset', () => {
  it('returns what the batch predict path returns for the same rows (1e-5), in both batches and the tail', async () => {
    const t = await cnnTrainer();
    try {
      await t.trainEpoch();
      // 40 rows: a full batch of 32 and a tail of 8 in the batch path.
      const test = digits({ n: 40, seed: 12 });
      const batch = await t.predict(test);
      expect(batch).toHaveLength(40 * C);
      for (let i = 0; i < test.n; i++) {
        const one = await t.predictOne(test.x.subarray(i * PIXELS, (i + 1) * PIXELS) as Float32Array);
        expect(one).toHaveLength(C);
        expectClose(one, batch.subarray(i * C, (i + 1) * C), 0, 1e-5, `row ${i}`);
        expect(one.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
      // Not trivially equal rows: the model tells the samples apart.
      const tops = new Set(Array.from({ length: test.n }, (_, i) => argmaxRow(batch, i, C)));
      expect(tops.size).toBeGreaterThan(1);
    } finally {
      t.destroy();
    }
  });

  it('keeps the metric accumulator as it was and refuses inputs of the wrong size', async () => {
    const t = await cnnTrainer(32);
    try {
      const sums = new Float32Array([1.5, 2, 3, 0]);
      t.device.queue.writeBuffer(t.model.metrics, 0, sums);
      await t.predictOne(new Float32Array(PIXELS).fill(0.5));
      expect(Array.from(await readF32(t.device, t.model.metrics, 4))).toEqual(Array.from(sums));
      await expect(t.predictOne(new Float32Array(100))).rejects.toThrow("the input has 100 values but the model's input takes 784");
    } finally {
      t.destroy();
    }
  });

  it('between training steps does not change the run: same epoch metrics and weights, bit for bit', async () => {
    // 10 steps, metrics read after every step: from the 5th read on the loop waits for the GPU
    // between steps, which is where the queued predictions are submitted.
    const { device, pipelines } = await gpu();
    const make = () =>
      Trainer.create(device, pipelines, findPreset('cnn')!.spec, { train: digits({ n: 320, seed: 11 }) }, { batchSize: 32, epochs: 1, seed: 3, readEvery: 1 });
    const plain = await make();
    const probed = await make();
    try {
      const probe = digits({ n: 1, seed: 99 }).x as Float32Array;
      const first = await probed.predictOne(probe);
      const a = await plain.trainEpoch();
      const answers: Promise<Float32Array>[] = [];
      let steps = 0;
      const b = await probed.trainEpoch(undefined, () => {
        if (steps++ >= 2) answers.push(probed.predictOne(probe));
        return false;
      });
      expect(b).not.toBeNull();
      const got = await Promise.all(answers);
      expect(got).toHaveLength(8);
      // The weights moved during the epoch, so later answers differ from the one before training.
      expect(Array.from(got[got.length - 1])).not.toEqual(Array.from(first));
      expect(b!.loss).toBe(a.loss);
      expect(b!.accuracy).toBe(a.accuracy);
      expect(Array.from(await probed.readParams())).toEqual(Array.from(await plain.readParams()));
    } finally {
      plain.destroy();
      probed.destroy();
    }
  });
});

describe('misclassified samples from the evaluation predictions', () => {
  it('agree with the confusion matrix cell by cell and list the most confident mistakes with their pixels', async () => {
    const t = await cnnTrainer();
    try {
      await t.trainEpoch();
      const test = digits({ n: 120, seed: 13 });
      const probs = classProbabilities(await t.predict(test), C);
      const confusion = confusionMatrix(probs, test.y, C);
      let offDiagonal = 0;
      confusion.forEach((row, i) => row.forEach((v, j) => (offDiagonal += i === j ? 0 : v)));
      expect(offDiagonal).toBeGreaterThan(0);

      const all = findMisclassified(probs, test, C, Infinity);
      expect(all.total).toBe(offDiagonal);
      expect(all.samples).toHaveLength(offDiagonal);
      const cells = Array.from({ length: C }, () => new Array<number>(C).fill(0));
      for (const s of all.samples) cells[s.actual][s.predicted]++;
      confusion.forEach((row, i) => row.forEach((v, j) => expect(cells[i][j], `cell ${i},${j}`).toBe(i === j ? 0 : v)));

      const top = findMisclassified(probs, test, C);
      expect(top.total).toBe(offDiagonal);
      expect(top.samples).toHaveLength(Math.min(24, offDiagonal));
      for (let k = 0; k < top.samples.length; k++) {
        const s = top.samples[k];
        expect(s.actual).toBe(test.y[s.index]);
        expect(s.predicted).toBe(argmaxRow(probs, s.index, C));
        expect(s.predicted).not.toBe(s.actual);
        expect(s.confidence).toBe(Math.max(...probs.subarray(s.index * C, (s.index + 1) * C)));
        if (k > 0) expect(s.confidence).toBeLessThanOrEqual(top.samples[k - 1].confidence);
        expect(Array.from(s.input)).toEqual(Array.from(test.x.subarray(s.index * PIXELS, (s.index + 1) * PIXELS)));
      }
      expect(classNamesOf(test, C)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    } finally {
      t.destroy();
    }
  });

  it('turns one sigmoid output into two class columns', () => {
    expect(Array.from(classProbabilities(new Float32Array([0.25, 1]), 1))).toEqual([0.75, 0.25, 0, 1]);
    expect(classNamesOf({}, 2)).toEqual(['0', '1']);
  });
});
