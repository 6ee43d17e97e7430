/**
 * The only contract between the UI and the training worker: plain, structured-clone-safe
 * messages each way, as discriminated unions on `type`. Both sides switch over them
 * exhaustively (see `assertNever`). Nothing here holds tensors or GPU objects; weights travel
 * as plain Float32Arrays.
 */
import type { ModelSpec } from '../engine/spec';
import type { EpochMetrics, StepProgress } from '../engine/trainer';
import type { Preset, TrainSettings } from '../presets/presets';
import type { UploadedDataset, UploadId } from '../data/uploads/types';
import type { ExportFormat } from '../io/exporters';
import type { AttentionReport, AttentionSource } from './protocol-attention';
import type { FromWorkerInside, ToWorkerInside } from './protocol-inside';
export type * from './protocol-attention';
export type * from './protocol-inside';
export { isInsideReport, isInsideWatch } from './protocol-inside';

/** A built-in dataset id, or the id of a dataset the user uploaded (`upload:...`). */
export type DatasetName = Preset['dataset'] | UploadId;

/** What to load: a built-in preset, or any spec with a dataset and training settings. */
export type ModelSource =
  | { kind: 'preset'; presetId: string }
  | { kind: 'custom'; spec: ModelSpec; dataset: DatasetName; settings: TrainSettings };

/** Which data an `evaluate` request runs on. */
export type EvalSplit = 'train' | 'validation' | 'test';

/** A flat parameter vector (engine layout) and where in training it was taken. */
export interface WeightsBlob {
  params: Float32Array;
  /** Epochs finished when the weights were taken. */
  epoch: number;
  globalStep: number;
}

// ---------------------------------------------------------------------------------------------
// UI -> worker

