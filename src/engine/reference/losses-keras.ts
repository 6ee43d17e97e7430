/**
 * Float64 CPU references of the Keras 3 losses that read the model's output directly (no absorbed
 * activation): the oracles of src/kernels/loss/loss_direct.wgsl. Keras semantics: each sample's
 * loss is the mean over its outputs (element-wise losses) or the sum over them (kl_divergence,
 * cosine_similarity), the batch's loss the mean over samples; the gradient is that of the mean.
 *
 * Shapes (row-major): pred [rows, cols], target [rows, cols] -> loss (scalar), dpred [rows, cols],
 * correct (hinges: elements whose sign matches, per row mean; kl: rows with argmax equal; else 0).
 */
import { argmaxRow } from './losses';

export interface DirectLoss {
  loss: number;
  dpred: Float64Array;
  correct: number;
}

/** Keras's backend epsilon (clips, the Poisson log and the l2 normalization's lower bound). */
const EPS = 1e-7;

function check(fn: string, pred: ArrayLike<number>, target: ArrayLike<number>, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(cols) || cols <= 0) throw new Error(`${fn}: rows/cols must be positive integers, got ${rows}x${cols}`);
  if (pred.length !== rows * cols) throw new Error(`${fn}: pred has length ${pred.length}, expected ${rows * cols}`);
  if (target.length !== rows * cols) throw new Error(`${fn}: target has length ${target.length}, expected ${rows * cols}`);
}

/** Keras's hinge label: {0, 1} targets read as {-1, 1} (the dataset check admits no mix). */
export const hingeLabel = (t: number): number => (t === 0 ? -1 : t);

/** An element-wise loss: f(v, t) -> [loss, dloss/dv]; mean over all elements. */
function elementwise(fn: string, f: (v: number, t: number) => [number, number], classify: boolean) {
  return (pred: ArrayLike<number>, target: ArrayLike<number>, rows: number, cols: number): DirectLoss => {
    check(fn, pred, target, rows, cols);
    const n = rows * cols;
    const dpred = new Float64Array(n);
    let total = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const [l, g] = f(pred[i], target[i]);
      total += l;
      dpred[i] = g / n;
      if (classify && pred[i] > 0 === hingeLabel(target[i]) > 0) correct += 1 / cols;
    }
    return { loss: total / n, dpred, correct };
  };
}

const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

export const meanAbsoluteErrorRef = elementwise('meanAbsoluteErrorRef', (v, t) => [Math.abs(v - t), Math.sign(v - t)], false);

export const huberRef = (delta: number) =>
  elementwise(
    'huberRef',
    (v, t) => {
      const d = v - t;
      const a = Math.abs(d);
      return a <= delta ? [0.5 * d * d, d] : [delta * a - 0.5 * delta * delta, delta * Math.sign(d)];
    },
    false,
  );

export const logCoshRef = elementwise('logCoshRef', (v, t) => [v - t + softplus(-2 * (v - t)) - Math.LN2, Math.tanh(v - t)], false);

export const hingeRef = elementwise(
  'hingeRef',
  (v, t) => {
    const y = hingeLabel(t);
    const m = 1 - y * v;
    return m > 0 ? [m, -y] : [0, 0];
  },
  true,
);

export const squaredHingeRef = elementwise(
  'squaredHingeRef',
  (v, t) => {
    const y = hingeLabel(t);
    const m = Math.max(1 - y * v, 0);
    return [m * m, -2 * y * m];
  },
  true,
);

export const poissonRef = elementwise('poissonRef', (v, t) => [v - t * Math.log(v + EPS), 1 - t / (v + EPS)], false);

/** Σ_c tc log(tc / vc) per row with both clipped to [1e-7, 1]; the mean over rows. */
export function klDivergenceRef(pred: ArrayLike<number>, target: ArrayLike<number>, rows: number, cols: number): DirectLoss {
  check('klDivergenceRef', pred, target, rows, cols);
  const dpred = new Float64Array(rows * cols);
  const clip = (x: number) => Math.min(Math.max(x, EPS), 1);
  let total = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = pred[o + c];
      const tc = clip(target[o + c]);
      const vc = clip(v);
      total += tc * Math.log(tc / vc);
      dpred[o + c] = v >= EPS && v <= 1 ? -tc / vc / rows : 0;
    }
    if (argmaxRow(pred, o, cols) === argmaxRow(target, o, cols)) correct++;
  }
  return { loss: total / rows, dpred, correct };
}

/** Keras's sign: -(t / max(|t|, 1e-7)) · (v / max(|v|, 1e-7)) per row, the mean over rows. */
export function cosineSimilarityRef(pred: ArrayLike<number>, target: ArrayLike<number>, rows: number, cols: number): DirectLoss {
  check('cosineSimilarityRef', pred, target, rows, cols);
  const dpred = new Float64Array(rows * cols);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let vv = 0;
    let tt = 0;
    let vt = 0;
    for (let c = 0; c < cols; c++) {
      vv += pred[o + c] ** 2;
      tt += target[o + c] ** 2;
      vt += pred[o + c] * target[o + c];
    }
    const nv = Math.max(Math.sqrt(vv), EPS);
    const nt = Math.max(Math.sqrt(tt), EPS);
    const cos = vt / (nv * nt);
    total -= cos;
    for (let c = 0; c < cols; c++) {
      const th = target[o + c] / nt;
      const g = Math.sqrt(vv) > EPS ? -(th - (cos * pred[o + c]) / nv) / nv : -th / EPS;
      dpred[o + c] = g / rows;
    }
  }
  return { loss: total / rows, dpred, correct: 0 };
}
