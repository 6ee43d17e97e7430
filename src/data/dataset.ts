/**
 * In-memory dataset: the one shape every loader and generator produces and the engine consumes.
 * x is row-major [n, ...inputShape]; y is [n] class ids (classification) or [n, ...targetShape]
 * regression targets. Token-id inputs use Int32Array with inputDtype 'int32'.
 */
export type Task = 'classification' | 'regression';

export interface Dataset {
  readonly name: string;
  readonly task: Task;
  readonly n: number;
  readonly inputShape: readonly number[];
  readonly inputDtype: 'float32' | 'int32';
  readonly x: Float32Array | Int32Array;
  /** Classification: Int32Array of class ids in [0, numClasses). Regression: Float32Array [n, ...targetShape]. */
  readonly y: Int32Array | Float32Array;
  readonly targetShape: readonly number[];
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
}

/** A dataset with its held-out test part. Validation is carved from train by the trainer. */
export interface DatasetSplits {
  readonly train: Dataset;
  readonly test: Dataset;
}

export function featureSize(ds: Pick<Dataset, 'inputShape'>): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}

export function targetSize(ds: Pick<Dataset, 'targetShape'>): number {
  return ds.targetShape.reduce((a, b) => a * b, 1);
}
