/**
 * One benchmark measurement per page load, configured by the query string:
 *
 *   bench/index.html?impl=ours|tfjs-webgpu|tfjs-cpu|info&case=mlp-100/b32&targetMs=2500&calibMs=300&tfjsLoop=minimal
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
import type { LayerSpec, ModelSpec } from '../src/engine/spec';
import type { Constants, Dispatcher } from '../src/kernels/dispatch';
import type { KernelId } from '../src/kernels/registry';
import { CASES, caseSpec, findCase, IMPLS, type AdapterInfoResult, type BenchCase, type BenchResult, type Impl, type PageParams, type TfjsLoop } from './cases';

declare global {
  interface Window {
    __benchResult?: BenchResult | AdapterInfoResult;
    __benchError?: string;
    __benchStatus?: string;
    __gpuCounts?: GpuCounts;
  }
}

type Runner = (steps: number) => Promise<void>;
type TrainCase = Extract<BenchCase, { kind: 'train' }>;

interface GpuCounts {
  dispatches: number;
  submits: number;
  maps: number;
}

interface Timed {
  steps: number;
  seconds: number;
  counts: GpuCounts;
  warmupSteps: number;
  calibrationSteps: number;
}

const status = (s: string) => {
  window.__benchStatus = s;
  const el = document.getElementById('status');
  if (el) el.textContent = s;
};

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
  };
}

const counts = (): GpuCounts => ({ dispatches: 0, submits: 0, maps: 0, ...window.__gpuCounts });
const countsSince = (c0: GpuCounts): GpuCounts => {
  const c = counts();
  return { dispatches: c.dispatches - c0.dispatches, submits: c.submits - c0.submits, maps: c.maps - c0.maps };
};

/**
 * Warm-up, calibration, then one timed run (each phase ends fully synchronised). Calibration
 * doubles the step count until a run lasts calibMs; a calibration run that already lasts targetMs
 * (one slow step, e.g. a big matmul on the CPU) is itself taken as the timed run.
 */
/** Reads the last loss of a tfjs loop (the one GPU sync of the timed run), checks it is finite, frees it. */
async function checkLastLoss(loss: TF.Tensor | null): Promise<void> {
  if (!loss) return;
  const v = (await loss.data())[0];
  loss.dispose();
  if (!Number.isFinite(v)) throw new Error(`tfjs loss is ${v}`);
}

/** Times a tfjs training loop like every case (3 warm-up steps, at least 5 timed) and counts the tensors it leaked. */
async function timeTfjsLoop(tf: typeof TF, run: Runner, p: PageParams): Promise<{ timed: Timed; leaked: number }> {
  const tensors0 = tf.memory().numTensors;
  const timed = await timeLoop(run, p, 3, 5, 1_000_000);
  return { timed, leaked: tf.memory().numTensors - tensors0 };
}

async function timeLoop(run: Runner, p: PageParams, warmup: number, minSteps: number, maxSteps: number): Promise<Timed> {
  status('warm-up');
  // One step first; a slow step (seconds, e.g. an LSTM over 100 steps on the CPU) needs no more warm-up.
  const w0 = performance.now();
  await run(1);
  const slowStep = performance.now() - w0 > 2 * p.targetMs;
  if (!slowStep && warmup > 1) await run(warmup - 1);
  else warmup = 1;
  status('calibrating');
  let calibrationSteps = 0;
  let k = 1;
  let dt = 0;
  for (;;) {
    const c0 = counts();
    const t0 = performance.now();
    await run(k);
    dt = performance.now() - t0;
    if (dt >= p.targetMs && k >= minSteps) {
      return { steps: k, seconds: dt / 1000, counts: countsSince(c0), warmupSteps: warmup, calibrationSteps };
    }
    calibrationSteps += k;
    if (dt >= p.calibMs || k >= maxSteps) break;
    // Jump close to the calibration target once a run is long enough to be measured.
    k = dt > 20 ? Math.min(maxSteps, Math.max(k * 2, Math.ceil((k * p.calibMs) / dt))) : k * 2;
  }
  const perStep = dt / k;
  // Slow steps: a timed run of a few steps is enough (at least 3, or 2 when a step takes seconds).
  if (perStep * minSteps > 3 * p.targetMs) minSteps = Math.min(minSteps, perStep > 2000 ? 2 : 3);
  const steps = Math.max(minSteps, Math.min(maxSteps, Math.round(p.targetMs / Math.max(perStep, 1e-3))));
  status(`timing ${steps} steps`);
  const c0 = counts();
  const t0 = performance.now();
  await run(steps);
  const seconds = (performance.now() - t0) / 1000;
  return { steps, seconds, counts: countsSince(c0), warmupSteps: warmup, calibrationSteps };
}

