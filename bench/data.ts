/**
 * The bench's random datasets and the input facts of a spec, shared by the page and the Node bench:
 * xorshift32 rows of the preset's input width (token ids for int32 inputs), labels or targets.
 */

/** xorshift32 uniform in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface BenchData {
  rows: number;
  /** Values per row (the product of the input shape). */
  features: number;
  classes: number;
  task: 'classification' | 'regression';
  /** Uniform(-1, 1) floats, or token ids in [1, vocab) when the input is int32. */
  x: Float32Array | Int32Array;
  /** Class ids (classification) or one float target per row (regression). */
  labels: Int32Array | null;
  targets: Float32Array | null;
}

/**
 * Random rows of the preset's input width: at least 4096 and 64 batches (so the engine's epoch,
 * inside which runSteps stays, is long), capped at about 64 MB of inputs; a multiple of the batch.
 */
export function makeData(features: number, classes: number, task: 'classification' | 'regression', batch: number, rowsWanted?: number, vocab?: number): BenchData {
  const capRows = Math.floor((64 * 1024 * 1024) / (features * 4));
  let rows = rowsWanted ?? Math.max(4096, 64 * batch);
  rows = Math.min(rows, Math.max(capRows, 4 * batch));
  rows = Math.max(batch, Math.floor(rows / batch) * batch);
  const r = rng(12345);
  let x: Float32Array | Int32Array;
  if (vocab !== undefined) {
    // Token ids in [1, vocab): no padding id 0, so a maskZero mask is all ones.
    x = new Int32Array(rows * features);
    for (let i = 0; i < x.length; i++) x[i] = 1 + Math.min(vocab - 2, Math.floor(r() * (vocab - 1)));
  } else {
    x = new Float32Array(rows * features);
    for (let i = 0; i < x.length; i++) x[i] = r() * 2 - 1;
  }
  if (task === 'classification') {
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) labels[i] = Math.min(classes - 1, Math.floor(r() * classes));
    return { rows, features, classes, task, x, labels, targets: null };
  }
  const targets = new Float32Array(rows);
  for (let i = 0; i < rows; i++) targets[i] = 0.1 * x[i * features] - 0.05 * x[i * features + (features > 1 ? 1 : 0)] + 0.1 + (r() - 0.5) * 0.1;
  return { rows, features, classes, task, x, labels: null, targets };
}

/** Input facts of a train case's spec: shape, dtype, vocabulary (int32 inputs feed an Embedding), classes, task. */
export function describeSpec(spec: { layers: readonly LayerSpecLike[]; loss: string }) {
  const input = spec.layers.find((l) => l.type === 'Input');
  if (!input || input.type !== 'Input' || !input.shape) throw new Error('preset has no Input layer');
  const shape = input.shape;
  const int = input.dtype === 'int32';
  const emb = spec.layers.find((l) => l.type === 'Embedding');
  if (int && (!emb || !emb.inputDim)) throw new Error('bench: an int32 input needs an Embedding layer for its vocabulary');
  const features = shape.reduce((a, b) => a * b, 1);
  const last = spec.layers[spec.layers.length - 1];
  const classes = last.type === 'Dense' ? (last.units ?? 1) : 1;
  const task: 'regression' | 'classification' = spec.loss === 'mse' ? 'regression' : 'classification';
  return { shape, int, vocab: int ? emb!.inputDim : undefined, features, classes, task };
}
export interface LayerSpecLike {
  type: string;
  shape?: number[];
  dtype?: string;
  inputDim?: number;
  units?: number;
}
