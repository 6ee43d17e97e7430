/**
 * The page's view of the worker: a reducer that folds worker messages (and a few UI actions)
 * into plain display state: status, the current run's metric series, earlier runs, evaluation,
 * decision-boundary grid, latest weights, divergence and device loss. Every worker message type
 * is handled (exhaustive switch).
 */
import { initialIo, ioAnswer, ioRequest, type IoRequest, type IoState } from './io/io-state';
import { onGenerated, type GenerationState } from './generate/generation-state';
import { appendCapped } from './model/decimate';
import { freshAt, runAtWeights, weightsAtOf, type WeightsAt } from './persist/run-at-weights';
import { describeDiff, hasPoints, SAME_SETTINGS } from './project/runs';
import { MAX_HISTORY, type RunConfig, type RunRecord } from './project/types';
import {
  assertNever,
  isInsideReport,
  type AttentionReport,
  type BoundaryReport,
  type ErrorSource,
  type EvalReport,
  type FromWorker,
  type MisclassifiedReport,
  type NanCulpritInfo,
  type ModelInfo,
  type PredictionReport,
  type PreviewReport,
  type ProgressReport,
  type RunStatus,
  type WeightsBlob,
} from '../worker/protocol';

export type GpuState = { kind: 'pending' } | { kind: 'ready'; adapter: string } | { kind: 'unavailable'; message: string };

export type UiErrorSource = ErrorSource | 'storage' | 'file' | 'share';

export interface UiError {
  id: number;
  where: UiErrorSource;
  message: string;
}

/** What the UI asked the worker to build (matched to the answer by tag). */
export interface LoadMeta {
  tag: string;
  configKey: string;
  archKey: string;
  config: RunConfig;
}

export interface Divergence {
  message: string;
  epoch: number;
  step: number;
  loss: number;
  snapshotEpoch: number | null;
  /** The NaN trap's finding: the layer and pass that first produced a non-finite value. */
  culprit?: NanCulpritInfo;
}

export interface UiState {
  gpu: GpuState;
  status: RunStatus;
  /** Epochs finished, and the epoch count of the current round. */
  epoch: number;
  epochs: number;
  model: ModelInfo | null;
  progress: ProgressReport | null;
  current: RunRecord;
  history: RunRecord[];
  nextRunId: number;
  evaluation: EvalReport | null;
  /** Counts evaluation results received (tells a fresh result from an equal old one). */
  evalSeq: number;
  boundary: BoundaryReport | null;
  /** The misclassified samples of the evaluation numbered `evalSeq` (sent right after it). */
  misclassified: (MisclassifiedReport & { evalSeq: number }) | null;
  /** The latest answer to a `predict` request (draw to classify). */
  prediction: PredictionReport | null;
  /** The latest attention maps (models with MultiHeadAttention layers). */
  attention: AttentionReport | null;
  /** The latest text generation (character language models), as streamed so far. */
  generation: GenerationState | null;
  /** The first rows of the dataset the dataset panel shows, and why the last preview failed (shown there, not in the error list). */
  preview: PreviewReport | null;
  previewError: string | null;
  /** Latest weights from the worker, with the architecture they belong to; null = fresh from the seed. */
  weights: (WeightsBlob & { archKey: string }) | null;
  /** Where the current run stood when `weights` were taken (autosave stores the run cut back to it); null: unknown. */
  weightsAt: WeightsAt | null;
  pendingLoad: LoadMeta | null;
  loaded: LoadMeta | null;
  diverged: Divergence | null;
  deviceLost: { message: string; canRecover: boolean } | null;
  errors: UiError[];
  nextErrorId: number;
  /** Exports, the int8 measurement and weight imports (see io/io-state.ts). */
  io: IoState;
}

export type UiAction =
  | { kind: 'worker'; messages: FromWorker[] }
  | { kind: 'loading'; meta: LoadMeta }
  | {
      kind: 'restore-project';
      current: RunRecord | null;
      history: RunRecord[];
      evaluation: EvalReport | null;
      nextRunId: number;
      weights: UiState['weights'];
    }
  | { kind: 'ui-error'; where: UiErrorSource; message: string }
  | { kind: 'dismiss-error'; id: number }
  | { kind: 'clear-history' }
  | { kind: 'io'; request: IoRequest };

/** Raw points kept per series; the charts decimate further. */
const RAW_CAP = 4000;
const MAX_ERRORS = 4;

const emptyRun = (id: number, config: RunConfig | null): RunRecord => ({ id, startedAt: Date.now(), config, train: [], val: [], last: null });

