/**
 * The random training-only layers in the exported model.py, run by PyTorch in training mode on
 * inputs of ones (test/export/py/torch_train_mode.py), with the same statistical bounds as the
 * playground's kernels (test/kernels/noise.test.ts): SpatialDropout1D (nn.Dropout1d on the
 * transposed sequence) and SpatialDropout2D (nn.Dropout2d on the NCHW image) zero whole channels of
 * a sample, about `rate` of them (within 4 sigma), and scale the rest by 1 / (1 - rate);
 * GaussianNoise adds noise of mean 0 and the layer's stddev. In evaluation they are the identity
 * (the format consumer tests: zoo-noise in every format).
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import { sequential, type LayerInit } from '../../src/engine/spec';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { trainedModel } from '../../src/io/trained-model';
import { runPython } from '../helpers/python';
import { writeFiles } from './pytorch-harness';

async function trainMode(inputShape: number[], layer: LayerInit, N: number): Promise<{ shape: number[]; y: number[] }> {
  const spec = sequential('noise', [{ id: 'input', type: 'Input', shape: inputShape }, layer], 'mse', { type: 'sgd' });
  const dir = writeFiles(await exportSafetensors(trainedModel(spec, new Float32Array(layoutParams(buildGraph(spec)).total))));
  return runPython<{ shape: number[]; y: number[] }>('test/export/py/torch_train_mode.py', { dir, shape: [N, ...inputShape], seed: 1 });
}

describe('model.py in training mode: the random layers as PyTorch runs them', () => {
  for (const [name, shape, rate] of [['SpatialDropout1D', [5, 16], 0.5], ['SpatialDropout2D', [3, 4, 16], 0.3]] as const) {
    it(`${name}(${rate}): whole channels dropped, about rate of them, the rest scaled by 1 / (1 - rate)`, async () => {
      const N = 256;
      const r = await trainMode([...shape], { id: 'sd', type: name, rate } as LayerInit, N);
      expect(r.shape).toEqual([N, ...shape]);
      const C = shape[shape.length - 1];
      const S = r.y.length / N / C;
      let dropped = 0;
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const first = r.y[n * S * C + c];
          expect([0, 1 / (1 - rate)].some((v) => Math.abs(first - v) < 1e-6)).toBe(true);
          for (let s = 1; s < S; s++) expect(r.y[(n * S + s) * C + c]).toBe(first);
          if (first === 0) dropped++;
        }
      }
      const sigma = Math.sqrt((rate * (1 - rate)) / (N * C));
      console.log(`[noise-torch] ${name}: dropped ${(dropped / (N * C)).toFixed(4)} of ${N * C} channels (rate ${rate})`);
      expect(Math.abs(dropped / (N * C) - rate)).toBeLessThan(4 * sigma);
    }, 120_000);
  }

  it('GaussianNoise(0.5): noise of mean 0 and std 0.5 within bounds', async () => {
    const r = await trainMode([100], { id: 'noise', type: 'GaussianNoise', stddev: 0.5 }, 640);
    const d = r.y.map((v) => v - 1);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
    console.log(`[noise-torch] GaussianNoise: mean ${mean.toExponential(2)}, std ${std.toFixed(4)} over ${d.length} values`);
    expect(Math.abs(mean)).toBeLessThan((4 * 0.5) / Math.sqrt(d.length));
    expect(Math.abs(std - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(2 * d.length));
  }, 120_000);
});
