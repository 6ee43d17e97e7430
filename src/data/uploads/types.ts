/**
 * Datasets the user brings: what an upload holds (ready tensors, or labelled texts whose features
 * are built for the model that trains on them), its id, and the light metadata the UI shows.
 */
import { targetSize, type Dataset, type Task } from '../dataset';
import { columnStats, suggestScaling, type ColumnStats, type ScalingMode } from '../scaling';
import { charCount, CORPUS_TEST_FRACTION, CORPUS_VALIDATION_FRACTION } from './char-text';

/** Ids of uploaded datasets; built-in ids never contain a colon. */
export type UploadId = `upload:${string}`;

export function isUploadId(id: string): id is UploadId {
  return /^upload:[\w-]{1,80}$/.test(id);
}

export type UploadFormat = 'idx' | 'csv' | 'text-csv' | 'corpus';

/** Labelled texts: class id per text, an index into the upload's class names. */
export interface TextRows {
  readonly texts: readonly string[];
  readonly labels: Int32Array;
}

export type UploadData =
  /** Images (IDX) or numeric CSV rows: train and test parts ready for the engine. */
  | { readonly kind: 'tensor'; readonly train: Dataset; readonly test: Dataset }
  /**
   * Text CSV: token ids or tf-idf vectors are made for the model's input when it loads
   * (text-features.ts). `tokenIds`: every text is a list of integer token ids, used as they are.
   */
  | {
      readonly kind: 'text';
      readonly classNames: readonly string[];
      readonly tokenIds: boolean;
      readonly train: TextRows;
      readonly test: TextRows;
    }
  /**
   * Plain text for a character language model (pasted or a .txt file; char-text.ts): cut into
   * windows for the model that trains on it (its context and vocabulary) when it loads.
   */
  | { readonly kind: 'corpus'; readonly text: string };

export interface UploadedDataset {
  readonly id: UploadId;
  /** The file name(s), shown in the picker. */
  readonly name: string;
  readonly format: UploadFormat;
  readonly data: UploadData;
}

/** What the UI needs to list, describe and fit-check an upload without holding its rows. */
export interface UploadMeta {
  readonly id: UploadId;
  readonly label: string;
  readonly description: string;
  readonly format: UploadFormat;
  readonly task: Task;
  /** null for text uploads and corpora: their width follows the model's input. */
  readonly inputShape: readonly number[] | null;
  readonly inputDtype: 'float32' | 'int32' | null;
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
  /** Numeric CSV: the header's name of each feature column. */
  readonly featureNames?: readonly string[];
  /** Numeric CSV: mean, std, min and max of each feature over the train part (never the test rows). */
  readonly featureStats?: readonly ColumnStats[];
  /** Numeric CSV: the feature scaling suggested by featureStats (scaling.ts suggestScaling). */
  readonly suggestedScaling?: ScalingMode;
  /** Numeric CSV with a regression target: the target's statistics over the train part. */
  readonly targetStats?: readonly ColumnStats[];
  readonly kind: 'image' | 'points' | 'features' | 'text' | 'chars';
  readonly trainRows: number;
  readonly testRows: number;
  /** Text uploads of token ids: the largest id (the Embedding needs inputDim > it). */
  readonly maxTokenId?: number;
  /** Corpora: the text's length in characters (the model's context sets how many it needs). */
  readonly characters?: number;
}

export function uploadMeta(u: UploadedDataset): UploadMeta {
  const d = u.data;
  const base = { id: u.id, label: u.name, format: u.format };
  if (d.kind === 'corpus') {
    const characters = charCount(d.text);
    const distinct = new Set(d.text).size;
    const test = Math.floor(characters * CORPUS_TEST_FRACTION);
    const train = characters - test - Math.floor(characters * CORPUS_VALIDATION_FRACTION);
    return {
      ...base,
      description: `${characters.toLocaleString('en-US')} characters of text (${distinct} distinct) for a character language model: cut in order into train (80%), validation (10%) and test (10%) windows of the model's context.`,
      task: 'classification', inputShape: null, inputDtype: 'int32', kind: 'chars', trainRows: train, testRows: test, characters,
    };
  }
  if (d.kind === 'text') {
    let maxTokenId: number | undefined;
    if (d.tokenIds) {
      maxTokenId = 0;
      for (const t of [...d.train.texts, ...d.test.texts]) for (const w of t.split(/\s+/)) if (w) maxTokenId = Math.max(maxTokenId, Number(w));
    }
    return {
      ...base,
      description: `${d.train.texts.length + d.test.texts.length} labelled ${d.tokenIds ? 'token-id rows' : 'texts'}, ${d.classNames.length} classes (${d.classNames.join(', ')}).`,
      task: 'classification', inputShape: null, inputDtype: null, numClasses: d.classNames.length, classNames: d.classNames,
      kind: 'text', trainRows: d.train.texts.length, testRows: d.test.texts.length, ...(maxTokenId !== undefined ? { maxTokenId } : {}),
    };
  }
  const t = d.train;
  const scaling = u.format === 'csv' && t.inputDtype === 'float32' ? csvScaling(t) : {};
  const kind = t.inputShape.length === 3 ? 'image' : t.inputShape.length === 1 && t.inputShape[0] === 2 ? 'points' : 'features';
  const what = kind === 'image' ? `${t.inputShape.join('x')} images` : `rows of ${t.inputShape.join('x')} numbers`;
  return {
    ...base,
    description: `${t.n + d.test.n} ${what}, ${t.task === 'classification' ? `${t.numClasses} classes` : 'regression target'}.`,
    task: t.task, inputShape: t.inputShape, inputDtype: t.inputDtype,
    ...(t.numClasses !== undefined ? { numClasses: t.numClasses } : {}),
    ...(t.classNames ? { classNames: t.classNames } : {}),
    ...(t.featureNames ? { featureNames: t.featureNames } : {}),
    ...scaling,
    kind, trainRows: t.n, testRows: d.test.n,
  };
}

/** Statistics of a numeric CSV's train part (features, and a regression target) and the suggested scaling. */
function csvScaling(t: Dataset): Pick<UploadMeta, 'featureStats' | 'suggestedScaling' | 'targetStats'> {
  const width = t.inputShape.reduce((a, b) => a * b, 1);
  const featureStats = columnStats(t.x, t.n, width);
  return {
    featureStats, suggestedScaling: suggestScaling(featureStats),
    ...(t.task === 'regression' ? { targetStats: columnStats(t.y, t.n, targetSize(t)) } : {}),
  };
}
