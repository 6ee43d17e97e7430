/**
 * SpatialDropout1D/2D and GaussianNoise on the GPU (their definitions' real emission,
 * test/helpers/layer-run.ts, with a chosen Step seed): in training the masks are per sample and
 * channel (every position of a channel kept or zeroed together), equal the float64 reference's
 * draw for the seed, drop about `rate` of the channels (within 4 sigma) and scale the kept ones by
 * exactly 1 / (1 - rate); the same seed gives the same mask and another seed another one; the
 * backward uses the forward's mask. GaussianNoise's noise has mean 0 and the layer's stddev
 * within statistical bounds, equals the reference draws, and its backward is the identity. In
 * evaluation all three are the identity. Shape and setting checks.
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { gaussianNoise, spatialDropout1D, spatialDropout2D } from '../../src/engine/layers/noise';
import { dropoutSalt, dropoutScale } from '../../src/engine/reference/dropout';
import { gaussianNoiseDraws, gaussianNoiseRef, spatialDropoutMask, spatialDropoutRef } from '../../src/engine/reference/noise';
import { maxAbsError } from '../../src/engine/reference/gradcheck';
import type { LayerDef } from '../../src/engine/layers/layer';
import type { GaussianNoiseLayer, LayerSpec, SpatialDropout1DLayer, SpatialDropout2DLayer } from '../../src/engine/spec';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** x with no zeros, so y == 0 exactly marks a dropped element. */
const nonZero = (n: number, seed: number) => seededArray(n, seed, 0.5, 1.5).map((v, i) => (i % 2 ? -v : v));

async function run<L extends LayerSpec>(def: LayerDef<L>, spec: L, B: number, shape: number[], x: Float32Array, seed: number, mode: 'train' | 'infer' = 'train') {
  const dy = nonZero(B * size(shape), 77);
  const view = { spec, inputs: [{ id: 'x', shape, dtype: 'float32' as const }], shape, activation: null, paramOffsets: {} };
  const r = await runLayer({ def, view, batch: B, values: { x }, params: new Float32Array(4), dy, seed, mode });
  return { ...r, dy };
}

describe('SpatialDropout on the GPU', () => {
  const cases = [
    { name: 'SpatialDropout2D', def: spatialDropout2D as LayerDef<LayerSpec>, shape: [3, 4, 16], rate: 0.3 },
    { name: 'SpatialDropout1D', def: spatialDropout1D as LayerDef<LayerSpec>, shape: [5, 16], rate: 0.5 },
  ];
  for (const c of cases) {
    it(`${c.name} rate ${c.rate}, 256 samples x 16 channels: whole channels dropped, ~rate of them, kept scaled exactly, mask = reference`, async () => {
      const B = 256;
      const C = c.shape[c.shape.length - 1];
      const S = size(c.shape) / C;
      const spec = { id: 'sd', type: c.name, rate: c.rate, inputs: ['x'] } as LayerSpec;
      const x = nonZero(B * S * C, 3);
      const r = await run(c.def, spec, B, c.shape, x, 4242);
      const mask = spatialDropoutMask(4242, dropoutSalt('sd'), B, C, c.rate);
      const scale = dropoutScale(c.rate);
      let dropped = 0;
      for (let n = 0; n < B; n++) {
        for (let ch = 0; ch < C; ch++) {
          if (!mask[n * C + ch]) dropped++;
          for (let s = 0; s < S; s++) {
            const i = (n * S + s) * C + ch;
            const want = mask[n * C + ch] ? Math.fround(x[i] * scale) : 0;
            if (r.y[i] !== want) throw new Error(`sample ${n} step ${s} channel ${ch}: got ${r.y[i]}, expected ${want}`);
          }
        }
      }
      const cells = B * C;
      const sigma = Math.sqrt((c.rate * (1 - c.rate)) / cells);
      console.log(`[noise] ${c.name}: dropped ${(dropped / cells).toFixed(4)} of ${cells} channels (rate ${c.rate}, 4 sigma ${(4 * sigma).toFixed(4)})`);
      expect(Math.abs(dropped / cells - c.rate)).toBeLessThan(4 * sigma);
      expect(maxAbsError(r.dx, spatialDropoutRef(r.dy, mask, B, S, C, c.rate))).toBeLessThan(1e-6);
      expect([...r.forwardDispatches, ...r.backwardDispatches]).toEqual(['spatial_dropout_forward', 'spatial_dropout_backward']);
      // The same seed, the same mask; another seed, another mask.
      expect((await run(c.def, spec, B, c.shape, x, 4242)).y).toEqual(r.y);
      const other = await run(c.def, spec, B, c.shape, x, 4243);
      const agree = spatialDropoutMask(4243, dropoutSalt('sd'), B, C, c.rate).reduce((a, m, j) => a + (m === mask[j] ? 1 : 0), 0) / cells;
      expect(agree).toBeLessThan(0.75);
      expect(other.y).not.toEqual(r.y);
    });
  }

  it('in evaluation both are the identity (forward and backward)', async () => {
    const x = nonZero(4 * 3 * 4 * 8, 5);
    for (const [def, type, shape] of [[spatialDropout2D, 'SpatialDropout2D', [3, 4, 8]], [spatialDropout1D, 'SpatialDropout1D', [12, 8]]] as const) {
      const r = await run(def as LayerDef<LayerSpec>, { id: 'sd', type, rate: 0.5, inputs: ['x'] } as LayerSpec, 4, [...shape], x, 9, 'infer');
      expect(r.y).toEqual(x);
    }
  });

  it('refuses a rate outside [0, 1) and the wrong input rank, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    const img = [{ shape: [4, 4, 3], dtype: 'float32' as const }];
    expect(spatialDropout2D.infer({ id: 's', type: 'SpatialDropout2D', rate: 1, inputs: [] } as SpatialDropout2DLayer, img, err)).toBeNull();
    expect(spatialDropout1D.infer({ id: 's', type: 'SpatialDropout1D', rate: 0.1, inputs: [] } as SpatialDropout1DLayer, img, err)).toBeNull();
    expect(spatialDropout2D.infer({ id: 's', type: 'SpatialDropout2D', rate: 0.1, inputs: [] } as SpatialDropout2DLayer, [{ shape: [6, 2], dtype: 'int32' }], err)).toBeNull();
    expect(errs).toEqual([
      'rate: rate must be a number from 0 up to (not including) 1 (got 1)',
      'inputs: SpatialDropout1D expects a sequence [T, channels], got [4, 4, 3]',
      'inputs: SpatialDropout2D needs float inputs; token ids need an Embedding first',
    ]);
  });
});

