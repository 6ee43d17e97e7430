/**
 * The worker side of the inside-the-network views (protocol-inside.ts): each view's watch or
 * request goes to the piece that owns it. The run loop calls `afterEpoch` between epochs and
 * `afterRun` when a run ends, so open views follow training; a closed view does nothing.
 */
import { assertNever, type ToWorkerInside } from '../protocol';
import type { SessionCore } from '../session-core';
import { requestProfile } from './profile-request';

export class InsideViews {
  constructor(private readonly core: SessionCore) {}

  handle(msg: ToWorkerInside): void {
    switch (msg.type) {
      case 'watch-stats':
        return;
      case 'profile':
        return requestProfile(this.core, msg.id);
      default:
        // TODO(inside): drop the cast once ToWorkerInside has two members (a one-member type does not narrow to never).
        assertNever(msg as never, 'inside view command');
    }
  }

  /** Refreshes the open views after an epoch of a run (awaited by the run loop). */
  async afterEpoch(): Promise<void> {
    void this.core;
  }

  /** Refreshes the open views when a run has ended or a model was loaded. */
  async afterRun(): Promise<void> {}
}
