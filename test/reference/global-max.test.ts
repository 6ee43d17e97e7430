/** Global max pooling's float64 reference: literal values with ties, and the gradient against finite differences of L = sum(dy * y). */
import { describe, expect, it } from 'vitest';
import { globalMaxPoolBackwardRef, globalMaxPoolForwardRef } from '../../src/engine/reference/global-max';
import { maxAbsError, numericGradient } from '../../src/engine/reference/gradcheck';
import { mulberry32, randArray } from './helpers';

describe('global max pooling reference', () => {
  it('literal: [1, 3, 2] with a tie in channel 0 (the gradient split in halves, as keras.ops.max / torch.amax)', () => {
    const x = Float64Array.from([1, 2, 3, -2, 3, 0]);
    expect(Array.from(globalMaxPoolForwardRef(x, 1, 3, 2))).toEqual([3, 2]);
    expect(Array.from(globalMaxPoolBackwardRef(x, Float64Array.from([4, -1]), 1, 3, 2))).toEqual([0, -1, 2, 0, 2, 0]);
  });

  it('all negative values: the max is the largest of them, not 0', () => {
    expect(Array.from(globalMaxPoolForwardRef(Float64Array.from([-5, -2, -7]), 1, 3, 1))).toEqual([-2]);
  });

  it('gradient of [3, 7, 4] (no ties) matches finite differences', () => {
    const rng = mulberry32(8);
    const [B, S, C] = [3, 7, 4];
    const x = randArray(rng, B * S * C);
    const dy = randArray(rng, B * C);
    const L = (v: Float64Array) => globalMaxPoolForwardRef(v, B, S, C).reduce((s, y, i) => s + y * dy[i], 0);
    const g = globalMaxPoolBackwardRef(x, dy, B, S, C);
    expect(maxAbsError(g, numericGradient(L, x.slice()))).toBeLessThan(1e-8);
    // One non-zero per (b, c): the argmax.
    expect(g.filter((v) => v !== 0).length).toBe(B * C);
  });
});
