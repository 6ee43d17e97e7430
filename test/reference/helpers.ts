// Shared test utilities for the float64 references: a tiny seeded PRNG (no Math.random).
import { expect } from 'vitest';

/** mulberry32: deterministic 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n uniform values in [lo, hi). */
export function randArray(rng: () => number, n: number, lo = -1, hi = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng();
  return out;
}

/** n uniform values in [lo, hi) with |v| >= gap (keeps relu inputs away from the kink). */
export function randAwayFromZero(rng: () => number, n: number, gap = 0.1, lo = -1, hi = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = lo + (hi - lo) * rng();
    while (Math.abs(v) < gap);
    out[i] = v;
  }
  return out;
}

/** Element-wise closeness with a relative+absolute tolerance. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    const bound = tol * Math.max(1, Math.abs(expected[i]));
    if (!(err <= bound)) {
      throw new Error(`index ${i}: got ${actual[i]}, expected ${expected[i]} (|err| ${err} > ${bound})`);
    }
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
