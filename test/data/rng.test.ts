/** Tests for the seeded PRNG: pinned outputs, distribution sanity, permutations and forks. */
import { describe, it, expect } from 'vitest';
import { createRng, deriveSeed } from '../../src/data/rng';

describe('createRng', () => {
  it('produces pinned first values for seed 42 (cross-platform determinism)', () => {
    const r = createRng(42);
    expect([r.nextU32(), r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([1028872839, 2516511472, 400437680, 853279530]);
    const f = createRng(42);
    expect([f.next(), f.next(), f.next()]).toEqual([0.23955312807799112, 0.09323416053257594, 0.4471016215948881]);
    const g = createRng(42);
    expect([g.normal(), g.normal(), g.normal(), g.normal()]).toEqual([
      0.6166719786501166, 0.40916222822393816, 0.6321259202741492, -0.8863289107225868,
    ]);
    const h = createRng(42);
    expect([h.int(10), h.int(1000), h.uniform(-1, 1)]).toEqual([9, 472, -0.8135316789348481]);
    expect(Array.from(createRng(42).permutation(8))).toEqual([5, 1, 3, 4, 0, 2, 6, 7]);
    expect(createRng(0).nextU32()).toBe(4205396811);
    expect(createRng(1).nextU32()).toBe(1828152527);
  });

  it('same seed gives the same sequence; different seeds differ', () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('takes seeds modulo 2^32 and rejects non-integers', () => {
    expect(createRng(-1).nextU32()).toBe(createRng(4294967295).nextU32());
    expect(() => createRng(1.5)).toThrow(/integer/);
    expect(() => createRng(NaN)).toThrow(/integer/);
  });

  it('next() is in [0, 1) with mean ~0.5; uniform respects bounds', () => {
    const r = createRng(5);
    const v = Array.from({ length: 20000 }, () => r.next());
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.abs(v.reduce((a, b) => a + b) / v.length - 0.5)).toBeLessThan(0.01);
    const u = Array.from({ length: 1000 }, () => r.uniform(-3, 2));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...u)).toBeLessThan(2);
  });

  it('int(n) covers [0, n) evenly and validates n', () => {
    const r = createRng(9);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    expect(r.int(1)).toBe(0);
    expect(r.int(2 ** 32)).toBeLessThan(2 ** 32);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(2.5)).toThrow(RangeError);
    expect(() => r.int(2 ** 32 + 1)).toThrow(RangeError);
  });

  it('normal() has the requested mean and std', () => {
    const r = createRng(2024);
    const n = 100000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal(3, 2);
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    const std = Math.sqrt(s2 / n - mean * mean);
    expect(Math.abs(mean - 3)).toBeLessThan(0.03);
    expect(Math.abs(std - 2)).toBeLessThan(0.03);
    // Standard normal: ~68.3% within one std.
    const z = createRng(7);
    let inside = 0;
    for (let i = 0; i < n; i++) if (Math.abs(z.normal()) < 1) inside++;
    expect(Math.abs(inside / n - 0.6827)).toBeLessThan(0.01);
  });

  it('permutation(n) is a permutation, and shuffleInPlace keeps the elements', () => {
    for (const n of [0, 1, 2, 17, 1000]) {
      const p = createRng(n).permutation(n);
      expect(p).toBeInstanceOf(Uint32Array);
      expect(p.length).toBe(n);
      expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const arr = ['a', 'b', 'c', 'd', 'e', 'f'];
    const shuffled = createRng(1).shuffleInPlace([...arr]);
    expect([...shuffled].sort()).toEqual(arr);
    const typed = createRng(1).shuffleInPlace(new Float32Array([1, 2, 3, 4]));
    expect(Array.from(typed).sort()).toEqual([1, 2, 3, 4]);
  });

  it('fork(label) is deterministic, label-dependent and independent of parent position', () => {
    const parent = createRng(42);
    const before = parent.fork('child').nextU32();
    parent.next();
    parent.normal();
    const after = parent.fork('child').nextU32();
    expect(before).toBe(after);
    expect(before).toBe(1013385399);
    expect(createRng(42).fork('child').fork(3).nextU32()).toBe(1096496069);
    const labels = ['a', 'b', 1, '1', 2, 'child'];
    const firsts = labels.map((l) => createRng(42).fork(l).nextU32());
    expect(new Set(firsts).size).toBe(labels.length);
    expect(createRng(43).fork('child').nextU32()).not.toBe(before);
    // A fork does not replay its parent.
    expect(createRng(42).fork('x').nextU32()).not.toBe(createRng(42).nextU32());
  });

  it('deriveSeed is a deterministic u32 per (seed, label)', () => {
    expect(deriveSeed(1, 'train')).toBe(deriveSeed(1, 'train'));
    expect(deriveSeed(1, 'train')).not.toBe(deriveSeed(1, 'test'));
    const s = deriveSeed(9, 0);
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
