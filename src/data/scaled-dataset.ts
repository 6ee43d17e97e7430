/**
 * Feature and target scaling applied to datasets (src/data/scaling.ts has the statistics and the
 * affine maps), shared by the worker and the CLI: the Preprocessing from a training split, scaled
 * copies of the splits for the trainer, one raw row scaled for a single prediction, model outputs
 * back to raw units, and the factor that turns an MSE in scaled units into raw units (targets share
 * one scale, so MSE_raw = MSE_scaled / scale²).
 */
import { featureSize, targetSize, type Dataset, type DatasetSplits } from './dataset';
import { affineFor, applyAffine, columnStats, invertAffine, targetAffineFor, type Preprocessing, type ScalingMode } from './scaling';

/**
 * The scaling of `mode` with statistics from `train` (features; regression targets too when
 * `scaleTargets`, i.e. the loss is MSE); null for 'none'.
 */
export function preprocessingFor(mode: ScalingMode, train: Dataset, scaleTargets: boolean): Preprocessing | null {
  if (mode === 'none') return null;
  const features = affineFor(mode, columnStats(train.x, train.n, featureSize(train)));
  const targets = scaleTargets && train.task === 'regression' ? targetAffineFor(mode, columnStats(train.y, train.n, targetSize(train))) : null;
  return { mode, features, targets };
}

/** A scaled copy of `ds` (features, and regression targets when the preprocessing has them). */
export function scaleDataset(ds: Dataset, pre: Preprocessing | null): Dataset {
  if (!pre) return ds;
  const x = pre.features && ds.inputDtype === 'float32' ? applyAffine(ds.x, featureSize(ds), pre.features) : ds.x;
  const y = pre.targets && ds.task === 'regression' ? applyAffine(ds.y, targetSize(ds), pre.targets) : ds.y;
  return { ...ds, x, y };
}

/** Every split of `s` scaled. */
export function scaleSplits(s: DatasetSplits, pre: Preprocessing | null): DatasetSplits {
  if (!pre) return s;
  return { train: scaleDataset(s.train, pre), test: scaleDataset(s.test, pre), ...(s.validation ? { validation: scaleDataset(s.validation, pre) } : {}) };
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
