/**
 * The layer-statistics history and the shared watch: 100,000 samples leave at most 500 kept,
 * evenly spaced over the whole run with the first and newest kept; an earlier step or other layers
 * start again; two open views send one `watch-stats` (true) and the second closing sends the one
 * `watch: false`; a fast run's samples reach the views at most every 100 ms, the newest last; a new
 * interval re-sends the watch only while it is open.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatsFeed, clampEvery, EVERY_DEFAULT, PUBLISH_MS } from '../../src/ui/components/inside/stats/stats-feed';
import { HISTORY_CAP, StatsHistory } from '../../src/ui/components/inside/stats/stats-history';
import type { Listener } from '../../src/worker/client';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';
import type { StatsSample } from '../../src/worker/protocol-inside';

const sample = (globalStep: number, layer = 'dense'): StatsSample => ({
  epoch: 0,
  globalStep,
  layers: [{ layer, type: 'Dense', weights: null, grads: null, activations: null, gradNorm: globalStep, weightNorm: 1, updateRatio: 1e-3, deadFraction: null, saturatedFraction: null }],
});

describe('StatsHistory', () => {
  it('keeps 100,000 samples as at most 500, evenly spaced, first and newest kept', () => {
    const h = new StatsHistory();
    for (let i = 0; i < 100_000; i++) {
      h.push(sample(i * 10));
      if (h.size > HISTORY_CAP) throw new Error(`${h.size} samples kept after ${i + 1}`);
    }
    const steps = h.samples().map((s) => s.globalStep);
    expect(steps.length).toBeGreaterThan(HISTORY_CAP / 2);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(999_990);
    // All gaps but the last (to the newest) are one stride: 256 samples of 10 steps.
    const gaps = new Set(steps.slice(1, -1).map((s, i) => s - steps[i]));
    expect([...gaps]).toEqual([2560]);
    expect(steps.at(-1)! - steps.at(-2)!).toBeLessThanOrEqual(2560);
  });

  it('replaces a repeated step, restarts on an earlier step or other layers, ignores an empty sample', () => {
    const h = new StatsHistory(4);
    for (const s of [0, 1, 2]) h.push(sample(s));
    const before = h.samples();
    h.push({ ...sample(2), epoch: 1 });
    expect(h.samples()).not.toBe(before);
    expect(h.samples().map((s) => [s.globalStep, s.epoch])).toEqual([[0, 0], [1, 0], [2, 1]]);
    h.push(sample(1));
    expect(h.samples().map((s) => s.globalStep)).toEqual([1]);
    h.push(sample(5, 'other'));
    expect(h.samples().map((s) => s.globalStep)).toEqual([5]);
    expect(h.push({ epoch: 0, globalStep: 9, layers: [] })).toBe(false);
    expect(h.samples().map((s) => s.globalStep)).toEqual([5]);
    expect(() => new StatsHistory(1)).toThrow(/at least 2/);
  });
});

afterEach(() => {
  vi.useRealTimers();
});

function fakeWorker() {
  const sent: ToWorker[] = [];
  const listeners = new Set<Listener>();
  return {
    sent,
    send: (cmd: ToWorker) => sent.push(cmd),
    subscribe: (l: Listener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    post: (msg: FromWorker) => listeners.forEach((l) => l(msg)),
    listeners,
  };
}

describe('StatsFeed', () => {
  it('shares one watch between two views and closes it with the last', () => {
    const w = fakeWorker();
    const feed = new StatsFeed();
    const releaseA = feed.acquire(w.send, w.subscribe);
    const releaseB = feed.acquire(w.send, w.subscribe);
    expect(w.sent).toEqual([{ type: 'watch-stats', watch: true, every: EVERY_DEFAULT }]);
    expect(w.listeners.size).toBe(1);
    vi.useFakeTimers();
    w.post({ type: 'stats', sample: sample(20), warnings: [{ layer: 'dense', kind: 'dead', message: 'dense looks dead' }] });
    w.post({ type: 'stats', sample: sample(40), warnings: [] });
    // The first is shown at once, the second at the end of the window.
    expect(feed.snapshot().samples.map((s) => s.globalStep)).toEqual([20]);
    expect(feed.snapshot().warnings).toEqual([{ layer: 'dense', kind: 'dead', message: 'dense looks dead' }]);
    vi.advanceTimersByTime(PUBLISH_MS);
    expect(feed.snapshot().samples.map((s) => s.globalStep)).toEqual([20, 40]);
    expect(feed.snapshot().warnings).toEqual([]);
    releaseA();
    releaseA();
    expect(w.sent).toHaveLength(1);
    expect(feed.watchers()).toBe(1);
    releaseB();
    expect(w.sent.at(-1)).toEqual({ type: 'watch-stats', watch: false, every: EVERY_DEFAULT });
    expect(w.sent).toHaveLength(2);
    expect(w.listeners.size).toBe(0);
    expect(feed.snapshot().samples).toEqual([]);
  });

  it('shows 1,000 samples of a fast run in 11 updates, the newest last', () => {
    vi.useFakeTimers();
    const w = fakeWorker();
    const feed = new StatsFeed();
    let updates = 0;
    feed.listen(() => updates++);
    const release = feed.acquire(w.send, w.subscribe);
    for (let i = 1; i <= 1000; i++) {
      w.post({ type: 'stats', sample: sample(i), warnings: [] });
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(PUBLISH_MS);
    expect(updates).toBe(11);
    expect(feed.snapshot().samples.at(-1)?.globalStep).toBe(1000);
    // Kept every 4th after the history reached 500 twice: arrivals 0, 4, ..., 996 and the newest.
    expect(feed.snapshot().samples).toHaveLength(251);
    expect(feed.snapshot().samples[1].globalStep).toBe(5);
    release();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-sends the watch on a new interval only while open, within 1..10000', () => {
    const w = fakeWorker();
    const feed = new StatsFeed();
    let changes = 0;
    feed.listen(() => changes++);
    feed.setEvery(5);
    expect(w.sent).toEqual([]);
    const release = feed.acquire(w.send, w.subscribe);
    expect(w.sent).toEqual([{ type: 'watch-stats', watch: true, every: 5 }]);
    feed.setEvery(50_000);
    feed.setEvery(50_000);
    feed.setEvery(Number.NaN);
    expect(w.sent.at(-1)).toEqual({ type: 'watch-stats', watch: true, every: 10_000 });
    expect(w.sent).toHaveLength(2);
    expect(changes).toBe(2);
    release();
    expect([0, 2.4, -3, 1e9, Number.NaN].map(clampEvery)).toEqual([1, 2, 1, 10_000, null]);
  });
});
