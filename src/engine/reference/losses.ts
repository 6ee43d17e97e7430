/**
 * Float64 CPU references for losses. Every loss is the MEAN (over rows, or over all
 * elements where noted) and every gradient is the gradient of that mean.
 *
 * Shapes (row-major; rows = batch, C classes / cols outputs):
 *   softmaxCrossEntropyRef      : logits [rows,C], labels [rows] (integer class ids)
 *   softmaxCrossEntropyOneHotRef: logits [rows,C], targets [rows,C] (probabilities)
 *     -> loss (scalar, mean over rows), probs [rows,C], dlogits [rows,C], correct (count of rows)
 *   sigmoidBinaryCrossEntropyRef: logits [rows,cols], targets [rows,cols] in [0,1]
 *     -> loss (scalar, mean over rows*cols), probs, dlogits [rows,cols], correct (count of elements)
 *   meanSquaredErrorRef         : pred [rows,cols], target [rows,cols]
 *     -> loss (scalar, mean over rows*cols), dpred [rows,cols]
 */

import { sigmoidScalar } from './activations';

export interface ClassificationLoss {
  loss: number;
  probs: Float64Array;
  dlogits: Float64Array;
  correct: number;
}

export interface RegressionLoss {
  loss: number;
  dpred: Float64Array;
}

function checkShape(fn: string, name: string, arr: ArrayLike<number>, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(cols) || cols <= 0) {
    throw new Error(`${fn}: rows/cols must be positive integers, got ${rows}x${cols}`);
  }
  if (arr.length !== rows * cols) {
    throw new Error(`${fn}: ${name} has length ${arr.length}, expected ${rows * cols}`);
  }
}

/** Index of the first maximum of arr[offset .. offset+len). */
export function argmaxRow(arr: ArrayLike<number>, offset: number, len: number): number {
  let best = 0;
  let bestVal = arr[offset];
  for (let c = 1; c < len; c++) {
    if (arr[offset + c] > bestVal) {
      bestVal = arr[offset + c];
      best = c;
    }
  }
  return best;
}

/**
 * Stable per-row softmax of logits into probs; returns the per-row log-sum-exp.
 */
function softmaxRows(logits: ArrayLike<number>, rows: number, classes: number, probs: Float64Array): Float64Array {
  const lse = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[o + c] > max) max = logits[o + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[o + c] - max);
    const l = max + Math.log(sum);
    lse[r] = l;
    for (let c = 0; c < classes; c++) probs[o + c] = Math.exp(logits[o + c] - l);
  }
  return lse;
}

/** Sparse categorical cross-entropy from logits; labels are integer class ids. */
export function softmaxCrossEntropyRef(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  rows: number,
  classes: number,
  labelSmoothing = 0,
  classWeights: ArrayLike<number> | null = null,
): ClassificationLoss {
  const fn = 'softmaxCrossEntropyRef';
  checkShape(fn, 'logits', logits, rows, classes);
  if (labels.length !== rows) throw new Error(`${fn}: labels has length ${labels.length}, expected ${rows}`);
  const probs = new Float64Array(rows * classes);
  const lse = softmaxRows(logits, rows, classes, probs);
  const dlogits = new Float64Array(rows * classes);
  let total = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const label = labels[r];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new Error(`${fn}: label ${label} at row ${r} is not an integer in [0, ${classes})`);
    }
    const o = r * classes;
    // Smoothed target: (1 - ε) on the label plus ε/C on every class (PyTorch's label_smoothing).
    const t = (c: number) => (c === label ? 1 - labelSmoothing : 0) + labelSmoothing / classes;
    // Keras's class_weight: the sample's whole (smoothed) loss times the weight of its label.
    const w = classWeights ? classWeights[label] : 1;
    for (let c = 0; c < classes; c++) total += w * t(c) * (lse[r] - logits[o + c]);
    for (let c = 0; c < classes; c++) dlogits[o + c] = (w * (probs[o + c] - t(c))) / rows;
    if (argmaxRow(logits, o, classes) === label) correct++;
  }
  return { loss: total / rows, probs, dlogits, correct };
}

/**
 * Categorical cross-entropy from logits against target distributions.
 * loss_r = sum_c t_c * (lse_r - z_c). The exact gradient is (p * sum_c t_c - t) / rows,
 * which equals (softmax - targets) / rows whenever each target row sums to 1.
 * `correct` compares argmax(logits) with argmax(targets) (first max on ties).
 */
export function softmaxCrossEntropyOneHotRef(
  logits: ArrayLike<number>,
  targets: ArrayLike<number>,
  rows: number,
  classes: number,
  labelSmoothing = 0,
  classWeights: ArrayLike<number> | null = null,
): ClassificationLoss {
  const fn = 'softmaxCrossEntropyOneHotRef';
  checkShape(fn, 'logits', logits, rows, classes);
  checkShape(fn, 'targets', targets, rows, classes);
  const probs = new Float64Array(rows * classes);
  const lse = softmaxRows(logits, rows, classes, probs);
  const dlogits = new Float64Array(rows * classes);
  let total = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    // Keras's label_smoothing: t (1 - ε) + ε / C.
    const ts = (c: number) => targets[o + c] * (1 - labelSmoothing) + labelSmoothing / classes;
    // Keras's class_weight: the row's class is argmax(targets), its loss is times that class's weight.
    const w = classWeights ? classWeights[argmaxRow(targets, o, classes)] : 1;
    let tsum = 0;
    for (let c = 0; c < classes; c++) {
      const t = ts(c);
      tsum += t;
      if (t !== 0) total += w * t * (lse[r] - logits[o + c]);
    }
    for (let c = 0; c < classes; c++) dlogits[o + c] = (w * (probs[o + c] * tsum - ts(c))) / rows;
    if (argmaxRow(logits, o, classes) === argmaxRow(targets, o, classes)) correct++;
  }
  return { loss: total / rows, probs, dlogits, correct };
}

