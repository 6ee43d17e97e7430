/**
 * The worker side of the inside-the-network views (protocol-inside.ts): each view's watch or
 * request goes to the piece that owns it. The run loop calls `afterEpoch` between epochs and
 * `afterRun` when a run ends, so open views follow training; a closed view does nothing.
 */
import { assertNever, type ToWorkerInside } from '../protocol';
import type { SessionCore } from '../session-core';
import { Projector } from './projector';

export class InsideViews {
  private readonly projector: Projector;

  constructor(private readonly core: SessionCore) {
    this.projector = new Projector(core);
  }

  handle(msg: ToWorkerInside): void {
    switch (msg.type) {
      case 'watch-stats':
        return;
      case 'watch-projector':
        return this.projector.watch(msg);
      default:
        assertNever(msg, 'inside view command');
    }
  }

  /** Refreshes the open views after an epoch of a run (awaited by the run loop). */
  async afterEpoch(): Promise<void> {
    void this.core;
    await this.projector.refresh();
  }

  /** Refreshes the open views when a run has ended or a model was loaded. */
  async afterRun(): Promise<void> {
    await this.projector.refresh();
  }
}
