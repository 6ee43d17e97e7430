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
export type StatsToWorker = never;
export type StatsFromWorker = never;

// --- per-layer GPU profile of one training step ---
export type ProfileToWorker = never;
export type ProfileFromWorker = never;

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
const INSIDE_FROM_WORKER: Record<FromWorkerInside['type'], true> = {};

export function isInsideReport<M extends { type: string }>(msg: M): msg is Extract<M, FromWorkerInside> {
  return Object.prototype.hasOwnProperty.call(INSIDE_FROM_WORKER, msg.type);
}

/** A standing watch of an inside view (replayed after a worker restart). */
export function isInsideWatch(msg: { type: string }): boolean {
  return msg.type.startsWith('watch-');
}
