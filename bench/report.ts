/**
 * The bench's statistics and text report: medians and spreads per implementation, ratios ours /
 * other, peak GPU memory, the PyTorch row, and the aligned table bench/run.ts prints.
 */
import { IMPLS, type BenchCase, type BenchResult, type Impl } from './cases';
import type { TorchResult } from './torch-row';

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface CaseReport {
  case: string;
  kind: BenchCase['kind'];
  unit: string;
  median: Partial<Record<Impl, number | null>>;
  /** (max - min) / median of the throughput samples. */
  spread: Partial<Record<Impl, number | null>>;
  ratio: { oursOverTfjsWebgpu: number | null; oursOverTfjsWasm: number | null; oursOverTfjsCpu: number | null; oursOverPytorch: number | null };
  /** Peak GPU memory per implementation (median of the trials' gpuBytes notes): our arena's live bytes, tfjs's peak tf.memory().numBytes over a step. */
  gpuBytes: Partial<Record<Impl, number | null>>;
  /** PyTorch CPU (bench/torch_bench.py, one process per case): median samples/s over its timed runs, or why it is missing. */
  pytorch: { median: number | null; spread: number | null; threads: number | null; torch: string | null; result: TorchResult | null; skipped: string | null };
  dispatchesPerStep: Partial<Record<Impl, number | null>>;
  submitsPerStep: Partial<Record<Impl, number | null>>;
  /** Buffer maps (GPU-to-CPU reads) per step: how often the implementation waits for the GPU. */
  mapsPerStep: Partial<Record<Impl, number | null>>;
  scheduleDispatchesPerStep: number | null;
  samples: Partial<Record<Impl, BenchResult[]>>;
  errors: { impl: Impl; trial: number; error: string }[];
}

export function summarize(c: BenchCase, samples: Partial<Record<Impl, BenchResult[]>>, errors: CaseReport['errors'], torch: TorchResult | null, torchSkipped: string | null): CaseReport {
  const med: CaseReport['median'] = {};
  const spread: CaseReport['spread'] = {};
  const disp: CaseReport['dispatchesPerStep'] = {};
  const subs: CaseReport['submitsPerStep'] = {};
  const maps: CaseReport['mapsPerStep'] = {};
  const mem: CaseReport['gpuBytes'] = {};
  for (const impl of IMPLS) {
    const xs = (samples[impl] ?? []).map((r) => r.throughput);
    const m = median(xs);
    med[impl] = m;
    spread[impl] = m && xs.length > 1 ? (Math.max(...xs) - Math.min(...xs)) / m : null;
    disp[impl] = median((samples[impl] ?? []).map((r) => r.dispatchesPerStep));
    subs[impl] = median((samples[impl] ?? []).map((r) => r.submitsPerStep));
    maps[impl] = median((samples[impl] ?? []).map((r) => r.mapsPerStep));
    mem[impl] = median((samples[impl] ?? []).flatMap((r) => (typeof r.notes.gpuBytes === 'number' ? [r.notes.gpuBytes] : [])));
  }
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);
  const tMed = torch?.ok ? (torch.gflops ?? torch.samplesPerSec ?? null) : null;
  const tS = torch?.ok ? (torch.samples ?? []) : [];
  return {
    case: c.id,
    kind: c.kind,
    unit: c.kind === 'matmul' ? 'GFLOP/s' : 'samples/s',
    median: med,
    spread,
    ratio: { oursOverTfjsWebgpu: ratio(med.ours, med['tfjs-webgpu']), oursOverTfjsWasm: ratio(med.ours, med['tfjs-wasm']), oursOverTfjsCpu: ratio(med.ours, med['tfjs-cpu']), oursOverPytorch: ratio(med.ours, tMed) },
    pytorch: {
      median: tMed,
      spread: tMed && tS.length > 1 ? (Math.max(...tS) - Math.min(...tS)) / tMed : null,
      threads: torch?.threads ?? null,
      torch: torch?.torch ?? null,
      result: torch,
      skipped: torch && !torch.ok ? (torch.error ?? 'failed') : torchSkipped,
    },
    gpuBytes: mem,
    dispatchesPerStep: disp,
    submitsPerStep: subs,
    mapsPerStep: maps,
    scheduleDispatchesPerStep: median((samples.ours ?? []).flatMap((r) => (r.scheduleDispatchesPerStep === null ? [] : [r.scheduleDispatchesPerStep]))),
    samples,
    errors,
  };
}

