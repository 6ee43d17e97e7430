/**
 * The training loop over a compiled model: per-epoch reshuffle from the seed, one command encoder
 * and one submit per group of steps (step-group.ts: one step for slow models, several for tiny
 * ones), learning-rate schedules, metrics accumulated on the GPU and read back every `readEvery`
 * steps, validation after each epoch, evaluation and prediction on whole datasets.
 */
import type { Dataset } from '../data/dataset';
import { epochPermutation } from '../data/split';
import { readBuffer } from '../gpu/arena';
import type { PipelineCache } from '../gpu/pipelines';
import { dataFootprint } from './size-check';
import { compileModel, type CompiledModel, type Schedule } from './compile';
import { encodeStep, STEP_UNIFORM_BYTES } from '../kernels/step-uniform';
import { uploadDataset, type GpuDataset } from './gpu-dataset';
import { MetricsReader, type MetricSums } from './metrics-reader';
import { StepWindow } from './step-window';
import { MAX_GROUP, StepRing } from './step-group';
import { FusedSteps } from './fused-mlp';
import { runStepLoop } from './step-loop';
import { SingleInputPredictor } from './single-input';
import { AttentionProbe, type AttentionMap } from './attention-maps';
import type { StepProbe } from './inspect/stats-probe';
import { learningRateAt, PlateauTracker } from './schedules';
import { optimizerDefaults, optimizerRow, type OptimizerState } from './optimizers';
import { readOptimizerState, writeOptimizerState } from './optimizer-state-io';
import type { ModelSpec } from './spec';
import type { EpochMetrics, EvalResult, StepCount, StepProgress, TrainConfig } from './training-reports';

export type { OptimizerState } from './optimizers';

export type { EpochMetrics, EvalResult, StepCount, StepProgress, TrainConfig } from './training-reports';

export class Trainer {
  epoch = 0;
  globalStep = 0;
  private plateau: PlateauTracker | null;
  private readonly reader: MetricsReader;
  /** Keeps the loop at most a step or two (slow steps) ahead of the GPU, so Pause is prompt. */
  readonly window: StepWindow;
  private evalSchedules = new Map<GpuDataset, Schedule>();
  private readonly stepData = new ArrayBuffer(STEP_UNIFORM_BYTES);

  private constructor(
    readonly model: CompiledModel,
    readonly train: GpuDataset,
    readonly trainSchedule: Schedule,
    readonly validation: GpuDataset | null,
    readonly config: TrainConfig,
  ) {
    const s = config.schedule;
    this.plateau = s?.kind === 'plateau' ? new PlateauTracker(this.baseLr, s) : null;
    this.reader = new MetricsReader(model.arena, model.metrics);
    this.window = new StepWindow(model.device.queue);
    this.ring = new StepRing(model.device, model.arena, model.stepUniform);
  }

  static async create(
    device: GPUDevice,
    pipelines: PipelineCache,
    spec: ModelSpec,
    data: { train: Dataset; validation?: Dataset | null },
    config: TrainConfig,
  ): Promise<Trainer> {
    const model = await compileModel(device, pipelines, spec, { batch: config.batchSize, seed: config.seed, data: dataFootprint(data) });
    try {
      const train = uploadDataset(model.arena, model.graph, model.lossPlan, data.train);
      const validation = data.validation && data.validation.n > 0 ? uploadDataset(model.arena, model.graph, model.lossPlan, data.validation) : null;
      const schedule = await model.schedule('train', train);
      return new Trainer(model, train, schedule, validation, config);
    } catch (e) {
      model.destroy();
      throw e;
    }
  }

  get device(): GPUDevice {
    return this.model.device;
  }

