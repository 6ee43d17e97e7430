/**
 * The worker session: a thin shell that dispatches each protocol message (exhaustively; a missing
 * case is a compile error) to the piece that owns it:
 * - session-core.ts: shared state (GPU, model, status, snapshot), reporting and the task queue;
 * - session-lifecycle.ts: GPU start-up (through the GpuStarter passed in), device loss and
 *   recovery, load, reset and restore;
 * - run-loop.ts: train, pause, step and stop;
 * - io-tasks.ts: export, int8 measurement and weight import;
 * - live-views.ts and prediction-service.ts: boundary grid, attention maps and single predictions
 *   (the latter two "latest request wins", latest-wins.ts);
 * - generate/generation.ts: text generation;
 * - inside/inside-views.ts: the inside-the-network views.
 * A lost device refuses everything but init, recover and boundary until recovered.
 */
import { addUpload, removeUpload } from './datasets';
import { evaluationReport } from './evaluation';
import { GenerationService } from './generate/generation';
import type { GpuStarter } from './gpu-start';
import { IoTasks } from './io-tasks';
import { LiveViews } from './live-views';
import type { LoadedModel } from './model-loader';
import { PredictionService } from './prediction-service';
import { previewOf } from './preview';
import { InsideViews } from './inside/inside-views';
import { type EvalSplit, type ToWorker } from './protocol';
import { RunLoop } from './run-loop';
import { LOST_MESSAGE, messageOf, SessionCore, type Post } from './session-core';
import { SessionLifecycle } from './session-lifecycle';
import { crashForTests } from './weights-snapshot';

export class Session {
  private readonly core: SessionCore;
  private readonly views: LiveViews;
  private readonly loop: RunLoop;
  private readonly lifecycle: SessionLifecycle;
  private readonly io: IoTasks;
  private readonly predictions: PredictionService;
  /** Text generation with a character language model; the model it reads is the current one. */
  private readonly generation: GenerationService;
  private readonly inside: InsideViews;

  /** `startGpu` asks for a fresh GPU context (at init and on recover); the session never reads navigator. */
  constructor(post: Post, startGpu: GpuStarter) {
    const core = (this.core = new SessionCore(post));
    this.views = new LiveViews(core);
    this.inside = new InsideViews(core);
    this.loop = new RunLoop(core, this.views, this.inside);
    this.lifecycle = new SessionLifecycle(core, this.views, this.loop, startGpu);
    this.io = new IoTasks(core, this.views, this.loop);
    this.predictions = new PredictionService(core);
    this.generation = new GenerationService((m) => post(m), () => core.usableModel());
  }

  /** The loaded model (for tests that inspect it). */
  get model(): LoadedModel | null {
    return this.core.model;
  }

  handle(msg: ToWorker): void {
    const { core, loop, lifecycle } = this;
    if (core.lost && msg.type !== 'init' && msg.type !== 'recover' && msg.type !== 'boundary') {
      core.error('device', LOST_MESSAGE);
      return;
    }
    switch (msg.type) {
      case 'init':
        core.enqueue('init', () => lifecycle.init());
        return;
      case 'load':
        lifecycle.requestLoad(msg);
        return;
      case 'train':
      case 'resume':
        loop.start(Infinity, null);
        return;
      case 'step':
        loop.start(1, null);
        return;
      case 'step-batch':
        loop.start(1, 1);
        return;
      case 'pause':
        loop.pause();
        return;
      case 'stop':
        loop.stop();
        return;
      case 'reset':
        loop.interrupt();
        core.enqueue('train', () => lifecycle.reset());
        return;
      case 'evaluate':
        if (loop.running) core.error('evaluate', 'Pause or stop training before evaluating.');
        else core.enqueue('evaluate', () => this.evaluate(msg.split));
        return;
      case 'boundary':
        this.views.watchBoundary(msg);
        if (!loop.running && !core.lost) core.enqueue('evaluate', () => this.views.boundary());
        return;
      case 'restore-snapshot':
        loop.interrupt();
        core.enqueue('train', () => lifecycle.restoreSnapshot());
        return;
      case 'recover':
        core.enqueue('device', () => lifecycle.recover());
        return;
      case 'debug-lose-device':
        lifecycle.loseDevice();
        return;
      case 'debug-crash':
        crashForTests();
        return;
      case 'predict':
        this.predictions.request(msg.id, msg.input);
        break;
      case 'predict-text':
        this.predictions.request(msg.id, msg.text);
        return;
      case 'attention-maps':
        this.views.watchAttention(msg);
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
          (report) => core.post({ type: 'preview', ...report }),
          (e: unknown) => core.error('dataset', messageOf(e)),
        );
        return;
      // --- export and import (queued like evaluations; refused while a run goes on) ---
      case 'export':
      case 'int8-accuracy':
      case 'import-weights':
        this.io.request(msg);
        return;
      // --- text generation (not queued: served between training steps) ---
      case 'generate':
        this.generation.start(msg);
        return;
      case 'generate-stop':
        this.generation.stop(msg.id);
        return;
      // --- the inside-the-network views (inside/inside-views.ts) ---
      default:
        this.inside.handle(msg);
    }
  }

  /** Regression in raw units, with R², MAE, the mean-predictor baseline and warnings (evaluation.ts). */
  private async evaluate(split: EvalSplit): Promise<void> {
    const m = this.core.model;
    if (!m) throw new Error('No model is loaded.');
    const { report, misclassified } = await evaluationReport(m, split);
    this.core.post({ type: 'evaluated', ...report });
    if (misclassified) this.core.post({ type: 'misclassified', ...misclassified });
  }
}
