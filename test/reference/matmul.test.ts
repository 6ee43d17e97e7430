import { describe, it, expect } from 'vitest';
import { matmulRef } from '../../src/engine/reference/matmul';
import { expectAllClose, mulberry32, randArray } from './helpers';

// Naive triple loop on logical (untransposed) matrices given as nested arrays.
function naive(A: number[][], B: number[][]): number[] {
  const M = A.length;
  const K = B.length;
  const N = B[0].length;
  const out: number[] = [];
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[i][k] * B[k][j];
      out.push(s);
    }
  return out;
}

const flat = (X: number[][]): number[] => X.flat();
const transpose = (X: number[][]): number[][] => X[0].map((_, j) => X.map((row) => row[j]));
function toNested(a: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from({ length: cols }, (_, c) => a[r * cols + c]));
  return out;
}

describe('matmulRef', () => {
  // A [2,3] = [[1,2,3],[4,5,6]], B [3,2] = [[7,8],[9,10],[11,12]]
  // C[0,0] = 1*7 + 2*9 + 3*11 = 58;   C[0,1] = 1*8 + 2*10 + 3*12 = 64
  // C[1,0] = 4*7 + 5*9 + 6*11 = 139;  C[1,1] = 4*8 + 5*10 + 6*12 = 154
  const A = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const B = [
    [7, 8],
    [9, 10],
    [11, 12],
  ];
  const expected = [58, 64, 139, 154];
  const aStored = flat(A); // [M,K]
  const aT = [1, 4, 2, 5, 3, 6]; // A^T stored [K,M]
  const bStored = flat(B); // [K,N]
  const bT = [7, 9, 11, 8, 10, 12]; // B^T stored [N,K]

  it('2x3 * 3x2 literal, all four transpose combos', () => {
    expect(Array.from(matmulRef(aStored, bStored, 2, 3, 2))).toEqual(expected);
    expect(Array.from(matmulRef(aT, bStored, 2, 3, 2, { transA: true }))).toEqual(expected);
    expect(Array.from(matmulRef(aStored, bT, 2, 3, 2, { transB: true }))).toEqual(expected);
    expect(Array.from(matmulRef(aT, bT, 2, 3, 2, { transA: true, transB: true }))).toEqual(expected);
  });

  it('3x2 * 2x3 literal (B^T A^T-like shape), accepts Float32Array', () => {
    // [[1,0],[0,1],[1,1]] @ [[1,2,3],[4,5,6]] = [[1,2,3],[4,5,6],[5,7,9]]
    const c = matmulRef(new Float32Array([1, 0, 0, 1, 1, 1]), new Float32Array([1, 2, 3, 4, 5, 6]), 3, 2, 3);
    expect(c).toBeInstanceOf(Float64Array);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6, 5, 7, 9]);
  });

  it('1x1 and inner dimension 1 (outer product)', () => {
    expect(Array.from(matmulRef([3], [-4], 1, 1, 1))).toEqual([-12]);
    expect(Array.from(matmulRef([1, 2], [3, 4, 5], 2, 1, 3))).toEqual([3, 4, 5, 6, 8, 10]);
  });

  it('random odd shapes match the naive loop for all transpose combos', () => {
    const rng = mulberry32(1234);
    for (const [M, K, N] of [
      [3, 5, 4],
      [7, 3, 5],
      [1, 9, 3],
    ]) {
      const a = randArray(rng, M * K);
      const b = randArray(rng, K * N);
      const An = toNested(a, M, K);
      const Bn = toNested(b, K, N);
      const want = naive(An, Bn);
      const aTs = flat(transpose(An));
      const bTs = flat(transpose(Bn));
      expectAllClose(matmulRef(a, b, M, K, N), want, 1e-14);
      expectAllClose(matmulRef(aTs, b, M, K, N, { transA: true }), want, 1e-14);
      expectAllClose(matmulRef(a, bTs, M, K, N, { transB: true }), want, 1e-14);
      expectAllClose(matmulRef(aTs, bTs, M, K, N, { transA: true, transB: true }), want, 1e-14);
    }
  });

  it('rejects mismatched lengths', () => {
    expect(() => matmulRef([1, 2, 3], [1, 2], 1, 3, 1)).toThrow(/b has length/);
    expect(() => matmulRef([1, 2], [1, 2, 3], 1, 3, 1)).toThrow(/a has length/);
  });
});