// ------------------------------------------------------------------ data

/** xorshift32 uniform in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

interface BenchData {
  rows: number;
  /** Values per row (the product of the input shape). */
  features: number;
  classes: number;
  task: 'classification' | 'regression';
  /** Uniform(-1, 1) floats, or token ids in [1, vocab) when the input is int32. */
  x: Float32Array | Int32Array;
  /** Class ids (classification) or one float target per row (regression). */
  labels: Int32Array | null;
  targets: Float32Array | null;
}

/**
 * Random rows of the preset's input width: at least 4096 and 64 batches (so the engine's epoch,
 * inside which runSteps stays, is long), capped at about 64 MB of inputs; a multiple of the batch.
 */
function makeData(features: number, classes: number, task: 'classification' | 'regression', batch: number, rowsWanted?: number, vocab?: number): BenchData {
  const capRows = Math.floor((64 * 1024 * 1024) / (features * 4));
  let rows = rowsWanted ?? Math.max(4096, 64 * batch);
  rows = Math.min(rows, Math.max(capRows, 4 * batch));
  rows = Math.max(batch, Math.floor(rows / batch) * batch);
  const r = rng(12345);
  let x: Float32Array | Int32Array;
  if (vocab !== undefined) {
    // Token ids in [1, vocab): no padding id 0, so a maskZero mask is all ones.
    x = new Int32Array(rows * features);
    for (let i = 0; i < x.length; i++) x[i] = 1 + Math.min(vocab - 2, Math.floor(r() * (vocab - 1)));
  } else {
    x = new Float32Array(rows * features);
    for (let i = 0; i < x.length; i++) x[i] = r() * 2 - 1;
  }
  if (task === 'classification') {
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) labels[i] = Math.min(classes - 1, Math.floor(r() * classes));
    return { rows, features, classes, task, x, labels, targets: null };
  }
  const targets = new Float32Array(rows);
  for (let i = 0; i < rows; i++) targets[i] = 0.1 * x[i * features] - 0.05 * x[i * features + (features > 1 ? 1 : 0)] + 0.1 + (r() - 0.5) * 0.1;
  return { rows, features, classes, task, x, labels: null, targets };
}

/** Input facts of a train case's spec: shape, dtype, vocabulary (int32 inputs feed an Embedding), classes, task. */
function describeSpec(spec: { layers: readonly LayerSpecLike[]; loss: string }) {
  const input = spec.layers.find((l) => l.type === 'Input');
  if (!input || input.type !== 'Input' || !input.shape) throw new Error('preset has no Input layer');
  const shape = input.shape;
  const int = input.dtype === 'int32';
  const emb = spec.layers.find((l) => l.type === 'Embedding');
  if (int && (!emb || !emb.inputDim)) throw new Error('bench: an int32 input needs an Embedding layer for its vocabulary');
  const features = shape.reduce((a, b) => a * b, 1);
  const last = spec.layers[spec.layers.length - 1];
  const classes = last.type === 'Dense' ? (last.units ?? 1) : 1;
  const task: 'regression' | 'classification' = spec.loss === 'mse' ? 'regression' : 'classification';
  return { shape, int, vocab: int ? emb!.inputDim : undefined, features, classes, task };
}
interface LayerSpecLike {
  type: string;
  shape?: number[];
  dtype?: string;
  inputDim?: number;
  units?: number;
}

// ------------------------------------------------------------------ our engine

