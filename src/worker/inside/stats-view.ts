/**
 * The layer-statistics view in the worker (protocol-inside.ts "layer statistics"): `watch-stats`
 * installs a StatsProbe on the loaded model's trainer (sampling every `every` steps inside the
 * training steps themselves) and `watch: false` removes it, so a closed view encodes nothing. Each
 * sample joins a bounded history that the health rules read; `stats` reports go out at most
 * every POST_INTERVAL_MS (the latest sample, and a trailing one when sampling pauses). A model
 * that was loaded since is attached before the next run (`attach`).
 */
import { healthWarnings } from '../../engine/inspect/health';
import { StatsProbe } from '../../engine/inspect/stats-probe';
import type { StatsSample } from '../../engine/inspect/stats-types';
import type { Trainer } from '../../engine/trainer';
import type { StatsToWorker } from '../protocol-inside';
import { messageOf, type SessionCore } from '../session-core';

export const POST_INTERVAL_MS = 250;
/** Samples kept for the health rules. */
export const HISTORY = 64;
export const MAX_EVERY = 10_000;

export class StatsView {
  private every = 0;
  private probe: { trainer: Trainer; probe: StatsProbe } | null = null;
  private building: Promise<void> | null = null;
  private history: StatsSample[] = [];
  private pending: StatsSample | null = null;
  private postedAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly core: SessionCore) {}

  get watching(): boolean {
    return this.every > 0;
  }

  handle(msg: StatsToWorker): void {
    if (!msg.watch) {
      this.every = 0;
      this.detach();
      return;
    }
    if (!Number.isInteger(msg.every) || msg.every < 1 || msg.every > MAX_EVERY) {
      this.core.error('protocol', `watch-stats: "every" must be a whole number of steps from 1 to ${MAX_EVERY} (got ${String(msg.every)})`);
      return;
    }
    this.every = msg.every;
    if (this.probe) this.probe.probe.every = msg.every;
    void this.attach();
  }

  /** Installs the probe on the current model's trainer when the view is open (built once per trainer). */
  attach(): Promise<void> {
    const trainer = this.core.model?.trainer;
    if (!this.watching || !trainer) return Promise.resolve();
    if (this.probe?.trainer === trainer) {
      this.probe.probe.every = this.every;
      trainer.stepProbe = this.probe.probe;
      return Promise.resolve();
    }
    // Another model loaded while the probe was built: attach to that one next.
    this.building ??= this.build(trainer)
      .finally(() => (this.building = null))
      .then(() => (this.core.model?.trainer !== trainer ? this.attach() : undefined));
    return this.building;
  }

  private async build(trainer: Trainer): Promise<void> {
    this.history = [];
    this.pending = null;
    try {
      const probe = await StatsProbe.create(trainer.model, this.every, (s) => this.onSample(trainer, s));
      this.probe = { trainer, probe };
      // Closed, or another model loaded while the probe was built: attach() decides again.
      if (this.core.model?.trainer === trainer && this.watching) trainer.stepProbe = probe;
    } catch (e) {
      this.core.error('train', `The layer statistics could not be set up: ${messageOf(e)}`);
    }
  }

  private detach(): void {
    if (this.probe && this.probe.trainer.stepProbe === this.probe.probe) this.probe.trainer.stepProbe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private onSample(trainer: Trainer, s: StatsSample): void {
    if (this.probe?.trainer !== trainer || !this.watching) return;
    // Weights were reset (the step count went back): the old history says nothing about them.
    const last = this.history[this.history.length - 1];
    if (last && s.globalStep <= last.globalStep) this.history = [];
    this.history.push(s);
    if (this.history.length > HISTORY) this.history.shift();
    this.pending = s;
    const wait = this.postedAt + POST_INTERVAL_MS - performance.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  /** Posts the latest sample not yet posted, with the warnings that hold at it. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.pending;
    if (!s || !this.watching) return;
    this.pending = null;
    this.postedAt = performance.now();
    const upTo = this.history.indexOf(s);
    this.core.post({ type: 'stats', sample: s, warnings: healthWarnings(this.history.slice(0, upTo + 1)) });
  }
}
