/**
 * One benchmark measurement per page load, configured by the query string:
 *
 *   bench/index.html?impl=ours|tfjs-webgpu|tfjs-wasm|tfjs-cpu|info&case=mlp-100/b32&targetMs=2500&calibMs=300&tfjsLoop=minimal
 *
 * Publishes a BenchResult (or AdapterInfoResult for impl=info) on window.__benchResult, or a
 * message on window.__benchError. Each implementation is loaded with a dynamic import so a page
 * only pays for what it measures.
 *
 * Timing protocol (same for every implementation): warm-up steps (pipelines compiled, buffers
 * allocated), then a calibration that doubles the step count until one synchronised run lasts
 * calibMs, then one timed run of enough steps to last about targetMs, ended by a full GPU sync.
 * Compute dispatches, queue submits and buffer maps are counted by a hook the harness installs
 * on the WebGPU prototypes (window.__gpuCounts); the page reads them around the timed run only.
 */
import type * as TF from '@tensorflow/tfjs';
import type { ModelSpec } from '../src/engine/spec';
import { CASES, caseSpec, findCase, IMPLS, type AdapterInfoResult, type BenchCase, type BenchResult, type Impl, type PageParams, type TfjsLoop } from './cases';
import { describeSpec, makeData } from './data';
import { oursAttention, oursMatmul, oursTrain } from './ours';
import { tfjsLayer } from './tfjs-layers';
import { attentionResult, matmulResult, setProbe, timeLoop, trainResult, type GpuCounts, type Runner, type Timed } from './timing';

declare global {
  interface Window {
    __benchResult?: BenchResult | AdapterInfoResult;
    __benchError?: string;
    __benchStatus?: string;
    __gpuCounts?: GpuCounts;
  }
}

type TrainCase = Extract<BenchCase, { kind: 'train' }>;
/** A TensorFlow.js row: the webgpu, wasm (SIMD, threads when cross-origin isolated) or cpu backend. */
type TfImpl = Exclude<Impl, 'ours'>;

const status = (s: string) => {
  window.__benchStatus = s;
  const el = document.getElementById('status');
  if (el) el.textContent = s;
};
setProbe({ status, counts: () => ({ dispatches: 0, submits: 0, maps: 0, ...window.__gpuCounts }) });

function parseParams(): PageParams {
  const q = new URLSearchParams(location.search);
  const impl = q.get('impl') ?? '';
  if (impl !== 'info' && !(IMPLS as readonly string[]).includes(impl)) throw new Error(`unknown impl "${impl}" (one of ${IMPLS.join(', ')}, info)`);
  const loop = q.get('tfjsLoop') ?? 'minimal';
  if (loop !== 'minimal' && loop !== 'trainOnBatch') throw new Error(`unknown tfjsLoop "${loop}"`);
  return {
    impl: impl as Impl | 'info',
    case: q.get('case') ?? '',
    targetMs: Number(q.get('targetMs') ?? 2500),
    calibMs: Number(q.get('calibMs') ?? 300),
    tfjsLoop: loop as TfjsLoop,
    kernel: q.get('kernel') === 'dense_forward' ? 'dense_forward' : 'layer',
    stepsPerSubmit: q.get('stepsPerSubmit') ? Number(q.get('stepsPerSubmit')) : null,
  };
}

/** Reads the last loss of a tfjs loop (the one GPU sync of the timed run), checks it is finite, frees it. */
async function checkLastLoss(loss: TF.Tensor | null): Promise<void> {
  if (!loss) return;
  const v = (await loss.data())[0];
  loss.dispose();
  if (!Number.isFinite(v)) throw new Error(`tfjs loss is ${v}`);
}

/** Times a tfjs training loop like every case (3 warm-up steps, at least 5 timed) and counts the tensors it leaked. */
async function timeTfjsLoop(tf: typeof TF, run: Runner, p: PageParams): Promise<{ timed: Timed; leaked: number; memory: BenchResult['notes'] }> {
  const tensors0 = tf.memory().numTensors;
  const timed = await timeLoop(run, p, 3, 5, 1_000_000);
  const leaked = tf.memory().numTensors - tensors0;
  return { timed, leaked, memory: await stepMemory(tf, run) };
}

/**
 * Peak memory of one more training step (after the timed run): tf.profile's peakBytes, the peak of
 * tf.memory().numBytes during the step (weights, optimiser state, the resident dataset and every
 * intermediate tensor), reported as gpuBytes; and on webgpu the bytes its buffer pool holds.
 */
