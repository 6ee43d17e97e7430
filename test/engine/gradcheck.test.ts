/**
 * Whole-model gradient checks: the gradient the GPU computes in one training step (read from the
 * flat gradient buffer) against central finite differences of the float64 reference model.
 */
import { describe, it, expect } from 'vitest';
import { gpu, seededArray } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { findPreset } from '../../src/presets/presets';
import { referenceForward, referenceLoss } from '../../src/engine/reference/model';
import { sequential, type ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';

function randomDataset(spec: ModelSpec, n: number, seed: number, classes = 0): Dataset {
  const input = spec.layers[0] as { shape: number[] };
  const features = input.shape.reduce((a, b) => a * b, 1);
  const x = seededArray(n * features, seed, -1, 1);
  if (spec.loss === 'mse') {
    return { name: 'random', task: 'regression', n, inputShape: input.shape, inputDtype: 'float32', x, y: seededArray(n, seed + 1), targetShape: [1] };
  }
  const units = classes || (spec.layers[spec.layers.length - 1] as { units: number }).units;
  const y = Int32Array.from({ length: n }, (_, i) => (i * 3 + seed) % units);
  return { name: 'random', task: 'classification', n, inputShape: input.shape, inputDtype: 'float32', x, y, targetShape: [], numClasses: units };
}

async function gradCheck(spec: ModelSpec, batch: number, maxChecked: number, classes = 0, h = 1e-5): Promise<{ worst: number; checked: number; where: string }> {
  const { device, pipelines } = await gpu();
  const ds = randomDataset(spec, batch, 5, classes);
  const t = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: batch, epochs: 1, seed: 3 });
  try {
    const params = await t.readParams();
    await t.runSteps(0, 1);
    const grads = await t.readGrads();
    // The step saw every row once (n == batch); the loss is a mean, so row order does not matter.
    const { graph, layout } = t.model;
    const p64 = Float64Array.from(params);
    const loss = () => referenceLoss(graph, referenceForward(graph, layout, p64, ds.x, batch), ds.y, batch);
    const indices: number[] = [];
    for (const e of layout.entries) {
      const stride = Math.max(1, Math.floor(e.length / Math.ceil(maxChecked / layout.entries.length)));
      for (let i = 0; i < e.length; i += stride) indices.push(e.offset + i);
    }
    let worst = 0;
    let where = '';
    const gmax = grads.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
    for (const i of indices) {
      const old = p64[i];
      p64[i] = old + h;
      const up = loss();
      p64[i] = old - h;
      const down = loss();
      p64[i] = old;
      const numeric = (up - down) / (2 * h);
      const err = Math.abs(numeric - grads[i]) / Math.max(Math.abs(numeric), 0.05 * gmax);
      if (err > worst) {
        worst = err;
        const e = layout.entries.find((x) => i >= x.offset && i < x.offset + x.length)!;
        where = `${e.layer}.${e.name}[${i - e.offset}]: numeric ${numeric}, gpu ${grads[i]}`;
      }
    }
    return { worst, checked: indices.length, where };
  } finally {
    t.destroy();
  }
}

describe('whole-model gradient checks against float64 finite differences', () => {
  it('preset 1 (MLP 100-64-64-10, softmax + sparse cross-entropy)', async () => {
    const { worst, checked } = await gradCheck(findPreset('mlp-100')!.spec, 8, 600);
    expect(checked).toBeGreaterThan(400);
    expect(worst).toBeLessThan(2e-3);
  });

  it('preset 7 (regression 2-10-1 with a separate ReLU, MSE), every parameter', async () => {
    const { worst, checked } = await gradCheck(findPreset('regression')!.spec, 6, 1000);
    expect(checked).toBe(2 * 10 + 10 + 10 + 1);
    expect(worst).toBeLessThan(2e-3);
  });

  it('preset 3 (Conv2D 32 -> MaxPool -> Flatten -> Dense 64 -> Dense 10) on two 28x28 images', async () => {
    // ~40k ReLU units and 5408 pooling windows: a step of 1e-5 can cross a kink, so step 1e-7
    // (float64 rounding of the loss is ~1e-16, far below that).
    const { worst, checked, where } = await gradCheck(findPreset('cnn')!.spec, 2, 400, 0, 1e-7);
    expect(checked).toBeGreaterThan(300);
    expect(worst, where).toBeLessThan(2e-3);
  });

  it('a branching graph with a residual Add, a Reshape and a standalone softmax', async () => {
    const spec: ModelSpec = {
      ...sequential('branchy', [{ id: 'in', type: 'Input', shape: [6] }], 'categorical_crossentropy', { type: 'adam' }),
      layers: [
        { id: 'in', type: 'Input', shape: [6], inputs: [] },
        { id: 'a', type: 'Dense', units: 8, activation: 'tanh', inputs: ['in'] },
        { id: 'b', type: 'Dense', units: 8, activation: 'sigmoid', inputs: ['a'] },
        { id: 'sum', type: 'Add', inputs: ['a', 'b'] },
        { id: 'r', type: 'Reshape', targetShape: [2, 4], inputs: ['sum'] },
        { id: 'f', type: 'Flatten', inputs: ['r'] },
        { id: 'logits', type: 'Dense', units: 4, inputs: ['f'] },
        { id: 'probs', type: 'Activation', activation: 'softmax', inputs: ['logits'] },
      ],
      output: 'probs',
      loss: 'sparse_categorical_crossentropy',
    };
    const { worst } = await gradCheck(spec, 5, 1000, 4);
    expect(worst).toBeLessThan(2e-3);
  });
});