async function oursTrain(c: TrainCase, p: PageParams): Promise<BenchResult> {
  const [{ createGpuContext }, { PipelineCache }, { Trainer }, { findPreset }] = await Promise.all([
    import('../src/gpu/device'),
    import('../src/gpu/pipelines'),
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
  const ctx = await createGpuContext(navigator.gpu);
  const pipelines = new PipelineCache(ctx.device);
  const t = await Trainer.create(ctx.device, pipelines, spec, { train: ds }, { batchSize: c.batch, epochs: 1, seed: 1, readEvery: 1_000_000 });
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
    adapter: `${ctx.adapter.vendor} ${ctx.adapter.architecture} ${ctx.adapter.description}`.trim(),
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
 */
async function oursMatmul(c: Extract<BenchCase, { kind: 'matmul' }>, p: PageParams): Promise<BenchResult> {
  const [{ createGpuContext }, { PipelineCache }, { withErrorScopes }, { denseForward }] = await Promise.all([
    import('../src/gpu/device'),
    import('../src/gpu/pipelines'),
    import('../src/gpu/errors'),
    import('../src/kernels/dense/dense'),
  ]);
  type Dispatch = { id: KernelId; constants: Constants; bindings: GPUBuffer[]; wg: [number, number, number] };
  const n = c.n;
  status('creating device');
  const ctx = await createGpuContext(navigator.gpu);
  const device = ctx.device;
  const pipelines = new PipelineCache(device);
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

  // The launcher the Dense layer calls (so the bench follows its kernel choice), or the scalar kernel forced.
  const dispatches: Dispatch[] = [];
  const d: Dispatcher = {
    dispatch: (id, constants, bindings, wg) => {
      dispatches.push({ id, constants, bindings: bindings.map((bb) => ('buffer' in bb ? bb.buffer : bb)), wg: [wg[0], wg[1] ?? 1, wg[2] ?? 1] });
    },
  };
  denseForward(d, { x, params: w, y, rows: n, in: n, out: n, hasBias: false, wOff: 0, scalar: p.kernel === 'dense_forward' });
  const compiled = await Promise.all(dispatches.map((d) => pipelines.get(d.id, d.constants)));
  const bindGroups = await withErrorScopes(device, 'matmul bind groups', () =>
    dispatches.map((d, i) =>
      device.createBindGroup({
        layout: compiled[i].getBindGroupLayout(0),
        entries: d.bindings.map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    ),
  );
  const perSubmit = 16;
  const run: Runner = async (steps) => {
    for (let done = 0; done < steps; ) {
      const k = Math.min(perSubmit, steps - done);
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < dispatches.length; j++) {
          pass.setPipeline(compiled[j]);
          pass.setBindGroup(0, bindGroups[j]);
          pass.dispatchWorkgroups(...dispatches[j].wg);
        }
      }
      pass.end();
      device.queue.submit([enc.finish()]);
      done += k;
    }
    await device.queue.onSubmittedWorkDone();
  };
  const timed = await timeLoop(run, p, 1, 1, 100_000);
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
    workgroups: dispatches.map((d) => d.wg.join('x')).join('+'),
    maxAbsErrSampled: maxErr,
    dispatchesPerSubmit: perSubmit * dispatches.length,
  });
  device.destroy();
  return result;
}

// ------------------------------------------------------------------ TensorFlow.js

async function loadTf(backend: 'webgpu' | 'cpu'): Promise<typeof TF> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  status(`initialising tfjs ${backend}`);
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) throw new Error(`tfjs backend "${backend}" is not available (got "${tf.getBackend()}")`);
  return tf;
}

type Size2Like = number | [number, number];
const size2 = (v: Size2Like | undefined, d: number): [number, number] => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]]);

type TfAct = NonNullable<Parameters<typeof TF.layers.dense>[0]['activation']>;
const TF_ACTS = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'elu', 'selu', 'softplus', 'softsign', 'swish']);
/** The tfjs name of an activation (tfjs has no leaky_relu or exponential, and its hardSigmoid is Keras 2's). */
function tfAct(a: string): TfAct {
  if (!TF_ACTS.has(a)) throw new Error(`activation "${a}" has no tfjs equivalent for the comparison`);
  return a as TfAct;
}

