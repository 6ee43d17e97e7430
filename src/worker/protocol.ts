/**
 * The only contract between the UI and the training worker: plain, structured-clone-safe
 * messages each way, as discriminated unions on `type`. Both sides switch over them
 * exhaustively (see `assertNever`). Nothing here holds tensors or GPU objects; weights travel
 * as plain Float32Arrays.
 */
import type { ModelSpec } from '../engine/spec';
import type { EpochMetrics, StepProgress } from '../engine/trainer';
import type { Preset, TrainSettings } from '../presets/presets';

export type DatasetName = Preset['dataset'];

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
  | { type: 'debug-lose-device' };

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
  /** Where the weights came from: fresh from the seed, kept from the previous model, or restored (storage, snapshot). */
  weights: 'fresh' | 'kept' | 'restored';
  /** Epochs already trained with these weights. */
  epoch: number;
}

/** Mean training loss and accuracy over the steps since the previous report (the engine's own shape). */
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
  /** Regression: up to ~400 (target, prediction) pairs of the first output. */
  scatter: { target: number; prediction: number }[] | null;
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

export type ErrorSource = 'init' | 'load' | 'train' | 'evaluate' | 'device' | 'worker' | 'protocol';

export type FromWorker =
  | { type: 'ready'; adapter: string }
  | { type: 'no-webgpu'; message: string }
  | { type: 'error'; message: string; where: ErrorSource }
  /** `epoch` = epochs finished; `epochs` = the epoch count the current round trains to. */
  | { type: 'state'; status: RunStatus; epoch: number; epochs: number }
  | { type: 'model'; info: ModelInfo }
  | ({ type: 'progress' } & ProgressReport)
  | { type: 'epoch'; metrics: EpochReport }
  | ({ type: 'evaluated' } & EvalReport)
  | ({ type: 'boundary' } & BoundaryReport)
  /** Current weights, posted at the end of every run (and after restores), for saving. */
  | ({ type: 'weights' } & WeightsBlob)
  /**
   * The loss became non-finite: training stopped. `snapshotEpoch` is the epoch count of the last
   * good weights `restore-snapshot` goes back to (null when there is none).
   */
  | { type: 'diverged'; message: string; epoch: number; step: number; loss: number; snapshotEpoch: number | null }
  /** The GPU device was lost; `canRecover` when a snapshot of the weights exists to resume from. */
  | { type: 'device-lost'; message: string; canRecover: boolean };

/** Progress messages are throttled to at most one per this many milliseconds (~20/s). */
export const PROGRESS_INTERVAL_MS = 50;

/** Compile-time exhaustiveness check for switches over the unions above. */
export function assertNever(x: never, what = 'message'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}
