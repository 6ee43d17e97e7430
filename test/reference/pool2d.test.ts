import { describe, it, expect } from 'vitest';
import {
  avgPool2dBackwardRef,
  avgPool2dForwardRef,
  globalAvgPool2dBackwardRef,
  globalAvgPool2dForwardRef,
  maxPool2dBackwardRef,
  maxPool2dForwardRef,
} from '../../src/engine/reference/pool2d';
import { pool2dGeometry, type Pool2DGeometry } from '../../src/engine/geometry';
import {
  dropoutBackwardRef,
  dropoutForwardRef,
  dropoutHash,
  dropoutKey,
  dropoutMask,
  dropoutScale,
  dropoutThreshold,
} from '../../src/engine/reference/dropout';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import { dot, expectAllClose, mulberry32, randArray } from './helpers';
import type { Padding } from '../../src/engine/spec';

/** Distinct values (gaps of 2/n) in shuffled order: no ties in any max-pool window. */
function distinct(rng: () => number, n: number): Float64Array {
  const v = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

describe('pool2dGeometry (Keras / TensorFlow)', () => {
  it('valid: floor((H - P) / S) + 1, no padding', () => {
    const g = pool2dGeometry(5, 7, 3, [2, 2], [2, 2], 'valid');
    expect([g.OH, g.OW, g.PT, g.PL]).toEqual([2, 3, 0, 0]);
    const h = pool2dGeometry(5, 7, 3, [3, 2], [1, 3], 'valid');
    expect([h.OH, h.OW]).toEqual([3, 2]);
  });

  it('same: ceil(H / S), pad_total = max((O-1)S + P - H, 0), extra row at the bottom', () => {
    const g = pool2dGeometry(5, 7, 4, [3, 3], [2, 2], 'same');
    expect([g.OH, g.OW, g.PT, g.PL]).toEqual([3, 4, 1, 1]);
    const h = pool2dGeometry(6, 5, 1, [2, 2], [2, 2], 'same');
    expect([h.OH, h.OW, h.PT, h.PL]).toEqual([3, 3, 0, 0]); // pad_total 0 and 1 (bottom only)
    const k = pool2dGeometry(5, 5, 1, [4, 4], [1, 1], 'same');
    expect([k.OH, k.OW, k.PT, k.PL]).toEqual([5, 5, 1, 1]); // pad_total 3 = 1 top + 2 bottom
  });

  it('a pool larger than the input fits with "same" and not with "valid"', () => {
    expect(pool2dGeometry(2, 2, 1, [3, 3], [1, 1], 'valid').OH).toBe(0);
    const g = pool2dGeometry(2, 2, 1, [3, 3], [3, 3], 'same');
    expect([g.OH, g.OW, g.PT]).toEqual([1, 1, 0]);
  });
});

describe('pooling forward on literals', () => {
  it('max pool 2x2 stride 2 over a 4x4 image, with argmax', () => {
    const x = [1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 2, 1, 7];
    const g = pool2dGeometry(4, 4, 1, [2, 2], [2, 2], 'valid');
    const { y, argmax } = maxPool2dForwardRef(x, 1, g);
    expect(Array.from(y)).toEqual([5, 8, 9, 7]);
    expect(Array.from(argmax)).toEqual([1, 6, 12, 15]);
  });

  it('average pool with "same" divides by the real cells only', () => {
    const x = new Float64Array(9).fill(1);
    const g = pool2dGeometry(3, 3, 1, [2, 2], [1, 1], 'same');
    expect(Array.from(avgPool2dForwardRef(x, 1, g))).toEqual(new Array(9).fill(1));
    const ramp = Float64Array.from({ length: 9 }, (_, i) => i); // rows 0 1 2 / 3 4 5 / 6 7 8
    const y = avgPool2dForwardRef(ramp, 1, g);
    expect(y[2]).toBeCloseTo((2 + 5) / 2, 12); // right column: window of 2 real cells
    expect(y[8]).toBeCloseTo(8, 12); // corner: 1 real cell
  });

  it('global average pool averages each channel', () => {
    const x = [1, 10, 2, 20, 3, 30, 4, 40]; // [1, 2, 2, 2]
    expect(Array.from(globalAvgPool2dForwardRef(x, 1, 2, 2, 2))).toEqual([2.5, 25]);
  });
});

const CASES: { B: number; H: number; W: number; C: number; pool: [number, number]; strides: [number, number]; padding: Padding }[] = [
  { B: 2, H: 5, W: 7, C: 3, pool: [2, 2], strides: [2, 2], padding: 'valid' },
  { B: 1, H: 5, W: 7, C: 2, pool: [3, 3], strides: [1, 1], padding: 'valid' }, // overlapping
  { B: 2, H: 5, W: 7, C: 3, pool: [3, 3], strides: [2, 2], padding: 'same' },
  { B: 1, H: 5, W: 6, C: 2, pool: [2, 3], strides: [1, 2], padding: 'same' },
  { B: 1, H: 7, W: 5, C: 1, pool: [2, 2], strides: [3, 3], padding: 'valid' }, // gaps between windows
  { B: 1, H: 4, W: 4, C: 2, pool: [4, 4], strides: [1, 1], padding: 'same' }, // big padding
];

describe('pooling backward matches finite differences', () => {
  for (const [i, cs] of CASES.entries()) {
    const label = `B=${cs.B} ${cs.H}x${cs.W}x${cs.C} pool ${cs.pool} stride ${cs.strides} ${cs.padding}`;
    const g: Pool2DGeometry = pool2dGeometry(cs.H, cs.W, cs.C, cs.pool, cs.strides, cs.padding);
    const nIn = cs.B * cs.H * cs.W * cs.C;
    const nOut = cs.B * g.OH * g.OW * cs.C;

    it(`max: ${label}`, () => {
      const rng = mulberry32(100 + i);
      const x = distinct(rng, nIn);
      const dy = randArray(rng, nOut);
      const { argmax } = maxPool2dForwardRef(x, cs.B, g);
      const dx = maxPool2dBackwardRef(dy, argmax, cs.B, g);
      const ndx = numericGradient((v) => dot(maxPool2dForwardRef(v, cs.B, g).y, dy), x);
      expect(maxRelativeError(dx, ndx, 1e-6)).toBeLessThan(1e-6);
    });

    it(`average: ${label}`, () => {
      const rng = mulberry32(200 + i);
      const x = randArray(rng, nIn);
      const dy = randArray(rng, nOut);
      const dx = avgPool2dBackwardRef(dy, cs.B, g);
      const ndx = numericGradient((v) => dot(avgPool2dForwardRef(v, cs.B, g), dy), x);
      expect(maxRelativeError(dx, ndx, 1e-6)).toBeLessThan(1e-6);
    });
  }

  it('global average: B=2 5x7x3', () => {
    const rng = mulberry32(300);
    const x = randArray(rng, 2 * 5 * 7 * 3);
    const dy = randArray(rng, 2 * 3);
    const dx = globalAvgPool2dBackwardRef(dy, 2, 5, 7, 3);
    const ndx = numericGradient((v) => dot(globalAvgPool2dForwardRef(v, 2, 5, 7, 3), dy), x);
    expect(maxRelativeError(dx, ndx, 1e-6)).toBeLessThan(1e-6);
  });
});

describe('dropout reference', () => {
  it('keeps about 1 - rate of the elements, and the same seed gives the same mask', () => {
    const n = 100_000;
    for (const rate of [0.1, 0.5, 0.8]) {
      const m = dropoutMask(7, 11, n, rate);
      const kept = m.reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(kept - (1 - rate))).toBeLessThan(0.01);
      const again = dropoutMask(7, 11, n, rate);
      expect(again.every((v, i) => v === m[i])).toBe(true);
    }
    expect(dropoutMask(7, 11, 1000, 0).every((v) => v === 1)).toBe(true);
  });

  it('a different seed or salt gives a different, uncorrelated mask', () => {
    const n = 20_000;
    const a = dropoutMask(7, 11, n, 0.5);
    for (const b of [dropoutMask(8, 11, n, 0.5), dropoutMask(7, 12, n, 0.5)]) {
      let agree = 0;
      for (let i = 0; i < n; i++) agree += a[i] === b[i] ? 1 : 0;
      expect(Math.abs(agree / n - 0.5)).toBeLessThan(0.02);
    }
  });

  it('hash, threshold and scale are u32 / float32 exact', () => {
    const key = dropoutKey(0xffffffff, 0xffffffff);
    expect(Number.isInteger(key) && key >= 0 && key < 2 ** 32).toBe(true);
    expect(dropoutHash(key, 123) >>> 0).toBe(dropoutHash(key, 123));
    expect(dropoutThreshold(0.5)).toBe(2 ** 31);
    expect(dropoutThreshold(0)).toBe(0);
    expect(dropoutScale(0.5)).toBe(2);
    expect(dropoutScale(0.3)).toBe(Math.fround(1 / 0.7));
  });

  it('forward and backward given the mask; backward matches finite differences', () => {
    const rng = mulberry32(400);
    const rate = 0.25;
    const x = randArray(rng, 64);
    const dy = randArray(rng, 64);
    const mask = dropoutMask(3, 5, 64, rate);
    const y = dropoutForwardRef(x, mask, rate);
    for (let i = 0; i < 64; i++) expect(y[i]).toBe(mask[i] ? x[i] * (1 / 0.75) : 0);
    const dx = dropoutBackwardRef(dy, mask, rate);
    const ndx = numericGradient((v) => dot(dropoutForwardRef(v, mask, rate), dy), x);
    expectAllClose(dx, ndx, 1e-8);
  });
});