/** One tfjs layer for one spec layer: the same hyperparameters and Keras's initialisers. */
function tfjsLayer(tf: typeof TF, l: LayerSpec, notes: BenchResult['notes']): TF.layers.Layer {
  switch (l.type) {
    case 'Dense':
      return tf.layers.dense({
        units: l.units,
        activation: tfAct(l.activation ?? 'linear'),
        useBias: l.useBias !== false,
        kernelInitializer: 'glorotUniform',
        biasInitializer: 'zeros',
      });
    case 'Activation':
      return tf.layers.activation({ activation: tfAct(l.activation) });
    case 'Flatten':
      return tf.layers.flatten();
    case 'Reshape':
      return tf.layers.reshape({ targetShape: l.targetShape });
    case 'Dropout':
      return tf.layers.dropout({ rate: l.rate });
    case 'Conv2D':
      return tf.layers.conv2d({
        filters: l.filters,
        kernelSize: size2(l.kernelSize, 1),
        strides: size2(l.strides, 1),
        padding: l.padding ?? 'valid',
        activation: tfAct(l.activation ?? 'linear'),
        useBias: l.useBias !== false,
        kernelInitializer: 'glorotUniform',
        biasInitializer: 'zeros',
        dataFormat: 'channelsLast',
      });
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const poolSize = size2(l.poolSize, 2);
      const args = { poolSize, strides: l.strides === undefined ? poolSize : size2(l.strides, 1), padding: l.padding ?? 'valid' } as const;
      return l.type === 'MaxPooling2D' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args);
    }
    case 'GlobalAveragePooling2D':
      return tf.layers.globalAveragePooling2d({});
    case 'BatchNormalization':
      return tf.layers.batchNormalization({ axis: -1, momentum: l.momentum ?? 0.99, epsilon: l.epsilon ?? 1e-3, center: l.center ?? true, scale: l.scale ?? true });
    case 'Embedding':
      return tf.layers.embedding({
        inputDim: l.inputDim,
        outputDim: l.outputDim,
        maskZero: l.maskZero ?? false,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }),
      });
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      // tfjs's recurrent defaults differ from Keras (glorotNormal kernels, hardSigmoid gates): set Keras's.
      const common = {
        units: l.units,
        activation: tfAct(l.activation ?? 'tanh'),
        returnSequences: l.returnSequences ?? false,
        useBias: l.useBias !== false,
        kernelInitializer: 'glorotUniform',
        recurrentInitializer: 'orthogonal',
        biasInitializer: 'zeros',
      } as const;
      if (l.type === 'SimpleRNN') return tf.layers.simpleRNN(common);
      if (l.type === 'LSTM') {
        return tf.layers.lstm({ ...common, recurrentActivation: tfAct(l.recurrentActivation ?? 'sigmoid'), unitForgetBias: l.unitForgetBias ?? true });
      }
      // tfjs 4.22's GRU has no resetAfter (its cell throws on true): reset-before, same matmul count.
      notes.gruResetAfter = false;
      return tf.layers.gru({ ...common, recurrentActivation: tfAct(l.recurrentActivation ?? 'sigmoid') });
    }
    default:
      throw new Error(`bench: layer type ${l.type} has no tfjs mapping`);
  }
}

