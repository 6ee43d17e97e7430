/**
 * Several training steps per submit (src/engine/step-group.ts, step-loop.ts): the group-size rule
 * and group boundaries in numbers; on the GPU (Dawn + SwiftShader), training with groups forced on
 * gives bit-identical parameters, optimizer state and metric reports to one submit per step (the
 * 2-10-1 regression preset with an exponential decay; the spiral MLP with Dropout, Adam and a
 * cosine schedule, so the per-step seed, alpha and lr all matter), with the exact number of
 * submits the grouping rule predicts; the statistics probe's sampled steps end their group and
 * see the same parameters; a stop flag takes effect before the next group.
 */
import { describe, expect, it } from 'vitest';
import { gpu } from '../helpers/gpu';
import { Trainer, type EpochMetrics, type StepProgress, type TrainConfig } from '../../src/engine/trainer';
import type { StepProbe } from '../../src/engine/inspect/stats-probe';
import { groupLength, groupSize, MAX_GROUP } from '../../src/engine/step-group';
import { findPreset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import type { ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';

describe('group size and boundaries', () => {
  it('fits the budget, 1 to MAX_GROUP, 1 while unmeasured', () => {
    expect(groupSize(Infinity)).toBe(1);
    expect(groupSize(NaN)).toBe(1);
    expect(groupSize(0.36, 6)).toBe(16);
    expect(groupSize(2.6, 6)).toBe(2);
    expect(groupSize(7, 6)).toBe(1);
    expect(groupSize(0.01, 6)).toBe(MAX_GROUP);
    expect(groupSize(0, 6, 5)).toBe(5);
  });

  it('ends at the first boundary step, else after limit steps', () => {
    expect(groupLength(10, 8, (k) => k === 13)).toBe(4);
    expect(groupLength(10, 8, () => false)).toBe(8);
    expect(groupLength(10, 8, (k) => k === 17)).toBe(8); // the limit's last step
    expect(groupLength(10, 1, () => true)).toBe(1);
    expect(groupLength(10, 8, (k) => k === 10)).toBe(1);
  });
});

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

interface Run {
  params: number[];
  state: Record<string, number[]>;
  reports: Omit<StepProgress, 'samplesPerSec'>[];
  epochs: Omit<EpochMetrics, 'samplesPerSec' | 'seconds'>[];
  submits: number;
  probed: { step: number; params: number[] }[];
  /** The steps at which onMetricsRead (the NaN trap's checkpoint hook) ran. */
  hooks: number[];
}

/**
 * Trains `epochs` epochs with at most `perSubmit` steps per submit; counts the submits of the training loop.
 * Fused steps are off: their sums run in another order (test/engine/fused-mlp.test.ts compares them).
 */
async function run(spec: ModelSpec, train: Dataset, config: TrainConfig, perSubmit: number | null, epochs: number, probeEvery = 0, fuse = false): Promise<Run> {
  const { device, pipelines } = await gpu();
  const t = await Trainer.create(device, pipelines, spec, { train }, config);
  t.stepsPerSubmit = perSubmit;
  t.fuseSteps = fuse;
  const probed: Run['probed'] = [];
  const reads: Promise<void>[] = [];
  if (probeEvery > 0) t.stepProbe = snapshotProbe(t, probeEvery, probed, reads);
  const hooks: number[] = [];
  t.onMetricsRead = (_enc, stepDone) => hooks.push(stepDone);
  const reports: Run['reports'] = [];
  const out: Run['epochs'] = [];
  const queue = device.queue;
  const submit = queue.submit.bind(queue);
  let submits = 0;
  queue.submit = (b: Iterable<GPUCommandBuffer>) => {
    submits++;
    submit(b);
  };
  try {
    for (let e = 0; e < epochs; e++) {
      const m = await t.trainEpoch(({ samplesPerSec: _, ...p }) => reports.push(p));
      const { samplesPerSec: _s, seconds: _t, ...rest } = m;
      out.push(rest);
    }
  } finally {
    queue.submit = submit;
  }
  await Promise.all(reads);
  const st = await t.readOptimizerState();
  const r = { params: bits(await t.readParams()), state: Object.fromEntries(Object.entries(st.slots).map(([k, v]) => [k, bits(v)])), reports, epochs: out, submits, probed, hooks };
  t.destroy();
  return r;
}

/** A statistics-probe stand-in: on each sampled step, copies the parameters after that step's schedule and reads them. */
function snapshotProbe(t: Trainer, every: number, into: Run['probed'], reads: Promise<void>[]): StepProbe {
  const bytes = t.model.layout.total * 4;
  const probe: StepProbe = {
    due: (g) => g % every === 0,
    before: () => undefined,
    after: (enc, _epoch, step) => {
      const staging = t.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      enc.copyBufferToBuffer(t.model.params, 0, staging, 0, bytes);
      return async () => {
        const p = staging.mapAsync(GPUMapMode.READ).then(() => {
          into.push({ step, params: bits(new Float32Array(staging.getMappedRange().slice(0))) });
          staging.destroy();
        });
        reads.push(p);
      };
    },
    drain: async () => {
      await Promise.all(reads);
    },
  };
  return probe;
}

const spiralDropout = (): ModelSpec => {
  const s = findPreset('spiral-mlp')!.spec;
  const layers = s.layers.map((l) => (l.id === 'dense_1' ? { ...l, inputs: ['dropout'] } : l));
  layers.splice(2, 0, { id: 'dropout', type: 'Dropout', rate: 0.3, inputs: ['dense'] });
  return { ...s, layers };
};

/** Submits of one epoch of `steps` steps, groups of at most g, reads at step 0, every r-th and the last. */
function expectedSubmits(steps: number, g: number, r: number): number {
  let n = 0;
  for (let s = 0; s < steps; n++) s += groupLength(s, Math.min(g, steps - s), (k) => k === 0 || (k + 1) % r === 0 || k + 1 === steps);
  return n;
}

describe('several steps per submit', () => {
  it('expected submits: groups end at every read (hand count)', () => {
    // 40 steps, reads after steps 1, 10, 20, 30, 40: [0] [1-8] [9] [10-17] [18-19] ... = 9 submits.
    expect(expectedSubmits(40, 8, 10)).toBe(9);
    expect(expectedSubmits(40, 1, 10)).toBe(40);
  });

  it('regression 2-10-1 (SGD, exponential decay): bit-identical parameters and reports, 9 submits per epoch instead of 40', async () => {
    const { train } = await loadDataset('plane', { seed: 5, n: 1280 });
    const spec = findPreset('regression')!.spec;
    const config: TrainConfig = { batchSize: 32, epochs: 2, seed: 5, readEvery: 10, schedule: { kind: 'exponential', decayRate: 0.5, decaySteps: 7 } };
    const one = await run(spec, train, config, 1, 2);
    const grouped = await run(spec, train, config, 8, 2);
    expect(one.submits).toBe(2 * 40);
    expect(grouped.submits).toBe(2 * expectedSubmits(40, 8, 10));
    expect(grouped.params).toEqual(one.params);
    expect(grouped.reports).toEqual(one.reports);
    expect(grouped.epochs).toEqual(one.epochs);
    expect(one.reports.map((r) => r.step)).toEqual([1, 10, 20, 30, 40, 1, 10, 20, 30, 40]);
    expect(one.reports.map((r) => r.globalStep)).toEqual([1, 10, 20, 30, 40, 41, 50, 60, 70, 80]);
    expect(grouped.hooks).toEqual([1, 10, 20, 30, 40, 1, 10, 20, 30, 40]);
    expect(one.hooks).toEqual(grouped.hooks);
    expect(one.epochs[1].loss).toBeLessThan(one.epochs[0].loss);
  }, 120_000);

  it('spiral MLP with Dropout, Adam and a cosine schedule: bit-identical parameters, Adam moments and reports', async () => {
    const { train } = await loadDataset('spiral', { seed: 2 });
    const steps = Math.ceil(train.n / 32);
    const config: TrainConfig = { batchSize: 32, epochs: 2, seed: 2, readEvery: 6, schedule: { kind: 'cosine', totalSteps: 2 * steps } };
    const one = await run(spiralDropout(), train, config, 1, 2);
    const grouped = await run(spiralDropout(), train, config, 16, 2);
    const other = await run(spiralDropout(), train, { ...config, seed: 3 }, 16, 2);
    expect(grouped.submits).toBe(2 * expectedSubmits(steps, 16, 6));
    expect(grouped.submits).toBeLessThan(one.submits / 3);
    expect(grouped.params).toEqual(one.params);
    expect(Object.keys(grouped.state).length).toBe(2);
    expect(grouped.state).toEqual(one.state);
    expect(grouped.reports).toEqual(one.reports);
    expect(grouped.epochs).toEqual(one.epochs);
    expect(other.params).not.toEqual(one.params); // the seed reaches the result
  }, 120_000);

  it('a step the statistics probe samples ends its group and sees the same parameters', async () => {
    const { train } = await loadDataset('plane', { seed: 4, n: 1280 });
    const spec = findPreset('regression')!.spec;
    const config: TrainConfig = { batchSize: 32, epochs: 1, seed: 4, readEvery: 1000 };
    const one = await run(spec, train, config, 1, 1, 7);
    const grouped = await run(spec, train, config, 8, 1, 7);
    // Reads after steps 1 and 40 only; sampled steps 7, 14, ..., 35 end groups: [0] [1-6] [7-13] ... [35-39].
    const cut = (k: number) => k === 0 || (k + 1) % 7 === 0 || k === 39;
    let n = 0;
    for (let s = 0; s < 40; n++) s += groupLength(s, Math.min(8, 40 - s), cut);
    expect(n).toBe(7);
    expect(grouped.submits).toBe(n);
    expect(grouped.probed.map((p) => p.step)).toEqual([7, 14, 21, 28, 35]);
    expect(grouped.probed).toEqual(one.probed);
    expect(grouped.params).toEqual(one.params);
  }, 120_000);

  it('a stop flag raised while steps run takes effect before the next group', async () => {
    const { device, pipelines } = await gpu();
    const N = 1000; // more than the step window lets run ahead (256), so the loop must wait and see the flag
    const { train } = await loadDataset('plane', { seed: 6, n: 32 * N });
    const t = await Trainer.create(device, pipelines, findPreset('regression')!.spec, { train }, { batchSize: 32, epochs: 1, seed: 6, readEvery: 10 });
    const G = 8;
    t.stepsPerSubmit = G;
    // Raised by the GPU's completion of step 30 (asynchronous, like a Pause message).
    let stopAt = -1;
    const done = await t.runSteps(0, N, undefined, () => stopAt >= 0, (tag) => {
      if (tag >= 30 && stopAt < 0) stopAt = t.globalStep;
    });
    expect(stopAt).toBeGreaterThanOrEqual(30);
    expect(done).toBeLessThan(N);
    expect(done - stopAt).toBeGreaterThanOrEqual(0);
    expect(done - stopAt).toBeLessThan(G + 1);
    // Raised while step 40 is encoded (its metric read's hook): no step after that group runs.
    let flag = false;
    t.onMetricsRead = (_enc, stepDone) => {
      if (stepDone >= 40) flag = true;
    };
    const again = await t.runSteps(0, N, undefined, () => flag);
    t.destroy();
    expect(again).toBe(40);
  }, 120_000);
});
