/**
 * stats.wgsl against its float64 references (src/engine/reference/stats.ts) on read-back buffers:
 * moments over segmented tensors with non-finite values, histograms equal to the CPU histogram for
 * the GPU's own edges (values on the edges included) and summing to the finite count, dead-unit
 * and saturation counts equal to CPU counts, and the update size.
 */
import { describe, expect, it } from 'vitest';
import { gpu, seededArray } from '../helpers/gpu';
import { readBuffer } from '../../src/gpu/arena';
import type { Dispatcher } from '../../src/kernels/dispatch';
import type { KernelId } from '../../src/kernels/registry';
import {
  HIST_WORDS,
  MOMENT_WORDS,
  STATS_BINS,
  statsHistogram,
  statsReduce,
  statsTable,
  statsUnits,
  statsUpdate,
  unitsTable,
  UPDATE_WORDS,
  type StatsTensor,
  type UnitsMode,
} from '../../src/kernels/stats/stats';
import { STATS_BINS as PROTOCOL_BINS } from '../../src/worker/protocol-inside';
import { deadUnitsRef, histogramRef, momentsRef, saturatedRef, updateRef } from '../../src/engine/reference/stats';

const usage = (): number => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

async function runner() {
  const { device, pipelines } = await gpu();
  const made: GPUBuffer[] = [];
  const buf = (data: Float32Array | Uint32Array | number) => {
    const size = typeof data === 'number' ? data * 4 : data.byteLength;
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(size / 16) * 16), usage: usage() });
    if (typeof data !== 'number') device.queue.writeBuffer(b, 0, data);
    made.push(b);
    return b;
  };
  const calls: { id: KernelId; constants: Record<string, number | boolean>; bindings: GPUBuffer[]; wg: number }[] = [];
  const d: Dispatcher = { dispatch: (id, constants, bindings, wg) => calls.push({ id, constants, bindings: bindings as GPUBuffer[], wg: wg[0] }) };
  const run = async () => {
    const enc = device.createCommandEncoder();
    for (const c of calls.splice(0)) {
      const pipe = await pipelines.get(c.id, c.constants);
      const bg = device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries: c.bindings.map((buffer, binding) => ({ binding, resource: { buffer } })) });
      const pass = enc.beginComputePass();
      pass.setPipeline(pipe);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(c.wg);
      pass.end();
    }
    device.queue.submit([enc.finish()]);
  };
  const read = async (b: GPUBuffer) => readBuffer(device, b);
  const free = () => made.forEach((b) => b.destroy());
  return { buf, d, run, read, free };
}

const gatherSegments = (src: Float32Array, t: StatsTensor): number[] => t.segments.flatMap(([o, c]) => [...src.subarray(o, o + c)]);

