/** Float64 references of LayerNormalization, GELU, positional embedding, GlobalAveragePooling1D vs finite differences. */
import { describe, expect, it } from 'vitest';
import { dot, mulberry32, randArray } from './helpers';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import { layerNormBackwardRef, layerNormForwardRef } from '../../src/engine/reference/layernorm';
import { erf, geluGradRef, geluRef, phiCdf } from '../../src/engine/reference/gelu';
import { globalAvgPool1DGradRef, globalAvgPool1DRef, positionEmbeddingGradRef, positionEmbeddingRef, sinusoidalTable } from '../../src/engine/reference/sequence';

describe('transformer op references', () => {
  it('erf matches tabulated values to 1e-14', () => {
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [2.4999, 0.9995928300996666],
      [2.5, 0.999593047982555],
      [3, 0.9999779095030014],
      [-1.5, -0.9661051464753108],
    ];
    for (const [x, e] of table) expect(Math.abs(erf(x) - e), `erf(${x})`).toBeLessThan(1e-14);
    // Far tail keeps relative precision: Φ(-8) = 6.220960574271819e-16.
    expect(Math.abs(phiCdf(-8) / 6.220960574271819e-16 - 1)).toBeLessThan(1e-10);
  });

  it('GELU gradient vs finite differences', () => {
    const rng = mulberry32(1);
    const x = randArray(rng, 40, -6, 6);
    const dy = randArray(rng, 40);
    const num = numericGradient(() => dot(geluRef(x), dy), x);
    expect(maxRelativeError(num, geluGradRef(x, dy), 1e-3)).toBeLessThan(1e-6);
    expect(geluRef([1])[0]).toBeCloseTo(0.8413447460685429, 14);
  });

  for (const eps of [1e-3, 1e-5]) {
    it(`LayerNorm backward vs finite differences (eps ${eps})`, () => {
      const rng = mulberry32(eps === 1e-3 ? 2 : 3);
      const [R, C] = [3, 5];
      const x = randArray(rng, R * C, -2, 2);
      const gamma = randArray(rng, C, 0.5, 1.5);
      const beta = randArray(rng, C);
      const dy = randArray(rng, R * C);
      const g = layerNormBackwardRef(x, gamma, dy, R, C, eps);
      const L = () => dot(layerNormForwardRef(x, gamma, beta, R, C, eps), dy);
      expect(maxRelativeError(numericGradient(L, x), g.dx, 1e-4)).toBeLessThan(1e-6);
      expect(maxRelativeError(numericGradient(L, gamma), g.dgamma, 1e-4)).toBeLessThan(1e-6);
      expect(maxRelativeError(numericGradient(L, beta), g.dbeta, 1e-4)).toBeLessThan(1e-6);
      // Each output row has mean beta-weighted... with gamma 1, beta 0: zero mean, ~unit variance.
      const y = layerNormForwardRef(x, new Float64Array(C).fill(1), new Float64Array(C), R, C, eps);
      expect(Math.abs(y.slice(0, C).reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
    });
  }

  it('positional embedding and GlobalAveragePooling1D gradients vs finite differences (with a mask)', () => {
    const rng = mulberry32(4);
    const [N, T, D] = [2, 3, 4];
    const x = randArray(rng, N * T * D);
    const table = randArray(rng, T * D);
    const dy = randArray(rng, N * T * D);
    const L = () => dot(positionEmbeddingRef(x, table, N, T, D), dy);
    expect(maxRelativeError(numericGradient(L, table), positionEmbeddingGradRef(dy, N, T, D), 1e-4)).toBeLessThan(1e-6);
    const ids = [5, 0, 2, 0, 0, 0];
    const dp = randArray(rng, N * D);
    for (const m of [null, ids]) {
      const Lp = () => dot(globalAvgPool1DRef(x, N, T, D, m), dp);
      expect(maxRelativeError(numericGradient(Lp, x), globalAvgPool1DGradRef(dp, N, T, D, m), 1e-4)).toBeLessThan(1e-6);
    }
    // Sample 1 is all padding: zeros, not NaN.
    expect(Array.from(globalAvgPool1DRef(x, N, T, D, ids).subarray(D))).toEqual([0, 0, 0, 0]);
    const s = sinusoidalTable(4, 6);
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(1);
    expect(s[1 * 6 + 2]).toBeCloseTo(Math.sin(1 / Math.pow(10000, 2 / 6)), 15);
  });
});
