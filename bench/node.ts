/**
 * `npm run bench -- --node` (and the bundled dist-bench/bench-node.mjs): our side of the bench
 * under Node on Dawn (the `webgpu` package), on whatever adapter exists, with no Chromium and no
 * tfjs: so the same cases run on a machine with a real GPU. Prints the adapter (vendor,
 * architecture, device, description, the limits that matter, subgroups and shader-f16), runs the
 * train, matmul and attention cases (matmul 4096 only on a non-fallback adapter unless --only names
 * it), prints a table of medians with ms/step, dispatches and peak GPU memory, and writes the JSON.
 * Same timing protocol as the page (bench/timing.ts). Returns the exit code.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Options } from './args';
import { CASES, type BenchCase, type BenchResult, type PageParams } from './cases';
import { oursAttention, oursMatmul, oursTrain } from './ours';
import { alignTable, fmtBytes, fmtDisp, fmtNum, median, summarize, type CaseReport } from './report';
import { setProbe, type GpuCounts } from './timing';

/** Debian's chromium ships this Vulkan driver (a CPU); used only when no driver is named in the environment. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const LIMITS = ['maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxStorageBufferBindingSize', 'maxBufferSize'] as const;
const FEATURES = ['subgroups', 'shader-f16', 'timestamp-query', 'chromium-experimental-subgroup-matrix'];

export interface NodeAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  subgroupMinSize: number | null;
  subgroupMaxSize: number | null;
  limits: Record<string, number>;
  features: Record<string, boolean>;
  allFeatures: string[];
}

// Dawn's instance must outlive every device made from it (see src/gpu/node-device.ts).
let keepAlive: GPU | null = null;

/** The `webgpu` package's GPU, with the WebGPU globals installed and dispatch/submit/map counters on their prototypes. */
export async function nodeGpu(): Promise<{ gpu: GPU; counts: GpuCounts }> {
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const counts: GpuCounts = { dispatches: 0, submits: 0, maps: 0 };
  const wrap = (proto: Record<string, unknown> | undefined, name: string, key: keyof GpuCounts) => {
    const orig = proto?.[name];
    if (!proto || typeof orig !== 'function') return;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      counts[key]++;
      return (orig as (...a: unknown[]) => unknown).apply(this, args);
    };
  };
  const g = globals as unknown as Record<string, { prototype: Record<string, unknown> } | undefined>;
  wrap(g.GPUComputePassEncoder?.prototype, 'dispatchWorkgroups', 'dispatches');
  wrap(g.GPUComputePassEncoder?.prototype, 'dispatchWorkgroupsIndirect', 'dispatches');
  wrap(g.GPUQueue?.prototype, 'submit', 'submits');
  wrap(g.GPUBuffer?.prototype, 'mapAsync', 'maps');
  keepAlive ??= create(process.env.DAWN_FLAGS ? process.env.DAWN_FLAGS.split(' ') : []);
  return { gpu: keepAlive, counts };
}

export async function describeAdapter(gpu: GPU): Promise<NodeAdapterInfo> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter (Dawn found no Vulkan driver: set VK_ICD_FILENAMES or VK_DRIVER_FILES to its ICD json)');
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean; subgroupMinSize?: number; subgroupMaxSize?: number };
  const limits: Record<string, number> = {};
  for (const k of LIMITS) limits[k] = adapter.limits[k];
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: info.isFallbackAdapter === true,
    subgroupMinSize: info.subgroupMinSize ?? null,
    subgroupMaxSize: info.subgroupMaxSize ?? null,
    limits,
    features: Object.fromEntries(FEATURES.map((f) => [f, adapter.features.has(f)])),
    allFeatures: [...adapter.features].sort(),
  };
}

export function adapterLines(a: NodeAdapterInfo): string[] {
  const sub = a.subgroupMinSize === null ? '' : ` (sizes ${a.subgroupMinSize}..${a.subgroupMaxSize})`;
  return [
    `adapter: vendor ${a.vendor || '-'}, architecture ${a.architecture || '-'}, device ${a.device || '-'}, description ${a.description || '-'}${a.isFallbackAdapter ? ' (fallback adapter: a CPU)' : ''}`,
    `limits: ${LIMITS.map((k) => `${k} ${a.limits[k]}`).join(', ')}`,
    `features: ${FEATURES.map((f) => `${f} ${a.features[f] ? 'yes' : 'no'}${f === 'subgroups' && a.features[f] ? sub : ''}`).join(', ')}`,
  ];
}

/** The cases a --node run takes: ours-side cases matching --only; matmul 4096 only on a real GPU unless named. */
export function nodeCases(only: string[], realGpu: boolean): BenchCase[] {
  return CASES.filter((c) => {
    if (only.length) return only.some((s) => c.id.includes(s)) && (!(c.kind === 'matmul' && c.nodeOnly) || realGpu || only.includes(c.id));
    return !(c.kind === 'matmul' && c.nodeOnly) || realGpu;
  });
}