describe('stats kernels', () => {
  it('the kernel and the protocol agree on the bin count', () => {
    expect(STATS_BINS).toBe(PROTOCOL_BINS);
  });

  it('moments and histograms of segmented tensors match float64 references exactly (counts) and closely (moments)', async () => {
    const r = await runner();
    const n = 70000;
    const src = seededArray(n, 7, -3, 5);
    // tensor 1: integers 0..64 repeated, so many values lie exactly on bin edges (lo 0, hi 64: edges 0, 2, 4, ...)
    for (let i = 1000; i < 1650; i++) src[i] = (i - 1000) % 65;
    // tensor 2 holds non-finite values; tensor 3 is constant; tensor 4 has no finite value
    src[2000] = NaN;
    src[2001] = Infinity;
    src[2002] = -Infinity;
    src.fill(0.25, 3000, 3100);
    src.fill(NaN, 3200, 3210);
    const tensors: StatsTensor[] = [
      { segments: [[0, 1000], [4000, 66000]], slot: 3 },
      { segments: [[1000, 650]], slot: 0 },
      { segments: [[1650, 1350], [3100, 7]], slot: 1 },
      { segments: [[3000, 100]], slot: 2 },
      { segments: [[3200, 10]], slot: 4 },
    ];
    const slots = 5;
    const srcB = r.buf(src);
    const table = r.buf(statsTable(tensors));
    const moments = r.buf(slots * MOMENT_WORDS);
    const hist = r.buf(slots * HIST_WORDS);
    statsReduce(r.d, { tensors: tensors.length, src: srcB, table, moments });
    statsHistogram(r.d, { tensors: tensors.length, src: srcB, table, moments, hist });
    await r.run();
    const mBytes = await r.read(moments);
    const hBytes = await r.read(hist);
    r.free();
    const mf = new Float32Array(mBytes);
    const mu = new Uint32Array(mBytes);
    const hu = new Uint32Array(hBytes);
    const hf = new Float32Array(hBytes);
    for (const t of tensors) {
      const xs = gatherSegments(src, t);
      const ref = momentsRef(xs);
      const m = t.slot * MOMENT_WORDS;
      expect(mf[m], `min ${t.slot}`).toBe(Math.fround(ref.min));
      expect(mf[m + 1], `max ${t.slot}`).toBe(Math.fround(ref.max));
      expect(mu[m + 4], `n ${t.slot}`).toBe(ref.n);
      expect(mu[m + 5], `nonFinite ${t.slot}`).toBe(ref.nonFinite);
      expect(Math.abs(mf[m + 2] - ref.mean), `mean ${t.slot}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(ref.mean)));
      expect(Math.abs(mf[m + 3] - ref.m2), `m2 ${t.slot}`).toBeLessThanOrEqual(1e-4 * ref.m2 + 1e-6);
      const h = t.slot * HIST_WORDS;
      const counts = [...hu.subarray(h, h + STATS_BINS)];
      const edges = [...hf.subarray(h + STATS_BINS, h + 2 * STATS_BINS + 1)];
      expect(edges[0]).toBe(mf[m]);
      expect(edges[STATS_BINS]).toBe(mf[m + 1]);
      for (let k = 1; k <= STATS_BINS; k++) expect(edges[k]).toBeGreaterThanOrEqual(edges[k - 1]);
      for (let k = 0; k <= STATS_BINS; k++) expect(Math.abs(edges[k] - (ref.min + ((ref.max - ref.min) * k) / STATS_BINS))).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(ref.max)));
      expect(counts, `histogram ${t.slot}`).toEqual(histogramRef(xs, edges));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(ref.n);
    }
    // The integer tensor: each even edge 2k holds 2k and 2k+1 (the last bin also 64).
    const ints = [...hu.subarray(0, STATS_BINS)];
    expect(ints.slice(0, 31)).toEqual(new Array(31).fill(20));
    expect(ints[31]).toBe(30);
  });

  it('dead-unit and saturation counts equal CPU counts', async () => {
    const r = await runner();
    const rows = 37;
    const units = 300;
    const dead = seededArray(rows * units, 3, -1, 0.2);
    for (let u = 0; u < units; u += 3) for (let row = 0; row < rows; row++) dead[row * units + u] = -Math.abs(dead[row * units + u]);
    for (let row = 0; row < rows; row++) dead[row * units + 1] = 0; // exactly 0 is dead too
    const tanh = seededArray(rows * units, 4, -1, 1).map((x) => Math.tanh(3 * x));
    const sig = seededArray(rows * units, 5, -6, 6).map((x) => 1 / (1 + Math.exp(-x)));
    const src = new Float32Array(3 * rows * units);
    src.set(dead, 0);
    src.set(tanh, rows * units);
    src.set(sig, 2 * rows * units);
    const srcB = r.buf(src);
    const out = r.buf(4);
    const cases: [UnitsMode, number, number][] = [
      ['dead', 0, deadUnitsRef(dead, rows, units)],
      ['tanh', 1, saturatedRef(tanh, 'tanh')],
      ['sigmoid', 2, saturatedRef(sig, 'sigmoid')],
    ];
    for (const [mode, k] of cases) {
      const table = r.buf(unitsTable([{ offset: k * rows * units, rows, units, slot: k }]));
      statsUnits(r.d, { tensors: 1, mode, src: srcB, table, units: out });
    }
    await r.run();
    const got = new Uint32Array(await r.read(out));
    r.free();
    for (const [mode, k, want] of cases) {
      expect(want, mode).toBeGreaterThan(0);
      expect(got[k], mode).toBe(want);
    }
    expect(cases[0][2]).toBeGreaterThanOrEqual(100);
  });

  it('update size matches the float64 norms', async () => {
    const r = await runner();
    const before = seededArray(5000, 9, -0.5, 0.5);
    const after = before.map((x, i) => x + (i % 7 === 0 ? 1e-3 : -2e-4) * Math.sin(i));
    const tensors: StatsTensor[] = [
      { segments: [[0, 1200], [4000, 1000]], slot: 1 },
      { segments: [[1200, 2800]], slot: 0 },
    ];
    const out = r.buf(2 * UPDATE_WORDS);
    statsUpdate(r.d, { tensors: 2, params: r.buf(after), before: r.buf(before), table: r.buf(statsTable(tensors)), update: out });
    await r.run();
    const got = new Float32Array(await r.read(out));
    r.free();
    for (const t of tensors) {
      const [du, bw] = updateRef(gatherSegments(after, t), gatherSegments(before, t));
      expect(Math.abs(got[t.slot * UPDATE_WORDS] - du) / du).toBeLessThan(2e-3);
      expect(Math.abs(got[t.slot * UPDATE_WORDS + 1] - bw) / bw).toBeLessThan(1e-4);
    }
  });
});
