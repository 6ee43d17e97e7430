/**
 * BatchNormalization in whole models: the GPU gradient of one training step against central finite
 * differences of the float64 reference in training mode (batch statistics, so the gradient flows
 * through the batch mean and variance), after Conv2D on images, after Dense, and on [T, F]
 * sequences; and the moving statistics the step leaves, which the optimizer must not touch (weight
 * decay and clipping on, so a stray update would show) nor the layer statistics count as weights.
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck, randomDataset } from '../helpers/gradcheck';
import { gpu } from '../helpers/gpu';
import { sequential, type LayerSpec, type ModelSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { batchMoments, movingUpdateRef } from '../../src/engine/reference/batchnorm';
import { layoutParams } from '../../src/engine/params';
import { buildGraph } from '../../src/engine/graph';
import { planStats } from '../../src/engine/inspect/stats-plan';

const model = (layers: LayerSpec[], extra: Partial<ModelSpec> = {}): ModelSpec => ({
  ...sequential('bn', layers, 'sparse_categorical_crossentropy', { type: 'adam' }),
  ...extra,
});

describe('BatchNormalization gradient checks against float64 finite differences', () => {
  it('Conv2D -> BatchNormalization -> ReLU -> MaxPool -> Flatten -> Dense softmax', async () => {
    const spec = model([
      { id: 'in', type: 'Input', shape: [6, 6, 2] },
      { id: 'conv', type: 'Conv2D', filters: 4, kernelSize: 3, useBias: false },
      { id: 'bn', type: 'BatchNormalization' },
      { id: 'relu', type: 'Activation', activation: 'relu' },
      { id: 'pool', type: 'MaxPooling2D', poolSize: 2 },
      { id: 'f', type: 'Flatten' },
      { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
    ]);
    const r = await modelGradCheck(spec, randomDataset(spec, 5, 5, 3), { maxChecked: 1000, h: 1e-6 });
    expect(r.checked).toBe(3 * 3 * 2 * 4 + 4 + 4 + 2 * 2 * 4 * 3 + 3);
    expect(r.worst, r.where).toBeLessThan(2e-3);
  });

  it('Dense -> BatchNormalization(center off, momentum 0.9) -> tanh -> Dense softmax', async () => {
    const spec = model([
      { id: 'in', type: 'Input', shape: [5] },
      { id: 'd', type: 'Dense', units: 6 },
      { id: 'bn', type: 'BatchNormalization', center: false, momentum: 0.9 },
      { id: 'act', type: 'Activation', activation: 'tanh' },
      { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
    ]);
    const r = await modelGradCheck(spec, randomDataset(spec, 7, 6, 3), { maxChecked: 1000 });
    expect(r.checked).toBe(5 * 6 + 6 + 6 + 6 * 3 + 3);
    expect(r.worst, r.where).toBeLessThan(2e-3);
  });

  it('on a [T, F] sequence (statistics over batch and time)', async () => {
    const spec = model([
      { id: 'in', type: 'Input', shape: [4, 3] },
      { id: 'bn', type: 'BatchNormalization', epsilon: 0.01 },
      { id: 'f', type: 'Flatten' },
      { id: 'out', type: 'Dense', units: 2, activation: 'softmax' },
    ]);
    const r = await modelGradCheck(spec, randomDataset(spec, 6, 7, 2), { maxChecked: 1000 });
    expect(r.checked).toBe(3 + 3 + 12 * 2 + 2);
    expect(r.worst, r.where).toBeLessThan(2e-3);
  });
});

describe('BatchNormalization moving statistics in training', () => {
  it('two steps update them as Keras does; the optimizer (weight decay, clipping) leaves them alone', async () => {
    const { device, pipelines } = await gpu();
    const spec = model([{ id: 'in', type: 'Input', shape: [3] }, { id: 'bn', type: 'BatchNormalization', momentum: 0.8 }, { id: 'out', type: 'Dense', units: 2, activation: 'softmax' }], {
      weightDecay: 0.5,
      clipNorm: 1e-3,
    });
    const ds = randomDataset(spec, 8, 9, 2);
    const t = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: 8, epochs: 1, seed: 1 });
    try {
      const layout = layoutParams(buildGraph(spec));
      const at = (name: string) => layout.entries.find((e) => e.layer === 'bn' && e.name === name)!;
      expect(layout.trainEnd).toBeLessThanOrEqual(at('moving_mean').offset);
      expect(layout.trainEnd).toBeLessThanOrEqual(at('moving_variance').offset);
      const before = await t.readParams();
      await t.runSteps(0, 1); // one epoch is one step here (8 rows, batch 8)
      await t.runSteps(0, 1);
      const after = await t.readParams();
      // The input feeds bn directly and each step sees the whole dataset (batch 8 of 8 rows).
      const { mean, variance } = batchMoments(ds.x, 8, 3);
      const slice = (p: Float32Array, name: string) => p.subarray(at(name).offset, at(name).offset + 3);
      const mm = movingUpdateRef(movingUpdateRef(slice(before, 'moving_mean'), mean, 0.8), mean, 0.8);
      const mv = movingUpdateRef(movingUpdateRef(slice(before, 'moving_variance'), variance, 0.8), variance, 0.8);
      const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((v, i) => Math.abs(v - b[i]) < 1e-5 * (1 + Math.abs(b[i])));
      expect(close(slice(after, 'moving_mean'), mm)).toBe(true);
      expect(close(slice(after, 'moving_variance'), mv)).toBe(true);
      expect(Math.abs(mean[0] - 0) > 1e-3 || Math.abs(variance[0] - 1) > 1e-3).toBe(true);
      // The layer statistics (distributions, update ratios) see the trained γ and β only.
      const bn = planStats(t.model).layers.find((l) => l.layer === 'bn')!;
      expect(bn.params!.segments).toEqual([
        [at('gamma').offset, 3],
        [at('beta').offset, 3],
      ]);
      // gamma moved (the optimizer ran).
      expect(Array.from(slice(after, 'gamma')).some((v, i) => v !== slice(before, 'gamma')[i])).toBe(true);
    } finally {
      t.destroy();
    }
  });
});
