/**
 * The only contract between the UI and the training worker: plain, structured-clone-safe
 * messages each way, as discriminated unions on `type`. Both sides switch over them
 * exhaustively (see `assertNever`). Nothing here holds tensors or GPU objects.
 */
import type { ModelSpec } from '../engine/spec';
import type { Preset, TrainSettings } from '../presets/presets';

export type DatasetName = Preset['dataset'];

/** What to load: a built-in preset, or any spec with a dataset and training settings. */
export type ModelSource =
  | { kind: 'preset'; presetId: string }
  | { kind: 'custom'; spec: ModelSpec; dataset: DatasetName; settings: TrainSettings };

/** Which data an `evaluate` request runs on. */
export type EvalSplit = 'train' | 'validation' | 'test';

// ---------------------------------------------------------------------------------------------
// UI -> worker

export type ToWorker =
  /** Acquire the GPU; answered by `ready` or `no-webgpu`. */
  | { type: 'init' }
  /** Replace the current model (stops a run first); answered by `model` or `error`. */
  | { type: 'load'; source: ModelSource }
  /** Train until the target epoch count; once it is reached, train another round. */
  | { type: 'train' }
  /** Finish the current epoch, then hold. */
  | { type: 'pause' }
  /** Continue a paused run. */
  | { type: 'resume' }
  /** Stop now (mid-epoch); the weights are kept. */
  | { type: 'stop' }
  /** Train exactly one epoch, then hold. */
  | { type: 'step' }
  /** Fresh weights from the seed; the epoch counter restarts. */
  | { type: 'reset' }
  /** Loss and accuracy over a whole split, when not training. */
  | { type: 'evaluate'; split: EvalSplit };

// ---------------------------------------------------------------------------------------------
// worker -> UI

/**
 * starting: acquiring the GPU; empty: GPU ready, no model; loading: building a model;
 * ready: idle with a model; training; pausing: finishing the epoch; paused; stopping;
 * lost: the GPU device is gone (reload needed).
 */
export type RunStatus = 'starting' | 'empty' | 'loading' | 'ready' | 'training' | 'pausing' | 'paused' | 'stopping' | 'lost';

export type WorkerTask = 'classification' | 'regression';

/** Facts about the loaded model, sent after every load and reset. */
export interface ModelInfo {
  presetId: string | null;
  name: string;
  dataset: DatasetName;
  task: WorkerTask;
  paramCount: number;
  trainRows: number;
  validationRows: number;
  testRows: number;
  batchSize: number;
  stepsPerEpoch: number;
  dispatchesPerStep: number;
  /** Epochs the settings ask for (one round of `train`). */
  epochs: number;
}

export interface ProgressReport {
  /** 0-based epoch in progress. */
  epoch: number;
  /** Steps finished in this epoch. */
  step: number;
  stepsPerEpoch: number;
  globalStep: number;
  /** Mean training loss and accuracy over the steps since the previous report. */
  loss: number;
  accuracy: number;
  samplesPerSec: number;
}

export interface EpochReport {
  /** 0-based index of the epoch that finished. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  samplesPerSec: number;
  seconds: number;
  lr: number;
  steps: number;
  /** True when a stop cut the epoch short. */
  partial: boolean;
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
  | { type: 'evaluated'; split: EvalSplit; loss: number; accuracy: number; count: number };

/** Progress messages are throttled to at most one per this many milliseconds (~20/s). */
export const PROGRESS_INTERVAL_MS = 50;

/** Compile-time exhaustiveness check for switches over the unions above. */
export function assertNever(x: never, what = 'message'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}
