/**
 * Scaling in the worker: which uploads it applies to (numeric CSVs), and the progress and epoch
 * reports with their losses back in raw units (the dataset side is src/data/scaled-dataset.ts).
 */
import type { UploadedDataset } from '../data/uploads/types';
import type { EpochMetrics, StepProgress } from '../engine/trainer';

/** A numeric CSV upload (the only data the scaling setting applies to). */
export function isScalableUpload(u: UploadedDataset): boolean {
  return u.format === 'csv' && u.data.kind === 'tensor' && u.data.train.inputDtype === 'float32';
}

/** A progress report with its loss in raw units. */
export function rawProgress<T extends StepProgress>(p: T, divisor: number): T {
  return divisor === 1 ? p : { ...p, loss: p.loss / divisor };
}

/** An epoch's losses in raw units. */
export function rawEpoch<T extends EpochMetrics>(m: T, divisor: number): T {
  return divisor === 1 ? m : { ...m, loss: m.loss / divisor, valLoss: m.valLoss === null ? null : m.valLoss / divisor };
}
