/** The merge layers' float64 references: literal values, and each input's gradient against finite differences of L = sum(dy * y). */
import { describe, expect, it } from 'vitest';
import { concatBackward, concatForward, multiplyBackward, multiplyForward } from '../../src/engine/reference/merge';
import { maxAbsError, maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import { mulberry32, randArray } from './helpers';

const dotWith = (dy: Float64Array) => (y: Float64Array) => y.reduce((s, v, i) => s + v * dy[i], 0);

describe('multiply reference', () => {
  it('literal product', () => {
    expect(Array.from(multiplyForward(Float64Array.from([1, -2, 3]), Float64Array.from([4, 5, -0.5])))).toEqual([4, -10, -1.5]);
  });

  it('gradients to both inputs match finite differences', () => {
    const rng = mulberry32(17);
    const a = randArray(rng, 24);
    const b = randArray(rng, 24);
    const dy = randArray(rng, 24);
    const [da, db] = multiplyBackward(a, b, dy);
    const L = dotWith(dy);
    expect(maxRelativeError(da, numericGradient((x) => L(multiplyForward(x, b)), a.slice()))).toBeLessThan(1e-7);
    expect(maxRelativeError(db, numericGradient((x) => L(multiplyForward(a, x)), b.slice()))).toBeLessThan(1e-7);
    // Not a copy: da is dy * b, so it differs from dy wherever b != 1.
    expect(maxRelativeError(da, dy)).toBeGreaterThan(0.1);
  });
});

describe('concatenate reference', () => {
  it('literal: two [2, 1] and one [2, 2] rows on the last axis, and two [1, 2] on the first', () => {
    const a = Float64Array.from([1, 2]);
    const b = Float64Array.from([3, 4]);
    const c = Float64Array.from([5, 6, 7, 8]);
    expect(Array.from(concatForward([a, b, c], [[2, 1], [2, 1], [2, 2]], 1, 1))).toEqual([1, 3, 5, 6, 2, 4, 7, 8]);
    expect(Array.from(concatForward([a, b], [[1, 2], [1, 2]], 0, 1))).toEqual([1, 2, 3, 4]);
  });

  for (const k of [0, 1, 2]) {
    it(`gradients to three inputs of [B=2, 3, 4, 2] (axis ${k} of the sample) match finite differences`, () => {
      const rng = mulberry32(40 + k);
      const shapes = [0, 1, 2].map((i) => [3, 4, 2].map((d, j) => (j === k ? d + i : d)));
      const xs = shapes.map((s) => randArray(rng, 2 * s.reduce((a, b) => a * b, 1)));
      const y = concatForward(xs, shapes, k, 2);
      const dy = randArray(rng, y.length);
      const dxs = concatBackward(dy, shapes, k, 2);
      const L = dotWith(dy);
      xs.forEach((x, i) => {
        const f = (v: Float64Array) => L(concatForward(xs.map((o, j) => (j === i ? v : o)), shapes, k, 2));
        expect(maxAbsError(dxs[i], numericGradient(f, x.slice()))).toBeLessThan(1e-8);
      });
    });
  }
});
