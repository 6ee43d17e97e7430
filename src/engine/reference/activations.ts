/**
 * Float64 CPU references for element-wise / row-wise activations.
 *
 * Shapes (row-major): z, y, dy, dz: [rows, cols]. softmax is taken per row (over cols).
 *
 *   activationRef(z)          -> y = act(z)
 *   activationGradRef(dy, y)  -> dz, computed from the OUTPUT y (what the GPU keeps):
 *     linear : dz = dy
 *     relu   : dz = dy * (y > 0)
 *     sigmoid: dz = dy * y * (1 - y)
 *     tanh   : dz = dy * (1 - y^2)
 *     softmax: dz = y * (dy - rowsum(dy * y))
 */

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

function checkShape(fn: string, name: string, arr: ArrayLike<number>, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new Error(`${fn}: rows/cols must be non-negative integers, got ${rows}x${cols}`);
  }
  if (arr.length !== rows * cols) {
    throw new Error(`${fn}: ${name} has length ${arr.length}, expected rows*cols = ${rows * cols}`);
  }
}

/** Numerically stable logistic function. */
export function sigmoidScalar(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function activationRef(z: ArrayLike<number>, rows: number, cols: number, act: Activation): Float64Array {
  checkShape('activationRef', 'z', z, rows, cols);
  const n = rows * cols;
  const y = new Float64Array(n);
  switch (act) {
    case 'linear':
      for (let i = 0; i < n; i++) y[i] = z[i];
      break;
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = z[i] > 0 ? z[i] : 0;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = sigmoidScalar(z[i]);
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(z[i]);
      break;
    case 'softmax':
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let max = -Infinity;
        for (let c = 0; c < cols; c++) if (z[o + c] > max) max = z[o + c];
        let sum = 0;
        for (let c = 0; c < cols; c++) {
          const e = Math.exp(z[o + c] - max);
          y[o + c] = e;
          sum += e;
        }
        for (let c = 0; c < cols; c++) y[o + c] /= sum;
      }
      break;
    default:
      throw new Error(`activationRef: unknown activation ${String(act)}`);
  }
  return y;
}

export function activationGradRef(
  dy: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
  cols: number,
  act: Activation,
): Float64Array {
  checkShape('activationGradRef', 'dy', dy, rows, cols);
  checkShape('activationGradRef', 'y', y, rows, cols);
  const n = rows * cols;
  const dz = new Float64Array(n);
  switch (act) {
    case 'linear':
      for (let i = 0; i < n; i++) dz[i] = dy[i];
      break;
    case 'relu':
      for (let i = 0; i < n; i++) dz[i] = y[i] > 0 ? dy[i] : 0;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dz[i] = dy[i] * y[i] * (1 - y[i]);
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) dz[i] = dy[i] * (1 - y[i] * y[i]);
      break;
    case 'softmax':
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += dy[o + c] * y[o + c];
        for (let c = 0; c < cols; c++) dz[o + c] = y[o + c] * (dy[o + c] - dot);
      }
      break;
    default:
      throw new Error(`activationGradRef: unknown activation ${String(act)}`);
  }
  return dz;
}
