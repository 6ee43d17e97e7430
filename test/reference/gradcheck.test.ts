import { describe, it, expect } from 'vitest';
import { maxAbsError, maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import { expectAllClose } from './helpers';

describe('gradcheck helpers', () => {
  it('numericGradient of a cubic and restores x', () => {
    // f = x0^3 + 2 x0 x1 - x2 ; grad = [3x0^2 + 2x1, 2x0, -1]
    const x = new Float64Array([1.5, -2, 0.25]);
    const g = numericGradient((v) => v[0] ** 3 + 2 * v[0] * v[1] - v[2], x);
    expectAllClose(g, [3 * 2.25 - 4, 3, -1], 1e-8);
    expect(Array.from(x)).toEqual([1.5, -2, 0.25]);
  });

  it('error measures', () => {
    expect(maxAbsError([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(maxRelativeError([1, 2, 4], [1, 2.5, 2])).toBe(0.5); // |4-2| / 4
    expect(maxRelativeError([0, 0], [0, 0])).toBe(0);
    expect(maxRelativeError([0], [1e-10])).toBeCloseTo(1e-2, 12); // floor 1e-8
    expect(maxRelativeError([NaN], [1])).toBeNaN();
    expect(() => maxAbsError([1], [1, 2])).toThrow(/length/);
  });
});
