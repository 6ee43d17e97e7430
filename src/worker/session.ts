/**
 * The worker's state machine: owns the GPU context, the loaded model and the training run.
 * GPU work (init, load, reset, evaluate, runs) is serialized on one queue, so no two tasks ever
 * interleave their submissions; pause and stop are flags the running loop reads between steps.
 * Keeps a CPU copy of the weights at every epoch end (the "last good snapshot", finite weights
 * only) so a diverged run or a lost device can continue from it; posts it to the UI (throttled) for saving.
 */
import type { StepProgress } from '../engine/trainer';
import { adapterLabel, createGpuContext, type GpuContext } from '../gpu/device';
import { PipelineCache } from '../gpu/pipelines';
import { extentOf, samplePoints } from './insights';
import { boundaryOutputs, evaluationReport, predictRaw } from './evaluation';
import { lossDivisor, rawEpoch, rawProgress } from './scaled-data';
import { loadModel, resolveSource, type LoadedModel, type ResolvedSource } from './model-loader';
import { ProgressThrottle } from './progress-throttle';
import { addUpload, removeUpload } from './datasets';
import { previewOf } from './preview';
import { exportModel, ImportRejected, measureInt8, readImport } from './model-io';
import { classNamesOf, classProbabilities } from './predictions';
import { GenerationService } from './generate/generation';
import { ATTENTION_INTERVAL_MS, attentionReport } from './attention';
import { applyWeights, crashForTests, readWeights, takeSnapshot, WeightsPoster } from './weights-snapshot';
import {
  assertNever,
  type AttentionReport,
  type AttentionSource,
  type ErrorSource,
  type EvalSplit,
  type FromWorker,
  type IoTask,
  type ModelInfo,
  type PredictionReport,
  type RunStatus,
  type ToWorker,
  type WeightsBlob,
} from './protocol';

/** Minimum time between decision-boundary grids during training. */
const BOUNDARY_INTERVAL_MS = 500;

export class Session {
  private gpu: { ctx: GpuContext; pipelines: PipelineCache } | null = null;
  private model: LoadedModel | null = null;
  private status: RunStatus = 'starting';
  /** The epoch count the current round trains to. */
  private target = 0;
  /** A run is queued or in progress. */
  private running = false;
  private pauseRequested = false;
  private stopRequested = false;
  /** Set when the loss went non-finite: the weights are unusable until a reset, restore or load. */
  private diverged: string | null = null;
  private lost = false;
  /** Weights at the last finished epoch with a finite loss (or right after load/reset). */
  private snapshot: WeightsBlob | null = null;
  /** What the lost model was built from, for `recover`. */
  private lostSource: { source: ResolvedSource; tag: string | null } | null = null;
  private boundaryWatch = { watch: false, resolution: 48 };
  private lastBoundaryAt = 0;
  private loadSeq = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly weightsPoster: WeightsPoster;

  constructor(private readonly post: (m: FromWorker, transfer?: Transferable[]) => void) {
    this.weightsPoster = new WeightsPoster(post);
  }

  /** Text generation with a character language model; the model it reads is the current one. */
  private readonly generation = new GenerationService(
    (m) => this.post(m),
    () => (this.lost ? 'The GPU device was lost; recover it first.' : !this.model ? 'No model is built yet.' : this.diverged ? 'The weights are unusable since the loss diverged: restore the last good weights or press Reset.' : this.model),
  );