async function stepMemory(tf: typeof TF, run: Runner): Promise<BenchResult['notes']> {
  const info = await tf.profile(async () => {
    await run(1);
  });
  const m = tf.memory() as TF.MemoryInfo & { numBytesInGPUAllocated?: number };
  return { gpuBytes: info.peakBytes, ...(m.numBytesInGPUAllocated === undefined ? {} : { numBytesInGPUAllocated: m.numBytesInGPUAllocated }) };
}

// ------------------------------------------------------------------ TensorFlow.js

/** Facts about the tfjs backend in use (for wasm: SIMD, threads, cross-origin isolation), added to every tfjs result. */
let backendNotes: BenchResult['notes'] = {};

async function loadTf(impl: TfImpl): Promise<typeof TF> {
  const backend = impl.slice('tfjs-'.length);
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  const wasm = backend === 'wasm' ? await import('./tfjs-wasm') : null;
  await wasm?.prepareWasm();
  status(`initialising tfjs ${backend}`);
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) throw new Error(`tfjs backend "${backend}" is not available (got "${tf.getBackend()}")`);
  backendNotes = wasm ? await wasm.wasmNotes(tf) : {};
  return tf;
}

async function tfjsTrain(impl: TfImpl, c: TrainCase, p: PageParams): Promise<BenchResult> {
  const { findPreset } = await import('../src/presets/presets');
  const preset = findPreset(c.preset);
  if (!preset) throw new Error(`unknown preset ${c.preset}`);
  const tf = await loadTf(impl);
  const spec = caseSpec(c, preset.spec);
  const d = describeSpec(spec);
  const notes: BenchResult['notes'] = {};

  const o = spec.optimizer;
  const makeOptimizer = (): TF.Optimizer => {
    if (o.type === 'adam') return tf.train.adam(o.lr ?? 1e-3, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? 1e-7);
    if (o.type === 'sgd' && !(o.momentum ?? 0)) return tf.train.sgd(o.lr ?? 0.01);
    throw new Error(`bench: optimizer ${o.type} has no tfjs mapping here`);
  };
  // Attention models (branches, MultiHeadAttention): tf ops over variables with a custom step
  // (bench/tfjs-transformer.ts); everything else: a tf.layers model.
  if (spec.layers.some((l) => l.type === 'MultiHeadAttention' || (l.inputs?.length ?? 1) > 1)) return tfjsGraphTrain(tf, impl, c, p, spec, d, makeOptimizer());

  // The same chain of layers, initialisers and optimiser as the preset, as a functional model
  // (so an int32 Input stays int32 while the Embedding's table stays float32).
  let inputSym: TF.SymbolicTensor | null = null;
  let h: TF.SymbolicTensor | null = null;
  for (const l of spec.layers) {
    if (l.type === 'Input') {
      if (inputSym) throw new Error('bench: more than one Input');
      inputSym = tf.input({ shape: l.shape, dtype: l.dtype ?? 'float32' });
      h = inputSym;
      continue;
    }
    if (!h) throw new Error('bench: a layer comes before the Input');
    if ((l.inputs?.length ?? 1) > 1) throw new Error(`bench: layer ${l.id} has several inputs; the tfjs side builds chains only`);
    h = tfjsLayer(tf, l, notes).apply(h) as TF.SymbolicTensor;
  }
  if (!inputSym || !h) throw new Error('preset has no Input layer');
  const model = tf.model({ inputs: inputSym, outputs: h });
  const optimizer = makeOptimizer();
  let loss: string;
  if (spec.loss === 'sparse_categorical_crossentropy') loss = 'sparseCategoricalCrossentropy';
  else if (spec.loss === 'mse') loss = 'meanSquaredError';
  else throw new Error(`bench: loss ${spec.loss} has no tfjs mapping here`);
  model.compile({ optimizer, loss });

  const { shape, features, classes, task } = d;
  const data = makeData(features, classes, task, c.batch, c.rows, d.vocab);
  // The whole dataset lives in backend tensors; a batch is a row slice of it.
  const X = d.int ? tf.tensor(data.x as Int32Array, [data.rows, ...shape], 'int32') : tf.tensor(data.x as Float32Array, [data.rows, ...shape], 'float32');
  const Y = tf.tensor2d(task === 'classification' ? Float32Array.from(data.labels!) : data.targets!, [data.rows, 1]);
  const B = c.batch;
  const spe = data.rows / B;
  const zeros = shape.map(() => 0);
  let cursor = 0;

  // The body of LayersModel.trainOnBatch (its train function: forward, loss, gradients, optimiser
  // update) without trainOnBatch's per-step await of the loss; the last loss is awaited at the end.
  type TrainFn = (d: TF.Tensor[]) => TF.Scalar[];
  const trainFn = (model as unknown as { makeTrainFunction(): TrainFn }).makeTrainFunction();
  const run: Runner = async (steps) => {
    let lastLoss: TF.Tensor | null = null;
    for (let s = 0; s < steps; s++) {
      const base = cursor * B;
      cursor = (cursor + 1) % spe;
      const xb = tf.slice(X, [base, ...zeros], [B, ...shape]);
      const yb = tf.slice(Y, [base, 0], [B, 1]);
      if (p.tfjsLoop === 'trainOnBatch') {
        await model.trainOnBatch(xb, yb);
      } else {
        const losses = trainFn([xb, yb]);
        lastLoss?.dispose();
        lastLoss = losses[0];
        for (let i = 1; i < losses.length; i++) losses[i].dispose();
      }
      xb.dispose();
      yb.dispose();
    }
    await checkLastLoss(lastLoss);
  };
  const { timed, leaked, memory } = await timeTfjsLoop(tf, run, p);
  const result = trainResult(impl, c, timed, null, {
    rows: data.rows,
    inputShape: shape.join('x'),
    backend: tf.getBackend(),
    ...backendNotes,
    loop: p.tfjsLoop,
    tensorsLeaked: leaked,
    ...memory,
    tfjsVersion: tf.version.tfjs,
    ...notes,
  });
  X.dispose();
  Y.dispose();
  model.dispose();
  return result;
}

