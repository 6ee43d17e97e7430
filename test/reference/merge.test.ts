/** The merge layers' float64 references: literal values, and each input's gradient against finite differences of L = sum(dy * y). */
import { describe, expect, it } from 'vitest';
import { multiplyBackward, multiplyForward } from '../../src/engine/reference/merge';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
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