  handle(msg: ToWorker): void {
    if (this.lost && msg.type !== 'init' && msg.type !== 'recover' && msg.type !== 'boundary') {
      this.error('device', 'The GPU device was lost; recover it first.');
      return;
    }
    switch (msg.type) {
      case 'init':
        this.enqueue('init', () => this.init());
        return;
      case 'load': {
        this.interrupt();
        const seq = ++this.loadSeq;
        this.enqueue('load', () => this.load(msg, seq));
        return;
      }
      case 'train':
      case 'resume':
        this.startRun(Infinity, null);
        return;
      case 'step':
        this.startRun(1, null);
        return;
      case 'step-batch':
        this.startRun(1, 1);
        return;
      case 'pause':
        if (this.running && !this.stopRequested) {
          this.pauseRequested = true;
          this.setStatus('pausing');
        }
        return;
      case 'stop':
        if (this.running) this.interrupt();
        else if (this.status === 'paused') this.setStatus('ready');
        return;
      case 'reset':
        this.interrupt();
        this.enqueue('train', () => this.reset());
        return;
      case 'evaluate':
        if (this.running) this.error('evaluate', 'Pause or stop training before evaluating.');
        else this.enqueue('evaluate', () => this.evaluate(msg.split));
        return;
      case 'boundary':
        this.boundaryWatch = { watch: msg.watch, resolution: Math.max(4, Math.min(128, Math.round(msg.resolution))) };
        if (!this.running && !this.lost) this.enqueue('evaluate', () => this.boundary());
        return;
      case 'restore-snapshot':
        this.interrupt();
        this.enqueue('train', () => this.restoreSnapshot());
        return;
      case 'recover':
        this.enqueue('device', () => this.recover());
        return;
      case 'debug-lose-device':
        this.gpu?.ctx.device.destroy();
        return;
      case 'debug-crash':
        crashForTests();
        return;
      case 'predict':
        this.requestPrediction(msg.id, msg.input);
        return;
      case 'attention-maps':
        this.attentionWatch = msg.watch ? msg.source : null;
        if (msg.source) this.requestAttention(msg.source);
        return;
      // --- datasets (not queued: previews must not wait for a training run) ---
      case 'dataset-add':
        addUpload(msg.dataset);
        return;
      case 'dataset-remove':
        removeUpload(msg.id);
        return;
      case 'preview':
        previewOf(msg.dataset, msg.seed, msg.rows).then(
          (report) => this.post({ type: 'preview', ...report }),
          (e: unknown) => this.error('dataset', messageOf(e)),
        );
        return;
      // --- export and import (queued like evaluations; refused while a run goes on) ---
      case 'export':
      case 'int8-accuracy':
      case 'import-weights':
        this.requestIo(msg);
        return;
      // --- text generation (not queued: served between training steps) ---
      case 'generate':
        this.generation.start(msg);
        return;
      case 'generate-stop':
        this.generation.stop(msg.id);
        return;
      default:
        assertNever(msg);
    }
  }

  // --- queue and reporting ------------------------------------------------------------------

