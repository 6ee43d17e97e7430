/**
 * Builds classification Datasets from labelled texts, as token ids (for an Embedding layer) or as
 * bag-of-words vectors (for Dense layers). The vocabulary (and the tf-idf weights) are fitted on
 * one set of texts (the training texts) and applied unchanged to others (the test texts): fit
 * with fitTextFeatures() and pass the result as `features`, or use textDatasetSplits().
 */

import type { Dataset, DatasetSplits } from '../dataset';
import { buildVocabulary, tokenize, type Vocabulary } from '../tokenizer';
import { fitVectorizer, type Vectorizer } from '../vectorize';

/**
 * 'ids': int32 token ids, inputShape [length] (padded/truncated at the end).
 * 'bow': float32 word counts, 'binary': float32 0/1 presence, 'tfidf': float32 L2-normalised
 * tf-idf; these have inputShape [vocabularySize], one column per token id (see vectorize.ts).
 */
export type TextMode = 'ids' | 'bow' | 'binary' | 'tfidf';

export interface TextFeatureOptions {
  /** Vocabulary size including PAD (0) and OOV (1): ids are < vocabularySize; bag-of-words width. */
  readonly vocabularySize: number;
  /** Sequence length for 'ids' (required there). */
  readonly length?: number;
  readonly mode: TextMode;
}

/** A fitted text -> input-row transform. */
export interface TextFeatures {
  readonly mode: TextMode;
  readonly vocabulary: Vocabulary;
  /** tf-idf weights per id ('tfidf' only). */
  readonly idf: Float64Array | null;
  readonly inputShape: readonly number[];
  readonly inputDtype: 'float32' | 'int32';
  transform(texts: readonly (string | readonly string[])[]): Float32Array | Int32Array;
}

/** Fits the vocabulary (and idf) on `texts`. */
export function fitTextFeatures(texts: readonly (string | readonly string[])[], opts: TextFeatureOptions): TextFeatures {
  const { vocabularySize, mode } = opts;
  if (!Number.isInteger(vocabularySize) || vocabularySize < 2) {
    throw new RangeError(`text dataset: vocabularySize must be an integer >= 2 (it includes PAD and OOV), got ${vocabularySize}`);
  }
  const tokens = texts.map((t) => (typeof t === 'string' ? tokenize(t) : t));
  if (mode === 'ids') {
    const length = opts.length;
    if (length === undefined || !Number.isInteger(length) || length < 1) {
      throw new RangeError(`text dataset: mode 'ids' needs a positive integer length, got ${length}`);
    }
    const vocabulary = buildVocabulary(tokens, vocabularySize);
    return {
      mode, vocabulary, idf: null, inputShape: [length], inputDtype: 'int32',
      transform(docs) {
        const x = new Int32Array(docs.length * length);
        docs.forEach((d, i) => x.set(vocabulary.encodeTokens(typeof d === 'string' ? tokenize(d) : d, length), i * length));
        return x;
      },
    };
  }
  const vectorizer: Vectorizer = fitVectorizer(tokens, { mode: mode === 'bow' ? 'count' : mode, vocabularySize });
  return {
    mode, vocabulary: vectorizer.vocabulary, idf: vectorizer.idf, inputShape: [vectorizer.numFeatures], inputDtype: 'float32',
    transform: (docs) => vectorizer.transform(docs),
  };
}

export interface TextDatasetOptions extends TextFeatureOptions {
  readonly name?: string;
  /** Class names (default: "class 0", ...); their count is numClasses. */
  readonly classNames?: readonly string[];
  /** Number of classes when classNames is absent; default max(label) + 1. */
  readonly numClasses?: number;
  /** Already-fitted features (e.g. from the training texts); otherwise fitted on `texts`. */
  readonly features?: TextFeatures;
}

/** A classification Dataset of `texts` with class ids `labels`. */
export function textDataset(
  texts: readonly (string | readonly string[])[],
  labels: ArrayLike<number>,
  opts: TextDatasetOptions,
): Dataset {
  if (texts.length !== labels.length) throw new Error(`textDataset: ${texts.length} texts but ${labels.length} labels`);
  const features = opts.features ?? fitTextFeatures(texts, opts);
  let maxLabel = -1;
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0) throw new Error(`textDataset: label of row ${i} must be a non-negative integer, got ${l}`);
    y[i] = l;
    if (l > maxLabel) maxLabel = l;
  }
  const numClasses = opts.classNames?.length ?? opts.numClasses ?? maxLabel + 1;
  if (maxLabel >= numClasses) throw new Error(`textDataset: label ${maxLabel} is out of range for ${numClasses} classes`);
  const classNames = opts.classNames ? [...opts.classNames] : Array.from({ length: numClasses }, (_, c) => `class ${c}`);
  return {
    name: opts.name ?? `text-${features.mode}`, task: 'classification', n: texts.length,
    inputShape: features.inputShape, inputDtype: features.inputDtype, x: features.transform(texts), y,
    targetShape: [], numClasses, classNames,
    ...(features.mode === 'ids' ? { vocabulary: features.vocabulary.idToWord } : {}),
    textEncoding: { mode: features.mode, words: features.vocabulary.idToWord, idf: features.idf },
  };
}

export interface LabelledTextSet {
  readonly texts: readonly (string | readonly string[])[];
  readonly labels: ArrayLike<number>;
}

/** Train and test Datasets with the vocabulary (and idf) fitted on the training texts only. */
export function textDatasetSplits(
  train: LabelledTextSet,
  test: LabelledTextSet,
  opts: Omit<TextDatasetOptions, 'features'>,
): DatasetSplits {
  const features = fitTextFeatures(train.texts, opts);
  return {
    train: textDataset(train.texts, train.labels, { ...opts, features }),
    test: textDataset(test.texts, test.labels, { ...opts, features }),
  };
}

/**
 * null when every token id of `ds` is in [0, inputDim), the input range of an Embedding layer
 * with `inputDim` rows; otherwise a message naming the first offending row (0-based), position
 * and id, and the largest id in the data.
 */
export function tokenIdRangeError(ds: Pick<Dataset, 'name' | 'x' | 'inputDtype' | 'inputShape' | 'n'>, inputDim: number): string | null {
  if (ds.inputDtype !== 'int32') {
    return `dataset "${ds.name}" has ${ds.inputDtype} inputs, not token ids: an Embedding layer needs an int32 token-id dataset`;
  }
  const width = ds.inputShape.reduce((a, b) => a * b, 1);
  let first = -1;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < ds.x.length; i++) {
    const v = ds.x[i];
    if (v > max) max = v;
    if (v < min) min = v;
    if (first < 0 && (v >= inputDim || v < 0)) first = i;
  }
  if (first < 0) return null;
  const row = width > 0 ? Math.floor(first / width) : 0;
  const pos = width > 0 ? first % width : 0;
  const id = ds.x[first];
  if (id < 0) return `dataset "${ds.name}" row ${row}, position ${pos}: token id ${id} is negative; token ids must be in [0, ${inputDim})`;
  return (
    `dataset "${ds.name}" row ${row}, position ${pos}: token id ${id} is >= the Embedding's vocabulary size ` +
    `(inputDim) ${inputDim}; the largest id in the data is ${max}, so use inputDim >= ${max + 1}` +
    (min < 0 ? ' (some ids are also negative)' : '') + ' or build the vocabulary with fewer words'
  );
}
