/**
 * Feature and target scaling of numeric CSV uploads inside the worker (src/data/scaling.ts has the
 * maths): the Preprocessing from the upload's train part, scaled copies of each split for the
 * trainer, one raw row scaled for a single prediction, model outputs back to raw units, and the
 * factor that turns an MSE in scaled units into raw units (targets share one scale, so
 * MSE_raw = MSE_scaled / scale²) for every loss the worker reports.
 */
import { targetSize, type Dataset } from '../data/dataset';
import { affineFor, applyAffine, columnStats, invertAffine, targetAffineFor, type Preprocessing, type ScalingMode } from '../data/scaling';
import type { UploadedDataset } from '../data/uploads/types';
import type { EpochMetrics, StepProgress } from '../engine/trainer';

/** A numeric CSV upload (the only data the scaling setting applies to). */
export function isScalableUpload(u: UploadedDataset): boolean {
  return u.format === 'csv' && u.data.kind === 'tensor' && u.data.train.inputDtype === 'float32';
}

/**
 * The scaling of `mode` with statistics from `train` (features; regression targets too when
 * `scaleTargets`, i.e. the loss is MSE); null for 'none'.
 */
export function preprocessingFor(mode: ScalingMode, train: Dataset, scaleTargets: boolean): Preprocessing | null {
  if (mode === 'none') return null;
  const width = train.inputShape.reduce((a, b) => a * b, 1);
  const features = affineFor(mode, columnStats(train.x, train.n, width));
  const tw = targetSize(train);
  const targets = scaleTargets && train.task === 'regression' ? targetAffineFor(mode, columnStats(train.y, train.n, tw)) : null;
  return { mode, features, targets };
}

/** A scaled copy of `ds` (features, and regression targets when the preprocessing has them). */
export function scaleDataset(ds: Dataset, pre: Preprocessing | null): Dataset {
  if (!pre) return ds;
  const width = ds.inputShape.reduce((a, b) => a * b, 1);
  const x = pre.features && ds.inputDtype === 'float32' ? applyAffine(ds.x, width, pre.features) : ds.x;
  const y = pre.targets && ds.task === 'regression' ? applyAffine(ds.y, targetSize(ds), pre.targets) : ds.y;
  return { ...ds, x, y };
}

/** One raw input row as the model sees it. */
export function scaleRow(row: Float32Array, pre: Preprocessing | null): Float32Array {
  return pre?.features ? applyAffine(row, pre.features.offset.length, pre.features) : row;
}

/** Regression outputs [n, width] back in the targets' raw units (unchanged without target scaling). */
export function rawOutputs(outputs: Float32Array, pre: Preprocessing | null): Float32Array {
  return pre?.targets ? invertAffine(outputs, pre.targets.offset.length, pre.targets) : outputs;
}

/** Divide an MSE in scaled units by this to get raw units (1 without target scaling). */
export function lossDivisor(pre: Preprocessing | null): number {
  const s = pre?.targets?.scale[0];
  return s ? s * s : 1;
}

/** A progress report with its loss in raw units. */
export function rawProgress<T extends StepProgress>(p: T, divisor: number): T {
  return divisor === 1 ? p : { ...p, loss: p.loss / divisor };
}

/** An epoch's losses in raw units. */
export function rawEpoch<T extends EpochMetrics>(m: T, divisor: number): T {
  return divisor === 1 ? m : { ...m, loss: m.loss / divisor, valLoss: m.valLoss === null ? null : m.valLoss / divisor };
}
