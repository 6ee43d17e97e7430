/** PCA to 2D against a float64 Jacobi eigen-decomposition of the sample covariance. */
import { describe, expect, it } from 'vitest';
import { pca2 } from '../../../src/engine/inspect/pca';

/** Eigenvalues of a symmetric matrix (cyclic Jacobi), largest first. */
function jacobiEigenvalues(m: number[][]): number[] {
  const a = m.map((r) => r.slice());
  const d = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
  }
  return a.map((r, i) => r[i]).sort((x, y) => y - x);
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** n rows of d values: independent scales along the axes, then a fixed rotation mixing them. */
function sample(n: number, d: number, scales: number[], seed: number): Float64Array {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const z = Array.from({ length: n }, () => scales.map((s) => s * gauss() + 3));
  // A rotation: Gram-Schmidt on a fixed random matrix.
  const q: number[][] = [];
  for (let i = 0; i < d; i++) {
    const v = Array.from({ length: d }, () => r() - 0.5);
    for (const u of q) {
      const p = v.reduce((acc, vi, k) => acc + vi * u[k], 0);
      for (let k = 0; k < d; k++) v[k] -= p * u[k];
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = z[i].reduce((acc, zk, k) => acc + zk * q[k][j], 0);
  return x;
}

function covariance(x: Float64Array, n: number, d: number): number[][] {
  const mean = Array.from({ length: d }, (_, j) => { let s = 0; for (let i = 0; i < n; i++) s += x[i * d + j]; return s / n; });
  return Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => { let s = 0; for (let i = 0; i < n; i++) s += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]); return s / (n - 1); }));
}

describe('pca2', () => {
  it('explains the top two eigenvalues of the sample covariance, on orthonormal axes', () => {
    const n = 300;
    const d = 7;
    const x = sample(n, d, [5, 3, 1.5, 1, 0.7, 0.4, 0.2], 11);
    const eig = jacobiEigenvalues(covariance(x, n, d));
    const p = pca2(x, n, d);
    expect(p.variance[0]).toBeCloseTo(eig[0], 9);
    expect(p.variance[1]).toBeCloseTo(eig[1], 9);
    expect(p.totalVariance).toBeCloseTo(eig.reduce((a, b) => a + b, 0), 9);
    // The coordinates' own variances are the eigenvalues, and the two are uncorrelated.
    let v1 = 0, v2 = 0, c12 = 0;
    for (let i = 0; i < n; i++) {
      v1 += p.coords[2 * i] ** 2;
      v2 += p.coords[2 * i + 1] ** 2;
      c12 += p.coords[2 * i] * p.coords[2 * i + 1];
    }
    expect(v1 / (n - 1)).toBeCloseTo(eig[0], 9);
    expect(v2 / (n - 1)).toBeCloseTo(eig[1], 9);
    expect(Math.abs(c12 / (n - 1))).toBeLessThan(1e-8);
    const a = p.axes.subarray(0, d);
    const b = p.axes.subarray(d);
    expect(a.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12);
    expect(a.reduce((s, v, k) => s + v * b[k], 0)).toBeCloseTo(0, 12);
  });

  it('separates two close top eigenvalues and is deterministic in sign', () => {
    const n = 200;
    const d = 5;
    const x = sample(n, d, [2, 1.9, 0.5, 0.3, 0.1], 3);
    const eig = jacobiEigenvalues(covariance(x, n, d));
    const p = pca2(x, n, d);
    expect(p.variance[0]).toBeCloseTo(eig[0], 8);
    expect(p.variance[1]).toBeCloseTo(eig[1], 8);
    const again = pca2(x, n, d);
    expect([...again.coords]).toEqual([...p.coords]);
    // Sign rule: each axis's largest-magnitude entry is positive.
    for (const axis of [p.axes.subarray(0, d), p.axes.subarray(d)]) {
      const big = [...axis].reduce((bi, v, i, arr) => (Math.abs(v) > Math.abs(arr[bi]) ? i : bi), 0);
      expect(axis[big]).toBeGreaterThan(0);
    }
  });

  it('handles one column, constant data, and refuses a wrong length', () => {
    const one = pca2([1, 2, 3, 4], 4, 1);
    expect(one.variance[0]).toBeCloseTo(5 / 3, 12);
    expect(one.variance[1]).toBe(0);
    expect([...one.coords].filter((_, i) => i % 2 === 1)).toEqual([0, 0, 0, 0]);
    const flat = pca2(new Float64Array(12).fill(2), 4, 3);
    expect(flat.variance).toEqual([0, 0]);
    expect([...flat.coords].every((v) => v === 0)).toBe(true);
    expect(() => pca2([1, 2, 3], 2, 2)).toThrow(/expected 2 x 2 values, got 3/);
  });
});