export function initialState(): UiState {
  return {
    gpu: { kind: 'pending' },
    status: 'starting',
    epoch: 0,
    epochs: 0,
    model: null,
    progress: null,
    current: emptyRun(1, null),
    history: [],
    nextRunId: 2,
    evaluation: null,
    evalSeq: 0,
    boundary: null,
    misclassified: null,
    prediction: null,
    attention: null,
    generation: null,
    preview: null,
    previewError: null,
    weights: null,
    weightsAt: null,
    pendingLoad: null,
    loaded: null,
    diverged: null,
    deviceLost: null,
    errors: [],
    nextErrorId: 1,
    io: initialIo(),
  };
}

export function reduce(state: UiState, action: UiAction): UiState {
  switch (action.kind) {
    case 'worker':
      return action.messages.reduce(apply, state);
    case 'loading':
      return { ...state, pendingLoad: action.meta };
    case 'restore-project': {
      const current = action.current ?? emptyRun(action.nextRunId, null);
      return {
        ...state,
        current,
        history: action.history,
        nextRunId: action.current ? action.nextRunId : action.nextRunId + 1,
        evaluation: action.evaluation,
        misclassified: null,
        boundary: null,
        progress: null,
        weights: action.weights,
        weightsAt: action.weights ? weightsAtOf(current) : null,
        diverged: null,
      };
    }
    case 'ui-error':
      return addError(state, action.where, action.message);
    case 'dismiss-error':
      return { ...state, errors: state.errors.filter((e) => e.id !== action.id) };
    case 'clear-history':
      return { ...state, history: [] };
    case 'io':
      return { ...state, io: ioRequest(state.io, action.request) };
    default:
      return assertNever(action, 'UI action');
  }
}

function addError(state: UiState, where: UiErrorSource, message: string): UiState {
  const errors = [...state.errors, { id: state.nextErrorId, where, message }].slice(-MAX_ERRORS);
  return { ...state, errors, nextErrorId: state.nextErrorId + 1 };
}

function apply(state: UiState, msg: FromWorker): UiState {
  // The inside-the-network views read their reports themselves (components/inside).
  if (isInsideReport(msg)) return state;
  switch (msg.type) {
    case 'ready':
      return { ...state, gpu: { kind: 'ready', adapter: msg.adapter } };
    case 'no-webgpu':
      return { ...state, gpu: { kind: 'unavailable', message: msg.message } };
    case 'error': {
      if (msg.where === 'dataset') return { ...state, previewError: msg.message };
      const next = addError(state, msg.where, msg.message);
      return msg.where === 'load' ? { ...next, pendingLoad: null } : next;
    }
    case 'state':
      return { ...state, status: msg.status, epoch: msg.epoch, epochs: msg.epochs, deviceLost: msg.status === 'lost' ? state.deviceLost : null };
    case 'model':
      return onModel(state, msg.info);
    case 'progress': {
      const { type: _type, ...progress } = msg;
      if (!Number.isFinite(progress.loss)) return { ...state, progress };
      const x = progress.epoch + progress.step / Math.max(1, progress.stepsPerEpoch);
      const acc = state.model?.task === 'classification' ? progress.accuracy : null;
      const train = appendCapped(state.current.train, { x, loss: progress.loss, acc }, RAW_CAP, (p) => p.loss);
      // The step counter never goes back to the end of this metrics window once a later finished step was shown.
      const shown = state.progress && state.progress.epoch === progress.epoch ? Math.max(state.progress.step, progress.step) : progress.step;
      return { ...state, progress: { ...progress, step: shown }, current: { ...state.current, train } };
    }
    case 'step': {
      // The step the GPU has just finished (between metric reads): moves the counter only.
      const p = state.progress;
      if (!p || p.epoch !== msg.epoch || msg.step <= p.step) return state;
      return { ...state, progress: { ...p, step: msg.step, globalStep: Math.max(p.globalStep, msg.globalStep) } };
    }
    case 'epoch': {
      const m = msg.metrics;
      const x = m.epoch + m.steps / Math.max(1, state.model?.stepsPerEpoch ?? m.steps);
      const acc = state.model?.task === 'classification' ? m.valAccuracy : null;
      const val =
        m.valLoss === null || !Number.isFinite(m.valLoss) ? state.current.val : appendCapped(state.current.val, { x, loss: m.valLoss, acc }, RAW_CAP, (p) => p.loss);
      return { ...state, current: { ...state.current, val, last: m } };
    }
    case 'evaluated': {
      const { type: _type, ...evaluation } = msg;
      return { ...state, evaluation, evalSeq: state.evalSeq + 1 };
    }
    case 'boundary': {
      const { type: _type, ...boundary } = msg;
      return { ...state, boundary };
    }
    case 'weights': {
      const { type: _type, ...w } = msg;
      return { ...state, weights: { ...w, archKey: state.loaded?.archKey ?? '' }, weightsAt: weightsAtOf(state.current) };
    }
    case 'diverged': {
      const { type: _type, ...d } = msg;
      return { ...state, diverged: d };
    }
    case 'device-lost':
      return { ...state, deviceLost: { message: msg.message, canRecover: msg.canRecover } };
    case 'worker-restarted': {
      // A new worker rebuilds the model with the weights the page holds: the run goes back to them.
      const next = { ...addError(state, 'worker', msg.message), status: 'starting' as const, progress: null };
      if (msg.gaveUp) return next;
      return { ...next, diverged: null, deviceLost: null, current: msg.epoch === null ? state.current : runAtWeights(state.current, state.weightsAt) };
    }
    case 'prediction': {
      const { type: _type, ...prediction } = msg;
      return { ...state, prediction };
    }
    case 'attention-maps': {
      const { type: _type, ...attention } = msg;
      return { ...state, attention };
    }
    case 'misclassified': {
      const { type: _type, ...report } = msg;
      return { ...state, misclassified: { ...report, evalSeq: state.evalSeq } };
    }
    case 'preview': {
      const { type: _type, ...preview } = msg;
      return { ...state, preview, previewError: null };
    }
    // --- text generation ---
    case 'generated':
      return { ...state, generation: onGenerated(state.generation, msg) };
    // --- export and import ---
    case 'exported':
    case 'int8-measured':
    case 'imported':
    case 'io-failed':
      return { ...state, io: ioAnswer(state.io, msg) };
    default:
      return assertNever(msg, 'worker message');
  }
}

