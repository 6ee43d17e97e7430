/**
 * The autotuner: every variant of the tunable dense calls computes the float64 reference's result;
 * with the real clock the tuner picks a variant 16x cheaper than its rivals; with an injected
 * clock it keeps the argmin, stores it under the adapter's scope, reuses it without timing again,
 * ignores junk in the store, and 'off' / 'cached' modes never time. A model compiled with a tuner
 * emits the winners and trains to bit-equal losses (the variants sum in the same order). The
 * optimizer update's workgroup counts give bit-equal updates, and tuning them in place (preserve)
 * leaves the parameters and state as they were.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { adapterScope, Autotuner, isCpuAdapter, MemoryTuneStore, type VariantTimer } from '../../src/gpu/autotune';
import { readBuffer } from '../../src/gpu/arena';
import { PipelineCache } from '../../src/gpu/pipelines';
import { DENSE_BLOCKED_VARIANTS, DENSE_FORWARD_VARIANTS, DENSE_TILED_VARIANTS, denseBackwardInput, denseBackwardWeight, denseForward } from '../../src/kernels/dense/dense';
import type { Dispatcher, TuneRequest } from '../../src/kernels/dispatch';
import { denseBackwardRef, denseForwardRef } from '../../src/engine/reference/dense';
import { Trainer } from '../../src/engine/trainer';
import { ACT_CODE } from '../../src/engine/layers/activation-codes';
import { findPreset } from '../../src/presets/presets';
import { OPTIMIZER_GRID_VARIANTS, optimizerUpdate } from '../../src/kernels/optimizer/optimizer';
import { encodeStep, STEP_UNIFORM_BYTES } from '../../src/kernels/step-uniform';
import { loadDataset } from '../../src/data/registry';
import { runVariant } from '../helpers/launch-once';

async function upload(device: GPUDevice, data: Float32Array | number): Promise<GPUBuffer> {
  const n = typeof data === 'number' ? data : data.length;
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const b = device.createBuffer({ size: Math.max(16, Math.ceil((n * 4) / 16) * 16), usage });
  if (typeof data !== 'number') device.queue.writeBuffer(b, 0, data);
  return b;
}

/** Runs what `emit` dispatches through a dispatcher that always chooses `variant`. */
async function runAs(variant: string, emit: (d: Dispatcher) => void): Promise<void> {
  const { device, pipelines } = await gpu();
  await runVariant(device, pipelines, variant, emit);
}

const read = async (b: GPUBuffer, n: number, offset = 0) => new Float32Array(await readBuffer((await gpu()).device, b, (offset + n) * 4)).subarray(offset);

/** The variants a launcher call offers (its TuneRequest), caught by a dispatcher that runs nothing. */
function offered(emit: (d: Dispatcher) => void): string[] {
  let variants: readonly string[] = [];
  emit({ dispatch: () => undefined, choose: (r) => ((variants = r.variants), r.fallback) });
  return [...variants];
}

