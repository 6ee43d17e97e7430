/** PReLU's float64 reference: literal values and both gradients (input and alpha, per-channel and per-value sharing) against finite differences of L = sum(dy * y). */
import { describe, expect, it } from 'vitest';
import { alphaIndex, preluBackwardRef, preluForwardRef } from '../../src/engine/reference/prelu';
import { maxAbsError, numericGradient } from '../../src/engine/reference/gradcheck';
import { mulberry32, randArray } from './helpers';

describe('PReLU reference', () => {
  it('literal: alpha per channel of a [1, 2, 2] image', () => {
    const idx = alphaIndex([1, 2, 2], [0, 1]);
    expect(Array.from(idx)).toEqual([0, 1, 0, 1]);
    expect(Array.from(preluForwardRef([-2, 3, 1, -4], [0.5, 0.25], idx))).toEqual([-1, 3, 1, -1]);
  });

  for (const [sample, shared] of [[[3, 2, 4], [0, 1]], [[3, 2, 4], []], [[5, 3], [1]]] as const) {
    it(`gradients of [2, ${sample}] shared [${shared}] match finite differences`, () => {
      const rng = mulberry32(11);
      const idx = alphaIndex(sample, shared);
      const A = Math.max(...idx) + 1;
      const x = randArray(rng, 2 * idx.length);
      const alpha = randArray(rng, A);
      const dy = randArray(rng, x.length);
      const g = preluBackwardRef(x, alpha, dy, idx);
      const Lx = (v: Float64Array) => preluForwardRef(v, alpha, idx).reduce((s, y, i) => s + y * dy[i], 0);
      const La = (a: Float64Array) => preluForwardRef(x, a, idx).reduce((s, y, i) => s + y * dy[i], 0);
      expect(maxAbsError(g.dx, numericGradient(Lx, x.slice()))).toBeLessThan(1e-8);
      expect(maxAbsError(g.dalpha, numericGradient(La, alpha.slice()))).toBeLessThan(1e-8);
    });
  }
});
