/**
 * The page's view of the worker: a reducer that folds worker messages (and a few UI actions)
 * into plain display state. Every worker message type is handled (exhaustive switch).
 */
import { PRESETS } from '../presets/presets';
import {
  assertNever,
  type EpochReport,
  type ErrorSource,
  type EvalSplit,
  type FromWorker,
  type ModelInfo,
  type ProgressReport,
  type RunStatus,
} from '../worker/protocol';

export type GpuState = { kind: 'pending' } | { kind: 'ready'; adapter: string } | { kind: 'unavailable'; message: string };

/** One chart point: x in epochs (fractional), y = loss. */
export interface LossPoint {
  x: number;
  loss: number;
}

export interface UiError {
  id: number;
  where: ErrorSource;
  message: string;
}

export interface UiState {
  gpu: GpuState;
  presetId: string;
  status: RunStatus;
  /** Epochs finished, and the epoch count of the current round. */
  epoch: number;
  epochs: number;
  model: ModelInfo | null;
  progress: ProgressReport | null;
  lastEpoch: EpochReport | null;
  evaluation: { split: EvalSplit; loss: number; accuracy: number; count: number } | null;
  trainLoss: LossPoint[];
  valLoss: LossPoint[];
  errors: UiError[];
  nextErrorId: number;
}

export type UiAction =
  | { kind: 'worker'; messages: FromWorker[] }
  | { kind: 'select-preset'; presetId: string }
  | { kind: 'dismiss-error'; id: number };

/** Train-loss points kept for the chart; beyond this the series is thinned by half. */
const MAX_POINTS = 2000;
const MAX_ERRORS = 4;

export function initialState(presetId = PRESETS[0]?.id ?? ''): UiState {
  return {
    gpu: { kind: 'pending' },
    presetId,
    status: 'starting',
    epoch: 0,
    epochs: 0,
    model: null,
    progress: null,
    lastEpoch: null,
    evaluation: null,
    trainLoss: [],
    valLoss: [],
    errors: [],
    nextErrorId: 1,
  };
}

export function reduce(state: UiState, action: UiAction): UiState {
  switch (action.kind) {
    case 'worker':
      return action.messages.reduce(apply, state);
    case 'select-preset':
      return { ...state, presetId: action.presetId };
    case 'dismiss-error':
      return { ...state, errors: state.errors.filter((e) => e.id !== action.id) };
    default:
      return assertNever(action, 'UI action');
  }
}

function apply(state: UiState, msg: FromWorker): UiState {
  switch (msg.type) {
    case 'ready':
      return { ...state, gpu: { kind: 'ready', adapter: msg.adapter } };
    case 'no-webgpu':
      return { ...state, gpu: { kind: 'unavailable', message: msg.message } };
    case 'error': {
      const errors = [...state.errors, { id: state.nextErrorId, where: msg.where, message: msg.message }].slice(-MAX_ERRORS);
      return { ...state, errors, nextErrorId: state.nextErrorId + 1 };
    }
    case 'state':
      return { ...state, status: msg.status, epoch: msg.epoch, epochs: msg.epochs };
    case 'model':
      // A fresh model (load or reset): the history starts over.
      return { ...state, model: msg.info, progress: null, lastEpoch: null, evaluation: null, trainLoss: [], valLoss: [] };
    case 'progress': {
      const { type: _type, ...progress } = msg;
      const x = progress.epoch + progress.step / Math.max(1, progress.stepsPerEpoch);
      return { ...state, progress, trainLoss: appendPoint(state.trainLoss, x, progress.loss) };
    }
    case 'epoch': {
      const m = msg.metrics;
      const x = m.epoch + m.steps / Math.max(1, state.model?.stepsPerEpoch ?? m.steps);
      const valLoss = m.valLoss === null ? state.valLoss : appendPoint(state.valLoss, x, m.valLoss);
      return { ...state, lastEpoch: m, valLoss };
    }
    case 'evaluated':
      return { ...state, evaluation: { split: msg.split, loss: msg.loss, accuracy: msg.accuracy, count: msg.count } };
    default:
      return assertNever(msg, 'worker message');
  }
}

/** Appends a finite point, thinning the series by half when it grows past MAX_POINTS. */
function appendPoint(series: LossPoint[], x: number, loss: number): LossPoint[] {
  if (!Number.isFinite(loss)) return series;
  const next = series.length >= MAX_POINTS ? series.filter((_, i) => i % 2 === 1) : series.slice();
  next.push({ x, loss });
  return next;
}
