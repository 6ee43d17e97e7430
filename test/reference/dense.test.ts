import { describe, it, expect } from 'vitest';
import { ACTIVATIONS, type Activation } from '../../src/engine/reference/activations';
import { denseBackwardRef, denseForwardRef } from '../../src/engine/reference/dense';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import { dot, expectAllClose, mulberry32, randArray } from './helpers';

const M = 3;
const K = 5;
const N = 4;

describe('denseForwardRef', () => {
  it('literal 2x3 @ 3x2 + bias, relu', () => {
    // x @ w = [[58,64],[139,154]] (see matmul test); + b = [-60, 1]
    const x = [1, 2, 3, 4, 5, 6];
    const w = [7, 8, 9, 10, 11, 12];
    const { z, y } = denseForwardRef(x, w, [-60, 1], 2, 3, 2, 'relu');
    expect(Array.from(z)).toEqual([-2, 65, 79, 155]);
    expect(Array.from(y)).toEqual([0, 65, 79, 155]);
  });

  it('null bias equals zero bias', () => {
    const rng = mulberry32(3);
    const x = randArray(rng, M * K);
    const w = randArray(rng, K * N);
    expectAllClose(denseForwardRef(x, w, null, M, K, N, 'tanh').y, denseForwardRef(x, w, new Float64Array(N), M, K, N, 'tanh').y);
  });
});

describe('denseBackwardRef matches finite differences', () => {
  ACTIVATIONS.forEach((act: Activation, idx) => {
    it(`${act} (M=${M}, K=${K}, N=${N})`, () => {
      const rng = mulberry32(500 + idx);
      let x: Float64Array, w: Float64Array, b: Float64Array;
      // Redraw until every pre-activation is at least 0.05 away from the relu kink.
      for (;;) {
        x = randArray(rng, M * K);
        w = randArray(rng, K * N);
        b = randArray(rng, N, -0.5, 0.5);
        const { z } = denseForwardRef(x, w, b, M, K, N, act);
        if (act !== 'relu' || Array.from(z).every((v) => Math.abs(v) > 0.05)) break;
      }
      const dy = randArray(rng, M * N);
      const { y } = denseForwardRef(x, w, b, M, K, N, act);
      const { dx, dw, db } = denseBackwardRef(x, w, y, dy, M, K, N, act);
      expect(dx.length).toBe(M * K);
      expect(dw.length).toBe(K * N);
      expect(db.length).toBe(N);

      const loss = (xx: Float64Array, ww: Float64Array, bb: Float64Array) =>
        dot(denseForwardRef(xx, ww, bb, M, K, N, act).y, dy);
      const ndx = numericGradient((v) => loss(v, w, b), x);
      const ndw = numericGradient((v) => loss(x, v, b), w);
      const ndb = numericGradient((v) => loss(x, w, v), b);
      expect(maxRelativeError(dx, ndx)).toBeLessThan(1e-6);
      expect(maxRelativeError(dw, ndw)).toBeLessThan(1e-6);
      expect(maxRelativeError(db, ndb)).toBeLessThan(1e-6);
    });
  });
});