export function fmtNum(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '-';
  if (unit === 'GFLOP/s') return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}

export function fmtCell(r: CaseReport, impl: Impl): string {
  const v = r.median[impl];
  if (v === null || v === undefined) return '-';
  const s = r.spread[impl];
  return s === null || s === undefined ? fmtNum(v, r.unit) : `${fmtNum(v, r.unit)} ±${Math.round((s * 100) / 2)}%`;
}

export function fmtRatio(v: number | null): string {
  return v === null ? '-' : v >= 10 ? `${v.toFixed(1)}x` : `${v.toFixed(2)}x`;
}

export function fmtDisp(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  return Number.isInteger(v) ? String(v) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function fmtTorch(r: CaseReport): string {
  const t = r.pytorch;
  if (t.median === null) return '-';
  const s = t.spread === null ? '' : ` ±${Math.round((t.spread * 100) / 2)}%`;
  return `${fmtNum(t.median, r.unit)}${s}${t.threads ? ` (${t.threads}t)` : ''}`;
}

/** Bytes as MiB (one decimal under 10). */
export function fmtBytes(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  const m = v / (1024 * 1024);
  return m >= 10 ? `${m.toFixed(0)} MiB` : `${m.toFixed(1)} MiB`;
}

export function table(reports: CaseReport[]): string {
  const head = ['case', 'unit', 'ours', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'pytorch-cpu', 'ours/webgpu', 'ours/wasm', 'ours/cpu', 'ours/pytorch', 'mem ours', 'mem tfjs-webgpu', 'disp/step ours (sched)', 'disp/step tfjs-webgpu', 'reads/step ours, webgpu'];
  const rows = reports.map((r) => [
    r.case,
    r.unit,
    fmtCell(r, 'ours'),
    fmtCell(r, 'tfjs-webgpu'),
    fmtCell(r, 'tfjs-wasm'),
    fmtCell(r, 'tfjs-cpu'),
    fmtTorch(r),
    fmtRatio(r.ratio.oursOverTfjsWebgpu),
    fmtRatio(r.ratio.oursOverTfjsWasm),
    fmtRatio(r.ratio.oursOverTfjsCpu),
    fmtRatio(r.ratio.oursOverPytorch),
    fmtBytes(r.gpuBytes.ours),
    fmtBytes(r.gpuBytes['tfjs-webgpu']),
    r.scheduleDispatchesPerStep === null ? fmtDisp(r.dispatchesPerStep.ours) : `${fmtDisp(r.dispatchesPerStep.ours)} (${fmtDisp(r.scheduleDispatchesPerStep)})`,
    fmtDisp(r.dispatchesPerStep['tfjs-webgpu']),
    `${fmtDisp(r.mapsPerStep.ours)}, ${fmtDisp(r.mapsPerStep['tfjs-webgpu'])}`,
  ]);
  return alignTable(head, rows);
}

/** Columns padded to their widest cell: the first two left-aligned, the rest right-aligned. */
export function alignTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The matmul rows against the CPU's native peak: PyTorch's torch.mm on the same cores in the same
 * run (per size, and the best over the sizes run), as a fraction.
 */
export function peakLines(reports: CaseReport[]): string[] {
  const mm = reports.filter((r) => r.kind === 'matmul');
  const peak = Math.max(0, ...mm.map((r) => r.pytorch.median ?? 0));
  if (!mm.length || peak <= 0) return [];
  const pct = (v: number | null | undefined, ref: number) => (v && ref ? `${((100 * v) / ref).toFixed(1)}%` : '-');
  return [
    `CPU native peak (PyTorch torch.mm, float32, best over the sizes above): ${fmtNum(peak, 'GFLOP/s')} GFLOP/s. Ours as a fraction of it:`,
    ...mm.map((r) => `  ${r.case.padEnd(12)} ours ${fmtNum(r.median.ours, 'GFLOP/s')} GFLOP/s = ${pct(r.median.ours, peak)} of the peak (${pct(r.median.ours, r.pytorch.median ?? 0)} of torch.mm at this size); tfjs-wasm ${pct(r.median['tfjs-wasm'], peak)}`),
  ];
}