function onModel(state: UiState, info: ModelInfo): UiState {
  const matched = state.pendingLoad && info.tag === state.pendingLoad.tag ? state.pendingLoad : null;
  const loaded = matched ?? state.loaded;
  const base = { ...state, model: info, progress: null, loaded, pendingLoad: matched ? null : state.pendingLoad };
  switch (info.weights) {
    case 'fresh': {
      // A new run: the previous one (if it trained at all) joins the history.
      const history = hasPoints(state.current) ? [...state.history, state.current].slice(-MAX_HISTORY) : state.history;
      const id = hasPoints(state.current) ? state.nextRunId : state.current.id;
      return {
        ...base,
        history,
        current: emptyRun(id, loaded?.config ?? null),
        nextRunId: hasPoints(state.current) ? state.nextRunId + 1 : state.nextRunId,
        evaluation: null,
        misclassified: null,
        prediction: null,
        attention: null,
        boundary: null,
        weights: null,
        weightsAt: freshAt(id),
        diverged: null,
      };
    }
    case 'kept': {
      // Same weights, new settings (say, the learning rate): the run so far joins the history
      // under its own settings and a new run continues from here.
      const cfg = loaded?.config ?? state.current.config;
      const changed = hasPoints(state.current) && state.current.config && cfg && describeDiff(state.current.config, cfg) !== SAME_SETTINGS;
      if (!changed) return { ...base, current: { ...state.current, config: cfg }, diverged: null };
      return {
        ...base,
        history: [...state.history, state.current].slice(-MAX_HISTORY),
        current: emptyRun(state.nextRunId, cfg),
        nextRunId: state.nextRunId + 1,
        diverged: null,
      };
    }
    case 'imported': {
      // Weights from a file: a new run starts from them (the `weights` message that follows carries them, for saving).
      const history = hasPoints(state.current) ? [...state.history, state.current].slice(-MAX_HISTORY) : state.history;
      const id = hasPoints(state.current) ? state.nextRunId : state.current.id;
      return {
        ...base,
        history,
        current: emptyRun(id, loaded?.config ?? state.current.config),
        nextRunId: hasPoints(state.current) ? state.nextRunId + 1 : state.nextRunId,
        evaluation: null,
        misclassified: null,
        prediction: null,
        diverged: null,
      };
    }
    case 'restored': {
      // After a divergence, the series go back to the snapshot's epoch.
      const cut = (ps: RunRecord['train']) => (state.diverged ? ps.filter((p) => p.x <= info.epoch + 1e-9) : ps);
      const current = { ...state.current, config: state.current.config ?? loaded?.config ?? null, train: cut(state.current.train), val: cut(state.current.val) };
      return { ...base, current, diverged: null };
    }
  }
}