/**
 * Element-wise sigmoid + binary cross-entropy from logits (multi-label capable).
 * Stable form: l = max(z,0) - t*z + log1p(exp(-|z|)).
 */
export function sigmoidBinaryCrossEntropyRef(
  logits: ArrayLike<number>,
  targets: ArrayLike<number>,
  rows: number,
  cols: number,
  labelSmoothing = 0,
  classWeights: ArrayLike<number> | null = null,
): ClassificationLoss {
  const fn = 'sigmoidBinaryCrossEntropyRef';
  checkShape(fn, 'logits', logits, rows, cols);
  checkShape(fn, 'targets', targets, rows, cols);
  const n = rows * cols;
  const probs = new Float64Array(n);
  const dlogits = new Float64Array(n);
  let total = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const z = logits[i];
    // Keras's label_smoothing: t (1 - ε) + ε / 2; accuracy against the unsmoothed target.
    const t = targets[i] * (1 - labelSmoothing) + 0.5 * labelSmoothing;
    const p = sigmoidScalar(z);
    probs[i] = p;
    // Keras's class_weight [w0, w1]: the class is the rounded unsmoothed target (0.5 rounds to 0, half to even).
    const w = classWeights ? classWeights[targets[i] > 0.5 ? 1 : 0] : 1;
    total += w * (Math.max(z, 0) - t * z + Math.log1p(Math.exp(-Math.abs(z))));
    dlogits[i] = (w * (p - t)) / n;
    if (p > 0.5 === targets[i] > 0.5) correct++;
  }
  return { loss: total / n, probs, dlogits, correct };
}

/** Mean squared error over all rows*cols elements. */
export function meanSquaredErrorRef(
  pred: ArrayLike<number>,
  target: ArrayLike<number>,
  rows: number,
  cols: number,
): RegressionLoss {
  const fn = 'meanSquaredErrorRef';
  checkShape(fn, 'pred', pred, rows, cols);
  checkShape(fn, 'target', target, rows, cols);
  const n = rows * cols;
  const dpred = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i] - target[i];
    total += d * d;
    dpred[i] = (2 * d) / n;
  }
  return { loss: total / n, dpred };
}

/**
 * Mean losses from a model's output (after its final softmax/sigmoid), as the whole-model reference
 * (reference/model.ts) computes them: `values` output values per sample, `classes` the last axis.
 * Probabilities are clipped to [1e-7, 1 - 1e-7] before the log, as Keras does.
 */
const CLIP = 1e-7;

/** Sparse cross-entropy; a per-timestep output [T, V] has T labels per sample, the mean runs over all B*T positions. */
export function outputSparseCrossEntropy(out: ArrayLike<number>, targets: ArrayLike<number>, batch: number, values: number, classes: number, labelSmoothing = 0, classWeights: ArrayLike<number> | null = null): number {
  const rows = (batch * values) / classes;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < classes; c++) {
      const t = (c === targets[r] ? 1 - labelSmoothing : 0) + labelSmoothing / classes;
      if (t !== 0) total -= (classWeights ? classWeights[targets[r]] : 1) * t * Math.log(Math.max(out[r * classes + c], CLIP));
    }
  }
  return total / rows;
}

export function outputCategoricalCrossEntropy(out: ArrayLike<number>, targets: ArrayLike<number>, batch: number, values: number, labelSmoothing = 0, classWeights: ArrayLike<number> | null = null): number {
  let total = 0;
  for (let i = 0; i < batch * values; i++) {
    const w = classWeights ? classWeights[argmaxRow(targets, i - (i % values), values)] : 1;
    total -= w * (targets[i] * (1 - labelSmoothing) + labelSmoothing / values) * Math.log(Math.max(out[i], CLIP));
  }
  return total / batch;
}

export function outputBinaryCrossEntropy(out: ArrayLike<number>, targets: ArrayLike<number>, batch: number, values: number, labelSmoothing = 0, classWeights: ArrayLike<number> | null = null): number {
  let total = 0;
  for (let i = 0; i < batch * values; i++) {
    const p = Math.min(Math.max(out[i], CLIP), 1 - CLIP);
    const t = targets[i] * (1 - labelSmoothing) + 0.5 * labelSmoothing;
    total -= (classWeights ? classWeights[targets[i] > 0.5 ? 1 : 0] : 1) * (t * Math.log(p) + (1 - t) * Math.log(1 - p));
  }
  return total / (batch * values);
}

export function outputMeanSquaredError(out: ArrayLike<number>, targets: ArrayLike<number>, batch: number, values: number): number {
  let total = 0;
  for (let i = 0; i < batch * values; i++) total += (out[i] - targets[i]) ** 2;
  return total / (batch * values);
}
