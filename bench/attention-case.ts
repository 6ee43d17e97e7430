/**
 * Attention forward + backward on our fused kernels. One step = attention_forward, then
 * attention_backward_prep, _dq and _dkdv for a fixed dO: the same four dispatches the
 * MultiHeadAttention layer records (projections excluded), producing O, the row log-sum-exp, dQ,
 * dK and dV. Shapes: batch N, H heads, head size dk, T = TQ = TK; q, k, v, o, dO [N, T, H*dk]
 * (random in [-1, 1); the projection layout, which is [N, H, T, dk] up to a free relabelling).
 * Buffers, pipelines and bind groups are built once; each step is one command encoder and one
 * submit; a run ends in a full GPU sync (onSubmittedWorkDone).
 * `setupAttention` gives the run function the bench page times (bench/page.ts, cases
 * attention-t*, against bench/tfjs-attention.ts); `benchAttention` is a self-timed wrapper.
 */
import type { KernelId } from '../src/kernels/registry';
import type { Constants, PipelineCache } from '../src/gpu/pipelines';
import type { Binding } from '../src/engine/layers/layer';
import { attentionBackward, attentionForward } from '../src/kernels/attention/attention';
import { STEP_UNIFORM_BYTES } from '../src/kernels/step-uniform';

export interface AttentionBenchOptions {
  /** Sequence lengths to time; default 64, 128, 256. */
  lengths?: number[];
  batch?: number;
  heads?: number;
  headDim?: number;
  causal?: boolean;
  /** Target duration of each timed run, ms (after a warm-up step and a calibration run). */
  targetMs?: number;
}

export interface AttentionBenchResult {
  T: number;
  batch: number;
  heads: number;
  headDim: number;
  causal: boolean;
  steps: number;
  seconds: number;
  msPerStep: number;
  dispatchesPerStep: number;
  /** Bytes of every buffer the step uses: linear in T (no T x T matrix). */
  bytes: number;
}

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 8) / 8388608 - 1;
  }
  return out;
}

export async function benchAttention(device: GPUDevice, pipelines: PipelineCache, opts: AttentionBenchOptions = {}): Promise<AttentionBenchResult[]> {
  const out: AttentionBenchResult[] = [];
  for (const T of opts.lengths ?? [64, 128, 256]) out.push(await benchOne(device, pipelines, T, opts));
  return out;
}

/** A prepared attention step: run(steps) records `steps` steps and waits for the GPU. */
export interface AttentionRun {
  run: (steps: number) => Promise<void>;
  /** Kernel ids in dispatch order. */
  kernels: string[];
  dispatchesPerStep: number;
  bytes: number;
  destroy: () => void;
}

export async function setupAttention(device: GPUDevice, pipelines: PipelineCache, T: number, opts: Omit<AttentionBenchOptions, 'lengths' | 'targetMs'> = {}): Promise<AttentionRun> {
  const N = opts.batch ?? 32;
  const H = opts.heads ?? 4;
  const DK = opts.headDim ?? 16;
  const causal = opts.causal ?? false;
  const d = { N, H, TQ: T, TK: T, DK };
  const len = N * T * H * DK;
  const rows = N * H * T;
  const buffers: GPUBuffer[] = [];
  const mk = (data: Float32Array | number) => {
    const bytes = typeof data === 'number' ? data * 4 : data.byteLength;
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    if (typeof data !== 'number') device.queue.writeBuffer(b, 0, data);
    buffers.push(b);
    return b;
  };
  // The Step uniform at its current size (the kernels declare the whole struct as their minimum binding size).
  const step = device.createBuffer({ size: STEP_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  buffers.push(step);
  const b = { step, q: mk(random(len, 1)), k: mk(random(len, 2)), v: mk(random(len, 3)), ids: null, o: mk(len), lse: mk(rows) };
  const g = { dO: mk(random(len, 4)), dsum: mk(rows), dq: mk(len), dk: mk(len), dv: mk(len) };
  const pending: { id: KernelId; c: Constants; bindings: Binding[]; wg: [number, number?, number?] }[] = [];
  const e = { dispatch: (id: KernelId, c: Constants, bindings: Binding[], wg: [number, number?, number?]) => pending.push({ id, c, bindings, wg }) };
  attentionForward(e, { ...d, ...b, causal });
  attentionBackward(e, { ...d, ...b, ...g, causal });
  const pipes = await Promise.all(pending.map((p) => pipelines.get(p.id, p.c)));
  const groups = pending.map((p, i) => device.createBindGroup({ layout: pipes[i].getBindGroupLayout(0), entries: p.bindings.map((x, binding) => ({ binding, resource: 'buffer' in x ? x : { buffer: x } })) }));
  const run = async (steps: number) => {
    for (let s = 0; s < steps; s++) {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pending.forEach((p, i) => {
        pass.setPipeline(pipes[i]);
        pass.setBindGroup(0, groups[i]);
        pass.dispatchWorkgroups(p.wg[0], p.wg[1] ?? 1, p.wg[2] ?? 1);
      });
      pass.end();
      device.queue.submit([enc.finish()]);
    }
    await device.queue.onSubmittedWorkDone();
  };
  return {
    run,
    kernels: pending.map((p) => p.id),
    dispatchesPerStep: pending.length,
    bytes: buffers.reduce((a, x) => a + x.size, 0),
    destroy: () => {
      for (const x of buffers) x.destroy();
    },
  };
}

async function benchOne(device: GPUDevice, pipelines: PipelineCache, T: number, opts: AttentionBenchOptions): Promise<AttentionBenchResult> {
  const { run, dispatchesPerStep, bytes, destroy } = await setupAttention(device, pipelines, T, opts);
  const N = opts.batch ?? 32;
  const H = opts.heads ?? 4;
  const DK = opts.headDim ?? 16;
  const causal = opts.causal ?? false;
  try {
    await run(1); // warm-up (pipeline first use)
    let steps = 1;
    let t0 = performance.now();
    await run(steps);
    let ms = performance.now() - t0;
    const target = opts.targetMs ?? 2000;
    steps = Math.max(1, Math.min(1000, Math.round(target / Math.max(ms, 1e-3))));
    t0 = performance.now();
    await run(steps);
    ms = performance.now() - t0;
    return { T, batch: N, heads: H, headDim: DK, causal, steps, seconds: ms / 1000, msPerStep: ms / steps, dispatchesPerStep, bytes };
  } finally {
    destroy();
  }
}
