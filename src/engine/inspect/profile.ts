/**
 * Per-layer GPU time of one training step, split by pass. The step's dispatches (compile.ts:
 * gather, forward in graph order, loss, backward in reverse order, optimizer) are cut into groups
 * of consecutive dispatches of one layer and pass. By default the time of each prefix of the
 * schedule that ends at a group boundary is measured (submit, then onSubmittedWorkDone), several
 * times in turn, and each group's time is the difference of the medians of its prefix and the one
 * before (negative ones count as zero, then all scaled to add up to the whole schedule's median):
 * the rows add up to the whole step measured the same way, launch and submission costs included
 * (they land on the first group). On request, with
 * `timestamp-query`, each group runs in its own compute pass with timestamps written at its start
 * and end (GPU execution only). The weights, optimizer state and metrics are put back afterwards.
 */
import { encodeDispatches, type RecordedDispatch } from '../../gpu/recorded';
import { timeSubmitted } from '../../gpu/gpu-timing';
import type { Trainer } from '../trainer';

export type ProfilePass = 'forward' | 'backward' | 'optimizer';

export interface ProfileRow {
  /** A layer id, or 'gather' (the batch), 'loss', 'optimizer' (one fused update of every layer). */
  layer: string;
  pass: ProfilePass;
  ms: number;
  dispatches: number;
}

export interface StepProfile {
  rows: ProfileRow[];
  /** The sum of the rows. */
  totalMs: number;
  /** One whole step measured separately, the way a run encodes it, in turn with the profile's own runs (median). */
  stepMs: number;
  method: 'timestamps' | 'prefix';
  repeats: number;
}

interface Group {
  layer: string;
  pass: ProfilePass;
  /** Dispatch index range [start, end). */
  start: number;
  end: number;
}

/** Consecutive dispatches of one layer and pass, in schedule order. */
export function profileGroups(dispatches: readonly RecordedDispatch[]): Group[] {
  const groups: Group[] = [];
  let seenLoss = false;
  dispatches.forEach((d, i) => {
    const colon = d.label.indexOf(':');
    const layer = colon < 0 ? d.label : d.label.slice(0, colon);
    if (layer === 'loss') seenLoss = true;
    const pass: ProfilePass = layer === 'optimizer' ? 'optimizer' : seenLoss && layer !== 'loss' ? 'backward' : 'forward';
    const last = groups[groups.length - 1];
    if (last && last.layer === layer && last.pass === pass) last.end = i + 1;
    else groups.push({ layer, pass, start: i, end: i + 1 });
  });
  return groups;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};


/** One whole step encoded the way a run does it (Schedule.encode), submitted alone and waited for. */
async function timeStep(trainer: Trainer): Promise<number> {
  const device = trainer.device;
  const enc = device.createCommandEncoder();
  trainer.trainSchedule.encode(enc);
  const cmd = enc.finish();
  const t0 = performance.now();
  device.queue.submit([cmd]);
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}


