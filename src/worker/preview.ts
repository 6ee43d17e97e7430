/** The first rows of a dataset's train split as a PreviewReport (built-in or uploaded; uploaded text as raw texts). */
import { targetSize, type Dataset } from '../data/dataset';
import { isDatasetId } from '../data/registry';
import { CHAR_LM_CONTEXT, CHAR_LM_VOCABULARY_SIZE } from '../data/catalog';
import { describeTextRow } from '../data/text/encode-text';
import { corpusUploadSplits } from '../data/uploads/char-text';
import { isUploadId } from '../data/uploads/types';
import { cachedDataset, getUpload } from './datasets';
import type { DatasetName, PreviewReport } from './protocol';

/** Most rows a preview sends. */
export const MAX_PREVIEW_ROWS = 64;
/** Points a 2-feature dataset's preview sends (a spiral needs a few hundred to be seen). */
export const PREVIEW_POINTS = 400;

function firstRows(name: DatasetName, train: Dataset, testRows: number, rows: number): PreviewReport {
  const points = train.inputShape.length === 1 && train.inputShape[0] === 2;
  const count = Math.min(points ? Math.max(rows, PREVIEW_POINTS) : rows, train.n);
  if (train.task === 'classification' && train.targetShape.length === 1 && train.classNames) return charRows(name, train, testRows, count);
  const width = train.inputShape.reduce((a, b) => a * b, 1);
  const yWidth = train.task === 'classification' ? 1 : targetSize(train);
  return {
    dataset: name,
    task: train.task,
    inputShape: [...train.inputShape],
    x: train.x.slice(0, count * width),
    y: train.y.slice(0, count * yWidth),
    count,
    classNames: train.classNames ? [...train.classNames] : null,
    // Rows made from texts are shown as words: token ids decoded, bag-of-words rows as their top words.
    texts: train.textEncoding ? Array.from({ length: count }, (_, i) => describeTextRow(train.x.subarray(i * width, (i + 1) * width), train.textEncoding!)) : null,
    trainRows: train.n,
    testRows,
  };
}

export async function previewOf(name: DatasetName, seed: number, requested: number): Promise<PreviewReport> {
  const rows = Math.max(1, Math.min(MAX_PREVIEW_ROWS, Math.floor(requested) || 1));
  if (isDatasetId(name)) {
    const { train, test } = await cachedDataset(name, seed);
    return firstRows(name, train, test.n, rows);
  }
  if (!isUploadId(name)) throw new Error(`unknown dataset "${String(name)}"`);
  const u = await getUpload(name);
  if (u.data.kind === 'tensor') return firstRows(name, u.data.train, u.data.test.n, rows);
  if (u.data.kind === 'corpus') {
    // Windows need the model's context; the preview shows them at the 10b preset's size.
    const s = corpusUploadSplits(u.data, { context: CHAR_LM_CONTEXT, vocabulary: CHAR_LM_VOCABULARY_SIZE }, u.name);
    return charRows(name, s.train, s.test.n, Math.min(rows, s.train.n));
  }
  const { train, test, classNames } = u.data;
  const count = Math.min(rows, train.texts.length);
  return {
    dataset: name,
    task: 'classification',
    inputShape: [],
    x: new Float32Array(0),
    y: train.labels.slice(0, count),
    count,
    classNames: [...classNames],
    texts: train.texts.slice(0, count),
    trainRows: train.texts.length,
    testRows: test.texts.length,
  };
}

/** Whitespace characters as visible symbols, so a label "\n" or " " can be seen in the preview table. */
const VISIBLE: Record<string, string> = { '\n': '⏎', ' ': '␣', '\t': '⇥' };
const visibleChar = (c: string): string => VISIBLE[c] ?? c;

/**
 * A character language-model corpus (a label per position): each window as its text, labelled
 * with the character that follows it (the last position's label). Line breaks and tabs are shown
 * as ⏎ and ⇥, and a space label as ␣.
 */
function charRows(name: DatasetName, train: Dataset, testRows: number, count: number): PreviewReport {
  const T = train.targetShape[0];
  const chars = train.classNames!.map(visibleChar);
  const inText = chars.map((c, i) => (c === '␣' ? train.classNames![i] : c)); // spaces stay spaces inside the text
  const texts = Array.from({ length: count }, (_, i) => Array.from(train.x.subarray(i * T, (i + 1) * T), (id) => inText[id] ?? '').join(''));
  const y = Int32Array.from({ length: count }, (_, i) => train.y[i * T + T - 1]);
  return { dataset: name, task: 'classification', inputShape: [...train.inputShape], x: new Int32Array(0), y, count, classNames: [...chars], texts, trainRows: train.n, testRows };
}