function nodeTable(reports: CaseReport[]): string {
  const head = ['case', 'unit', 'ours', 'ms/step', 'disp/step (sched)', 'submits/step', 'mem ours'];
  const rows = reports.map((r) => {
    const s = r.spread.ours;
    const ms = median((r.samples.ours ?? []).map((x) => x.msPerStep));
    return [
      r.case,
      r.unit,
      r.median.ours == null ? 'FAILED' : `${fmtNum(r.median.ours, r.unit)}${s == null ? '' : ` ±${Math.round((s * 100) / 2)}%`}`,
      ms === null ? '-' : ms >= 10 ? ms.toFixed(1) : ms.toFixed(3),
      r.scheduleDispatchesPerStep === null ? fmtDisp(r.dispatchesPerStep.ours) : `${fmtDisp(r.dispatchesPerStep.ours)} (${fmtDisp(r.scheduleDispatchesPerStep)})`,
      fmtDisp(r.submitsPerStep.ours),
      fmtBytes(r.gpuBytes.ours),
    ];
  });
  return alignTable(head, rows);
}

export async function runNodeBench(opts: Options, context = 'npm run bench -- --node'): Promise<number> {
  const started = Date.now();
  const { gpu, counts } = await nodeGpu();
  let status = '';
  setProbe({ status: (s) => (status = s), counts: () => ({ ...counts }) });
  const adapter = await describeAdapter(gpu);
  console.log(`bench (${context}): Node ${process.version}, our engine only, on Dawn (the webgpu package)`);
  for (const l of adapterLines(adapter)) console.log(`bench: ${l}`);
  const cases = nodeCases(opts.only, !adapter.isFallbackAdapter);
  if (!cases.length) {
    console.error(`bench: no case matches --only ${opts.only.join(',')}`);
    return 1;
  }
  console.log(`bench: ${cases.length} case(s) x ${opts.trials} trial(s), ~${opts.targetMs} ms timed per trial${opts.quick ? ' (quick)' : ''}`);
  const reports: CaseReport[] = [];
  let failures = 0;
  for (const c of cases) {
    const samples: BenchResult[] = [];
    const errors: CaseReport['errors'] = [];
    const p: PageParams = { impl: 'ours', case: c.id, targetMs: opts.targetMs, calibMs: opts.calibMs, tfjsLoop: 'minimal', kernel: opts.matmulKernel, stepsPerSubmit: opts.stepsPerSubmit };
    for (let trial = 1; trial <= opts.trials; trial++) {
      const t0 = Date.now();
      const tag = `${c.id.padEnd(16)} trial ${trial}/${opts.trials}`;
      try {
        const r = c.kind === 'train' ? await oursTrain(gpu, c, p) : c.kind === 'matmul' ? await oursMatmul(gpu, c, p) : await oursAttention(gpu, c, p);
        samples.push(r);
        console.log(`  ${tag}: ${fmtNum(r.throughput, r.unit)} ${r.unit}  (${r.steps} steps in ${r.seconds.toFixed(2)} s, ${r.msPerStep.toFixed(3)} ms/step, ${fmtDisp(r.dispatchesPerStep)} disp, ${fmtDisp(r.submitsPerStep)} submits per step; ${fmtBytes(Number(r.notes.gpuBytes))}; ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failures++;
        const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
        errors.push({ impl: 'ours', trial, error: `${msg}${status ? ` (at: ${status})` : ''}` });
        console.log(`  ${tag}: ! FAILED: ${msg}`);
      }
    }
    reports.push(summarize(c, { ours: samples }, errors, null, 'not under --node'));
  }
  console.log('');
  console.log(nodeTable(reports));
  console.log('');
  console.log(`Adapter: ${[adapter.vendor, adapter.architecture, adapter.device, adapter.description].filter(Boolean).join(' / ')}. Medians over trials; ± is half the range over the median.`);
  console.log('mem ours: the model\'s buffer arena (live bytes, dataset included); matmul: A, B and C; attention: its buffers.');
  const peak = Number(process.env.BENCH_FP32_PEAK_GFLOPS);
  if (peak > 0) {
    for (const r of reports.filter((x) => x.kind === 'matmul' && x.median.ours)) console.log(`  ${r.case}: ${fmtNum(r.median.ours, 'GFLOP/s')} GFLOP/s = ${((100 * r.median.ours!) / peak).toFixed(1)}% of the FP32 peak ${peak} GFLOP/s (BENCH_FP32_PEAK_GFLOPS)`);
  }
  if (failures) console.log(`bench: ${failures} trial(s) failed; see the ! lines above and "errors" in the JSON.`);
  const json = { date: new Date().toISOString(), mode: 'node', node: process.version, adapter, options: opts, minutes: Number(((Date.now() - started) / 60000).toFixed(2)), failures, cases: reports };
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(json, null, 2) + '\n');
  console.log(`bench: wrote ${opts.out} (${((Date.now() - started) / 60000).toFixed(1)} min)`);
  return 0;
}