/** Per-group GPU milliseconds from timestamps at the start and end of one compute pass per group. */
async function timestampGroups(device: GPUDevice, ds: readonly RecordedDispatch[], groups: Group[]): Promise<number[]> {
  const n = groups.length * 2;
  const querySet = device.createQuerySet({ type: 'timestamp', count: n });
  const resolve = device.createBuffer({ size: n * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: n * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const enc = device.createCommandEncoder();
    groups.forEach((g, i) => {
      const pass = enc.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
      encodeDispatches(pass, ds, g.start, g.end);
      pass.end();
    });
    enc.resolveQuerySet(querySet, 0, n, resolve, 0);
    enc.copyBufferToBuffer(resolve, 0, read, 0, n * 8);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const t = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    return groups.map((_, i) => (t[2 * i + 1] > t[2 * i] ? Number(t[2 * i + 1] - t[2 * i]) / 1e6 : 0));
  } finally {
    querySet.destroy();
    resolve.destroy();
    read.destroy();
  }
}

/**
 * Profiles one training step of `trainer` (on the first batch of its current order), `repeats`
 * times (default: as many as fit in `budgetMs`, 5 s by default, 3 to 25). `method`
 * defaults to prefixes: their rows add up to the whole step as a run sees it (launch and
 * submission included); timestamps (when the device was created with `timestamp-query`) time only
 * the passes' execution on the GPU (about 60% of a small model's step on SwiftShader).
 */
export async function profileStep(trainer: Trainer, opts: { repeats?: number; budgetMs?: number; method?: 'timestamps' | 'prefix' } = {}): Promise<StepProfile> {
  const m = trainer.model;
  const device = m.device;
  const ds = trainer.trainSchedule.dispatches;
  const groups = profileGroups(ds);
  if (opts.method === 'timestamps' && !device.features.has('timestamp-query')) throw new Error('this GPU device has no timestamp-query feature');
  const method = opts.method ?? 'prefix';
  const aside = [m.params, m.optState, m.metrics].map((b) => ({ src: b, copy: m.arena.storage('profile.aside', b.size) }));
  const save = device.createCommandEncoder();
  for (const a of aside) save.copyBufferToBuffer(a.src, 0, a.copy, 0, a.src.size);
  device.queue.submit([save.finish()]);
  try {
    trainer.writeStep(0, Math.min(m.batch, trainer.train.n), trainer.currentLr());
    const warm = await timeStep(trainer); // warm-up
    // Unless given, as many repeats as fit in the budget (3 to 25): small kernels need many.
    const repeats = Math.max(1, opts.repeats ?? Math.max(3, Math.min(25, Math.floor((opts.budgetMs ?? 5000) / (warm * (groups.length + 1))))));
    const steps: number[] = [];
    let ms: number[];
    if (method === 'timestamps') {
      const per: number[][] = groups.map(() => []);
      for (let r = 0; r < repeats; r++) {
        (await timestampGroups(device, ds, groups)).forEach((v, i) => per[i].push(v));
        steps.push(await timeStep(trainer));
      }
      ms = per.map(median);
    } else {
      const per: number[][] = groups.map(() => []);
      for (let r = 0; r < repeats; r++) {
        for (const [i, g] of groups.entries()) per[i].push(await timeSubmitted(device, ds.slice(0, g.end)));
        steps.push(await timeStep(trainer));
      }
      // A difference below zero is noise (a longer prefix cannot take less): it counts as zero, and
      // the differences are scaled to add up to the median of the whole schedule's runs, so one
      // slow moment of a shared machine inflates no total.
      const prefix = per.map(median);
      const diff = prefix.map((v, i) => Math.max(0, v - (i > 0 ? prefix[i - 1] : 0)));
      const sum = diff.reduce((a, v) => a + v, 0);
      const whole = prefix[prefix.length - 1];
      ms = diff.map((v) => (sum > 0 ? (v * whole) / sum : whole / diff.length));
    }
    const rows = groups.map((g, i) => ({ layer: g.layer, pass: g.pass, ms: ms[i], dispatches: g.end - g.start }));
    return { rows, totalMs: rows.reduce((a, r) => a + r.ms, 0), stepMs: median(steps), method, repeats };
  } finally {
    const back = device.createCommandEncoder();
    for (const a of aside) back.copyBufferToBuffer(a.copy, 0, a.src, 0, a.src.size);
    device.queue.submit([back.finish()]);
    await device.queue.onSubmittedWorkDone();
    for (const a of aside) m.arena.destroy(a.copy);
  }
}

/** Rows merged by layer (passes summed), in first-seen order: the bar chart's bars. */
export function byLayer(rows: readonly ProfileRow[]): { layer: string; passes: Partial<Record<ProfilePass, number>>; ms: number }[] {
  const out = new Map<string, { layer: string; passes: Partial<Record<ProfilePass, number>>; ms: number }>();
  for (const r of rows) {
    const e = out.get(r.layer) ?? { layer: r.layer, passes: {}, ms: 0 };
    e.passes[r.pass] = (e.passes[r.pass] ?? 0) + r.ms;
    e.ms += r.ms;
    out.set(r.layer, e);
  }
  return [...out.values()];
}