export type ToWorker =
  /** Acquire the GPU; answered by `ready` or `no-webgpu`. */
  | { type: 'init' }
  /**
   * Replace the current model (stops a run first); answered by `model` or `error`. `tag` is
   * echoed in ModelInfo. Weights: `weights` when given (e.g. restored from storage), else the
   * current ones when `keepWeights` and the parameter count matches, else fresh from the seed.
   */
  | { type: 'load'; source: ModelSource; tag?: string; weights?: WeightsBlob; keepWeights?: boolean }
  /** Train until the target epoch count; once it is reached, train another round. */
  | { type: 'train' }
  /** Stop at the next step and hold; `resume` or `train` continues mid-epoch. */
  | { type: 'pause' }
  /** Continue a paused run. */
  | { type: 'resume' }
  /** Stop now (mid-epoch, the epoch is closed); the weights are kept. */
  | { type: 'stop' }
  /** Train exactly one epoch (the rest of the current one), then hold. */
  | { type: 'step' }
  /** Train exactly one batch (one optimizer step), then hold. */
  | { type: 'step-batch' }
  /** Fresh weights from the seed; the epoch counter restarts. */
  | { type: 'reset' }
  /** Loss and accuracy over a whole split (plus a confusion matrix or a prediction scatter), when not training. */
  | { type: 'evaluate'; split: EvalSplit }
  /**
   * Decision-boundary / prediction-surface grid for models with a 2-feature input: sent now
   * (when idle) and, while `watch` is on, after epochs during training (at most ~2/s) and at the end of runs.
   */
  | { type: 'boundary'; watch: boolean; resolution: number }
  /** Back to the weights of the last good snapshot (taken at every epoch end) after a divergence. */
  | { type: 'restore-snapshot' }
  /** After a lost device: acquire a new one, rebuild the model and continue from the last snapshot. */
  | { type: 'recover' }
  /** Testing aid: destroys the GPUDevice, as a driver reset would. */
  | { type: 'debug-lose-device' }
  /** Testing aid, development builds only (ignored otherwise): an uncaught error in the worker, as a crash. */
  | { type: 'debug-crash' }
  // --- evaluation: one input at a time (draw to classify) ---
  /**
   * Run the loaded model on one input row (e.g. a drawing, [H * W] values for an [H, W, 1] input);
   * answered by `prediction` with the same id. Requests that arrive while one is computed are
   * coalesced: only the latest is answered. Served between steps while training too.
   */
  | { type: 'predict'; id: number; input: Float32Array }
  /** Like `predict` for a typed text, encoded like the dataset's training texts (text classifiers). */
  | { type: 'predict-text'; id: number; text: string }
  /**
   * Attention maps of models with MultiHeadAttention layers for one input (a test-split row, or
   * text tokenized like the dataset): answered now by `attention-maps` and, while `watch` is on,
   * again during training (after epochs, every few seconds, and at the end of runs). Served
   * between steps, like `predict`; requests arriving meanwhile are coalesced. `source` null stops
   * watching (no answer).
   */
  | { type: 'attention-maps'; watch: boolean; source: AttentionSource | null }
  // --- datasets: the user's uploads and previews ---
  /**
   * Hands an uploaded dataset to the worker (post it with its Float32Array/Int32Array buffers as
   * transferables); models can then load `dataset.id`. Uploads not handed over in this session are
   * read from IndexedDB (src/data/uploads/upload-store.ts) when a model or preview needs them.
   */
  | { type: 'dataset-add'; dataset: UploadedDataset }
  /** The user removed an upload: the worker forgets its rows (a model already loaded on it keeps its GPU copy until replaced). */
  | { type: 'dataset-remove'; id: UploadId }
  /** The first `rows` rows of a dataset's train split; answered by `preview` (or an error with where 'dataset'). Not queued behind training. */
  | { type: 'preview'; dataset: DatasetName; seed: number; rows: number }
  // --- export and import of the trained weights (answers carry the request's id) ---
  /**
   * Runs the format's exporter on the current weights; answered by `exported` (files as
   * transferables) or `io-failed`. `lastLoss` (the last epoch's training loss) goes into the
   * PyTorch bundle. Refused while training.
   */
  | { type: 'export'; id: number; format: ExportFormat; lastLoss?: number | null }
  /** Test loss and accuracy of the float model and of its int8-quantized version (dequantized on the GPU); answered by `int8-measured` or `io-failed`. */
  | { type: 'int8-accuracy'; id: number }
  /**
   * Validates a weights file against the loaded model and, only when every tensor matches, writes
   * it (fresh optimizer, epoch 0); answered by `imported` (after `model` and `weights`) or by
   * `io-failed` listing every mismatch, with the weights untouched. Post the bytes as transferables.
   */
  | { type: 'import-weights'; id: number; source: ImportSource }
  // --- text generation with a character language model (preset 10b) ---
  /**
   * Generates `length` characters after `prompt` on the loaded model (GPU inference over the last
   * T characters, sampling on the CPU with `temperature` and `topK`, seeded); streamed back as
   * `generated` messages with the same id. A new request stops the previous one. Served between
   * training steps, like `predict`.
   */
  | { type: 'generate'; id: number; prompt: string; length: number; temperature: number; topK: number; seed: number }
  /** Stops generation `id` after the character being computed; answered by its final `generated`. */
  | { type: 'generate-stop'; id: number }
  | ToWorkerInside;

/** A file between UI and worker: its bytes in an ArrayBuffer of their own (transferable). */
export interface FileBytes {
  name: string;
  bytes: ArrayBuffer;
}

/** What an import brings: a safetensors, Keras 3 .keras or ONNX file, or a TF.js layers model (model.json and its .bin files). */
export type ImportSource = { kind: 'safetensors'; file: FileBytes } | { kind: 'keras'; file: FileBytes } | { kind: 'onnx'; file: FileBytes } | { kind: 'tfjs'; files: FileBytes[] };

export type IoTask = 'export' | 'int8-accuracy' | 'import-weights';

export interface Int8AccuracyReport {
  id: number;
  task: WorkerTask;
  /** Test-set results of the float weights and of the int8 model. */
  float: { loss: number; accuracy: number };
  int8: { loss: number; accuracy: number };
  count: number;
  /** Weight bytes as float32 vs in the int8 file. */
  floatBytes: number;
  int8Bytes: number;
  /** Training position of the weights that were measured. */
  epoch: number;
  globalStep: number;
}

export interface ImportReport {
  id: number;
  /** The file names the weights came from. */
  files: string[];
  format: ImportSource['kind'];
  /** Tensors read, and parameters written. */
  tensors: number;
  params: number;
}

// ---------------------------------------------------------------------------------------------
// worker -> UI

/**
 * starting: acquiring the GPU; empty: GPU ready, no model; loading: building a model;
 * ready: idle with a model; training; pausing: stopping at the next step; paused; stopping;
 * lost: the GPU device is gone (send `recover`).
 */
export type RunStatus = 'starting' | 'empty' | 'loading' | 'ready' | 'training' | 'pausing' | 'paused' | 'stopping' | 'lost';

