/**
 * The protocol of the inside-the-network views (issue 15): what the UI asks for and what the
 * worker sends back. Every view is opened on demand: a `watch-*` command with `watch: true` starts
 * it and `watch: false` stops it (a closed view costs nothing); one-shot requests carry an `id`
 * that their answer repeats. Each view keeps its own section below; protocol.ts joins the unions.
 *
 * Standing watches (`type` starting with "watch-") are replayed to a replacement worker after a
 * crash (replay.ts), so a view that is open stays live.
 */

// --- neuron maps (2-feature data): every hidden Dense unit over the input plane ---
export type NeuronsToWorker = never;
export type NeuronsFromWorker = never;

// --- conv views (image data): first conv layer's filters, feature maps of one image ---
export type ConvToWorker = never;
export type ConvFromWorker = never;

// --- layer statistics sampled while training: distributions over time and layer health ---
/** Bins of every histogram: [lo, hi] cut into this many equal bins. */
export const STATS_BINS = 32;

/** One tensor's distribution at one sample (computed on the GPU from the model's own buffers). */
export interface TensorHistogram {
  /** Edges of the bins: lo + (hi - lo) * k / STATS_BINS; lo = min and hi = max of the finite values. */
  lo: number;
  hi: number;
  /** STATS_BINS counts; they sum to `count` minus `nonFinite`. */
  counts: number[];
  /** Elements in the tensor. */
  count: number;
  nonFinite: number;
  mean: number;
  std: number;
}

/** One layer at one sample; null where a statistic does not apply (no weights, no activation of that kind). */
export interface LayerStats {
  layer: string;
  /** The spec's layer type (e.g. "Dense"). */
  type: string;
  weights: TensorHistogram | null;
  grads: TensorHistogram | null;
  activations: TensorHistogram | null;
  /** L2 norms of the layer's parameter gradient and parameters. */
  gradNorm: number | null;
  weightNorm: number | null;
  /** |w after - w before| / |w before| of this step's update (lr included). */
  updateRatio: number | null;
  /** ReLU-family outputs: the fraction of units never positive over the sampled batch. */
  deadFraction: number | null;
  /** tanh/sigmoid outputs: the fraction of outputs within 3% of their bounds. */
  saturatedFraction: number | null;
}

export interface StatsSample {
  epoch: number;
  globalStep: number;
  layers: LayerStats[];
}

/** A plain-words warning about one layer (or the depth of the network, layer null). */
export interface HealthWarning {
  layer: string | null;
  kind: 'dead' | 'saturated' | 'vanishing' | 'exploding' | 'update-ratio' | 'non-finite';
  message: string;
}

export type StatsToWorker = { type: 'watch-stats'; watch: boolean; /** Sample every this many steps (1..10000). */ every: number };
export type StatsFromWorker = { type: 'stats'; sample: StatsSample; warnings: HealthWarning[] };

// --- per-layer GPU profile of one training step ---
/** One group of the step's dispatches: a layer ('gather', 'loss' and 'optimizer' too) in one pass. */
export interface ProfileRow {
  layer: string;
  pass: 'forward' | 'backward' | 'optimizer';
  ms: number;
  dispatches: number;
}

export interface StepProfileReport {
  rows: ProfileRow[];
  /** The rows' sum, and the whole step measured separately (ms). */
  totalMs: number;
  stepMs: number;
  method: 'timestamps' | 'prefix';
  repeats: number;
}

/** Profiles one training step (refused while a run is under way). */
export type ProfileToWorker = { type: 'profile'; id: number };
export type ProfileFromWorker = { type: 'profile-report'; id: number; profile: StepProfileReport | null; error: string | null };

// --- embedding / penultimate-layer projector ---
export type ProjectorToWorker = never;
export type ProjectorFromWorker = never;

export type ToWorkerInside = NeuronsToWorker | ConvToWorker | StatsToWorker | ProfileToWorker | ProjectorToWorker;
export type FromWorkerInside = NeuronsFromWorker | ConvFromWorker | StatsFromWorker | ProfileFromWorker | ProjectorFromWorker;

/**
 * Every inside message type the worker sends, as a compile-checked record (a new member of
 * FromWorkerInside must be listed here): the UI reducer passes these by, the views read them
 * directly through `subscribe`.
 */
const INSIDE_FROM_WORKER: Record<FromWorkerInside['type'], true> = {
  stats: true,
  'profile-report': true,
};

export function isInsideReport<M extends { type: string }>(msg: M): msg is Extract<M, FromWorkerInside> {
  return Object.prototype.hasOwnProperty.call(INSIDE_FROM_WORKER, msg.type);
}

/** A standing watch of an inside view (replayed after a worker restart). */
export function isInsideWatch(msg: { type: string }): boolean {
  return msg.type.startsWith('watch-');
}
