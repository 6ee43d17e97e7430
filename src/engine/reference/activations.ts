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
 *     leaky_relu (slope a = 0.2): y = z > 0 ? z : a z;              dz = dy * (y > 0 ? 1 : a)
 *     elu  (alpha 1):            y = z > 0 ? z : exp(z) - 1;        dz = dy * (y > 0 ? 1 : y + 1)
 *     selu (Keras/PyTorch λ, α): y = λ (z > 0 ? z : α (exp(z) - 1)); dz = dy * (y > 0 ? λ : y + λ α)
 *     softplus: y = log(1 + exp(z));   dz = dy * sigmoid(z) = dy * (1 - exp(-y))
 *     softsign: y = z / (1 + |z|);     dz = dy * (1 - |y|)^2
 *     hard_sigmoid (Keras 3): y = relu6(z + 3) / 6;  dz = dy * (0 < y < 1 ? 1/6 : 0)
 *     exponential: y = exp(z);         dz = dy * y
 *   swish (x · sigmoid(x)) is not invertible from y: activationRef computes it, swishGradRef takes z.
 */

export type Activation =
  | 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax'
  | 'leaky_relu' | 'elu' | 'selu' | 'softplus' | 'softsign' | 'hard_sigmoid' | 'exponential' | 'swish';

/** The activations whose gradient activationGradRef takes from the output y (all but swish). */
export const ACTIVATIONS: readonly Activation[] = [
  'linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'hard_sigmoid', 'exponential',
];

export const LEAKY_RELU_SLOPE = 0.2;

/** y = x > 0 ? x : slope · x (the LeakyReLU layer). */
export const leakyReluRef = (x: ArrayLike<number>, slope: number): Float64Array => Float64Array.from(x, (v) => (v > 0 ? v : slope * v));
/** dx = dy · (y > 0 ? 1 : slope), from the output y (slope >= 0). */
export const leakyReluGradRef = (dy: ArrayLike<number>, y: ArrayLike<number>, slope: number): Float64Array => Float64Array.from(dy, (g, i) => g * (y[i] > 0 ? 1 : slope));
/** y = x > 0 ? x : alpha · (exp(x) - 1) (the ELU layer). */
export const eluRef = (x: ArrayLike<number>, alpha: number): Float64Array => Float64Array.from(x, (v) => (v > 0 ? v : alpha * Math.expm1(v)));
/** dx = dy · (y > 0 ? 1 : y + alpha), from the output y (alpha > 0). */
export const eluGradRef = (dy: ArrayLike<number>, y: ArrayLike<number>, alpha: number): Float64Array => Float64Array.from(dy, (g, i) => g * (y[i] > 0 ? 1 : y[i] + alpha));
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/** The elementwise activations other than softmax, as scalar functions of z. */
const ELEMENTWISE: Partial<Record<Activation, (z: number) => number>> = {
  linear: (z) => z,
  relu: (z) => (z > 0 ? z : 0),
  sigmoid: (z) => sigmoidScalar(z),
  tanh: (z) => Math.tanh(z),
  leaky_relu: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
  elu: (z) => (z > 0 ? z : Math.expm1(z)),
  selu: (z) => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z)),
  softplus: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
  softsign: (z) => z / (1 + Math.abs(z)),
  hard_sigmoid: (z) => Math.min(Math.max(z + 3, 0), 6) / 6,
  exponential: (z) => Math.exp(z),
  swish: (z) => z * sigmoidScalar(z),
};

/** act'(z) as a function of y = act(z), for the elementwise activations invertible from y. */
const GRAD_FROM_Y: Partial<Record<Activation, (y: number) => number>> = {
  linear: () => 1,
  relu: (y) => (y > 0 ? 1 : 0),
  sigmoid: (y) => y * (1 - y),
  tanh: (y) => 1 - y * y,
  leaky_relu: (y) => (y > 0 ? 1 : LEAKY_RELU_SLOPE),
  elu: (y) => (y > 0 ? 1 : y + 1),
  selu: (y) => (y > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA),
  softplus: (y) => -Math.expm1(-y),
  softsign: (y) => (1 - Math.abs(y)) ** 2,
  hard_sigmoid: (y) => (y > 0 && y < 1 ? 1 / 6 : 0),
  exponential: (y) => y,
};

/** dz = dy · swish'(z) = dy · (s + z s (1 - s)), s = sigmoid(z). */
export function swishGradRef(z: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  if (z.length !== dy.length) throw new Error(`swishGradRef: z has length ${z.length}, dy ${dy.length}`);
  const dz = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const s = sigmoidScalar(z[i]);
    dz[i] = dy[i] * (s + z[i] * s * (1 - s));
  }
  return dz;
}

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
    default: {
      const f = ELEMENTWISE[act];
      if (!f) throw new Error(`activationRef: unknown activation ${String(act)}`);
      for (let i = 0; i < n; i++) y[i] = f(z[i]);
    }
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
    default: {
      const g = GRAD_FROM_Y[act];
      if (!g) throw new Error(`activationGradRef: ${String(act)} has no gradient from y (unknown, or swish: use swishGradRef)`);
      for (let i = 0; i < n; i++) dz[i] = dy[i] * g(y[i]);
    }
  }
  return dz;
}
