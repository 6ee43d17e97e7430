/**
 * Float64 CPU reference for a dense (fully connected) layer, Keras weight layout.
 *
 * Shapes (row-major; M rows/batch, K inputs, N outputs):
 *   x: [M,K]   w: [K,N]   b: [N] (or null = no bias)
 *   forward : z = x @ w + b  [M,N];  y = act(z)  [M,N]
 *   backward: dy [M,N] -> dz = act'(dy, y) [M,N]
 *             dx = dz @ w^T  [M,K]
 *             dw = x^T @ dz  [K,N]
 *             db = sum_rows(dz) [N]
 */

import { activationGradRef, activationRef, type Activation } from './activations';
import { matmulRef } from './matmul';

export interface DenseForward {
  z: Float64Array;
  y: Float64Array;
}

export interface DenseBackward {
  dx: Float64Array;
  dw: Float64Array;
  db: Float64Array;
}

export function denseForwardRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  b: ArrayLike<number> | null,
  M: number,
  K: number,
  N: number,
  act: Activation,
): DenseForward {
  const z = matmulRef(x, w, M, K, N);
  if (b !== null) {
    if (b.length !== N) throw new Error(`denseForwardRef: b has length ${b.length}, expected N = ${N}`);
    for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) z[m * N + n] += b[n];
  }
  const y = activationRef(z, M, N, act);
  return { z, y };
}

export function denseBackwardRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  y: ArrayLike<number>,
  dy: ArrayLike<number>,
  M: number,
  K: number,
  N: number,
  act: Activation,
): DenseBackward {
  const dz = activationGradRef(dy, y, M, N, act);
  const dx = matmulRef(dz, w, M, N, K, { transB: true }); // [M,N] @ [N,K]
  const dw = matmulRef(x, dz, K, M, N, { transA: true }); // [K,M] @ [M,N]
  const db = new Float64Array(N);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) db[n] += dz[m * N + n];
  return { dx, dw, db };
}
