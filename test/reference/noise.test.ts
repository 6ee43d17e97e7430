/**
 * The random layers' float64 references with the draws fixed by a seed: the gradients of
 * L = sum(dy * y) against finite differences (SpatialDropout with its per-channel mask,
 * GaussianNoise with its noise), the mask shape and the normal draws' moments.
 */
import { describe, expect, it } from 'vitest';
import { gaussianNoiseDraws, gaussianNoiseRef, spatialDropoutMask, spatialDropoutRef } from '../../src/engine/reference/noise';
import { maxAbsError, numericGradient } from '../../src/engine/reference/gradcheck';
import { mulberry32, randArray } from './helpers';

describe('spatial dropout reference', () => {
  it('gradient of [3, 5, 4] with the mask of seed 7 matches finite differences; a channel is kept or dropped whole', () => {
    const [N, S, C, rate] = [3, 5, 4, 0.5];
    const mask = spatialDropoutMask(7, 99, N, C, rate);
    expect(mask.length).toBe(N * C);
    expect(mask.some((m) => m === 0) && mask.some((m) => m === 1)).toBe(true);
    const rng = mulberry32(3);
    const x = randArray(rng, N * S * C);
    const dy = randArray(rng, N * S * C);
    const y = spatialDropoutRef(x, mask, N, S, C, rate);
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let s = 0; s < S; s++) expect(y[(n * S + s) * C + c]).toBe(mask[n * C + c] ? 2 * x[(n * S + s) * C + c] : 0);
    const L = (v: Float64Array) => spatialDropoutRef(v, mask, N, S, C, rate).reduce((a, yi, i) => a + yi * dy[i], 0);
    expect(maxAbsError(spatialDropoutRef(dy, mask, N, S, C, rate), numericGradient(L, x.slice()))).toBeLessThan(1e-8);
  });
});

describe('gaussian noise reference', () => {
  it('gradient with the noise of seed 5 fixed is the identity (finite differences)', () => {
    const rng = mulberry32(4);
    const x = randArray(rng, 24);
    const dy = randArray(rng, 24);
    const z = gaussianNoiseDraws(5, 11, 24);
    const L = (v: Float64Array) => gaussianNoiseRef(v, z, 0.3).reduce((a, yi, i) => a + yi * dy[i], 0);
    expect(maxAbsError(Float64Array.from(dy), numericGradient(L, x.slice()))).toBeLessThan(1e-8);
  });

  it('the draws are standard normal: 200000 of them have mean 0 and variance 1 within 4 sigma, and no infinities', () => {
    const z = gaussianNoiseDraws(123, 456, 200_000);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const varc = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(z.length));
    expect(Math.abs(varc - 1)).toBeLessThan(4 * Math.sqrt(2 / z.length));
    expect(z.every(Number.isFinite)).toBe(true);
  });
});
