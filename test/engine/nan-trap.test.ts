/**
 * The NaN trap (src/engine/inspect/nan-trap.ts) names the first layer and pass that produced a
 * non-finite value, on deliberately broken models, and puts the model's buffers back afterwards.
 */
import { describe, it, expect } from 'vitest';
import { gpu, seededArray } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { NanTrap } from '../../src/engine/inspect/nan-trap';
import type { Dataset } from '../../src/data/dataset';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';

const N = 64, F = 8;

function dataset(task: 'classification' | 'regression', yScale = 1): Dataset {
  const x = seededArray(N * F, 11, -1, 1);
  const y = task === 'classification' ? Int32Array.from({ length: N }, (_, i) => i % 4) : Float32Array.from(seededArray(N, 12, -1, 1), (v) => v * yScale);
  return { name: 'toy', task, n: N, inputShape: [F], inputDtype: 'float32', x, y, targetShape: task === 'classification' ? [] : [1], ...(task === 'classification' ? { numClasses: 4 } : {}) };
}

function spec(layers: LayerInit[], loss: ModelSpec['loss'], lr: number): ModelSpec {
  return sequential('broken', [{ id: 'input', type: 'Input', shape: [F] }, ...layers], loss, { type: 'sgd', lr });
}

/** Trains until the first metric read with a non-finite loss (readEvery 2), then runs the trap. */
async function trap(s: ModelSpec, ds: Dataset, edit?: (t: Trainer, p: Float32Array) => void) {
  const { device, pipelines } = await gpu();
  const t = await Trainer.create(device, pipelines, s, { train: ds }, { batchSize: 16, epochs: 3, seed: 5, readEvery: 2 });
  if (edit) {
    const p = await t.readParams();
    edit(t, p);
    t.writeParams(p);
  }
  const nan = new NanTrap(t);
  nan.ring.snapshot();
  let bad: { epoch: number; step: number } | null = null;
  for (let e = 0; e < 3 && !bad; e++) await t.trainEpoch((p) => void (bad ??= Number.isFinite(p.loss) ? null : { epoch: p.epoch, step: p.step }), () => bad !== null);
  expect(bad, 'the broken model diverges').not.toBeNull();
  const paramsBefore = await t.readParams();
  const culprit = await nan.find(bad!);
  console.log('CULPRIT', t.globalStep, JSON.stringify(culprit));
  const paramsAfter = await t.readParams();
  return { t, culprit, paramsBefore, paramsAfter };
}

const entry = (t: Trainer, layer: string, name: string) => t.model.layout.entries.find((e) => e.layer === layer && e.name === name)!;

