/**
 * The cost of the layer statistics (issue 15): our training loop with the statistics probe
 * sampling every `statsEvery` steps against the same loop with it off, on the same trainer and
 * data, timed side by side in one page (off, on, off, on, ...: equal step counts, a multiple of
 * statsEvery and at least 4 samples, each run ending in a full GPU sync). Reports the medians and on / off.
 */
import type { StatsProbe } from '../src/engine/inspect/stats-probe';
import type { Trainer } from '../src/engine/trainer';

export interface StatsOverhead {
  offSamplesPerSec: number;
  onSamplesPerSec: number;
  /** on / off throughput (1: free; 0.9: 10% slower). */
  statsRatio: number;
  statsEvery: number;
  statsSteps: number;
  statsPairs: number;
  /** Dispatches one sample adds (on sampled steps only). */
  statsDispatchesPerSample: number;
  samples: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** `run(k)` trains k steps and syncs; `perStepMs` from the caller's calibration sets the run length. */
export async function statsOverhead(t: Trainer, run: (steps: number) => Promise<void>, every: number, perStepMs: number, targetMs: number, pairs = 5): Promise<StatsOverhead> {
  const { StatsProbe } = await import('../src/engine/inspect/stats-probe');
  let samples = 0;
  const probe: StatsProbe = await StatsProbe.create(t.model, every, () => samples++);
  // At least 4 samples per run, so one sample's read-back does not dominate a run.
  const steps = Math.max(4 * every, Math.ceil(Math.max(1, targetMs / Math.max(perStepMs, 1e-3)) / every) * every);
  const timeOne = async (on: boolean) => {
    t.stepProbe = on ? probe : null;
    const t0 = performance.now();
    await run(steps);
    const s = (performance.now() - t0) / 1000;
    t.stepProbe = null;
    return (steps * t.model.batch) / s;
  };
  // Slow steps (a CNN on the CPU): fewer pairs, so the comparison takes about two minutes at most.
  pairs = Math.max(2, Math.min(pairs, Math.floor(120_000 / (2 * steps * perStepMs))));
  await timeOne(true); // the probe's pipelines warm
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < pairs; i++) {
    off.push(await timeOne(false));
    on.push(await timeOne(true));
  }
  const o = median(off);
  const n = median(on);
  return { offSamplesPerSec: o, onSamplesPerSec: n, statsRatio: n / o, statsEvery: every, statsSteps: steps, statsPairs: pairs, statsDispatchesPerSample: probe.dispatchCount, samples };
}
