/**
 * Splits an uploaded file's rows into a train part and a held-out test part. The choice of test
 * rows is seeded (the same file and seed give the same split); both parts keep the file's row
 * order and the rows themselves are copied unchanged.
 */
import type { Dataset, DatasetSplits } from '../dataset';
import { createRng } from '../rng';
import { takeRows } from '../split';

/** Share of an upload's rows held out as its test set. */
export const UPLOAD_TEST_FRACTION = 0.1;
export const UPLOAD_SPLIT_SEED = 1;
/** Fewest rows an upload may have: one to train on and one to test on. */
export const MIN_UPLOAD_ROWS = 2;

/**
 * Why `n` rows are too few for an upload, or null: e.g. "data.csv holds 1 data row; a dataset
 * needs at least 2 (one to train on, one to test on)." `subject` starts the sentence.
 */
export function tooFewRows(n: number, subject: string, unit = 'data rows'): string | null {
  if (n >= MIN_UPLOAD_ROWS) return null;
  const one = unit.replace(/s$/, '');
  return `${subject} ${n} ${n === 1 ? one : unit}; a dataset needs at least ${MIN_UPLOAD_ROWS} (one to train on, one to test on).`;
}

export interface RowSplit {
  /** Row indices of each part, ascending. */
  readonly train: number[];
  readonly test: number[];
}

/**
 * round(n * fraction) test rows chosen by `seed`, but at least one when n >= 2 and the fraction is
 * not 0, and at least one row stays in train. Both index lists are ascending, so each part keeps
 * the file's order.
 */
export function splitRows(n: number, fraction = UPLOAD_TEST_FRACTION, seed = UPLOAD_SPLIT_SEED): RowSplit {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`test fraction must be in [0, 1), got ${fraction}`);
  const atLeast = fraction > 0 && n >= MIN_UPLOAD_ROWS ? 1 : 0;
  const nTest = Math.min(Math.max(0, n - 1), Math.max(atLeast, Math.round(n * fraction)));
  const perm = createRng(seed).fork('upload-test-split').permutation(n);
  const isTest = new Uint8Array(n);
  for (let i = 0; i < nTest; i++) isTest[perm[i]] = 1;
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (isTest[i] ? test : train).push(i);
  return { train, test };
}

/** The dataset's rows as a train part and a seeded test part (see splitRows). */
export function splitTestRows(ds: Dataset, fraction = UPLOAD_TEST_FRACTION, seed = UPLOAD_SPLIT_SEED): DatasetSplits {
  const { train, test } = splitRows(ds.n, fraction, seed);
  return { train: takeRows(ds, train), test: takeRows(ds, test) };
}
