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
/** One Dense layer's units over the grid, with the weights that feed them. */
export interface NeuronLayerMaps {
  layer: string;
  units: number;
  fanIn: number;
  /** The spec's activation (null: linear). */
  activation: string | null;
  /** [resolution * resolution, units] as the GPU wrote them: grid point r * resolution + c (c along x, r along y, from the extent's low corner). */
  maps: Float32Array;
  /** W [fanIn, units] (Keras layout) and b [units] (null without a bias). */
  weights: Float32Array;
  bias: Float32Array | null;
}

/** Resolution of the neuron maps' grid: 4..64 (the decision boundary's grid and extent). */
export type NeuronsToWorker = { type: 'watch-neurons'; watch: boolean; resolution: number };
export type NeuronsFromWorker = {
  type: 'neuron-maps';
  resolution: number;
  /** [x0, x1, y0, y1] in raw feature units (as the decision boundary). */
  extent: [number, number, number, number];
  /** Every Dense layer in execution order; the last is the output when the model ends in a Dense. */
  layers: NeuronLayerMaps[];
  /** The model's output layer. */
  output: string;
  epoch: number;
  globalStep: number;
  /** Why there are no maps (no model, diverged, not a 2-feature input); null when there are. */
  message: string | null;
};

// --- conv views (image data): first conv layer's filters, feature maps of one image ---
/** One Conv2D or 2-D pooling layer's output for the chosen image. */
export interface FeatureMaps {
  layer: string;
  type: string;
  /** [H, W, C]. */
  shape: [number, number, number];
  /** [H, W, C] channels-last, as the GPU wrote them. */
  values: Float32Array;
}

/** `sample`: a test-set row (clamped to the rows there are); `drawn`: an image drawn on the sketch pad ([H, W, C], raw units) shown instead. */
export type ConvToWorker = { type: 'watch-conv'; watch: boolean; sample: number; drawn?: Float32Array | null };
export type ConvFromWorker = {
  type: 'conv-views';
  /** The test row shown (the one asked for while `drawn`) and how many there are. */
  sample: number;
  /** The image is the drawn one, not a test row. */
  drawn: boolean;
  testRows: number;
  /** The image as the user gave it (raw units), its shape [H, W, C] and its class name (null: none). */
  image: Float32Array;
  imageShape: number[];
  label: string | null;
  /** The first Conv2D's W [kh, kw, cin, filters] (Keras layout) read from the parameter buffer. */
  filters: { layer: string; kh: number; kw: number; cin: number; count: number; weights: Float32Array } | null;
  layers: FeatureMaps[];
  epoch: number;
  globalStep: number;
  message: string | null;
};

// --- layer statistics sampled while training: distributions over time and layer health ---
// The sample's types live with the engine that fills them (engine/inspect/stats-types.ts).
import type { HealthWarning, StatsSample } from '../engine/inspect/stats-types';
export type { HealthWarning, LayerStats, StatsSample, TensorHistogram } from '../engine/inspect/stats-types';
export { STATS_BINS } from '../engine/inspect/stats-types';

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
/** What the projector shows: an Embedding's token rows, or a classifier's penultimate activations of test samples. */
export type ProjectorSource = 'embedding' | 'penultimate';
/** Most points one projection holds (token rows or test samples). */
export const PROJECTOR_MAX_POINTS = 500;

export interface ProjectorReport {
  source: ProjectorSource;
  /** The layer read (the Embedding, or the layer the classifier's head reads); null with a message. */
  layer: string | null;
  epoch: number;
  globalStep: number;
  /** PCA coordinates of each point (same length). */
  xs: number[];
  ys: number[];
  /** Embedding: the token of each point (most frequent first); null for samples. */
  labels: string[] | null;
  /** Penultimate: each sample's class id; null for tokens. */
  classes: number[] | null;
  /** The dataset's class names (index = class id), when it has them. */
  classNames: string[] | null;
  /** Variance along the two axes and in all, for "the plane explains x%". */
  variance: [number, number];
  totalVariance: number;
  /** Why there is nothing to show (no Embedding, not a classifier, no model yet), else null. */
  message: string | null;
}

/** Opens (watch true) or closes the projector; it is computed at once and after each epoch and run while open. */
export type ProjectorToWorker = { type: 'watch-projector'; watch: boolean; source: ProjectorSource };
export type ProjectorFromWorker = { type: 'projector'; report: ProjectorReport };

export type ToWorkerInside = NeuronsToWorker | ConvToWorker | StatsToWorker | ProfileToWorker | ProjectorToWorker;
export type FromWorkerInside = NeuronsFromWorker | ConvFromWorker | StatsFromWorker | ProfileFromWorker | ProjectorFromWorker;

/**
 * Every inside message type the worker sends, as a compile-checked record (a new member of
 * FromWorkerInside must be listed here): the UI reducer passes these by, the views read them
 * directly through `subscribe`.
 */
const INSIDE_FROM_WORKER: Record<FromWorkerInside['type'], true> = {
  'neuron-maps': true,
  'conv-views': true,
  stats: true,
  projector: true,
  'profile-report': true,
};

export function isInsideReport<M extends { type: string }>(msg: M): msg is Extract<M, FromWorkerInside> {
  return Object.prototype.hasOwnProperty.call(INSIDE_FROM_WORKER, msg.type);
}

/** A standing watch of an inside view (replayed after a worker restart). */
export function isInsideWatch(msg: { type: string }): boolean {
  return msg.type.startsWith('watch-');
}