/**
 * A train case whose model is not a chain (the Transformer presets): the same layers as tf ops over
 * variables with a custom training step (bench/tfjs-transformer.ts), on the same data and batches
 * as tfjsTrain. Its parameter count must equal our engine's layout for the spec.
 */
async function tfjsGraphTrain(tf: typeof TF, impl: TfImpl, c: TrainCase, p: PageParams, spec: ModelSpec, d: ReturnType<typeof describeSpec>, optimizer: TF.Optimizer): Promise<BenchResult> {
  const [{ buildTfjsGraphModel }, { buildGraph }, { layoutParams }] = await Promise.all([import('./tfjs-transformer'), import('../src/engine/graph'), import('../src/engine/params')]);
  const g = buildTfjsGraphModel(tf, spec, optimizer);
  // Our layout pads each entry to 4 floats; compare the real weights.
  const oursParams = layoutParams(buildGraph(spec)).entries.reduce((a, e) => a + e.length, 0);
  if (g.paramCount !== oursParams) throw new Error(`bench: the tfjs graph model has ${g.paramCount} parameters, our engine ${oursParams}`);
  const { shape, features, classes, task } = d;
  const data = makeData(features, classes, task, c.batch, c.rows, d.vocab);
  const X = tf.tensor(data.x as Int32Array, [data.rows, ...shape], 'int32');
  const Y = tf.tensor2d(Float32Array.from(data.labels!), [data.rows, 1]);
  const B = c.batch;
  const spe = data.rows / B;
  const zeros = shape.map(() => 0);
  let cursor = 0;
  const run: Runner = async (steps) => {
    let lastLoss: TF.Tensor | null = null;
    for (let s = 0; s < steps; s++) {
      const base = cursor * B;
      cursor = (cursor + 1) % spe;
      const xb = tf.slice(X, [base, ...zeros], [B, ...shape]);
      const yb = tf.slice(Y, [base, 0], [B, 1]);
      const loss = g.step(xb, yb);
      xb.dispose();
      yb.dispose();
      lastLoss?.dispose();
      lastLoss = loss;
      // trainOnBatch-like loop: read the loss every step.
      if (p.tfjsLoop === 'trainOnBatch') await loss.data();
    }
    await checkLastLoss(lastLoss);
  };
  const { timed, leaked, memory } = await timeTfjsLoop(tf, run, p);
  const result = trainResult(impl, c, timed, null, {
    rows: data.rows,
    inputShape: shape.join('x'),
    backend: tf.getBackend(),
    ...backendNotes,
    loop: p.tfjsLoop === 'trainOnBatch' ? 'custom step + loss read per step' : 'custom step (optimizer.minimize)',
    model: 'tf ops + variables (bench/tfjs-transformer.ts)',
    params: g.paramCount,
    tensorsLeaked: leaked,
    ...memory,
    tfjsVersion: tf.version.tfjs,
  });
  X.dispose();
  Y.dispose();
  g.dispose();
  return result;
}

