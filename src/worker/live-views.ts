/**
 * The views the worker keeps up to date while the user watches them: the decision-boundary grid
 * (2-feature inputs; computed on the task queue or between epochs, at most every 500 ms during a
 * run) and the attention maps (served outside the queue, latest request wins, refreshed after
 * epochs, loads and runs and every few seconds during one). A closed view costs nothing.
 */
import { ATTENTION_INTERVAL_MS, attentionReport } from './attention';
import { boundaryOutputs } from './evaluation';
import { extentOf, samplePoints } from './insights';
import { LatestWins, type ServeOutcome } from './latest-wins';
import type { LoadedModel } from './model-loader';
import type { AttentionReport, AttentionSource, ToWorker } from './protocol';
import { messageOf, type SessionCore } from './session-core';

/** Minimum time between decision-boundary grids during training. */
const BOUNDARY_INTERVAL_MS = 500;

export class LiveViews {
  private boundaryWatch = { watch: false, resolution: 48 };
  private lastBoundaryAt = 0;
  private extent: { model: LoadedModel; extent: [number, number, number, number]; points: ReturnType<typeof samplePoints> } | null = null;
  private attentionWatch: AttentionSource | null = null;
  private lastAttentionAt = 0;
  private readonly attention = new LatestWins<AttentionSource>((source) => this.serveAttention(source));

  constructor(private readonly core: SessionCore) {}

  /** Applies a `boundary` message (resolution clamped to 4..128). */
  watchBoundary(msg: Extract<ToWorker, { type: 'boundary' }>): void {
    this.boundaryWatch = { watch: msg.watch, resolution: Math.max(4, Math.min(128, Math.round(msg.resolution))) };
  }

  /** Applies an `attention-maps` message. */
  watchAttention(msg: Extract<ToWorker, { type: 'attention-maps' }>): void {
    this.attentionWatch = msg.watch ? msg.source : null;
    if (msg.source) this.requestAttention(msg.source);
  }

  /** During a run: a boundary grid is watched and the last one is old enough to send another. */
  boundaryDue(): boolean {
    return this.boundaryWatch.watch && performance.now() - this.lastBoundaryAt >= BOUNDARY_INTERVAL_MS;
  }

  /** During a run: the watched attention maps are old enough to recompute. */
  attentionDue(): boolean {
    return performance.now() - this.lastAttentionAt >= ATTENTION_INTERVAL_MS;
  }

  /** Both views, after the weights changed (load, reset, restore, import, end of a run). */
  async refresh(): Promise<void> {
    await this.boundary();
    this.refreshAttention();
  }

  /** Posts the prediction grid when watching and the model has a 2-feature input (extent and points in raw units). */
  async boundary(): Promise<void> {
    const m = this.core.model;
    if (!m || !this.boundaryWatch.watch || this.core.diverged) return;
    const train = m.raw.train;
    if (train.inputShape.length !== 1 || train.inputShape[0] !== 2 || train.inputDtype !== 'float32') return;
    if (this.extent?.model !== m) this.extent = { model: m, extent: extentOf(train), points: samplePoints(train) };
    const { extent, points } = this.extent;
    const resolution = this.boundaryWatch.resolution;
    const outputs = await boundaryOutputs(m, extent, resolution);
    this.lastBoundaryAt = performance.now();
    this.core.post({ type: 'boundary', resolution, extent, outputs, outputCount: m.info.outputs, task: train.task, points, epoch: m.trainer.epoch });
  }

  /** Recomputes the watched attention maps (after epochs, loads and runs). */
  refreshAttention(): void {
    if (this.attentionWatch) this.requestAttention(this.attentionWatch);
  }

  private requestAttention(source: AttentionSource): void {
    this.lastAttentionAt = performance.now();
    this.attention.request(source);
  }

  private async serveAttention(source: AttentionSource): Promise<ServeOutcome> {
    const core = this.core;
    const m = core.model;
    const none = (message: string): AttentionReport => ({ source, queryLabels: [], keyLabels: [], layers: [], label: null, message, epoch: m?.trainer.epoch ?? 0, globalStep: m?.trainer.globalStep ?? 0 });
    const usable = core.usableModel();
    let report: AttentionReport;
    if (typeof usable === 'string') report = none(usable);
    else {
      try {
        report = await attentionReport(usable, source);
      } catch (e) {
        report = none(`Cannot compute the attention maps: ${messageOf(e)}.`);
      }
      // The model was replaced meanwhile: ask the new one (unless a newer request is waiting).
      if (core.model !== usable) return 'retry';
    }
    this.lastAttentionAt = performance.now();
    core.post({ type: 'attention-maps', ...report }, report.layers.map((l) => l.weights.buffer as ArrayBuffer));
    return 'done';
  }
}
