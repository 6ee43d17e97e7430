/** The pixel-moving layers' float64 references: literal values, and the gradient against finite differences of L = sum(dy * y). */
import { describe, expect, it } from 'vitest';
import { upsample2dBackward, upsample2dForward, zeroPad2dBackward, zeroPad2dForward } from '../../src/engine/reference/spatial2d';
import { maxAbsError, numericGradient } from '../../src/engine/reference/gradcheck';
import { mulberry32, randArray } from './helpers';

describe('zero padding reference', () => {
  it('literal: a 2x2 one-channel image padded (top 1, bottom 0, left 0, right 2)', () => {
    const y = zeroPad2dForward(Float64Array.from([1, 2, 3, 4]), 1, [2, 2, 1], [1, 0, 0, 2]);
    expect(Array.from(y)).toEqual([0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
  });

  it('gradient of [2, 3, 4, 2] padded (2, 1, 0, 3) matches finite differences', () => {
    const rng = mulberry32(5);
    const shape = [3, 4, 2];
    const pads = [2, 1, 0, 3] as const;
    const x = randArray(rng, 2 * 24);
    const dy = randArray(rng, zeroPad2dForward(x, 2, shape, pads).length);
    const L = (v: Float64Array) => zeroPad2dForward(v, 2, shape, pads).reduce((s, y, i) => s + y * dy[i], 0);
    expect(maxAbsError(zeroPad2dBackward(dy, 2, shape, pads), numericGradient(L, x.slice()))).toBeLessThan(1e-8);
  });
});

describe('nearest upsampling reference', () => {
  it('literal: a 1x2 one-channel image by [2, 3]', () => {
    expect(Array.from(upsample2dForward(Float64Array.from([1, 2]), 1, [1, 2, 1], [2, 3]))).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2]);
  });

  it('gradient of [2, 3, 2, 2] upsampled [3, 2] matches finite differences', () => {
    const rng = mulberry32(6);
    const shape = [3, 2, 2];
    const x = randArray(rng, 2 * 12);
    const dy = randArray(rng, 2 * 12 * 6);
    const L = (v: Float64Array) => upsample2dForward(v, 2, shape, [3, 2]).reduce((s, y, i) => s + y * dy[i], 0);
    expect(maxAbsError(upsample2dBackward(dy, 2, shape, [3, 2]), numericGradient(L, x.slice()))).toBeLessThan(1e-8);
  });
});
