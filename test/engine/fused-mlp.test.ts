/**
 * Fused training steps for small dense stacks (src/engine/fused-mlp.ts, src/kernels/mlp/): which
 * models qualify, and on the GPU (Dawn + SwiftShader) that training with the fused kernel running
 * every group's steps but the last gives the parameters, optimizer state and reported metrics of
 * the general schedule (one step per submit) within float rounding, for the 2-10-1 regression
 * (MSE, SGD with a decaying rate), the spiral MLP (cross-entropy, Adam) and variants that reach
 * the rest of the optimizer rule (clip norm, weight decay, momentum, no bias, a short last batch).
 */
import { describe, expect, it, vi } from 'vitest';
import { gpu } from '../helpers/gpu';
import { Trainer, type StepProgress, type TrainConfig } from '../../src/engine/trainer';
import { FusedSteps, planFusedMlp } from '../../src/engine/fused-mlp';
import { compileModel } from '../../src/engine/compile';
import { PipelineCache } from '../../src/gpu/pipelines';
import { Autotuner } from '../../src/gpu/autotune';
import { findPreset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import type { ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';

const preset = (id: string): ModelSpec => findPreset(id)!.spec;

async function plan(spec: ModelSpec, batch = 32) {
  const { device, pipelines } = await gpu();
  const m = await compileModel(device, pipelines, spec, { batch, seed: 1 });
  try {
    return planFusedMlp(m);
  } finally {
    m.destroy();
  }
}

describe('which models run fused', () => {
  it('the regression and spiral presets do, with their layers, activations and losses', async () => {
    const r = await plan(preset('regression'));
    expect(r).not.toBeNull();
    expect(r!.loss).toBe('mse');
    expect(r!.inputs).toBe(2);
    expect(r!.layers.map((l) => [l.units, l.act, l.bOff !== null])).toEqual([
      [10, 1, true], // Dense(10) then Activation(relu): one layer, relu
      [1, 0, true],
    ]);
    const s = await plan(preset('spiral-mlp'));
    expect(s!.loss).toBe('sparse_softmax_xent');
    expect(s!.layers.map((l) => [l.units, l.act])).toEqual([
      [16, 3],
      [16, 3],
      [2, 0], // the softmax is the loss's
    ]);
  });

  it('wide, convolutional, dropout, weighted and other-loss models do not', async () => {
    expect(await plan(preset('mlp-100'))).toBeNull(); // 48 KB of activations at batch 32
    expect(await plan(preset('regression'), 4096)).toBeNull();
    expect(await plan(preset('cnn'))).toBeNull();
    const spiral = preset('spiral-mlp');
    const layers = spiral.layers.map((l) => (l.id === 'dense_1' ? { ...l, inputs: ['drop'] } : l));
    layers.splice(2, 0, { id: 'drop', type: 'Dropout', rate: 0.2, inputs: ['dense'] });
    const dropout = { ...spiral, layers } as ModelSpec;
    expect(await plan(dropout)).toBeNull();
    expect(await plan({ ...spiral, lossOptions: { classWeights: [1, 2] } })).toBeNull();
    expect(await plan({ ...spiral, lossOptions: { labelSmoothing: 0.1 } })).toBeNull();
    expect(await plan({ ...preset('regression'), loss: 'mae' })).toBeNull();
  });
});

interface Run {
  params: Float32Array;
  slots: Float32Array[];
  reports: Omit<StepProgress, 'samplesPerSec'>[];
  fusedCalls: number;
}

async function train(spec: ModelSpec, data: Dataset, config: TrainConfig, epochs: number, fuse: boolean, cache?: PipelineCache): Promise<Run> {
  const { device, pipelines: shared } = await gpu();
  const pipelines = cache ?? shared;
  const t = await Trainer.create(device, pipelines, spec, { train: data }, config);
  t.stepsPerSubmit = fuse ? 8 : 1;
  t.fuseSteps = fuse;
  const spy = vi.spyOn(FusedSteps.prototype, 'encode');
  const reports: Run['reports'] = [];
  try {
    for (let e = 0; e < epochs; e++) await t.trainEpoch(({ samplesPerSec: _, ...p }) => reports.push(p));
    const state = await t.readOptimizerState();
    return { params: await t.readParams(), slots: Object.values(state.slots), reports, fusedCalls: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
    t.destroy();
  }
}

/** Largest |a - b| / (1 + |b|). */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return m;
}

async function compare(spec: ModelSpec, data: Dataset, config: TrainConfig, epochs: number, tol = 2e-5, cache?: PipelineCache): Promise<Run> {
  const plain = await train(spec, data, config, epochs, false);
  const fused = await train(spec, data, config, epochs, true, cache);
  expect(plain.fusedCalls).toBe(0);
  expect(fused.fusedCalls).toBeGreaterThan(0);
  expect(maxRel(fused.params, plain.params)).toBeLessThan(tol);
  expect(fused.slots.length).toBe(plain.slots.length);
  fused.slots.forEach((s, k) => expect(maxRel(s, plain.slots[k])).toBeLessThan(tol));
  expect(fused.reports.map((r) => [r.epoch, r.step, r.globalStep])).toEqual(plain.reports.map((r) => [r.epoch, r.step, r.globalStep]));
  expect(maxRel(fused.reports.map((r) => r.loss), plain.reports.map((r) => r.loss))).toBeLessThan(tol);
  expect(fused.reports.map((r) => r.accuracy)).toEqual(plain.reports.map((r) => r.accuracy));
  // Training moved the weights: the comparison is not between two untouched copies.
  expect(maxRel(fused.params, new Float32Array(fused.params.length))).toBeGreaterThan(1e-3);
  return fused;
}

describe('fused steps train as the general schedule does', () => {
  it('regression 2-10-1: MSE, SGD with exponential decay, a short last batch', async () => {
    const { train: data } = await loadDataset('plane', { seed: 3, n: 1000 });
    const r = await compare(preset('regression'), data, { batchSize: 32, epochs: 2, seed: 3, readEvery: 10, schedule: { kind: 'exponential', decayRate: 0.9, decaySteps: 20 } }, 2);
    expect(r.reports.at(-1)!.loss).toBeLessThan(r.reports[0].loss);
  }, 120_000);

  it('with the 64 invocations a GPU adapter gets (16 on a CPU one)', async () => {
    const { device } = await gpu();
    const cache = new PipelineCache(device);
    cache.tuner = await Autotuner.open('test-gpu', 'off', null, { cpu: false });
    const spy = vi.spyOn(PipelineCache.prototype, 'get');
    const { train: data } = await loadDataset('plane', { seed: 7, n: 640 });
    await compare(preset('regression'), data, { batchSize: 32, epochs: 1, seed: 7, readEvery: 10 }, 1, 2e-5, cache);
    const wgs = spy.mock.calls.filter(([id]) => id === 'mlp_steps').map(([, c]) => c?.WG);
    spy.mockRestore();
    expect(wgs).toEqual([64]);
  }, 120_000);

  it('which steps run fused does not depend on the measured step time (the same seed, the same bits)', async () => {
    const { device, pipelines } = await gpu();
    const { train: data } = await loadDataset('plane', { seed: 8, n: 3000 });
    const params = async (msPerStep: number) => {
      const t = await Trainer.create(device, pipelines, preset('regression'), { train: data }, { batchSize: 32, epochs: 1, seed: 8, readEvery: 1000 });
      Object.defineProperty(t.window, 'msPerStep', { get: () => msPerStep }); // as if the GPU were this fast or slow
      const spy = vi.spyOn(FusedSteps.prototype, 'encode');
      await t.trainEpoch();
      const counts = spy.mock.calls.map((c) => c[1]);
      spy.mockRestore();
      const p = Array.from(await t.readParams());
      t.destroy();
      return { p, counts };
    };
    const fast = await params(0.01);
    const slow = await params(50);
    // 94 steps: the first read ends step 0's group, then blocks end every 32 steps of the epoch: 1..31, 32..63, 64..93.
    expect(fast.counts).toEqual([30, 31, 29]);
    expect(slow.counts).toEqual(fast.counts);
    expect(slow.p).toEqual(fast.p);
  }, 120_000);

  it('spiral MLP: cross-entropy and Adam, then clip norm and weight decay', async () => {
    const { train: data } = await loadDataset('spiral', { seed: 5 });
    const config: TrainConfig = { batchSize: 32, epochs: 2, seed: 5, readEvery: 7 };
    const r = await compare(preset('spiral-mlp'), data, config, 2);
    expect(r.reports.some((x) => x.accuracy > 0)).toBe(true);
    await compare({ ...preset('spiral-mlp'), clipNorm: 0.05, weightDecay: 1e-3 }, data, config, 1);
  }, 120_000);

  it('momentum SGD without biases, sigmoid and linear layers', async () => {
    const { train: data } = await loadDataset('spiral', { seed: 6 });
    const spec: ModelSpec = {
      ...preset('spiral-mlp'),
      layers: [
        { id: 'input', type: 'Input', shape: [2] },
        { id: 'a', type: 'Dense', units: 8, activation: 'sigmoid', useBias: false, inputs: ['input'] },
        { id: 'b', type: 'Dense', units: 6, activation: 'elu', inputs: ['a'] },
        { id: 'c', type: 'Dense', units: 5, inputs: ['b'] },
        { id: 'd', type: 'Dense', units: 2, activation: 'softmax', inputs: ['c'] },
      ],
      output: 'd',
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 },
    } as ModelSpec;
    expect((await plan(spec))!.layers.map((l) => [l.act, l.bOff === null])).toEqual([
      [2, true],
      [5, false],
      [0, false],
      [0, false],
    ]);
    await compare(spec, data, { batchSize: 16, epochs: 1, seed: 6, readEvery: 9 }, 1);
  }, 120_000);
});
