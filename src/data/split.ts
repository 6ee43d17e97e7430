/**
 * Row selection on Datasets: takeRows (copy a subset of rows), splitDataset (seeded shuffle, then
 * cut into train/validation) and epochPermutation (the deterministic row order of one epoch).
 */

import { featureSize, targetSize, type Dataset } from './dataset';
import { createRng } from './rng';

export interface TrainValidationSplit {
  readonly train: Dataset;
  readonly validation: Dataset;
}

function copyRows<T extends Float32Array | Int32Array>(src: T, rowSize: number, indices: ArrayLike<number>): T {
  const out = new (src.constructor as { new (length: number): T })(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * rowSize;
    out.set(src.subarray(from, from + rowSize), i * rowSize);
  }
  return out;
}

/** A new Dataset with the given rows (copied, in the given order; repeats allowed). */
export function takeRows(ds: Dataset, indices: ArrayLike<number>): Dataset {
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= ds.n) {
      throw new RangeError(`takeRows: index ${r} at position ${i} is not a row of "${ds.name}" (n = ${ds.n})`);
    }
  }
  // Classification y holds one class id per row whatever targetShape says, or one per position
  // (a language model's next-character labels, targetShape [T]).
  const yRow = ds.task === 'classification' ? (ds.n > 0 ? ds.y.length / ds.n : 1) : targetSize(ds);
  return {
    ...ds,
    n: indices.length,
    x: copyRows(ds.x, featureSize(ds), indices),
    y: copyRows(ds.y, yRow, indices),
  };
}

/**
 * Shuffles rows with `seed`, then puts the first round(n * validationFraction) in `validation`
 * and the rest in `train` (both keep the shuffled order). validationFraction must be in [0, 1].
 */
export function splitDataset(ds: Dataset, validationFraction: number, seed: number): TrainValidationSplit {
  if (!(validationFraction >= 0 && validationFraction <= 1)) {
    throw new RangeError(`splitDataset: validation fraction must be in [0, 1], got ${validationFraction}`);
  }
  const order = createRng(seed).fork('splitDataset').permutation(ds.n);
  const nVal = Math.round(ds.n * validationFraction);
  return {
    validation: takeRows(ds, order.subarray(0, nVal)),
    train: takeRows(ds, order.subarray(nVal)),
  };
}

/** The row order for epoch `epoch` (integer >= 0): a permutation of 0..n-1 fixed by (seed, epoch). */
export function epochPermutation(n: number, seed: number, epoch: number): Uint32Array {
  if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`epochPermutation: epoch must be a non-negative integer, got ${epoch}`);
  return createRng(seed).fork('epoch').fork(epoch).permutation(n);
}