  private enqueue(where: ErrorSource, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => {
      // Work cut off by a lost device fails with GPU errors; the device-lost report covers them.
      if (!this.lost) this.error(where, messageOf(e));
    });
  }

  private error(where: ErrorSource, message: string): void {
    this.post({ type: 'error', where, message });
  }

  private setStatus(status: RunStatus): void {
    this.status = this.lost ? 'lost' : status;
    this.post({ type: 'state', status: this.status, epoch: this.model?.trainer.epoch ?? 0, epochs: this.target });
  }

  private postModel(weights: ModelInfo['weights']): void {
    const m = this.model;
    if (m) this.post({ type: 'model', info: { ...m.info, weights, epoch: m.trainer.epoch } });
  }

  /** Asks a running loop to stop at the next step. */
  private interrupt(): void {
    if (!this.running) return;
    this.stopRequested = true;
    this.setStatus('stopping');
  }

  // --- tasks ----------------------------------------------------------------------------------

  private async init(): Promise<void> {
    if (this.gpu) {
      this.post({ type: 'ready', adapter: adapterLabel(this.gpu.ctx.adapter) });
      return;
    }
    if (!('gpu' in navigator) || !navigator.gpu) {
      this.post({ type: 'no-webgpu', message: 'This browser does not expose WebGPU to workers (navigator.gpu is missing).' });
      return;
    }
    let ctx: GpuContext;
    try {
      ctx = await createGpuContext(navigator.gpu, (reason) => this.onLost(ctx, reason));
    } catch (e) {
      this.post({ type: 'no-webgpu', message: messageOf(e) });
      return;
    }
    this.gpu = { ctx, pipelines: new PipelineCache(ctx.device) };
    this.post({ type: 'ready', adapter: adapterLabel(ctx.adapter) });
    this.setStatus('empty');
  }

  private onLost(ctx: GpuContext | undefined, reason: string): void {
    if (ctx && this.gpu && this.gpu.ctx !== ctx) return; // an old device, already replaced
    this.lost = true;
    this.stopRequested = true;
    this.lostSource = this.model ? { source: this.model.source, tag: this.model.info.tag } : this.lostSource;
    const canRecover = this.lostSource !== null;
    const weights = this.snapshot ? ` from the weights of epoch ${this.snapshot.epoch}` : '';
    this.post({ type: 'device-lost', message: `${reason}. ${canRecover ? `Recover to continue${weights}.` : 'Recover to start again.'}`, canRecover });
    this.setStatus('lost');
  }

  private async load(msg: Extract<ToWorker, { type: 'load' }>, seq: number): Promise<void> {
    if (seq !== this.loadSeq) return; // superseded by a later load
    if (!this.gpu) throw new Error('The GPU is not ready, so no model can be loaded.');
    const resolved = resolveSource(msg.source);
    let carry: WeightsBlob | null = msg.weights ?? null;
    if (!carry && msg.keepWeights && this.model) carry = this.diverged ? this.snapshot : await readWeights(this.model);
    await this.build(resolved, msg.tag ?? null, carry, msg.weights ? 'restored' : 'kept');
  }

  /** Replaces the model; writes `carry` into it when its size fits. */
  private async build(resolved: ResolvedSource, tag: string | null, carry: WeightsBlob | null, kind: 'kept' | 'restored'): Promise<void> {
    if (!this.gpu) throw new Error('The GPU is not ready, so no model can be loaded.');
    this.setStatus('loading');
    this.model?.trainer.destroy();
    this.model = null;
    this.diverged = null;
    this.snapshot = null;
    try {
      this.model = await loadModel(this.gpu.ctx.device, this.gpu.pipelines, resolved, tag);
    } catch (e) {
      this.setStatus('empty');
      throw e;
    }
    const m = this.model;
    let weights: ModelInfo['weights'] = 'fresh';
    if (carry) {
      const total = m.trainer.model.layout.total;
      if (carry.params.length === total) {
        applyWeights(m, carry);
        weights = kind;
      } else if (kind === 'restored') {
        this.error('load', `The saved weights (${carry.params.length} values) do not fit this model (${total} parameters); starting from fresh weights.`);
      }
    }
    this.snapshot = takeSnapshot(this.snapshot, await readWeights(m));
    this.target = Math.max(m.settings.epochs, m.trainer.epoch);
    this.postModel(weights);
    this.setStatus('ready');
    await this.boundary();
    this.refreshAttention();
  }

  private async reset(): Promise<void> {
    const m = this.model;
    if (!m) return;
    m.trainer.resetWeights();
    this.diverged = null;
    this.snapshot = takeSnapshot(this.snapshot, await readWeights(m));
    this.target = m.settings.epochs;
    this.postModel('fresh');
    this.setStatus('ready');
    await this.boundary();
    this.refreshAttention();
  }

  private async restoreSnapshot(): Promise<void> {
    const m = this.model;
    if (!m) throw new Error('No model is loaded.');
    if (!this.snapshot) throw new Error('There is no snapshot of good weights to restore.');
    applyWeights(m, this.snapshot);
    this.diverged = null;
    this.target = Math.max(m.settings.epochs, m.trainer.epoch);
    this.postModel('restored');
    this.weightsPoster.now(this.snapshot);
    this.setStatus('ready');
    await this.boundary();
    this.refreshAttention();
  }

  private async recover(): Promise<void> {
    if (!this.lost) return;
    const source = this.lostSource ?? (this.model ? { source: this.model.source, tag: this.model.info.tag } : null);
    const snap = this.snapshot;
    try {
      this.model?.trainer.destroy();
    } catch {
      // the buffers died with the device
    }
    this.model = null;
    this.gpu = null;
    this.lost = false;
    this.lostSource = null;
    this.setStatus('starting');
    await this.init();
    if (!this.gpu) return; // init reported no-webgpu
    if (source) await this.build(source.source, source.tag, snap, 'restored');
    if (snap && this.model) this.weightsPoster.now(snap);
  }

  private async evaluate(split: EvalSplit): Promise<void> {
    const m = this.model;
    if (!m) throw new Error('No model is loaded.');
    // Regression in raw units, with R², MAE, the mean-predictor baseline and warnings (evaluation.ts).
    const { report, misclassified } = await evaluationReport(m, split);
    this.post({ type: 'evaluated', ...report });
    if (misclassified) this.post({ type: 'misclassified', ...misclassified });
  }

  private extent: { model: LoadedModel; extent: [number, number, number, number]; points: ReturnType<typeof samplePoints> } | null = null;

  /** Posts the prediction grid when watching and the model has a 2-feature input (extent and points in raw units). */
  private async boundary(): Promise<void> {
    const m = this.model;
    if (!m || !this.boundaryWatch.watch || this.diverged) return;
    const train = m.raw.train;
    if (train.inputShape.length !== 1 || train.inputShape[0] !== 2 || train.inputDtype !== 'float32') return;
    if (this.extent?.model !== m) this.extent = { model: m, extent: extentOf(train), points: samplePoints(train) };
    const { extent, points } = this.extent;
    const resolution = this.boundaryWatch.resolution;
    const outputs = await boundaryOutputs(m, extent, resolution);
    this.lastBoundaryAt = performance.now();
    this.post({ type: 'boundary', resolution, extent, outputs, outputCount: m.info.outputs, task: train.task, points, epoch: m.trainer.epoch });
  }

  // --- export and import ------------------------------------------------------------------------
  // Answers carry the request's id; every failure is an `io-failed` for the control that asked.

  private requestIo(msg: Extract<ToWorker, { type: IoTask }>): void {
    const fail = (message: string, problems: string[] = []) => this.post({ type: 'io-failed', id: msg.id, task: msg.type, message, problems });
    if (this.running) {
      fail(msg.type === 'import-weights' ? 'Pause or stop training before importing weights.' : 'Pause or stop training first: the weights change with every step.');
      return;
    }
    this.enqueue('evaluate', async () => {
      try {
        const m = this.model;
        if (!m) throw new Error('No model is built yet.');
        if (msg.type !== 'import-weights' && this.diverged) throw new Error('The weights are unusable since the loss diverged: restore the last good weights or press Reset.');
        if (msg.type === 'export') {
          const files = await exportModel(m, msg.format, msg.lastLoss ?? null);
          this.post({ type: 'exported', id: msg.id, format: msg.format, files }, files.map((f) => f.bytes));
        } else if (msg.type === 'int8-accuracy') {
          this.post({ type: 'int8-measured', ...(await measureInt8(m, msg.id)) });
        } else {
          await this.importWeights(m, msg);
        }
      } catch (e) {
        if (this.lost) return;
        fail(messageOf(e), e instanceof ImportRejected ? e.problems : []);
      }
    });
  }

  /** Writes validated weights (fresh optimizer, epoch 0); a rejected file throws before anything is written. */
  private async importWeights(m: LoadedModel, msg: Extract<ToWorker, { type: 'import-weights' }>): Promise<void> {
    const { params, report } = await readImport(m, msg.source);
    if (this.model !== m) throw new Error('The model was rebuilt while the file was read; import it again.');
    applyWeights(m, { params, epoch: 0, globalStep: 0 });
    this.diverged = null;
    const w = await readWeights(m);
    this.snapshot = takeSnapshot(this.snapshot, w);
    this.target = m.settings.epochs;
    this.postModel('imported');
    this.weightsPoster.now(w);
    this.post({ type: 'imported', id: msg.id, ...report });
    this.setStatus('ready');
    await this.boundary();
    this.refreshAttention();
  }

  // --- single predictions (draw to classify) ---------------------------------------------------
  // Served outside the task queue: Trainer.predictOne may run between any two submits of a run or
  // an evaluation. Requests arriving meanwhile are coalesced; only the latest is answered.

  private predictPending: { id: number; input: Float32Array } | null = null;
  private predicting = false;

  private requestPrediction(id: number, input: Float32Array): void {
    this.predictPending = { id, input };
    if (!this.predicting) void this.servePredictions();
  }

  private async servePredictions(): Promise<void> {
    this.predicting = true;
    try {
      while (this.predictPending) {
        const req = this.predictPending;
        this.predictPending = null;
        const report = await this.predictOnce(req.id, req.input);
        // The model was replaced meanwhile: ask the new one (unless a newer request is waiting).
        if (report === null) this.predictPending ??= req;
        else this.post({ type: 'prediction', ...report });
      }
    } finally {
      this.predicting = false;
    }
  }

  /** The model's answer for one input row; null when the model changed while it was computed. */
  private async predictOnce(id: number, input: Float32Array): Promise<PredictionReport | null> {
    const m = this.model;
    const none = (message: string): PredictionReport => ({ id, probabilities: null, classNames: [], message, epoch: m?.trainer.epoch ?? 0 });
    if (this.lost) return none('The GPU device was lost; recover it first.');
    if (!m) return none('No model is built yet.');
    if (this.diverged) return none('The weights are unusable since the loss diverged: restore the last good weights or press Reset.');
    if (!(input instanceof Float32Array)) return none('The input must be a Float32Array.');
    if (!input.every(Number.isFinite)) return none('The input holds values that are not finite numbers.');
    const C = m.info.outputs;
    let outputs: Float32Array;
    try {
      outputs = await predictRaw(m, input);
    } catch (e) {
      if (this.model !== m) return null;
      return none(`Cannot classify this input: ${messageOf(e)}.`);
    }
    if (this.model !== m) return null;
    if (m.info.task !== 'classification') return { id, probabilities: outputs, classNames: Array.from({ length: C }, (_, i) => `output ${i}`), message: null, epoch: m.trainer.epoch };
    const probabilities = classProbabilities(outputs, C);
    return { id, probabilities, classNames: classNamesOf(m.data.test, probabilities.length), message: null, epoch: m.trainer.epoch };
  }

  // --- attention maps (served like predictions: outside the queue, coalesced) --------------------

  private attentionWatch: AttentionSource | null = null;
  private attentionPending: AttentionSource | null = null;
  private attending = false;
  private lastAttentionAt = 0;

  /** Recomputes the watched attention maps (after epochs, loads and runs). */
  private refreshAttention(): void {
    if (this.attentionWatch) this.requestAttention(this.attentionWatch);
  }

  private requestAttention(source: AttentionSource): void {
    this.attentionPending = source;
    this.lastAttentionAt = performance.now();
    if (!this.attending) void this.serveAttention();
  }

  private async serveAttention(): Promise<void> {
    this.attending = true;
    try {
      while (this.attentionPending) {
        const source = this.attentionPending;
        this.attentionPending = null;
        const m = this.model;
        const none = (message: string): AttentionReport => ({ source, queryLabels: [], keyLabels: [], layers: [], label: null, message, epoch: m?.trainer.epoch ?? 0, globalStep: m?.trainer.globalStep ?? 0 });
        let report: AttentionReport;
        if (this.lost) report = none('The GPU device was lost; recover it first.');
        else if (!m) report = none('No model is built yet.');
        else if (this.diverged) report = none('The weights are unusable since the loss diverged: restore the last good weights or press Reset.');
        else {
          try {
            report = await attentionReport(m, source);
          } catch (e) {
            report = none(`Cannot compute the attention maps: ${messageOf(e)}.`);
          }
          // The model was replaced meanwhile: ask the new one (unless a newer request is waiting).
          if (this.model !== m) {
            this.attentionPending ??= source;
            continue;
          }
        }
        this.lastAttentionAt = performance.now();
        this.post({ type: 'attention-maps', ...report }, report.layers.map((l) => l.weights.buffer as ArrayBuffer));
      }
    } finally {
      this.attending = false;
    }
  }

  private startRun(maxEpochs: number, maxSteps: number | null): void {
    if (this.running) {
      // Train/resume while pausing cancels the pause; anything else is already under way.
      if (this.pauseRequested && !this.stopRequested && maxEpochs === Infinity) {
        this.pauseRequested = false;
        this.setStatus('training');
      }
      return;
    }
    if (!this.gpu) {
      this.error('train', 'The GPU is not ready.');
      return;
    }
    this.running = true;
    this.pauseRequested = false;
    this.stopRequested = false;
    this.enqueue('train', () => this.run(maxEpochs, maxSteps));
  }

  /** Trains until the target, `maxEpochs` epochs or `maxSteps` steps, a pause, a stop or a non-finite loss. */
  private async run(maxEpochs: number, maxSteps: number | null): Promise<void> {
    const m = this.model;
    try {
      if (!m) throw new Error('No model is loaded.');
      if (this.diverged) throw new Error(`${this.diverged} Restore the last good weights or press Reset (or load a model) before training again.`);
      const t = m.trainer;
      if (t.epoch >= this.target) this.target = t.epoch + m.settings.epochs;
      this.setStatus(this.stopRequested ? 'stopping' : this.pauseRequested ? 'pausing' : 'training');
      // Losses of scaled regression targets are reported in raw units (scaled-data.ts).
      const div = lossDivisor(m.preprocessing);
      const throttle = new ProgressThrottle((p) => this.post({ type: 'progress', ...rawProgress(p, div) }), m.settings.batchSize);
      throttle.start(t.globalStep);
      const seen: { bad: StepProgress | null } = { bad: null };
      let stepsLeft = maxSteps ?? Infinity;
      for (let n = 0; n < maxEpochs && t.epoch < this.target && !this.stopRequested && !this.pauseRequested && stepsLeft > 0; n++) {
        const before = t.globalStep;
        let metrics = await t.trainEpoch(
          (p) => {
            throttle.push(p);
            if (performance.now() - this.lastAttentionAt >= ATTENTION_INTERVAL_MS) this.refreshAttention();
            if (!Number.isFinite(p.loss)) seen.bad ??= p;
          },
          // Checked before every step: the step cap counts the steps this run has taken.
          () => this.stopRequested || this.pauseRequested || seen.bad !== null || t.globalStep - before >= stepsLeft,
        );
        stepsLeft -= t.globalStep - before;
        throttle.flush();
        // Pause (and the step cap) take effect at the next step and resume mid-epoch; Stop closes the epoch early.
        if (!metrics && (this.stopRequested || seen.bad)) metrics = await t.closeEpoch();
        if (!metrics) break;
        metrics = rawEpoch(metrics, div);
        this.post({ type: 'epoch', metrics: { ...metrics, partial: metrics.steps < t.stepsPerEpoch } });
        const where = seen.bad;
        if (where || !Number.isFinite(metrics.loss) || (metrics.valLoss !== null && !Number.isFinite(metrics.valLoss))) {
          const at = where ? `epoch ${where.epoch + 1}, step ${where.step}` : `epoch ${metrics.epoch + 1}`;
          const loss = where ? where.loss : metrics.loss;
          this.diverged = `The loss became ${loss} at ${at}; training stopped.`;
          this.post({
            type: 'diverged',
            message: `${this.diverged} Try a lower learning rate, then restore the last good weights or press Reset.`,
            epoch: where ? where.epoch : metrics.epoch,
            step: where ? where.step : metrics.steps,
            loss,
            snapshotEpoch: this.snapshot?.epoch ?? null,
          });
          break;
        }
        this.snapshot = takeSnapshot(this.snapshot, await readWeights(m));
        this.weightsPoster.offer(this.snapshot);
        if (this.boundaryWatch.watch && performance.now() - this.lastBoundaryAt >= BOUNDARY_INTERVAL_MS) await this.boundary();
        this.refreshAttention();
        if (!this.stopRequested && !this.pauseRequested) this.setStatus('training');
      }
    } finally {
      this.running = false;
      const finished = !m || this.stopRequested || this.diverged !== null || m.trainer.epoch >= this.target;
      this.pauseRequested = false;
      this.stopRequested = false;
      if (!this.lost) {
        if (m && !this.diverged) {
          try {
            this.post({ type: 'weights', ...(await readWeights(m)) });
            await this.boundary();
            this.refreshAttention();
          } catch (e) {
            if (!this.lost) this.error('train', messageOf(e));
          }
        }
        this.setStatus(finished ? 'ready' : 'paused');
      }
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