describe('NaN trap', () => {
  it('a Dense whose weights are set to Inf: names it, forward, and says its weights were already non-finite', async () => {
    const layers: LayerInit[] = [
      { id: 'dense', type: 'Dense', units: 16, activation: 'relu' },
      { id: 'dense_1', type: 'Dense', units: 16, activation: 'linear' },
      { id: 'dense_2', type: 'Dense', units: 4, activation: 'softmax' },
    ];
    const { t, culprit, paramsBefore, paramsAfter } = await trap(spec(layers, 'sparse_categorical_crossentropy', 0.01), dataset('classification'), (tr, p) => {
      const k = entry(tr, 'dense_1', 'weight');
      p.fill(Infinity, k.offset, k.offset + k.length);
    });
    expect(culprit?.layer).toBe('dense_1');
    expect(culprit?.pass).toBe('forward');
    expect(culprit?.message).toMatch(/^dense_1 \(forward\) produced \d+ non-finite values of 256 at step 1 \(epoch 1, step 1\); its input ranged over \[0, [\d.]+\]; its weights were already non-finite before this step \(\d+ non-finite values of 272/);
    // its input is the relu output of `dense`: finite, and >= 0
    expect(culprit!.inputRange![0]).toBe(0);
    expect(culprit!.inputRange![1]).toBeGreaterThan(0);
    // the model's buffers are put back as they were (NaN-aware bit equality)
    expect(new Uint32Array(paramsAfter.buffer)).toEqual(new Uint32Array(paramsBefore.buffer));
    t.destroy();
  });

  it('an exploding learning rate: names the layer whose update overflowed (checked against its gradients), with its gradient range', async () => {
    const layers: LayerInit[] = [
      { id: 'hidden', type: 'Dense', units: 4, activation: 'tanh' },
      { id: 'head', type: 'Dense', units: 1, activation: 'linear' },
    ];
    const { t, culprit } = await trap(spec(layers, 'mse', 1e37), dataset('regression', 1000));
    // The replayed step's gradients (the grads buffer holds them now), in float64: the head's
    // step lr * g overflows float32 (over 3.4e38), the hidden layer's does not.
    const g = await t.readGrads();
    const gradsOf = (layer: string) => t.model.layout.entries.filter((e) => e.layer === layer).flatMap((e) => Array.from(g.subarray(e.offset, e.offset + e.length)));
    const maxAbs = (v: number[]) => Math.max(...v.map(Math.abs));
    expect(maxAbs(gradsOf('hidden')) * 1e37).toBeGreaterThan(3.5e38); // the first layer in graph order whose update overflows
    expect(culprit?.layer).toBe('hidden');
    expect(culprit?.pass).toBe('optimizer');
    expect(culprit?.message).toContain('at step 1 (epoch 1, step 1)');
    expect(culprit?.message).toContain('the update at learning rate 1.00e+37 overflowed');
    const hidden = gradsOf('hidden');
    expect(hidden.every(Number.isFinite)).toBe(true);
    expect(culprit?.inputRange).toEqual([Math.min(...hidden), Math.max(...hidden)]);
    t.destroy();
  });

  it('a loss that overflows (no log-of-a-negative path exists: cross-entropy is computed from logits): names the loss, forward, with its input range', async () => {
    const layers: LayerInit[] = [
      { id: 'hidden', type: 'Dense', units: 4, activation: 'relu' },
      { id: 'head', type: 'Dense', units: 1, activation: 'linear' },
    ];
    const { t, culprit } = await trap(spec(layers, 'mse', 0.01), dataset('regression'), (tr, p) => {
      const k = entry(tr, 'head', 'weight');
      const b = entry(tr, 'head', 'bias');
      p.fill(0, k.offset, k.offset + k.length);
      p.fill(1e20, b.offset, b.offset + b.length); // every prediction 1e20: finite, its square is not
    });
    expect(culprit?.layer).toBe('loss');
    expect(culprit?.pass).toBe('forward');
    expect(culprit?.message).toBe(`the loss (mse) became non-finite at step 1 (epoch 1, step 1); its input (head) ranged over [1.00e+20, 1.00e+20].`);
    expect(culprit?.inputRange).toEqual([Math.fround(1e20), Math.fround(1e20)]);
    t.destroy();
  });

  it('a LayerNorm over a zero-variance input with the smallest epsilon the spec allows: names it, forward', async () => {
    // epsilon 0 is refused by the spec's validation; 1e-45 (a denormal the GPU flushes to 0) is the closest.
    const layers: LayerInit[] = [
      { id: 'flat', type: 'Dense', units: 8, activation: 'linear' },
      { id: 'norm', type: 'LayerNormalization', epsilon: 1e-45 },
      { id: 'out', type: 'Dense', units: 4, activation: 'softmax' },
    ];
    const { t, culprit } = await trap(spec(layers, 'sparse_categorical_crossentropy', 0.01), dataset('classification'), (tr, p) => {
      const k = entry(tr, 'flat', 'weight');
      p.fill(0, k.offset, k.offset + k.length); // `flat` outputs its (zero) bias: every row constant
    });
    expect(culprit?.layer).toBe('norm');
    expect(culprit?.pass).toBe('forward');
    expect(culprit?.inputRange).toEqual([0, 0]);
    t.destroy();
  });
});