  get baseLr(): number {
    return optimizerDefaults(this.model.graph.spec.optimizer).lr;
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.train.n / this.model.batch);
  }

  get dispatchesPerStep(): number {
    return this.trainSchedule.dispatchCount;
  }

  /** The learning rate the next step will use. */
  currentLr(): number {
    const s = this.config.schedule ?? { kind: 'constant' }; // plateau: its tracker's rate, after any warm-up
    return learningRateAt(this.plateau ? this.plateau.current() : this.baseLr, s, this.globalStep, this.epoch);
  }

  /** Writes the Step uniform of step `t` (1-based global step; the NaN trap replays earlier ones). */
  writeStep(base: number, rows: number, lr: number, t = this.globalStep + 1): void {
    this.device.queue.writeBuffer(this.model.stepUniform, 0, this.stepRecord(base, rows, lr, t));
  }

  /** Encodes the Step uniform of step `t` into the trainer's scratch record. */
  private stepRecord(base: number, rows: number, lr: number, t: number): ArrayBuffer {
    const o = optimizerDefaults(this.model.graph.spec.optimizer);
    const row = optimizerRow(o.type); // the optimizer's step size alpha (and NAdam's beta, gamma)
    return encodeStep({ base, rows, step: t, seed: (this.model.seed * 2654435761 + t) >>> 0, lr, alpha: row.stepSize(o, lr, t), ...row.stepExtra?.(o, lr, t), clip: this.model.graph.spec.clipNorm ?? 0 }, this.stepData);
  }

  /** Most steps per submit: null picks it from the measured step time (step-group.ts); 1 is one submit per step. */
  stepsPerSubmit: number | null = null;
  private readonly ring: StepRing;

  /** Writes the epoch's shuffled order (fixed by seed and epoch) into the gather permutation. */
  private shuffle(epoch: number): void {
    this.device.queue.writeBuffer(this.train.perm, 0, epochPermutation(this.train.n, this.model.seed, epoch));
  }

  /**
   * Runs up to `count` training steps from step `from` of the current epoch (step-loop.ts), in
   * groups of steps per submit (`stepsPerSubmit`). Never waits for the GPU inside the loop except
   * to bound the steps and metric reads in flight. `shouldStop` is checked before each group. The
   * steps since the last read are always read at the end, also when `shouldStop` cut the loop short.
   */
  async runSteps(
    from: number,
    count: number,
    onWindow?: (m: MetricSums, stepDone: number) => void,
    shouldStop?: () => boolean,
    onStepDone?: (stepDone: number) => void,
  ): Promise<number> {
    if (this.fuseSteps) await this.prepareFused();
    const parts = { reader: this.reader, ring: this.ring, record: (base: number, rows: number, lr: number, t: number) => this.stepRecord(base, rows, lr, t) };
    return runStepLoop(this, parts, { from, count, onWindow, shouldStop, onStepDone });
  }

  /** Run a group's steps but its last as one fused dispatch where the model is a small dense stack (fused-mlp.ts). */
  fuseSteps = true;
  private fused: FusedSteps | null | 'none' = null;

  get fusedSteps(): FusedSteps | null {
    return this.fuseSteps && this.fused instanceof FusedSteps ? this.fused : null;
  }

  /** Reserves the ring for the largest group and (re)builds the fused steps over its buffer. */
  private async prepareFused(): Promise<void> {
    if (this.fused === 'none') return;
    this.ring.reserve(Math.max(MAX_GROUP, Math.floor(this.stepsPerSubmit ?? 0)));
    if (this.fused?.records === this.ring.records) return;
    this.fused?.destroy();
    this.fused = (await FusedSteps.build(this.model, this.train, this.ring.records!)) ?? 'none';
  }

  /** Work encoded around sampled training steps (the statistics probe); null: none, no extra work. */
  stepProbe: StepProbe | null = null;

  /** Steps already taken in the current epoch (0 when the next call starts a new epoch). */
  get stepInEpoch(): number {
    return this.progress?.step ?? 0;
  }

  /** Called as each metric read is recorded, after `stepDone` steps of the epoch (the NaN trap's checkpoints). */
  onMetricsRead: ((enc: GPUCommandEncoder, stepDone: number) => void) | null = null;

  private progress: { step: number; sums: MetricSums; seconds: number; lr: number } | null = null;

  /**
   * Trains the rest of the current epoch (shuffling first when it starts) and validates. Returns
   * null when `shouldStop` interrupted it: the next call resumes at the same step, and
   * `closeEpoch()` ends it early instead.
   */
  async trainEpoch(onProgress?: (p: StepProgress) => void): Promise<EpochMetrics>;
  async trainEpoch(onProgress: ((p: StepProgress) => void) | undefined, shouldStop: () => boolean, onStep?: (p: StepCount) => void, maxSteps?: number): Promise<EpochMetrics | null>;
  /**
   * `shouldStop` is checked before each group of steps (one step while steps are slow, at most 8 ms of
   * steps when fast); `maxSteps` caps the steps this call takes exactly (Step, a step budget).
   */
  async trainEpoch(onProgress?: (p: StepProgress) => void, shouldStop?: () => boolean, onStep?: (p: StepCount) => void, maxSteps = Infinity): Promise<EpochMetrics | null> {
    if (!this.progress) {
      this.shuffle(this.epoch);
      this.progress = { step: 0, sums: { lossSum: 0, correct: 0, count: 0 }, seconds: 0, lr: this.currentLr() };
    }
    const prog = this.progress;
    const start = performance.now();
    let lastT = start;
    let lastStep = prog.step;
    const epochStart = this.globalStep - prog.step;
    const counted = onStep && ((s: number) => onStep({ epoch: this.epoch, step: s, stepsPerEpoch: this.stepsPerEpoch, globalStep: epochStart + s }));
    const done = await this.runSteps(
      prog.step,
      Math.min(this.stepsPerEpoch - prog.step, Math.max(0, maxSteps)),
      (m, stepDone) => {
        prog.sums.lossSum += m.lossSum;
        prog.sums.correct += m.correct;
        prog.sums.count += m.count;
        const now = performance.now();
        const samples = (stepDone - lastStep) * this.model.batch;
        onProgress?.({
          epoch: this.epoch,
          step: stepDone,
          stepsPerEpoch: this.stepsPerEpoch,
          globalStep: epochStart + stepDone, // the read's own step (the loop may be a group or more ahead)
          loss: m.lossSum / Math.max(1, m.count),
          accuracy: m.correct / Math.max(1, m.count),
          samplesPerSec: samples / Math.max(1e-6, (now - lastT) / 1000),
        });
        lastT = now;
        lastStep = stepDone;
      },
      shouldStop,
      counted,
    );
    prog.step += done;
    prog.seconds += (performance.now() - start) / 1000;
    if (prog.step < this.stepsPerEpoch) return null;
    return this.closeEpoch();
  }

  /** Ends the current epoch where it is (validation included); null if it has no steps yet. */
  async closeEpoch(): Promise<EpochMetrics | null> {
    const prog = this.progress;
    if (!prog || prog.step === 0) return null;
    this.progress = null;
    const val = this.validation ? await this.evaluateGpu(this.validation) : null;
    const metrics: EpochMetrics = {
      epoch: this.epoch,
      loss: prog.sums.lossSum / Math.max(1, prog.sums.count),
      accuracy: prog.sums.correct / Math.max(1, prog.sums.count),
      valLoss: val ? val.loss : null,
      valAccuracy: val ? val.accuracy : null,
      samplesPerSec: prog.sums.count / Math.max(1e-6, prog.seconds),
      seconds: prog.seconds,
      lr: prog.lr,
      steps: prog.step,
    };
    this.plateau?.endEpoch(val ? val.loss : metrics.loss);
    this.epoch++;
    return metrics;
  }

  private async evalSchedule(ds: GpuDataset): Promise<Schedule> {
    let s = this.evalSchedules.get(ds);
    if (!s) {
      s = await this.model.schedule('eval', ds);
      this.evalSchedules.set(ds, s);
    }
    return s;
  }

  /** Runs the eval schedule over every batch of `ds`; optionally copies predictions out. */
  private async sweep(ds: GpuDataset, collect: GPUBuffer | null): Promise<MetricSums> {
    const schedule = await this.evalSchedule(ds);
    const B = this.model.batch;
    const C = this.model.lossPlan.outputs;
    // Evaluation reads in order; the training set's permutation is reshuffled at the next epoch.
    if (ds === this.train) this.device.queue.writeBuffer(ds.perm, 0, identity(ds.n));
    let sums: MetricSums = { lossSum: 0, correct: 0, count: 0 };
    const clear = this.device.createCommandEncoder();
    clear.clearBuffer(this.model.metrics, 0, 16);
    this.device.queue.submit([clear.finish()]);
    const steps = Math.ceil(ds.n / B);
    for (let s = 0; s < steps; s++) {
      const base = s * B;
      const rows = Math.min(B, ds.n - base);
      this.writeStep(base, rows, 0);
      const enc = this.device.createCommandEncoder();
      schedule.encode(enc);
      if (collect) enc.copyBufferToBuffer(this.model.predictions, 0, collect, base * C * 4, rows * C * 4);
      let staging: GPUBuffer | null = null;
      if (s + 1 === steps) staging = this.reader.record(enc);
      this.device.queue.submit([enc.finish()]);
      if (staging) this.reader.collect(staging, (m) => (sums = m));
    }
    await this.reader.drain();
    return sums;
  }

  private async evaluateGpu(ds: GpuDataset): Promise<EvalResult> {
    const m = await this.sweep(ds, null);
    return { loss: m.lossSum / Math.max(1, m.count), accuracy: m.correct / Math.max(1, m.count), count: m.count };
  }

  /** Loss and accuracy over a whole dataset (uploaded for the call and released after). */
  async evaluate(ds: Dataset): Promise<EvalResult> {
    return this.withDataset(ds, (g) => this.evaluateGpu(g));
  }

  /** Model outputs for every sample of `ds`, [n, outputs] (probabilities for classifiers; [n, T, classes] per timestep). */
  async predict(ds: Dataset): Promise<Float32Array> {
    return this.withDataset(ds, async (g) => {
      const C = this.model.lossPlan.outputs;
      const out = this.model.arena.storage('predict.out', ds.n * C * 4);
      try {
        await this.sweep(g, out);
        return new Float32Array(await readBuffer(this.device, out, ds.n * C * 4));
      } finally {
        this.model.arena.destroy(out);
      }
    });
  }

  private single: Promise<SingleInputPredictor> | null = null;

  /**
   * Model outputs for one sample, [outputs] (probabilities for classifiers; the whole [T, classes]
   * for a per-timestep output); `x` is one input row
   * shaped like a dataset row. Buffers and schedule are built on first use and reused; a call may
   * come between any two steps of a run (the metrics of the run are kept).
   */
  async predictOne(x: Float32Array | Int32Array): Promise<Float32Array> {
    this.single ??= SingleInputPredictor.create(this.model).catch((e: unknown) => {
      this.single = null;
      throw e;
    });
    const predictor = await this.single;
    return predictor.run(x);
  }

  private probe: Promise<AttentionProbe | null> | null = null;

  /**
   * The attention weights of every MultiHeadAttention layer for one sample (see attention-maps.ts);
   * [] for a model without attention. Built on first use and reused; may come between any two steps.
   */
  async attentionMaps(x: Float32Array | Int32Array): Promise<AttentionMap[]> {
    this.probe ??= AttentionProbe.create(this.model).catch((e: unknown) => {
      this.probe = null;
      throw e;
    });
    const probe = await this.probe;
    return probe ? probe.run(x, () => this.writeStep(0, 1, 0)) : [];
  }

  private async withDataset<T>(ds: Dataset, fn: (g: GpuDataset) => Promise<T>): Promise<T> {
    const g = uploadDataset(this.model.arena, this.model.graph, this.model.lossPlan, ds);
    try {
      return await fn(g);
    } finally {
      this.evalSchedules.delete(g);
      for (const b of [g.x, g.y, g.perm]) this.model.arena.destroy(b);
    }
  }

  /** The flat parameter vector (engine layout). */
  async readParams(): Promise<Float32Array> {
    return new Float32Array(await readBuffer(this.device, this.model.params, this.model.layout.total * 4));
  }

  /**
   * The optimizer's state after the last step: each slot of optimizerSlots() as a flat vector in
   * the parameter layout, and the number of steps taken (Adam's t).
   */
  readOptimizerState(): Promise<OptimizerState> {
    return readOptimizerState(this.model, this.globalStep);
  }

  /** Puts a saved optimizer state back (every slot this optimizer keeps) and its step count. */
  writeOptimizerState(state: OptimizerState): void {
    writeOptimizerState(this.model, state);
    this.globalStep = state.step;
  }

  /** The flat gradient vector of the last step. */
  async readGrads(): Promise<Float32Array> {
    return new Float32Array(await readBuffer(this.device, this.model.grads, this.model.layout.total * 4));
  }

  writeParams(flat: Float32Array): void {
    if (flat.length !== this.model.layout.total) throw new Error(`expected ${this.model.layout.total} parameters, got ${flat.length}`);
    this.device.queue.writeBuffer(this.model.params, 0, flat);
  }

  /** New random weights from `seed` and a fresh optimizer; the step and epoch counters restart. */
  resetWeights(seed = this.config.seed): void {
    this.model.resetWeights(seed);
    this.epoch = 0;
    this.globalStep = 0;
    this.progress = null;
    const s = this.config.schedule;
    this.plateau = s?.kind === 'plateau' ? new PlateauTracker(this.baseLr, s) : null;
  }

  destroy(): void {
    void this.single?.then((p) => p.destroy(), () => undefined);
    this.single = null;
    this.model.destroy();
  }
}

const identity = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);
