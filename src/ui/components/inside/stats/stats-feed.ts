/**
 * The one standing watch of the layer statistics, shared by the views that read it (Distributions
 * and Health): the first view to open sends `watch-stats` with `watch: true`, the last to close
 * sends `watch: false` and forgets the history, so two open views sample once and a closed pair
 * costs nothing. Both views use the same `every`; changing it re-sends the watch. Samples arrive
 * through the worker client's `subscribe` and go to a bounded history (stats-history.ts); the
 * views see it at most every PUBLISH_MS, so sampling every step of a fast run stays cheap.
 */
import type { Listener } from '../../../../worker/client';
import type { HealthWarning, StatsSample } from '../../../../worker/protocol';
import type { ToWorker } from '../../../../worker/protocol';
import { StatsHistory } from './stats-history';

export const EVERY_MIN = 1;
export const EVERY_MAX = 10_000;
export const EVERY_DEFAULT = 20;
/** Samples are shown at most once in this many milliseconds (the newest wins). */
export const PUBLISH_MS = 100;

/** A sampling interval made whole and kept within 1..10000; null for text that is not a number. */
export function clampEvery(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  return Math.min(EVERY_MAX, Math.max(EVERY_MIN, Math.round(x)));
}

export interface StatsSnapshot {
  samples: readonly StatsSample[];
  warnings: readonly HealthWarning[];
  every: number;
}

type Send = (cmd: ToWorker) => void;
type Subscribe = (listener: Listener) => () => void;

export class StatsFeed {
  private holders = 0;
  private send: Send | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly history = new StatsHistory();
  private readonly listeners = new Set<() => void>();
  private snap: StatsSnapshot = { samples: [], warnings: [], every: EVERY_DEFAULT };
  private pendingWarnings: readonly HealthWarning[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dirty = false;

  /** Opens the watch for one view (the first opens it on the worker); returns its release. */
  acquire(send: Send, subscribe: Subscribe): () => void {
    this.send = send;
    if (this.holders++ === 0) {
      this.unsubscribe = subscribe((msg) => {
        if (msg.type === 'stats' && this.holders > 0 && this.history.push(msg.sample)) {
          this.pendingWarnings = msg.warnings;
          this.publishSoon();
        }
      });
      send({ type: 'watch-stats', watch: true, every: this.snap.every });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holders === 0) {
        this.cancelPublish();
        this.unsubscribe?.();
        this.unsubscribe = null;
        this.send?.({ type: 'watch-stats', watch: false, every: this.snap.every });
        this.history.clear();
        this.update({ samples: [], warnings: [] });
      }
    };
  }

  /** Samples every `every` steps from now on (re-sends the watch while one is open); ignores a value that is not a number. */
  setEvery(every: number): void {
    const n = clampEvery(every);
    if (n === null || n === this.snap.every) return;
    this.update({ every: n });
    if (this.holders > 0) this.send?.({ type: 'watch-stats', watch: true, every: n });
  }

  /** How many views hold the watch. */
  watchers(): number {
    return this.holders;
  }

  snapshot = (): StatsSnapshot => this.snap;

  listen = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  };

  /**
   * Shows the newest sample now, or at the end of the current PUBLISH_MS window when one was shown
   * within it: a fast run sampling every step re-renders the views at most ~10 times a second.
   */
  private publishSoon(): void {
    if (this.timer !== null) {
      this.dirty = true;
      return;
    }
    this.publish();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.dirty) this.publishSoon();
    }, PUBLISH_MS);
  }

  private publish(): void {
    this.dirty = false;
    this.update({ samples: this.history.samples(), warnings: this.pendingWarnings });
  }

  private cancelPublish(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
  }

  private update(part: Partial<StatsSnapshot>): void {
    this.snap = { ...this.snap, ...part };
    for (const l of this.listeners) l();
  }
}

/** The page's one feed (one worker client per page). */
export const statsFeed = new StatsFeed();