describe('every dense variant computes the reference result', () => {
  // relu, and hard_sigmoid (ACT 9: its 8x8 blocks once hung SwiftShader's compiler; they are not offered).
  // Few shapes (every variant compiles its own pipelines: CI time); dense.test.ts and dense-tiled.test.ts cover the awkward sizes per kernel.
  const CASES: [number, number, number, 'relu' | 'hard_sigmoid'][] = [
    [33, 1000, 64, 'relu'],
    [70, 12, 260, 'hard_sigmoid'],
    [5, 3, 7, 'relu'], // not vec4: the scalar kernels and the tiled ones
  ];
  for (const [M, K, N, act] of CASES) {
    const vec4 = K % 4 === 0 && N % 4 === 0;
    it(`M=${M} K=${K} N=${N}, ${act}: forward, weight and input gradients`, async () => {
      const { device } = await gpu();
      const seed = M + 3 * K + 7 * N;
      const W_OFF = vec4 ? 4 : 3;
      const B_OFF = W_OFF + K * N + (vec4 ? 4 : 1);
      const params = seededArray(B_OFF + N, seed, -0.5, 0.5);
      const x = seededArray(M * K, seed + 1);
      const dy = seededArray(M * N, seed + 2);
      const ref = denseForwardRef(x, params.subarray(W_OFF, W_OFF + K * N), params.subarray(B_OFF), M, K, N, act);
      const yRef = Float32Array.from(ref.y);
      const back = denseBackwardRef(x, params.subarray(W_OFF, W_OFF + K * N), yRef, dy, M, K, N, act);
      const [px, pp, py, pdy, pyRef] = await Promise.all([upload(device, x), upload(device, params), upload(device, M * N), upload(device, dy), upload(device, yRef)]);
      const m = { rows: M, in: K, out: N, act: ACT_CODE[act], params: pp, hasBias: true, wOff: W_OFF, bOff: B_OFF };
      const forwardVariants = offered((d) => denseForward(d, { ...m, x: px, y: py }));
      expect(forwardVariants).toEqual([...(vec4 ? DENSE_FORWARD_VARIANTS : ['scalar']), ...DENSE_TILED_VARIANTS]);
      for (const v of forwardVariants) {
        device.queue.writeBuffer(py, 0, new Float32Array(M * N).fill(Number.NaN));
        await runAs(v, (d) => denseForward(d, { ...m, x: px, y: py }));
        expectClose(await read(py, M * N), ref.y, 1e-3, 1e-5, `forward ${v}`);
      }
      const grads = await upload(device, B_OFF + N);
      const dx = await upload(device, M * K);
      const backwardVariants = offered((d) => denseBackwardWeight(d, { ...m, x: px, dy: pdy, y: pyRef, grads }));
      expect(backwardVariants).toEqual(offered((d) => denseBackwardInput(d, { ...m, dy: pdy, y: pyRef, dx, accumulate: true })));
      expect(backwardVariants.some((v) => v.includes('_8x8'))).toBe(vec4 && act === 'relu');
      for (const v of backwardVariants) {
        device.queue.writeBuffer(grads, 0, new Float32Array(B_OFF + N).fill(Number.NaN));
        await runAs(v, (d) => denseBackwardWeight(d, { ...m, x: px, dy: pdy, y: pyRef, grads }));
        expectClose(await read(grads, K * N, W_OFF), back.dw, 1e-3, 1e-5, `dW ${v}`);
        expectClose(await read(grads, N, B_OFF), back.db, 1e-3, 1e-5, `db ${v}`);
        device.queue.writeBuffer(dx, 0, new Float32Array(M * K).fill(1));
        await runAs(v, (d) => denseBackwardInput(d, { ...m, dy: pdy, y: pyRef, dx, accumulate: true }));
        expectClose(await read(dx, M * K), back.dx.map((g) => g + 1), 1e-3, 1e-5, `dx (accumulated) ${v}`);
      }
      for (const b of [px, pp, py, pdy, pyRef, grads, dx]) b.destroy();
    });
  }
});

/** A request whose variants run the same dense forward 1, 4 or 16 times (same result, 1x/4x/16x the work). */
async function repeatRequest(): Promise<TuneRequest> {
  const { device } = await gpu();
  const [M, K, N] = [64, 256, 64];
  const [x, p, y] = await Promise.all([upload(device, seededArray(M * K, 1)), upload(device, seededArray(K * N + N, 2)), upload(device, M * N)]);
  const times: Record<string, number> = { x16: 16, x4: 4, once: 1 };
  return {
    key: 'test_repeat|M=64,K=256,N=64',
    variants: ['x16', 'x4', 'once'],
    fallback: 'x16',
    emit: (d, v) => {
      for (let i = 0; i < times[v]; i++) denseForward(d, { rows: M, in: K, out: N, act: 0, params: p, hasBias: true, wOff: 0, bOff: K * N, x, y });
    },
  };
}

