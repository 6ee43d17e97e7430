/**
 * What a regression evaluation reports beside its loss, from every row's prediction and target in
 * the targets' raw units: R² (1 - SSE/SST, SST around the evaluated split's own mean, pooled over
 * the outputs as scikit-learn's 'variance_weighted'), MAE, the MSE of always predicting the
 * training targets' mean (the baseline a model has to beat), and the spreads (population std)
 * of predictions and targets; plus the warnings shown when the model has learned only the average
 * or gives nearly the same answer for every row. Pure arithmetic: used by the worker and the CLI.
 */

export interface RegressionMetrics {
  /** Mean squared error over all rows and outputs. */
  mse: number;
  r2: number;
  mae: number;
  /** MSE on the same rows of always predicting the training targets' mean (per output). */
  baselineMse: number;
  /** Population std of the predictions and of the targets (pooled over outputs: sqrt of the mean variance). */
  predictionSpread: number;
  targetSpread: number;
}

/** Per-column means of the row-major [n, width] `y`. */
export function columnMeans(y: ArrayLike<number>, width: number): number[] {
  const n = Math.floor(y.length / Math.max(1, width));
  const sums = new Array<number>(width).fill(0);
  for (let i = 0; i < n * width; i++) sums[i % width] += y[i];
  return sums.map((s) => (n > 0 ? s / n : 0));
}

/** Pooled spread: sqrt of the mean over columns of each column's population variance. */
function spread(v: ArrayLike<number>, width: number, means: readonly number[]): number {
  const n = Math.floor(v.length / Math.max(1, width));
  if (n === 0) return 0;
  let sq = 0;
  for (let i = 0; i < n * width; i++) sq += (v[i] - means[i % width]) ** 2;
  return Math.sqrt(sq / (n * width));
}

/**
 * Metrics of `pred` against `target` (both row-major [n, width], raw units); `trainMean` is the
 * training targets' mean per output (the baseline's constant prediction).
 */
export function regressionMetrics(pred: ArrayLike<number>, target: ArrayLike<number>, width: number, trainMean: readonly number[]): RegressionMetrics {
  if (pred.length !== target.length) throw new Error(`regressionMetrics: ${pred.length} predictions for ${target.length} targets`);
  const count = target.length;
  const targetMean = columnMeans(target, width);
  const predMean = columnMeans(pred, width);
  let sse = 0;
  let sst = 0;
  let abs = 0;
  let base = 0;
  for (let i = 0; i < count; i++) {
    const c = i % width;
    const e = pred[i] - target[i];
    sse += e * e;
    abs += Math.abs(e);
    sst += (target[i] - targetMean[c]) ** 2;
    base += (target[i] - trainMean[c]) ** 2;
  }
  const k = Math.max(1, count);
  // A constant target: R² is 1 for an exact model, 0 otherwise (scikit-learn's convention).
  const r2 = sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
  return {
    mse: sse / k,
    r2,
    mae: abs / k,
    baselineMse: base / k,
    predictionSpread: spread(pred, width, predMean),
    targetSpread: spread(target, width, targetMean),
  };
}

/** An MSE this close to the baseline's (or worse) counts as "no better than the mean". */
export const BASELINE_RATIO = 0.95;
/** Predictions whose spread is below this share of the targets' count as nearly constant. */
export const CONSTANT_RATIO = 0.1;

/** A number for a sentence: one decimal when it is large, else 3 significant digits. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(3)).toString();
}

/**
 * Plain sentences about a regression evaluation that went wrong: learned only the mean, or
 * nearly constant predictions. `canScaleTargets`: the data's targets could be scaled (a numeric
 * upload trained without scaling), so the advice names it.
 */
export function regressionWarnings(m: RegressionMetrics, opts: { canScaleTargets?: boolean } = {}): string[] {
  const out: string[] = [];
  const scale = opts.canScaleTargets ? ', scale the targets (feature scaling: standardise)' : '';
  if (Number.isFinite(m.mse) && m.baselineMse > 0 && m.mse >= BASELINE_RATIO * m.baselineMse) {
    out.push(
      `The model is no better than predicting the mean (MSE ${formatMetric(m.mse)} vs ${formatMetric(m.baselineMse)}): it has learned only the average. Try Adam with a learning rate of 0.01-0.1${scale}, or train longer.`,
    );
  }
  if (Number.isFinite(m.predictionSpread) && m.targetSpread > 0 && m.predictionSpread < CONSTANT_RATIO * m.targetSpread) {
    out.push(
      `The predictions are nearly constant (spread ${formatMetric(m.predictionSpread)} against the targets' ${formatMetric(m.targetSpread)}): the model gives almost the same answer for every row. Try Adam with a learning rate of 0.01-0.1${scale}, or train longer.`,
    );
  }
  return out;
}
