/**
 * AutosaveScheduler with fake timers: one save per delay after changes; a failed save keeps the
 * state dirty and is retried with growing delays until it succeeds; a change made during a save
 * is saved again afterwards; flush saves at once and never runs two saves together.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutosaveScheduler } from '../../src/ui/persist/autosave-scheduler';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('AutosaveScheduler', () => {
  it('saves once per delay after a burst of changes', async () => {
    const save = vi.fn(async () => {});
    const s = new AutosaveScheduler(save, { delayMs: 800 });
    s.changed();
    s.changed();
    await vi.advanceTimersByTimeAsync(799);
    expect(save).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(s.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('keeps the state dirty after a failed save and retries with backoff until it succeeds', async () => {
    const outcomes: (boolean | Error)[] = [new Error('quota'), false, true];
    const times: number[] = [];
    const save = vi.fn(async () => {
      times.push(Date.now());
      const o = outcomes.shift();
      if (o instanceof Error) throw o;
      return o;
    });
    const start = Date.now();
    const s = new AutosaveScheduler(save, { delayMs: 800 });
    s.changed();
    await vi.advanceTimersByTimeAsync(800);
    expect(save).toHaveBeenCalledTimes(1);
    expect(s.dirty).toBe(true);
    expect(s.failures).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(3);
    expect(s.dirty).toBe(false);
    expect(s.failures).toBe(0);
    // 800 ms, then retries after 1.6 s and 3.2 s.
    expect(times.map((t) => t - start)).toEqual([800, 2400, 5600]);
  });

  it('caps the retry delay', () => {
    const s = new AutosaveScheduler(() => {}, { delayMs: 800, maxRetryMs: 30_000 });
    expect([1, 2, 3, 5, 6, 10].map((n) => s.retryDelay(n))).toEqual([1600, 3200, 6400, 25_600, 30_000, 30_000]);
  });

  it('a change during a save is saved again afterwards; flush reports whether all is saved', async () => {
    let release!: () => void;
    const save = vi.fn(() => new Promise<void>((r) => (release = r)));
    const s = new AutosaveScheduler(save, { delayMs: 800 });
    s.changed();
    const first = s.flush();
    expect(save).toHaveBeenCalledTimes(1);
    s.changed(); // while the first save is under way
    const second = s.flush(); // waits for the first, then saves the change
    expect(save).toHaveBeenCalledTimes(1);
    release();
    expect(await first).toBe(false); // the change made meanwhile is not saved by it
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    release();
    expect(await second).toBe(true);
    expect(s.dirty).toBe(false);
  });

  it('flushNow (the page is going away) saves the latest change at once, beside a save under way', async () => {
    const releases: (() => void)[] = [];
    const save = vi.fn(() => new Promise<void>((r) => releases.push(r)));
    const s = new AutosaveScheduler(save, { delayMs: 800 });
    s.changed();
    void s.flush();
    expect(save).toHaveBeenCalledTimes(1);
    s.changed(); // the last edit, just before a reload
    const last = s.flushNow();
    // No IndexedDB event arrives in an unloading page: the second save must already have begun.
    expect(save).toHaveBeenCalledTimes(2);
    releases.forEach((r) => r());
    expect(await last).toBe(true);
    expect(s.dirty).toBe(false);
    await expect(new AutosaveScheduler(save, { delayMs: 800 }).flushNow()).resolves.toBe(true);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('flush resolves false without throwing when the save fails', async () => {
    const s = new AutosaveScheduler(() => Promise.reject(new Error('disk')), { delayMs: 800 });
    s.changed();
    await expect(s.flush()).resolves.toBe(false);
    expect(s.dirty).toBe(true);
  });
});
