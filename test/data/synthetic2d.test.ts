/** Tests for the 2D toy generators: shapes, class balance, value ranges, determinism. */
import { describe, it, expect } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import {
  BUMP_SIGMA, PLANE_A, PLANE_B, PLANE_C, circles, gaussian, gaussians, plane, spiral, xor,
} from '../../src/data/synthetic2d';
import { checksum } from './checksum';

const classifiers = { circles, xor, gaussians, spiral };
const regressors = { plane, gaussian };
const all = { ...classifiers, ...regressors };

function classCounts(ds: Dataset): number[] {
  const counts = [0, 0];
  for (const c of ds.y) counts[c]++;
  return counts;
}

describe('2D classification generators', () => {
  for (const [name, gen] of Object.entries(classifiers)) {
    it(`${name}: shapes, metadata, balanced classes`, () => {
      const ds = gen({ n: 501, noise: 0, seed: 1 });
      expect(ds.task).toBe('classification');
      expect(ds.n).toBe(501);
      expect(ds.inputShape).toEqual([2]);
      expect(ds.targetShape).toEqual([]);
      expect(ds.numClasses).toBe(2);
      expect(ds.classNames).toHaveLength(2);
      expect(ds.inputDtype).toBe('float32');
      expect(ds.x).toBeInstanceOf(Float32Array);
      expect(ds.y).toBeInstanceOf(Int32Array);
      expect(ds.x.length).toBe(1002);
      expect(ds.y.length).toBe(501);
      expect(classCounts(ds)).toEqual([251, 250]);
      expect(ds.x.every((v) => Math.abs(v) < 8)).toBe(true);
      // Rows are shuffled: the first half is not all one class.
      const firstHalf = Array.from(ds.y.subarray(0, 250));
      expect(new Set(firstHalf).size).toBe(2);
    });

    it(`${name}: moderately noisy data stays roughly balanced`, () => {
      // Noise may flip labels near the boundary (circles: mostly disc -> ring, as in the Playground).
      const [c0, c1] = classCounts(gen({ n: 2000, noise: 0.2, seed: 3 }));
      expect(Math.abs(c0 - c1)).toBeLessThan(400);
    });
  }

  it('circles: class 1 inside radius 2.5, class 0 outside 3.5 (noise 0)', () => {
    const ds = circles({ n: 400, noise: 0, seed: 2 });
    for (let i = 0; i < ds.n; i++) {
      const r = Math.hypot(ds.x[2 * i], ds.x[2 * i + 1]);
      if (ds.y[i] === 1) expect(r).toBeLessThanOrEqual(2.5 + 1e-6);
      else expect(r).toBeGreaterThanOrEqual(3.5 - 1e-6);
    }
  });

  it('xor: label 1 iff x0 * x1 >= 0 (noise 0)', () => {
    const ds = xor({ n: 400, noise: 0, seed: 2 });
    for (let i = 0; i < ds.n; i++) expect(ds.y[i]).toBe(ds.x[2 * i] * ds.x[2 * i + 1] >= 0 ? 1 : 0);
  });

  it('gaussians: class means near (2,2) and (-2,-2)', () => {
    const ds = gaussians({ n: 2000, noise: 0, seed: 2 });
    const sum = [0, 0, 0, 0];
    for (let i = 0; i < ds.n; i++) {
      sum[ds.y[i] * 2] += ds.x[2 * i];
      sum[ds.y[i] * 2 + 1] += ds.x[2 * i + 1];
    }
    const m = sum.map((s) => s / 1000);
    expect(m[0]).toBeCloseTo(-2, 0);
    expect(m[1]).toBeCloseTo(-2, 0);
    expect(m[2]).toBeCloseTo(2, 0);
    expect(m[3]).toBeCloseTo(2, 0);
  });
});

describe('2D regression generators', () => {
  for (const [name, gen] of Object.entries(regressors)) {
    it(`${name}: shapes and metadata`, () => {
      const ds = gen({ n: 300, noise: 0.1, seed: 1 });
      expect(ds.task).toBe('regression');
      expect(ds.inputShape).toEqual([2]);
      expect(ds.targetShape).toEqual([1]);
      expect(ds.numClasses).toBeUndefined();
      expect(ds.x).toBeInstanceOf(Float32Array);
      expect(ds.y).toBeInstanceOf(Float32Array);
      expect(ds.x.length).toBe(600);
      expect(ds.y.length).toBe(300);
      expect(ds.x.every((v) => v >= -6 && v <= 6)).toBe(true);
    });
  }

  it('plane: noise-free target is the documented plane', () => {
    const ds = plane({ n: 200, noise: 0, seed: 4 });
    for (let i = 0; i < ds.n; i++) {
      expect(ds.y[i]).toBeCloseTo(PLANE_A * ds.x[2 * i] + PLANE_B * ds.x[2 * i + 1] + PLANE_C, 5);
    }
  });

  it('gaussian: noise-free target is the documented bump, noise adds spread', () => {
    const clean = gaussian({ n: 200, noise: 0, seed: 4 });
    for (let i = 0; i < clean.n; i++) {
      const r2 = clean.x[2 * i] ** 2 + clean.x[2 * i + 1] ** 2;
      expect(clean.y[i]).toBeCloseTo(Math.exp(-r2 / (2 * BUMP_SIGMA ** 2)), 5);
    }
    const noisy = gaussian({ n: 200, noise: 0.2, seed: 4 });
    expect(Array.from(noisy.x)).toEqual(Array.from(clean.x));
    let sq = 0;
    for (let i = 0; i < 200; i++) sq += (noisy.y[i] - clean.y[i]) ** 2;
    expect(Math.sqrt(sq / 200)).toBeCloseTo(0.1, 1); // std = 0.5 * noise
  });
});

describe('2D generators: determinism', () => {
  // Bit-exact pins: a change here means data differs across versions or platforms.
  const pinned: Record<string, [number, number]> = {
    circles: [795301594, 3624805237],
    xor: [2708028426, 2203158629],
    gaussians: [2592469491, 1352165909],
    spiral: [1825884600, 4177860885],
    plane: [2896631330, 723512094],
    gaussian: [3886637024, 224683216],
  };
  for (const [name, gen] of Object.entries(all)) {
    it(`${name}: same seed identical, different seed differs, pinned checksum`, () => {
      const a = gen({ n: 200, noise: 0.2, seed: 7 });
      const b = gen({ n: 200, noise: 0.2, seed: 7 });
      const c = gen({ n: 200, noise: 0.2, seed: 8 });
      expect(a.x).toEqual(b.x);
      expect(a.y).toEqual(b.y);
      expect(a.x).not.toEqual(c.x);
      expect([checksum(a.x), checksum(a.y)]).toEqual(pinned[name]);
    });
  }

  it('validates options', () => {
    expect(() => circles({ n: 0, noise: 0, seed: 1 })).toThrow(/n must be a positive integer/);
    expect(() => xor({ n: 10, noise: -1, seed: 1 })).toThrow(/noise/);
    expect(() => plane({ n: 10, noise: 0, seed: 0.5 })).toThrow(/seed/);
  });
});