describe('the workgroup counts of the optimizer update', () => {
  it('give bit-equal Adam updates, and tuning them in place leaves parameters and state as they were', async () => {
    const { device, pipelines } = await gpu();
    const P4 = 1000; // 16 workgroups of 64 on the full grid: wg8 and wg2 are offered, wg32 is not
    const P = 4 * P4;
    const [grads, params, state, norm2] = await Promise.all([upload(device, seededArray(P, 11)), upload(device, seededArray(P, 12)), upload(device, seededArray(2 * P, 13, 0, 0.1)), upload(device, 4)]);
    const step = device.createBuffer({ size: STEP_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(step, 0, encodeStep({ step: 1, lr: 0.01, alpha: 0.003 }));
    const rule = { P4, variant: { code: 5, constants: { B1: 0.9, B2: 0.999, EPS: 1e-7 } }, weightDecay: 0, decayEnd4: P4, clip: false };
    const emit = (d: Dispatcher) => optimizerUpdate(d, { ...rule, step, grads, norm2, params, state });
    expect(offered(emit)).toEqual(['grid', 'wg8', 'wg2']);
    expect(OPTIMIZER_GRID_VARIANTS).toContain('wg32');
    const before = [await read(params, P), await read(state, 2 * P)];
    const after: Record<string, number[]> = {};
    for (const v of offered(emit)) {
      device.queue.writeBuffer(params, 0, before[0]);
      device.queue.writeBuffer(state, 0, before[1]);
      await runAs(v, emit);
      after[v] = [...(await read(params, P)), ...(await read(state, 2 * P))];
    }
    expect(after.grid.slice(0, P)).not.toEqual(Array.from(before[0])); // the update ran
    expect(after.wg8).toEqual(after.grid);
    expect(after.wg2).toEqual(after.grid);
    // Timing runs the update hundreds of times on the model's own buffers; they are put back.
    device.queue.writeBuffer(params, 0, before[0]);
    device.queue.writeBuffer(state, 0, before[1]);
    const tuner = await Autotuner.open('test', 'measure', null, { budgetMs: Infinity });
    emit({ dispatch: () => undefined, choose: (r) => tuner.choose(r) });
    const [result] = await tuner.tunePending(device, pipelines);
    expect(Object.keys(result.ms)).toEqual(['grid', 'wg8', 'wg2']);
    expect(Array.from(await read(params, P))).toEqual(Array.from(before[0]));
    expect(Array.from(await read(state, 2 * P))).toEqual(Array.from(before[1]));
    for (const b of [grads, params, state, norm2, step]) b.destroy();
  });
});

describe('the autotuner', () => {
  it('with the real clock, picks the variant with a sixteenth of the work', async () => {
    const { device, pipelines } = await gpu();
    const tuner = await Autotuner.open('test', 'measure', null, { budgetMs: Infinity });
    const req = await repeatRequest();
    expect(tuner.choose(req)).toBe('x16'); // unknown: the fallback, queued
    const [result] = await tuner.tunePending(device, pipelines);
    expect(result.winner).toBe('once');
    expect(Object.keys(result.ms)).toEqual(['x16', 'x4', 'once']);
    expect(tuner.choose(req)).toBe('once');
  });

  it('on a CPU adapter leaves out the workgroup-memory tiles', async () => {
    const { device, pipelines } = await gpu();
    const timed: string[] = [];
    const timer: VariantTimer = async (_d, ds) => (timed.push(ds[0].pipeline.label), 1);
    let request: TuneRequest | null = null;
    const grab: Dispatcher = { dispatch: () => undefined, choose: (r) => ((request = r), r.fallback) };
    const { device: dev } = await gpu();
    const buf = dev.createBuffer({ size: 64 * 64 * 4 + 256, usage: GPUBufferUsage.STORAGE });
    denseForward(grab, { rows: 32, in: 64, out: 64, act: 0, params: buf, hasBias: true, wOff: 0, bOff: 4096, x: buf, y: buf });
    expect(request!.variants).toEqual([...DENSE_FORWARD_VARIANTS, ...DENSE_TILED_VARIANTS]);
    expect(isCpuAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isCpuAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isCpuAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' })).toBe(false);
    const cpu = await Autotuner.open('cpu', 'measure', null, { timer, cpu: true, budgetMs: Infinity });
    cpu.choose(request!);
    await cpu.tunePending(device, pipelines);
    expect(timed.length).toBe(DENSE_FORWARD_VARIANTS.length);
    expect(timed.some((l) => l.includes('tiled'))).toBe(false);
    const gpuTuner = await Autotuner.open('gpu', 'measure', null, { timer, budgetMs: Infinity });
    gpuTuner.choose(request!);
    await gpuTuner.tunePending(device, pipelines);
    expect(timed.filter((l) => l.includes('tiled')).length).toBe(DENSE_TILED_VARIANTS.length);
    buf.destroy();
  });

  it('stays within its budgets: the fallback first, then rivals while time is left; calls past the compile budget wait', async () => {
    const { device, pipelines } = await gpu();
    const timed: string[] = [];
    const timer: VariantTimer = async (_d, ds) => (timed.push(ds.length === 1 ? 'once' : ds.length === 4 ? 'x4' : 'x16'), 1);
    const req = await repeatRequest();
    const other = { ...req, key: `${req.key}:other` };
    const t = await Autotuner.open('budget', 'measure', null, { timer, budgetMs: 0, compileBudgetMs: 0 });
    t.choose(req);
    t.choose(other);
    const results = await t.tunePending(device, pipelines);
    expect(results.map((r) => r.key)).toEqual([req.key]); // the compile budget was spent on the first call
    expect(timed).toEqual(['x16']); // the fallback alone: no time left for its rivals
    expect(results[0].winner).toBe('x16');
    expect(t.hasPending).toBe(false);
    expect(t.choose(other)).toBe('x16'); // queued again by the next compile
    expect(t.hasPending).toBe(true);
  });

  it('keeps the argmin, stores it under the adapter scope, and reuses it without timing', async () => {
    const { device, pipelines } = await gpu();
    const store = new MemoryTuneStore();
    let calls = 0;
    const costs = [3, 1, 2];
    const timer: VariantTimer = async () => costs[calls++ % 3];
    const scope = adapterScope({ vendor: 'acme', architecture: 'x', device: '', description: 'Acme 1' });
    expect(scope).toBe('v2:acme/x/-/Acme 1');
    const req = await repeatRequest();
    const a = await Autotuner.open(scope, 'measure', store, { timer });
    a.choose(req);
    const [r] = await a.tunePending(device, pipelines);
    expect(r).toEqual({ key: req.key, winner: 'x4', ms: { x16: 3, x4: 1, once: 2 } });
    expect(store.entries).toEqual({ [`${scope}|${req.key}`]: 'x4' });
    // A second tuner on the same store and adapter: the winner at once, nothing timed.
    const b = await Autotuner.open(scope, 'measure', store, { timer });
    expect(b.choose(req)).toBe('x4');
    expect(b.hasPending).toBe(false);
    expect(calls).toBe(3);
    // Another adapter does not inherit it; junk entries are ignored.
    store.entries[`${scope}|junk`] = 42 as never;
    const c = await Autotuner.open(adapterScope({ vendor: 'other' }), 'measure', store, { timer });
    expect(c.choose(req)).toBe('x16');
    expect(c.hasPending).toBe(true);
    // A stored name that is not a variant of the request falls back.
    store.entries[`${scope}|${req.key}`] = 'gone';
    const d = await Autotuner.open(scope, 'cached', store, { timer });
    expect(d.choose(req)).toBe('x16');
    expect(d.hasPending).toBe(false); // 'cached' never queues
    const off = await Autotuner.open(scope, 'off', store, { timer });
    expect(off.choose(req)).toBe('x16');
    expect(off.hasPending).toBe(false);
  });

  it('a model compiled with a tuner emits the winners and trains to the same losses', async () => {
    const { device } = await gpu();
    const preset = findPreset('mlp-100')!;
    const { train } = await loadDataset(preset.dataset, { seed: 1, n: 256 });
    const run = async (pipelines: PipelineCache) => {
      const t = await Trainer.create(device, pipelines, preset.spec, { train }, { ...preset.train, seed: 5, readEvery: 1 });
      const losses: number[] = [];
      await t.runSteps(0, 4, (m) => losses.push(m.lossSum / m.count));
      const kernels = t.trainSchedule.dispatches.map((d) => d.label);
      t.destroy();
      return { losses, kernels };
    };
    const plain = await run(new PipelineCache(device));
    // An injected clock under which no fallback wins: 16x16 workgroups for the forward, the 4x4 blocks for the gradients.
    const tuned = new PipelineCache(device);
    const cost = (label: string) => (label.includes('_8x8') || label.includes('_blocked') ? 10 : 0) + (label.includes('WG_X=16') ? 0 : 5);
    // As on this CPU adapter (no workgroup-memory tiles: fewer pipelines to compile).
    tuned.tuner = await Autotuner.open('test-model', 'measure', null, { cpu: true, budgetMs: Infinity, compileBudgetMs: Infinity, timer: async (_d, ds) => cost(ds[0].pipeline.label) });
    const withTuner = await run(tuned);
    const all = tuned.tuner.results;
    // The gather and the optimizer's grid tie under this clock: their fallbacks stay.
    expect(all.filter((r) => !r.key.startsWith('dense_')).map((r) => [r.key.split('|')[0], r.winner])).toEqual([
      ['gather_batch_vec4', 'rows1'],
      ['optimizer_update', 'grid'],
    ]);
    const measured = all.filter((r) => r.key.startsWith('dense_'));
    // Dense 100-64 and 64-64: 2 forward, 2 weight, 1 input gradient (the first layer has none; 64-10 is
    // scalar, whose only rivals are the tiles a CPU adapter never gets).
    expect(measured.length).toBe(5);
    for (const r of measured) expect(r.winner).toBe(r.key.startsWith('dense_forward') ? 'vec4@16x16' : 'vec4@8x8');
    expect(withTuner.kernels.filter((k) => k.endsWith('_8x8'))).toEqual([]);
    expect(plain.kernels.filter((k) => k.endsWith('_8x8')).length).toBe(3);
    expect(withTuner.kernels.length).toBe(plain.kernels.length);
    expect(withTuner.losses).toEqual(plain.losses); // same sums in the same order: bit-equal

    // The large register blocks (dense_blocked.wgsl) sum in the same order too: a clock under which they win everywhere.
    const blocked = new PipelineCache(device);
    blocked.tuner = await Autotuner.open('test-blocked', 'measure', null, { cpu: true, budgetMs: Infinity, compileBudgetMs: Infinity, timer: async (_d, ds) => (ds[0].pipeline.label.includes('_blocked') ? 0 : 10) });
    const withBlocks = await run(blocked);
    expect(blocked.tuner.results.filter((r) => r.key.startsWith('dense_')).map((r) => r.winner)).toEqual(Array(5).fill(DENSE_BLOCKED_VARIANTS[0]));
    expect(withBlocks.kernels.filter((k) => k.endsWith('_blocked')).length).toBe(5);
    expect(withBlocks.losses).toEqual(plain.losses);
  });
});
