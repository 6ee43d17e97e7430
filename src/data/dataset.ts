/**
 * In-memory dataset: the one shape every loader and generator produces and the engine consumes.
 * x is row-major [n, ...inputShape]; y is [n] class ids (classification; [n, T] with targetShape [T]
 * when there is one class per position, as in a language model) or [n, ...targetShape] regression targets. Token-id inputs use Int32Array with inputDtype 'int32'.
 */
export type Task = 'classification' | 'regression';

export interface Dataset {
  readonly name: string;
  readonly task: Task;
  readonly n: number;
  readonly inputShape: readonly number[];
  readonly inputDtype: 'float32' | 'int32';
  readonly x: Float32Array | Int32Array;
  /** Classification: Int32Array of class ids in [0, numClasses) ([n, T] per position). Regression: Float32Array [n, ...targetShape]. */
  readonly y: Int32Array | Float32Array;
  readonly targetShape: readonly number[];
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
  /** Names of the input features (a CSV's header cells), one per feature, for previews and reports. */
  readonly featureNames?: readonly string[];
  /** Token-id text datasets: the word of each id (0 '<pad>', 1 '<oov>'), for labels and for encoding typed text. */
  readonly vocabulary?: readonly string[];
  /**
   * Text datasets (token ids or bag-of-words): how one typed text becomes an input row, with the
   * vocabulary (and tf-idf weights) fitted on the training texts. See data/text/encode-text.ts.
   */
  readonly textEncoding?: TextEncoding;
}

/** A fitted text -> input-row transform, as plain data (words by id; idf per id for 'tfidf'). */
export interface TextEncoding {
  readonly mode: 'ids' | 'bow' | 'binary' | 'tfidf';
  /** id -> word, idToWord[0] '<pad>', idToWord[1] '<oov>'. */
  readonly words: readonly string[];
  readonly idf: Float64Array | null;
}

/** A dataset with its held-out test part. Validation is carved from train by the trainer, unless given. */
export interface DatasetSplits {
  readonly train: Dataset;
  readonly test: Dataset;
  /**
   * A held-out validation part the dataset defines itself (text corpora whose overlapping windows
   * a random split would leak); when present it replaces the carved validation split.
   */
  readonly validation?: Dataset;
}

export function featureSize(ds: Pick<Dataset, 'inputShape'>): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}

export function targetSize(ds: Pick<Dataset, 'targetShape'>): number {
  return ds.targetShape.reduce((a, b) => a * b, 1);
}
