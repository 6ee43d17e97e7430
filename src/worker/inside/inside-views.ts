/**
 * The worker side of the inside-the-network views (protocol-inside.ts): each view's watch or
 * request goes to the piece that owns it. The run loop calls `afterEpoch` between epochs and
 * `afterRun` when a run ends, so open views follow training; a closed view does nothing.
 */
import { assertNever, type ToWorkerInside } from '../protocol';
import type { SessionCore } from '../session-core';
import { StatsView } from './stats-view';

export class InsideViews {
  private readonly stats: StatsView;

  constructor(private readonly core: SessionCore) {
    this.stats = new StatsView(core);
  }

  handle(msg: ToWorkerInside): void {
    switch (msg.type) {
      case 'watch-stats':
        this.stats.handle(msg);
        return;
      default:
        assertNever(msg.type, 'inside view command');
    }
  }

  /** Prepares the open views before a run starts (the model may have been replaced since). */
  async beforeRun(): Promise<void> {
    await this.stats.attach();
  }

  /** Refreshes the open views after an epoch of a run (awaited by the run loop). */
  async afterEpoch(): Promise<void> {
    void this.core;
    this.stats.flush();
  }

  /** Refreshes the open views when a run has ended or a model was loaded. */
  async afterRun(): Promise<void> {
    this.stats.flush();
  }
}
