/**
 * Float64 CPU reference for matrix multiplication.
 *
 * Shapes (row-major; M rows/batch, K inner, N out):
 *   a: [M,K]            or [K,M] when transA
 *   b: [K,N]            or [N,K] when transB
 *   returns C: [M,N] = op(A) @ op(B), op = identity or transpose.
 *
 * Accumulation is plain float64 in k order (no Kahan); inputs may be Float32Array.
 */

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

function checkDims(M: number, K: number, N: number): void {
  for (const [name, v] of [['M', M], ['K', K], ['N', N]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`matmulRef: ${name} must be a non-negative integer, got ${v}`);
  }
}

export function matmulRef(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  M: number,
  K: number,
  N: number,
  opts: MatmulOptions = {},
): Float64Array {
  checkDims(M, K, N);
  if (a.length !== M * K) throw new Error(`matmulRef: a has length ${a.length}, expected M*K = ${M * K}`);
  if (b.length !== K * N) throw new Error(`matmulRef: b has length ${b.length}, expected K*N = ${K * N}`);
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  const c = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const av = transA ? a[k * M + m] : a[m * K + k];
        const bv = transB ? b[n * K + k] : b[k * N + n];
        s += av * bv;
      }
      c[m * N + n] = s;
    }
  }
  return c;
}