export type WorkerTask = 'classification' | 'regression';

/** Facts about the loaded model, sent after every load, reset and restore. */
export interface ModelInfo {
  presetId: string | null;
  /** The `tag` of the load command that built this model (null for none). */
  tag: string | null;
  name: string;
  dataset: DatasetName;
  task: WorkerTask;
  /** Output units (classes for a classifier). */
  outputs: number;
  paramCount: number;
  trainRows: number;
  validationRows: number;
  testRows: number;
  batchSize: number;
  stepsPerEpoch: number;
  dispatchesPerStep: number;
  /** Epochs the settings ask for (one round of `train`). */
  epochs: number;
  /** Where the weights came from: fresh from the seed, kept from the previous model, restored (storage, snapshot), or imported from a file. */
  weights: 'fresh' | 'kept' | 'restored' | 'imported';
  /** Epochs already trained with these weights. */
  epoch: number;
}

/**
 * Mean training loss and accuracy over the steps since the previous report (the engine's own
 * shape). Losses here and in EpochReport and EvalReport are in the targets' raw units, also when a
 * numeric upload's regression targets were scaled for training.
 */
export type ProgressReport = StepProgress;

/** One finished epoch as the engine reports it; `partial` when a stop cut it short. */
export interface EpochReport extends EpochMetrics {
  partial: boolean;
}

export interface EvalReport {
  split: EvalSplit;
  loss: number;
  accuracy: number;
  count: number;
  /** Classification: counts[actual][predicted]. */
  confusion: number[][] | null;
  /** Regression: up to ~400 (target, prediction) pairs of the first output, in the targets' raw units. */
  scatter: { target: number; prediction: number }[] | null;
  /** Regression: metrics over every row of the split, raw units (absent for classifiers and older project files). */
  regression?: RegressionReport | null;
  /** Plain sentences about a model that learned only the mean or predicts nearly constant values. */
  warnings?: string[];
}

/** A regression evaluation beside its loss (MSE), all in the targets' raw units. */
export interface RegressionReport {
  r2: number;
  mae: number;
  /** MSE on the evaluated rows of always predicting the training targets' mean. */
  baselineMse: number;
  /** Population std of the predictions and of the targets. */
  predictionSpread: number;
  targetSpread: number;
}

export interface BoundaryReport {
  /** Grid of resolution x resolution points over [x0, x1] x [y0, y1], row-major from y0 upward. */
  resolution: number;
  extent: [number, number, number, number];
  /** Model outputs per grid point, [resolution^2, outputs] (probabilities for classifiers). */
  outputs: Float32Array;
  outputCount: number;
  task: WorkerTask;
  /** A sample of training points: x, y and label (class id or target value). */
  points: { x: number; y: number; label: number }[];
  /** Epochs finished when the grid was computed. */
  epoch: number;
}

/** The answer to a `predict` request: class probabilities, or why there are none. */
export interface PredictionReport {
  id: number;
  /** Classifiers: one probability per class (a one-unit sigmoid output gives two). Regression: the outputs. Null with `message`. */
  probabilities: Float32Array | null;
  classNames: string[];
  /** Why there is no prediction (no model, wrong input size, diverged weights). */
  message: string | null;
  /** A typed text's words as the model reads them (unknown words become <oov>); null otherwise. */
  words: { word: string; known: boolean }[] | null;
  /** Epochs finished by the weights that answered. */
  epoch: number;
}

/** One misclassified sample of an evaluation. */
export interface MisclassifiedSample {
  /** Row in the evaluated split. */
  index: number;
  actual: number;
  predicted: number;
  /** Probability the model gave the predicted class. */
  confidence: number;
  /** The sample's input row (pixels of an image, features, or token ids). */
  input: Float32Array | Int32Array;
}

export interface MisclassifiedReport {
  split: EvalSplit;
  /** Misclassified samples in the split (the off-diagonal sum of the confusion matrix). */
  total: number;
  /** The most confident mistakes, at most ~24. */
  samples: MisclassifiedSample[];
  classNames: string[];
  inputShape: number[];
}