// ------------------------------------------------------------------ attention (forward + backward)

type AttnCase = Extract<BenchCase, { kind: 'attention' }>;

async function tfjsAttention(impl: TfImpl, c: AttnCase, p: PageParams): Promise<BenchResult> {
  const tf = await loadTf(impl);
  const { tfjsAttentionStep } = await import('./tfjs-attention');
  const shape = [c.batch, c.heads, c.T, c.headDim];
  const [q, k, v, dO] = [1, 2, 3, 4].map((seed) => tf.randomUniform(shape, -1, 1, 'float32', seed));
  const step = tfjsAttentionStep(tf, c.headDim);
  const run: Runner = async (steps) => {
    let last: TF.Tensor[] | null = null;
    for (let s = 0; s < steps; s++) {
      const r = step(q, k, v, dO);
      if (last) tf.dispose(last);
      last = [r.o, r.dq, r.dk, r.dv];
    }
    if (last) {
      // The webgpu queue runs in order: reading the last gradient waits for every queued step.
      const x = await last[3].data();
      tf.dispose(last);
      if (!Number.isFinite(x[0])) throw new Error(`tfjs attention produced ${x[0]}`);
    }
  };
  const tensors0 = tf.memory().numTensors;
  const timed = await timeLoop(run, p, 2, 3, 100_000);
  const leaked = tf.memory().numTensors - tensors0;
  const result = attentionResult(impl, c, timed, null, { backend: tf.getBackend(), ...backendNotes, layout: 'q,k,v,dO [N, H, T, dk]', tensorsLeaked: leaked, tfjsVersion: tf.version.tfjs });
  tf.dispose([q, k, v, dO]);
  return result;
}

async function tfjsMatmul(impl: TfImpl, c: Extract<BenchCase, { kind: 'matmul' }>, p: PageParams): Promise<BenchResult> {
  const tf = await loadTf(impl);
  const n = c.n;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 777);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 778);
  const run: Runner = async (steps) => {
    let out: TF.Tensor | null = null;
    for (let i = 0; i < steps; i++) {
      out?.dispose();
      out = tf.matMul(a, b);
    }
    if (out) {
      // Waits for every queued matmul (a buffer copy, not a dispatch, so the count stays 1 per matmul).
      const v = await out.data();
      out.dispose();
      if (!Number.isFinite(v[0])) throw new Error(`tfjs matmul produced ${v[0]}`);
    }
  };
  const timed = await timeLoop(run, p, 1, 1, 100_000);
  const result = matmulResult(impl, c, timed, { backend: tf.getBackend(), ...backendNotes, tfjsVersion: tf.version.tfjs });
  a.dispose();
  b.dispose();
  return result;
}

async function adapterInfo(): Promise<AdapterInfoResult> {
  const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error(`no WebGPU adapter (navigator.gpu ${navigator.gpu ? 'present' : 'missing'}, secure context ${isSecureContext})`);
  const info = adapter.info;
  const limits: Record<string, number> = {};
  for (const k of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupsPerDimension'] as const) {
    limits[k] = adapter.limits[k];
  }
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: (info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? null,
    features: [...adapter.features].sort(),
    limits,
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

async function main(): Promise<BenchResult | AdapterInfoResult> {
  const p = parseParams();
  if (p.impl === 'info') return adapterInfo();
  const c = findCase(p.case);
  if (!c) throw new Error(`unknown case "${p.case}" (one of ${CASES.map((x) => x.id).join(', ')})`);
  if (c.kind === 'attention') return p.impl === 'ours' ? oursAttention(navigator.gpu, c, p) : tfjsAttention(p.impl, c, p);
  if (p.impl === 'ours') return c.kind === 'train' ? oursTrain(navigator.gpu, c, p) : oursMatmul(navigator.gpu, c, p);
  return c.kind === 'train' ? tfjsTrain(p.impl, c, p) : tfjsMatmul(p.impl, c, p);
}

main().then(
  (r) => {
    status('done');
    window.__benchResult = r;
  },
  (e: unknown) => {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    status(`error: ${msg}`);
    window.__benchError = msg;
  },
);
