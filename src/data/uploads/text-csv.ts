/**
 * An uploaded CSV of (text, label) rows: parsed with the project's labelled-text reader (errors
 * for an empty file, a missing column, ragged rows, an empty label, a label outside the given
 * class list), then split into train and test texts (seeded, file order kept). Features are made
 * later, for the model that trains on them (text-features.ts). A file of fewer than
 * MIN_UPLOAD_ROWS rows is refused. Every failure is a CsvError.
 */
import { CsvError, parseLabelledTextCsv, type LabelledTextCsvOptions } from '../csv';
import { splitRows, tooFewRows, UPLOAD_SPLIT_SEED, UPLOAD_TEST_FRACTION } from './test-split';
import type { TextRows, UploadData } from './types';

const TOKEN_IDS = /^\s*\d+(\s+\d+)*\s*$/;

function pick(texts: readonly string[], labels: Int32Array, rows: readonly number[]): TextRows {
  return { texts: rows.map((i) => texts[i]), labels: Int32Array.from(rows, (i) => labels[i]) };
}

/** Parses and splits a text CSV. Texts that are all whitespace-separated integers are token ids. */
export function textCsvUpload(text: string, opts: LabelledTextCsvOptions = {}, testFraction = UPLOAD_TEST_FRACTION, seed = UPLOAD_SPLIT_SEED): Extract<UploadData, { kind: 'text' }> {
  const { texts, labels, classNames } = parseLabelledTextCsv(text, opts);
  const few = tooFewRows(texts.length, 'CSV has');
  if (few) throw new CsvError(few);
  if (classNames.length < 2) throw new CsvError(`CSV labels have a single value (${JSON.stringify(classNames[0])}); classification needs at least 2 classes.`);
  const split = splitRows(texts.length, testFraction, seed);
  return {
    kind: 'text', classNames, tokenIds: texts.every((t) => TOKEN_IDS.test(t)),
    train: pick(texts, labels, split.train), test: pick(texts, labels, split.test),
  };
}