/** The first rows of a dataset's train split (before the validation split), for the dataset panel. */
export interface PreviewReport {
  dataset: DatasetName;
  task: WorkerTask;
  /** Shape of one row of `x`; [] for uploaded text (its features depend on the model; see `texts`). */
  inputShape: number[];
  /** The first `count` rows, row-major. */
  x: Float32Array | Int32Array;
  /** Class ids (classification) or targets (regression, targetSize values per row). */
  y: Int32Array | Float32Array;
  count: number;
  classNames: string[] | null;
  /** Uploaded text: the first `count` texts. */
  texts: string[] | null;
  trainRows: number;
  testRows: number;
}

export type ErrorSource = 'init' | 'load' | 'train' | 'evaluate' | 'device' | 'worker' | 'protocol' | 'dataset';

/** The first layer and pass that produced a non-finite value (the NaN trap's NanCulprit; layer 'loss' for the loss itself). */
export interface NanCulpritInfo {
  layer: string;
  pass: 'forward' | 'backward' | 'optimizer';
  message: string;
  inputRange: [number, number] | null;
}

export type FromWorker =
  | { type: 'ready'; adapter: string }
  | { type: 'no-webgpu'; message: string }
  | { type: 'error'; message: string; where: ErrorSource }
  /** `epoch` = epochs finished; `epochs` = the epoch count the current round trains to. */
  | { type: 'state'; status: RunStatus; epoch: number; epochs: number }
  | { type: 'model'; info: ModelInfo }
  | ({ type: 'progress' } & ProgressReport)
  /**
   * The step the GPU has just finished, between the metric reads that carry `progress` (at most
   * every PROGRESS_INTERVAL_MS): the counter stays current on slow models, so what Pause stops at is seen.
   */
  | { type: 'step'; epoch: number; step: number; stepsPerEpoch: number; globalStep: number }
  | { type: 'epoch'; metrics: EpochReport }
  | ({ type: 'evaluated' } & EvalReport)
  | ({ type: 'boundary' } & BoundaryReport)
  /**
   * Current weights, for saving: posted at the end of every run, after restores and imports, and
   * during runs at epoch ends (the finite snapshot, throttled by size: see weights-snapshot.ts).
   */
  | ({ type: 'weights' } & WeightsBlob)
  /**
   * The loss became non-finite: training stopped. `snapshotEpoch` is the epoch count of the last
   * good weights `restore-snapshot` goes back to (null when there is none); `culprit` what the NaN
   * trap found (engine/inspect/nan-trap.ts), when it reproduced the first non-finite value.
   */
  | { type: 'diverged'; message: string; epoch: number; step: number; loss: number; snapshotEpoch: number | null; culprit?: NanCulpritInfo }
  /** The GPU device was lost; `canRecover` when a snapshot of the weights exists to resume from. */
  | { type: 'device-lost'; message: string; canRecover: boolean }
  /**
   * Sent by the client (client.ts), not the worker: the worker crashed and a new one was started,
   * rebuilding the last model with the last weights the UI received (`epoch`: theirs, null for
   * fresh weights). `gaveUp`: too many crashes, no new worker was started.
   */
  | { type: 'worker-restarted'; message: string; epoch: number | null; gaveUp: boolean }
  // --- evaluation: single predictions and the misclassified gallery ---
  | ({ type: 'prediction' } & PredictionReport)
  | ({ type: 'attention-maps' } & AttentionReport)
  /** Posted right after `evaluated` for classifiers, from the same predictions as its confusion matrix. */
  | ({ type: 'misclassified' } & MisclassifiedReport)
  // --- datasets ---
  | ({ type: 'preview' } & PreviewReport)
  // --- export and import ---
  | { type: 'exported'; id: number; format: ExportFormat; files: FileBytes[] }
  | ({ type: 'int8-measured' } & Int8AccuracyReport)
  | ({ type: 'imported' } & ImportReport)
  /** An export, measurement or import failed or was refused; `problems` lists every mismatch of a rejected import. */
  | { type: 'io-failed'; id: number; task: IoTask; message: string; problems: string[] }
  // --- text generation ---
  /**
   * Generation `id` streaming: `text` holds the new character(s), `count` the characters generated
   * so far. The last message has `done` true (and empty `text`); `message` says why it stopped
   * early or could not start (null when it generated everything asked or was stopped).
   */
  | { type: 'generated'; id: number; text: string; count: number; done: boolean; message: string | null }
  | FromWorkerInside;

/** Progress messages are throttled to at most one per this many milliseconds (~20/s). */
export const PROGRESS_INTERVAL_MS = 50;

/** Compile-time exhaustiveness check for switches over the unions above. */
export function assertNever(x: never, what = 'message'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}
