/**
 * The bench report's arithmetic: medians, the ours / tfjs-wasm ratio, the peak GPU memory column
 * (median of each implementation's gpuBytes), the matmul rows against PyTorch's torch.mm peak, and
 * which cases a --node run takes (matmul 4096 only on a real GPU). Plain numbers, no GPU.
 */
import { describe, expect, it } from 'vitest';
import type { BenchResult, Impl } from '../../bench/cases';
import { nodeCases } from '../../bench/node';
import { peakLines, summarize, table } from '../../bench/report';

const result = (impl: Impl, throughput: number, gpuBytes?: number): BenchResult => ({
  impl,
  case: 'x',
  kind: 'train',
  unit: 'samples/s',
  throughput,
  steps: 10,
  seconds: 1,
  msPerStep: 100,
  dispatches: 0,
  dispatchesPerStep: 0,
  submitsPerStep: 1,
  mapsPerStep: 0,
  scheduleDispatchesPerStep: null,
  warmupSteps: 3,
  calibrationSteps: 7,
  notes: gpuBytes === undefined ? {} : { gpuBytes },
});

describe('bench report', () => {
  it('ratios ours / tfjs-wasm and the memory column are medians over trials', () => {
    const r = summarize(
      { id: 'mlp-100/b32', kind: 'train', preset: 'mlp-100', batch: 32 },
      {
        ours: [result('ours', 900, 2_000_000), result('ours', 1100, 2_000_000), result('ours', 1000, 2_000_000)],
        'tfjs-wasm': [result('tfjs-wasm', 400), result('tfjs-wasm', 600)],
        'tfjs-webgpu': [result('tfjs-webgpu', 50, 3_000_000), result('tfjs-webgpu', 50, 5_000_000)],
      },
      [],
      null,
      'off',
    );
    expect(r.median.ours).toBe(1000);
    expect(r.median['tfjs-wasm']).toBe(500);
    expect(r.ratio.oursOverTfjsWasm).toBe(2);
    expect(r.ratio.oursOverTfjsWebgpu).toBe(20);
    expect(r.ratio.oursOverTfjsCpu).toBeNull();
    expect(r.gpuBytes.ours).toBe(2_000_000);
    expect(r.gpuBytes['tfjs-webgpu']).toBe(4_000_000);
    expect(r.gpuBytes['tfjs-wasm']).toBeNull();
    const t = table([r]);
    expect(t.split('\n')[0]).toMatch(/ours\/wasm\s+ours\/cpu\s+ours\/pytorch\s+mem ours\s+mem tfjs-webgpu/);
    expect(t.split('\n')[2]).toMatch(/2\.00x .*1\.9 MiB\s+3\.8 MiB/);
  });

  it('prints matmul GFLOP/s as a fraction of the CPU peak measured with torch.mm', () => {
    const mm = (n: number, ours: number, torch: number) =>
      summarize({ id: `matmul-${n}`, kind: 'matmul', n }, { ours: [{ ...result('ours', ours), kind: 'matmul', unit: 'GFLOP/s' }] }, [], { case: `matmul-${n}`, ok: true, gflops: torch, samples: [torch] }, null);
    const reports = [mm(256, 2, 20), mm(1024, 5, 50)];
    expect(reports[1].ratio.oursOverPytorch).toBe(0.1);
    const lines = peakLines(reports);
    expect(lines[0]).toContain('50.0 GFLOP/s');
    expect(lines[1]).toMatch(/matmul-256 +ours 2\.00 GFLOP\/s = 4\.0% of the peak \(10\.0% of torch\.mm at this size\)/);
    expect(lines[2]).toMatch(/matmul-1024 +ours 5\.00 GFLOP\/s = 10\.0% of the peak/);
    expect(peakLines([summarize({ id: 'matmul-256', kind: 'matmul', n: 256 }, {}, [], null, 'off')])).toEqual([]);
  });

  it('a --node run takes matmul 4096 only on a real GPU, or when --only names it', () => {
    const ids = (only: string[], real: boolean) => nodeCases(only, real).map((c) => c.id);
    expect(ids(['matmul'], false)).toEqual(['matmul-256', 'matmul-512', 'matmul-1024', 'matmul-2048']);
    expect(ids(['matmul'], true)).toEqual(['matmul-256', 'matmul-512', 'matmul-1024', 'matmul-2048', 'matmul-4096']);
    expect(ids(['matmul-4096'], false)).toEqual(['matmul-4096']);
    expect(ids([], false)).not.toContain('matmul-4096');
  });
});
