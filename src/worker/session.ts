/**
 * The worker's state machine: owns the GPU context, the loaded model and the training run.
 * GPU work (init, load, reset, evaluate, runs) is serialized on one queue, so no two tasks ever
 * interleave their submissions; pause and stop are flags the running loop reads between steps
 * (stop) or between epochs (pause).
 */
import type { StepProgress } from '../engine/trainer';
import { adapterLabel, createGpuContext, type GpuContext } from '../gpu/device';
import { PipelineCache } from '../gpu/pipelines';
import { loadModel, type LoadedModel } from './model-loader';
import { ProgressThrottle } from './progress-throttle';
import { assertNever, type ErrorSource, type FromWorker, type ModelSource, type RunStatus, type ToWorker } from './protocol';

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
  /** Set when the loss went non-finite: the weights are unusable until a reset or load. */
  private diverged: string | null = null;
  private lost = false;
  private loadSeq = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: (m: FromWorker) => void) {}

  handle(msg: ToWorker): void {
    if (this.lost && msg.type !== 'init') {
      this.error('device', 'The GPU device was lost; reload the page.');
      return;
    }
    switch (msg.type) {
      case 'init':
        this.enqueue('init', () => this.init());
        return;
      case 'load': {
        this.interrupt();
        const seq = ++this.loadSeq;
        this.enqueue('load', () => this.load(msg.source, seq));
        return;
      }
      case 'train':
      case 'resume':
        this.startRun(Infinity);
        return;
      case 'step':
        this.startRun(1);
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
      default:
        assertNever(msg);
    }
  }

  // --- queue and reporting ------------------------------------------------------------------

  private enqueue(where: ErrorSource, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => this.error(where, messageOf(e)));
  }

  private error(where: ErrorSource, message: string): void {
    this.post({ type: 'error', where, message });
  }

  private setStatus(status: RunStatus): void {
    this.status = this.lost ? 'lost' : status;
    this.post({ type: 'state', status: this.status, epoch: this.model?.trainer.epoch ?? 0, epochs: this.target });
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
      ctx = await createGpuContext(navigator.gpu, (reason) => this.onLost(reason));
    } catch (e) {
      this.post({ type: 'no-webgpu', message: messageOf(e) });
      return;
    }
    this.gpu = { ctx, pipelines: new PipelineCache(ctx.device) };
    this.post({ type: 'ready', adapter: adapterLabel(ctx.adapter) });
    this.setStatus('empty');
  }

  private onLost(reason: string): void {
    this.lost = true;
    this.stopRequested = true;
    this.error('device', `${reason}. Reload the page to start again.`);
    this.setStatus('lost');
  }

  private async load(source: ModelSource, seq: number): Promise<void> {
    if (seq !== this.loadSeq) return; // superseded by a later load
    if (!this.gpu) throw new Error('The GPU is not ready, so no model can be loaded.');
    this.setStatus('loading');
    this.model?.trainer.destroy();
    this.model = null;
    this.diverged = null;
    try {
      this.model = await loadModel(this.gpu.ctx.device, this.gpu.pipelines, source);
    } catch (e) {
      this.setStatus('empty');
      throw e;
    }
    this.target = this.model.settings.epochs;
    this.post({ type: 'model', info: this.model.info });
    this.setStatus('ready');
  }

  private async reset(): Promise<void> {
    const m = this.model;
    if (!m) return;
    m.trainer.resetWeights();
    this.diverged = null;
    this.target = m.settings.epochs;
    this.post({ type: 'model', info: m.info });
    this.setStatus('ready');
  }

  private async evaluate(split: 'train' | 'validation' | 'test'): Promise<void> {
    const m = this.model;
    if (!m) throw new Error('No model is loaded.');
    const r = await m.trainer.evaluate(m.data[split]);
    this.post({ type: 'evaluated', split, loss: r.loss, accuracy: r.accuracy, count: r.count });
  }

  private startRun(maxEpochs: number): void {
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
    this.enqueue('train', () => this.run(maxEpochs));
  }

  /** Trains whole epochs until the target, `maxEpochs`, a pause, a stop or a non-finite loss. */
  private async run(maxEpochs: number): Promise<void> {
    const m = this.model;
    try {
      if (!m) throw new Error('No model is loaded.');
      if (this.diverged) throw new Error(`${this.diverged} Press Reset (or load a model) before training again.`);
      const t = m.trainer;
      if (t.epoch >= this.target) this.target = t.epoch + m.settings.epochs;
      this.setStatus(this.stopRequested ? 'stopping' : this.pauseRequested ? 'pausing' : 'training');
      const throttle = new ProgressThrottle((p) => this.post({ type: 'progress', ...p }), m.settings.batchSize);
      throttle.start(t.globalStep);
      const seen: { bad: StepProgress | null } = { bad: null };
      for (let n = 0; n < maxEpochs && t.epoch < this.target && !this.stopRequested && !this.pauseRequested; n++) {
        let metrics = await t.trainEpoch(
          (p) => {
            throttle.push(p);
            if (!Number.isFinite(p.loss)) seen.bad ??= p;
          },
          () => this.stopRequested || this.pauseRequested || seen.bad !== null,
        );
        throttle.flush();
        // Pause takes effect at the next step and resumes mid-epoch; Stop closes the epoch early.
        if (!metrics && (this.stopRequested || seen.bad)) metrics = await t.closeEpoch();
        if (!metrics) break;
        this.post({ type: 'epoch', metrics: { ...metrics, partial: metrics.steps < t.stepsPerEpoch } });
        const where = seen.bad;
        if (where || !Number.isFinite(metrics.loss) || (metrics.valLoss !== null && !Number.isFinite(metrics.valLoss))) {
          const at = where ? `epoch ${where.epoch + 1}, step ${where.step}` : `epoch ${metrics.epoch + 1}`;
          this.diverged = `The loss became ${where ? where.loss : metrics.loss} at ${at}; training stopped.`;
          this.error('train', `${this.diverged} Try a lower learning rate, then press Reset.`);
          break;
        }
        if (!this.stopRequested && !this.pauseRequested) this.setStatus('training');
      }
    } finally {
      this.running = false;
      const finished = !m || this.stopRequested || this.diverged !== null || m.trainer.epoch >= this.target;
      this.pauseRequested = false;
      this.stopRequested = false;
      this.setStatus(finished ? 'ready' : 'paused');
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
