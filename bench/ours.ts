/**
 * Our engine's side of every bench case, for any WebGPU entry point (navigator.gpu in the bench
 * page, the `webgpu` package's Dawn under Node in bench/node.ts): a preset's training loop
 * (Trainer.runSteps), an n x n x n matmul as the Dense layer emits it, and the fused attention
 * step. Each creates its own device and destroys it at the end; each result carries gpuBytes,
 * the GPU memory it held (the model's buffer arena for training).
 */
import type { Dispatcher } from '../src/kernels/dispatch';
import type { GpuContext } from '../src/gpu/device';
import type { PipelineCache } from '../src/gpu/pipelines';
import { caseSpec, type BenchCase, type BenchResult, type PageParams, type TrainCase } from './cases';
import { describeSpec, makeData, rng } from './data';
import { attentionResult, matmulResult, status, timeLoop, trainResult, type Runner } from './timing';

type AttnCase = Extract<BenchCase, { kind: 'attention' }>;

/**
 * GPU errors outside any error scope (a failed bind group makes its dispatches no-ops, which would
 * time nothing): collected from the device, and the returned check fails the trial with the first.
 */
function guardErrors(device: GPUDevice): () => void {
  const errors: string[] = [];
  device.onuncapturederror = (e) => errors.push(e.error.message.split('\n')[0]);
  return () => {
    if (errors.length) throw new Error(`GPU error during the run: ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
  };
}

/**
 * A pipeline cache with the autotuner the app uses ('measure', winners kept in memory for the trial),
 * with budgets wide enough to tune every call in one compile (the app spreads big models over
 * several builds): tuning happens while the model compiles, before any timed step. Returns the tuner's winners too.
 */
async function tunedPipelines(ctx: GpuContext, budgetMs = 3000): Promise<PipelineCache> {
  const [{ PipelineCache }, { Autotuner, MemoryTuneStore }] = await Promise.all([import('../src/gpu/pipelines'), import('../src/gpu/autotune')]);
  const pipelines = new PipelineCache(ctx.device);
  pipelines.tuner = await Autotuner.forAdapter(ctx.adapter, 'measure', new MemoryTuneStore(), { budgetMs, compileBudgetMs: Infinity });
  return pipelines;
}

/** The tuner's choices, for the result's notes: "call key -> winner; ...". */
const tunedNotes = (pipelines: PipelineCache): string => (pipelines.tuner?.results ?? []).map((r) => `${r.key} -> ${r.winner}`).join('; ');

export async function oursTrain(gpu: GPU, c: TrainCase, p: PageParams): Promise<BenchResult> {
  const [{ createGpuContext }, { Trainer }, { findPreset }] = await Promise.all([
    import('../src/gpu/device'),
    import('../src/engine/trainer'),
    import('../src/presets/presets'),
  ]);
  const preset = findPreset(c.preset);
  if (!preset) throw new Error(`unknown preset ${c.preset}`);
  const spec = caseSpec(c, preset.spec);
  const d = describeSpec(spec);
  const { features, classes, task } = d;
  const data = makeData(features, classes, task, c.batch, c.rows, d.vocab);
  const ds = {
    name: 'bench',
    task,
    n: data.rows,
    inputShape: d.shape,
    inputDtype: d.int ? ('int32' as const) : ('float32' as const),
    x: data.x,
    y: (task === 'classification' ? data.labels : data.targets)!,
    targetShape: task === 'classification' ? [] : [1],
    ...(task === 'classification' ? { numClasses: classes } : {}),
  };

  status('creating device');
  const ctx = await createGpuContext(gpu);
  const checkErrors = guardErrors(ctx.device);
  status('compiling and tuning');
  const pipelines = await tunedPipelines(ctx);
  const t = await Trainer.create(ctx.device, pipelines, spec, { train: ds }, { batchSize: c.batch, epochs: 1, seed: 1, readEvery: 1_000_000 });
  t.stepsPerSubmit = p.stepsPerSubmit ?? null;
  let lostReason: string | null = null;
  void ctx.lost.then((r) => (lostReason = r));
  const spe = t.stepsPerEpoch;
  let cursor = 0;
  // runSteps stays inside one epoch; wrap around at the epoch's end (one metric drain per wrap).
  const run: Runner = async (steps) => {
    let left = steps;
    while (left > 0) {
      const k = Math.min(left, spe - cursor);
      const done = await t.runSteps(cursor, k);
      if (done !== k) throw new Error(`runSteps(${cursor}, ${k}) ran ${done} steps`);
      cursor = (cursor + k) % spe;
      left -= k;
    }
    await ctx.device.queue.onSubmittedWorkDone();
    if (lostReason) throw new Error(lostReason);
  };
  const timed = await timeLoop(run, p, 3, 5, 1_000_000);
  checkErrors();
  let stats: Record<string, number> = {};
  if (c.statsEvery) {
    status('timing statistics on vs off');
    const { statsOverhead } = await import('./stats-case');
    stats = { ...(await statsOverhead(t, run, c.statsEvery, (timed.seconds * 1000) / timed.steps, p.targetMs)) };
  }
  const result = trainResult('ours', c, timed, t.dispatchesPerStep, {
    ...stats,
    rows: data.rows,
    inputShape: d.shape.join('x'),
    stepsPerEpoch: spe,
    // Peak GPU memory: every buffer the model owns (parameters, gradients, optimiser state,
    // activations, the dataset) goes through its arena, which only grows while training.
    gpuBytes: t.model.arena.liveBytes,
    adapter: `${ctx.adapter.vendor} ${ctx.adapter.architecture} ${ctx.adapter.description}`.trim(),
    tuned: tunedNotes(pipelines),
  });
  t.destroy();
  ctx.device.destroy();
  return result;
}

/**
 * An n x n x n product on our engine. By default the dispatch is the one the Dense layer's launcher
 * (src/kernels/dense/dense.ts) emits for Dense(n, linear, no bias) on a batch of n rows (so the bench
 * follows the layer's kernel choice, e.g. dense_forward or a vectorised variant); kernel=dense_forward
 * forces the scalar kernel.

/**
 * An n x n x n product on our engine. By default the dispatch is the one the Dense layer's launcher
 * (src/kernels/dense/dense.ts) emits for Dense(n, linear, no bias) on a batch of n rows (so the bench
 * follows the layer's kernel choice, e.g. dense_forward or a vectorised variant); kernel=dense_forward
 * forces the scalar kernel.
 */
export async function oursMatmul(gpu: GPU, c: Extract<BenchCase, { kind: 'matmul' }>, p: PageParams): Promise<BenchResult> {
  const [{ createGpuContext }, { DispatchRecorder, encodeDispatches, recordDispatches }, { denseForward }] = await Promise.all([
    import('../src/gpu/device'),
    import('../src/gpu/recorded'),
    import('../src/kernels/dense/dense'),
  ]);
  const n = c.n;
  status('creating device');
  const ctx = await createGpuContext(gpu);
  const device = ctx.device;
  const checkErrors = guardErrors(device);
  // One call to tune, whose runs take up to seconds on a CPU adapter: time enough to try every variant.
  const pipelines = await tunedPipelines(ctx, 30_000);
  const r = rng(777);
  const a = new Float32Array(n * n).map(() => r() * 2 - 1);
  const b = new Float32Array(n * n).map(() => r() * 2 - 1);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const mk = (label: string) => device.createBuffer({ label, size: n * n * 4, usage });
  const x = mk('x');
  const w = mk('w');
  const y = mk('y');
  device.queue.writeBuffer(x, 0, a);
  device.queue.writeBuffer(w, 0, b);

  // The launcher the Dense layer calls (so the bench follows its kernel choice and the tuner's), or the scalar kernel forced.
  const emit = () => {
    const rec = new DispatchRecorder();
    const d: Dispatcher = { dispatch: (...args) => rec.dispatch(...args), choose: (req) => pipelines.tuner?.choose(req) ?? req.fallback };
    denseForward(d, { x, params: w, y, rows: n, in: n, out: n, hasBias: false, wOff: 0, scalar: p.kernel === 'dense_forward' });
    return rec.pending;
  };
  status('tuning');
  if ((emit(), pipelines.tuner?.hasPending)) await pipelines.tuner.tunePending(device, pipelines);
  const pending = emit();
  const dispatches = await recordDispatches(device, pipelines, pending, 'matmul bind groups');
  const perSubmit = 16;
  const run: Runner = async (steps) => {
    for (let done = 0; done < steps; ) {
      const k = Math.min(perSubmit, steps - done);
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let i = 0; i < k; i++) encodeDispatches(pass, dispatches);
      pass.end();
      device.queue.submit([enc.finish()]);
      done += k;
    }
    await device.queue.onSubmittedWorkDone();
  };
  const timed = await timeLoop(run, p, 1, 1, 100_000);
  checkErrors();
  // Spot-check a few outputs against the CPU.
  const staging = device.createBuffer({ size: n * n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(y, 0, staging, 0, n * n * 4);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  let maxErr = 0;
  for (const [i, j] of [[0, 0], [n - 1, n - 1], [n >> 1, 3], [7, n - 5]]) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
    maxErr = Math.max(maxErr, Math.abs(s - out[i * n + j]));
  }
  if (!(maxErr < 1e-2)) throw new Error(`bench: matmul result is wrong (max sampled error ${maxErr})`);
  const result = matmulResult('ours', c, timed, {
    kernel: dispatches.map((d) => d.id).join('+'),
    constants: pending.map((d) => JSON.stringify(d.constants)).join('+'),
    workgroups: dispatches.map((d) => d.workgroups.join('x')).join('+'),
    tuned: tunedNotes(pipelines),
    maxAbsErrSampled: maxErr,
    dispatchesPerSubmit: perSubmit * dispatches.length,
    gpuBytes: 3 * n * n * 4,
  });
  device.destroy();
  return result;
}

/** Our fused attention step (bench/attention-case.ts) on random Q, K, V, dO [N, T, H*dk]. */
export async function oursAttention(gpu: GPU, c: AttnCase, p: PageParams): Promise<BenchResult> {
  const [{ createGpuContext }, { PipelineCache }, { setupAttention }] = await Promise.all([import('../src/gpu/device'), import('../src/gpu/pipelines'), import('./attention-case')]);
  status('creating device');
  const ctx = await createGpuContext(gpu);
  const checkErrors = guardErrors(ctx.device);
  const pipelines = new PipelineCache(ctx.device);
  const a = await setupAttention(ctx.device, pipelines, c.T, { batch: c.batch, heads: c.heads, headDim: c.headDim });
  let lostReason: string | null = null;
  void ctx.lost.then((r) => (lostReason = r));
  const run: Runner = async (steps) => {
    await a.run(steps);
    if (lostReason) throw new Error(lostReason);
  };
  const timed = await timeLoop(run, p, 2, 3, 100_000);
  checkErrors();
  const result = attentionResult('ours', c, timed, null, {
    kernels: a.kernels.join('+'),
    recordedDispatchesPerStep: a.dispatchesPerStep,
    bytes: a.bytes,
    gpuBytes: a.bytes,
    layout: 'q,k,v,dO [N, T, H*dk]',
    adapter: `${ctx.adapter.vendor} ${ctx.adapter.architecture} ${ctx.adapter.description}`.trim(),
  });
  a.destroy();
  ctx.device.destroy();
  return result;
}
