/**
 * The timing protocol every bench measurement shares, in a page (bench/page.ts) and under Node
 * (bench/node.ts): warm-up steps, a calibration that doubles the step count until one synchronised
 * run lasts calibMs, then one timed run of about targetMs; plus the result records. The caller
 * installs a probe (status line, GPU call counters) with setProbe; the default probe counts nothing.
 */
import type { BenchCase, BenchResult, Impl, PageParams, TrainCase } from './cases';

export type Runner = (steps: number) => Promise<void>;
type AttnCase = Extract<BenchCase, { kind: 'attention' }>;

export interface GpuCounts {
  dispatches: number;
  submits: number;
  maps: number;
}

export interface Timed {
  steps: number;
  seconds: number;
  counts: GpuCounts;
  warmupSteps: number;
  calibrationSteps: number;
}

/** Where a measurement reports its phase and reads the GPU call counters. */
export interface Probe {
  status(s: string): void;
  counts(): GpuCounts;
}

let probe: Probe = { status: () => {}, counts: () => ({ dispatches: 0, submits: 0, maps: 0 }) };

export function setProbe(p: Probe): void {
  probe = p;
}

export const status = (s: string): void => probe.status(s);
const counts = (): GpuCounts => probe.counts();
const countsSince = (c0: GpuCounts): GpuCounts => {
  const c = counts();
  return { dispatches: c.dispatches - c0.dispatches, submits: c.submits - c0.submits, maps: c.maps - c0.maps };
};

/**
 * Warm-up, calibration, then one timed run (each phase ends fully synchronised). Calibration
 * doubles the step count until a run lasts calibMs; a calibration run that already lasts targetMs
 * (one slow step, e.g. a big matmul on the CPU) is itself taken as the timed run.
 */
export async function timeLoop(run: Runner, p: Pick<PageParams, 'targetMs' | 'calibMs'>, warmup: number, minSteps: number, maxSteps: number): Promise<Timed> {
  status('warm-up');
  // One step first; a slow step (seconds, e.g. an LSTM over 100 steps on the CPU) needs no more warm-up.
  const w0 = performance.now();
  await run(1);
  const slowStep = performance.now() - w0 > 2 * p.targetMs;
  if (!slowStep && warmup > 1) await run(warmup - 1);
  else warmup = 1;
  status('calibrating');
  let calibrationSteps = 0;
  let k = 1;
  let dt: number;
  for (;;) {
    const c0 = counts();
    const t0 = performance.now();
    await run(k);
    dt = performance.now() - t0;
    if (dt >= p.targetMs && k >= minSteps) {
      return { steps: k, seconds: dt / 1000, counts: countsSince(c0), warmupSteps: warmup, calibrationSteps };
    }
    calibrationSteps += k;
    if (dt >= p.calibMs || k >= maxSteps) break;
    // Jump close to the calibration target once a run is long enough to be measured.
    k = dt > 20 ? Math.min(maxSteps, Math.max(k * 2, Math.ceil((k * p.calibMs) / dt))) : k * 2;
  }
  const perStep = dt / k;
  // Slow steps: a timed run of a few steps is enough (at least 3, or 2 when a step takes seconds).
  if (perStep * minSteps > 3 * p.targetMs) minSteps = Math.min(minSteps, perStep > 2000 ? 2 : 3);
  const steps = Math.max(minSteps, Math.min(maxSteps, Math.round(p.targetMs / Math.max(perStep, 1e-3))));
  status(`timing ${steps} steps`);
  const c0 = counts();
  const t0 = performance.now();
  await run(steps);
  const seconds = (performance.now() - t0) / 1000;
  return { steps, seconds, counts: countsSince(c0), warmupSteps: warmup, calibrationSteps };
}

// ------------------------------------------------------------------ results

/** The per-step counters every result shares, from one timed run. */
export function timedResult(impl: Impl, id: string, kind: BenchResult['kind'], unit: string, throughput: number, t: Timed, sched: number | null, notes: BenchResult['notes']): BenchResult {
  return {
    impl,
    case: id,
    kind,
    unit,
    throughput,
    steps: t.steps,
    seconds: t.seconds,
    msPerStep: (t.seconds * 1000) / t.steps,
    dispatches: t.counts.dispatches,
    dispatchesPerStep: t.counts.dispatches / t.steps,
    submitsPerStep: t.counts.submits / t.steps,
    mapsPerStep: t.counts.maps / t.steps,
    scheduleDispatchesPerStep: sched,
    warmupSteps: t.warmupSteps,
    calibrationSteps: t.calibrationSteps,
    notes,
  };
}

export function trainResult(impl: Impl, c: TrainCase, t: Timed, sched: number | null, notes: BenchResult['notes']): BenchResult {
  return timedResult(impl, c.id, 'train', 'samples/s', (t.steps * c.batch) / t.seconds, t, sched, notes);
}

export function matmulResult(impl: Impl, c: Extract<BenchCase, { kind: 'matmul' }>, t: Timed, notes: BenchResult['notes']): BenchResult {
  return timedResult(impl, c.id, 'matmul', 'GFLOP/s', (2 * c.n ** 3 * t.steps) / t.seconds / 1e9, t, null, notes);
}

/** Attention throughput: sequences (batch rows, each all heads x T x dk) through forward + backward per second. */
export function attentionResult(impl: Impl, c: AttnCase, t: Timed, sched: number | null, notes: BenchResult['notes']): BenchResult {
  const flops = 12 * c.batch * c.heads * c.T * c.T * c.headDim;
  return timedResult(impl, c.id, 'attention', 'samples/s', (t.steps * c.batch) / t.seconds, t, sched, { ...notes, T: c.T, batch: c.batch, heads: c.heads, headDim: c.headDim, gflopPerStep: flops / 1e9, gflopPerSecond: (flops * t.steps) / t.seconds / 1e9 });
}