async function tfjsTrain(impl: 'tfjs-webgpu' | 'tfjs-cpu', c: TrainCase, p: PageParams): Promise<BenchResult> {
  const { findPreset } = await import('../src/presets/presets');
  const preset = findPreset(c.preset);
  if (!preset) throw new Error(`unknown preset ${c.preset}`);
  const tf = await loadTf(impl === 'tfjs-webgpu' ? 'webgpu' : 'cpu');
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
  const { timed, leaked } = await timeTfjsLoop(tf, run, p);
  const result = trainResult(impl, c, timed, null, {
    rows: data.rows,
    inputShape: shape.join('x'),
    backend: tf.getBackend(),
    loop: p.tfjsLoop,
    tensorsLeaked: leaked,
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
async function tfjsGraphTrain(tf: typeof TF, impl: 'tfjs-webgpu' | 'tfjs-cpu', c: TrainCase, p: PageParams, spec: ModelSpec, d: ReturnType<typeof describeSpec>, optimizer: TF.Optimizer): Promise<BenchResult> {
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
  const { timed, leaked } = await timeTfjsLoop(tf, run, p);
  const result = trainResult(impl, c, timed, null, {
    rows: data.rows,
    inputShape: shape.join('x'),
    backend: tf.getBackend(),
    loop: p.tfjsLoop === 'trainOnBatch' ? 'custom step + loss read per step' : 'custom step (optimizer.minimize)',
    model: 'tf ops + variables (bench/tfjs-transformer.ts)',
    params: g.paramCount,
    tensorsLeaked: leaked,
    tfjsVersion: tf.version.tfjs,
  });
  X.dispose();
  Y.dispose();
  g.dispose();
  return result;
}

// ------------------------------------------------------------------ attention (forward + backward)

type AttnCase = Extract<BenchCase, { kind: 'attention' }>;

/** Our fused attention step (bench/attention-case.ts) on random Q, K, V, dO [N, T, H*dk]. */
async function oursAttention(c: AttnCase, p: PageParams): Promise<BenchResult> {
  const [{ createGpuContext }, { PipelineCache }, { setupAttention }] = await Promise.all([import('../src/gpu/device'), import('../src/gpu/pipelines'), import('./attention-case')]);
  status('creating device');
  const ctx = await createGpuContext(navigator.gpu);
  const pipelines = new PipelineCache(ctx.device);
  const a = await setupAttention(ctx.device, pipelines, c.T, { batch: c.batch, heads: c.heads, headDim: c.headDim });
  let lostReason: string | null = null;
  void ctx.lost.then((r) => (lostReason = r));
  const run: Runner = async (steps) => {
    await a.run(steps);
    if (lostReason) throw new Error(lostReason);
  };
  const timed = await timeLoop(run, p, 2, 3, 100_000);
  const result = attentionResult('ours', c, timed, null, {
    kernels: a.kernels.join('+'),
    recordedDispatchesPerStep: a.dispatchesPerStep,
    bytes: a.bytes,
    layout: 'q,k,v,dO [N, T, H*dk]',
    adapter: `${ctx.adapter.vendor} ${ctx.adapter.architecture} ${ctx.adapter.description}`.trim(),
  });
  a.destroy();
  ctx.device.destroy();
  return result;
}

/** The same step from tfjs ops (bench/tfjs-attention.ts) on random Q, K, V, dO [N, H, T, dk]. */
async function tfjsAttention(impl: 'tfjs-webgpu' | 'tfjs-cpu', c: AttnCase, p: PageParams): Promise<BenchResult> {
  const tf = await loadTf(impl === 'tfjs-webgpu' ? 'webgpu' : 'cpu');
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
  const result = attentionResult(impl, c, timed, null, { backend: tf.getBackend(), layout: 'q,k,v,dO [N, H, T, dk]', tensorsLeaked: leaked, tfjsVersion: tf.version.tfjs });
  tf.dispose([q, k, v, dO]);
  return result;
}

async function tfjsMatmul(impl: 'tfjs-webgpu' | 'tfjs-cpu', c: Extract<BenchCase, { kind: 'matmul' }>, p: PageParams): Promise<BenchResult> {
  const tf = await loadTf(impl === 'tfjs-webgpu' ? 'webgpu' : 'cpu');
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
  const result = matmulResult(impl, c, timed, { backend: tf.getBackend(), tfjsVersion: tf.version.tfjs });
  a.dispose();
  b.dispose();
  return result;
}

// ------------------------------------------------------------------ results

/** The per-step counters every result shares, from one timed run. */
function timedResult(impl: Impl, id: string, kind: BenchResult['kind'], unit: string, throughput: number, t: Timed, sched: number | null, notes: BenchResult['notes']): BenchResult {
  return {
    impl,
    case: id,
    kind,
    unit,
    throughput,
    steps: t.steps,
    seconds: t.seconds,
    msPerStep: (t.seconds * 1000) / t.steps,
    dispatches: t.counts.dispatches,
    dispatchesPerStep: t.counts.dispatches / t.steps,
    submitsPerStep: t.counts.submits / t.steps,
    mapsPerStep: t.counts.maps / t.steps,
    scheduleDispatchesPerStep: sched,
    warmupSteps: t.warmupSteps,
    calibrationSteps: t.calibrationSteps,
    notes,
  };
}

function trainResult(impl: Impl, c: TrainCase, t: Timed, sched: number | null, notes: BenchResult['notes']): BenchResult {
  return timedResult(impl, c.id, 'train', 'samples/s', (t.steps * c.batch) / t.seconds, t, sched, notes);
}

function matmulResult(impl: Impl, c: Extract<BenchCase, { kind: 'matmul' }>, t: Timed, notes: BenchResult['notes']): BenchResult {
  return timedResult(impl, c.id, 'matmul', 'GFLOP/s', (2 * c.n ** 3 * t.steps) / t.seconds / 1e9, t, null, notes);
}

/** Attention throughput: sequences (batch rows, each all heads x T x dk) through forward + backward per second. */
function attentionResult(impl: Impl, c: AttnCase, t: Timed, sched: number | null, notes: BenchResult['notes']): BenchResult {
  const flops = 12 * c.batch * c.heads * c.T * c.T * c.headDim;
  return timedResult(impl, c.id, 'attention', 'samples/s', (t.steps * c.batch) / t.seconds, t, sched, { ...notes, T: c.T, batch: c.batch, heads: c.heads, headDim: c.headDim, gflopPerStep: flops / 1e9, gflopPerSecond: (flops * t.steps) / t.seconds / 1e9 });
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
  if (c.kind === 'attention') return p.impl === 'ours' ? oursAttention(c, p) : tfjsAttention(p.impl, c, p);
  if (p.impl === 'ours') return c.kind === 'train' ? oursTrain(c, p) : oursMatmul(c, p);
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