describe('GaussianNoise on the GPU', () => {
  it('stddev 0.5 over 64 x 1000 values: noise mean 0 and std 0.5 within bounds, equal to the reference draws; backward the identity', async () => {
    const B = 64;
    const shape = [10, 100];
    const E = B * size(shape);
    const x = seededArray(E, 6, -1, 1);
    const spec: GaussianNoiseLayer = { id: 'noise', type: 'GaussianNoise', stddev: 0.5, inputs: ['x'] };
    const r = await run(gaussianNoise, spec, B, shape, x, 31337);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < E; i++) {
      const d = r.y[i] - x[i];
      sum += d;
      sq += d * d;
    }
    const mean = sum / E;
    const std = Math.sqrt(sq / E - mean * mean);
    console.log(`[noise] GaussianNoise: noise mean ${mean.toExponential(2)}, std ${std.toFixed(4)} over ${E} values (stddev 0.5)`);
    // Mean: 4 sigma = 4 * 0.5 / sqrt(E); std: its standard error is about 0.5 / sqrt(2E).
    expect(Math.abs(mean)).toBeLessThan((4 * 0.5) / Math.sqrt(E));
    expect(Math.abs(std - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(2 * E));
    const want = gaussianNoiseRef(x, gaussianNoiseDraws(31337, dropoutSalt('noise'), E), 0.5);
    // WGSL's cos is accurate to 2^-11 absolute on [-pi, pi] (log to 2^-21): z within ~3e-3 where
    // sqrt(-2 ln u1) reaches 5.8, so y within 0.5 * 4e-3.
    const drawDiff = maxAbsError(r.y, want);
    console.log(`[noise] GaussianNoise: GPU vs float64 draws ${drawDiff.toExponential(2)}`);
    expect(drawDiff).toBeLessThan(2e-3);
    expect(r.dx).toEqual(r.dy);
    expect([...r.forwardDispatches, ...r.backwardDispatches]).toEqual(['gaussian_noise_forward', 'copy_backward']);
    expect((await run(gaussianNoise, spec, B, shape, x, 31337)).y).toEqual(r.y);
    expect(maxAbsError((await run(gaussianNoise, spec, B, shape, x, 31338)).y, r.y)).toBeGreaterThan(0.5);
  });

  it('in evaluation it is the identity; a negative stddev is refused', async () => {
    const x = seededArray(3 * 7, 8, -1, 1);
    const r = await run(gaussianNoise, { id: 'noise', type: 'GaussianNoise', stddev: 1, inputs: ['x'] }, 3, [7], x, 5, 'infer');
    expect(r.y).toEqual(x);
    const errs: string[] = [];
    expect(gaussianNoise.infer({ id: 'n', type: 'GaussianNoise', stddev: -0.1, inputs: [] }, [{ shape: [7], dtype: 'float32' }], (f, m) => errs.push(`${f}: ${m}`))).toBeNull();
    expect(errs).toEqual(['stddev: stddev must be a number >= 0 (got -0.1)']);
  });
});
