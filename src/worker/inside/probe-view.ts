/**
 * What the neuron maps and the conv views share on the worker side: a standing view over a
 * LayerOutputsProbe (src/engine/inspect/layer-outputs.ts). Opening it computes a report at once;
 * during a run it is recomputed when due (at most every `intervalMs`, started from the run loop
 * between steps and never awaited there), after epochs and when a run ends. Reports are served
 * outside the task queue, latest request wins, one at a time. The probe is built on first use for
 * the current model and the view's key (e.g. the grid resolution) and freed when the model changes
 * or the view closes: a closed view holds no GPU memory and does no work.
 */
import type { LayerOutputsProbe } from '../../engine/inspect/layer-outputs';
import type { CompiledModel } from '../../engine/compile';
import { LatestWins, type ServeOutcome } from '../latest-wins';
import type { LoadedModel } from '../model-loader';
import type { FromWorker } from '../protocol';
import { messageOf, type SessionCore } from '../session-core';

export interface ViewReport {
  msg: FromWorker;
  transfer: Transferable[];
}

export abstract class ProbeView<W> {
  private watching: W | null = null;
  private lastAt = -Infinity;
  private held: { model: CompiledModel; key: string; probe: Promise<LayerOutputsProbe> } | null = null;
  private readonly serving = new LatestWins<null>(() => this.serve());

  constructor(
    protected readonly core: SessionCore,
    private readonly intervalMs: number,
  ) {}

  /** The report for the watched settings on a usable model. */
  protected abstract report(m: LoadedModel, watch: W): Promise<ViewReport>;
  /** The report that says why there is nothing to show. */
  protected abstract empty(watch: W, message: string): ViewReport;

  /** Opens (or re-aims) the view and computes a report now; null closes it. */
  set(watch: W | null): void {
    this.watching = watch;
    if (watch) this.request();
    else if (!this.serving.busy) this.release();
  }

  /** During a run: the view is open, idle and its last report is old enough. */
  due(): boolean {
    return this.watching !== null && !this.serving.busy && performance.now() - this.lastAt >= this.intervalMs;
  }

  /** Recomputes the open view (no-op when closed). */
  request(): void {
    if (!this.watching) return;
    this.lastAt = performance.now();
    this.serving.request(null);
  }

  /** The probe for this model and key, built on first use; an older one is freed. */
  protected probe(model: CompiledModel, key: string, create: () => Promise<LayerOutputsProbe>): Promise<LayerOutputsProbe> {
    if (this.held && this.held.model === model && this.held.key === key) return this.held.probe;
    this.release();
    const probe = create();
    this.held = { model, key, probe };
    probe.catch(() => {
      if (this.held?.probe === probe) this.held = null;
    });
    return probe;
  }

  private release(): void {
    const held = this.held;
    this.held = null;
    void held?.probe.then((p) => p.destroy(), () => undefined);
  }

  private async serve(): Promise<ServeOutcome> {
    const watch = this.watching;
    if (!watch) {
      this.release();
      return 'done';
    }
    const core = this.core;
    const usable = core.usableModel();
    let out: ViewReport;
    if (typeof usable === 'string') out = this.empty(watch, usable);
    else {
      try {
        out = await this.report(usable, watch);
      } catch (e) {
        out = this.empty(watch, `Cannot compute this view: ${messageOf(e)}.`);
      }
      // The model was replaced meanwhile: ask the new one.
      if (core.model !== usable) return 'retry';
    }
    this.lastAt = performance.now();
    // Closed while this report was computed: nothing is posted and the probe is freed.
    if (!this.watching) {
      this.release();
      return 'done';
    }
    core.post(out.msg, out.transfer);
    return 'done';
  }
}
