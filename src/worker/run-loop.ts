/**
 * The training run: train/resume, step and step-batch start a run on the task queue; pause and stop
 * are flags the running loop reads before every step (Pause resumes mid-epoch, Stop closes the epoch
 * early). Keeps the last good snapshot at every epoch end, reports progress (throttled, raw units),
 * epochs and divergence, and refreshes the watched views between epochs.
 */
import type { StepCount, StepProgress } from '../engine/trainer';
import { PROGRESS_INTERVAL_MS } from './protocol';
import type { InsideViews } from './inside/inside-views';
import type { LiveViews } from './live-views';
import { ProgressThrottle } from './progress-throttle';
import { lossDivisor } from '../data/scaled-dataset';
import { rawEpoch, rawProgress } from './scaled-data';
import { messageOf, type SessionCore } from './session-core';
import { readWeights, takeSnapshot } from './weights-snapshot';
import { checkpointRunStart, findCulprit } from './nan-trap-runner';

export class RunLoop {
  /** A run is queued or in progress. */
  private active = false;
  private pauseRequested = false;
  private stopRequested = false;

  constructor(
    private readonly core: SessionCore,
    private readonly views: LiveViews,
    private readonly inside: InsideViews | null = null,
  ) {}

  get running(): boolean {
    return this.active;
  }

  /** Queues a run of at most `maxEpochs` epochs (and `maxSteps` steps), unless one is under way. */
  start(maxEpochs: number, maxSteps: number | null): void {
    if (this.active) {
      // Train/resume while pausing cancels the pause; anything else is already under way.
      if (this.pauseRequested && !this.stopRequested && maxEpochs === Infinity) {
        this.pauseRequested = false;
        this.core.setStatus('training');
      }
      return;
    }
    if (!this.core.gpu) {
      this.core.error('train', 'The GPU is not ready.');
      return;
    }
    this.active = true;
    this.pauseRequested = false;
    this.stopRequested = false;
    this.core.enqueue('train', () => this.run(maxEpochs, maxSteps));
  }

  pause(): void {
    if (this.active && !this.stopRequested) {
      this.pauseRequested = true;
      this.core.setStatus('pausing');
    }
  }

  stop(): void {
    if (this.active) this.interrupt();
    else if (this.core.status === 'paused') this.core.setStatus('ready');
  }

  /** Asks a running loop to stop at the next step. */
  interrupt(): void {
    if (!this.active) return;
    this.stopRequested = true;
    this.core.setStatus('stopping');
  }

  /** The device was lost: a running loop stops at its next check (the status already says 'lost'). */
  cutOff(): void {
    this.stopRequested = true;
  }

  /** Trains until the target, `maxEpochs` epochs or `maxSteps` steps, a pause, a stop or a non-finite loss. */
  private async run(maxEpochs: number, maxSteps: number | null): Promise<void> {
    const core = this.core;
    const m = core.model;
    try {
      if (!m) throw new Error('No model is loaded.');
      if (core.diverged) throw new Error(`${core.diverged} Restore the last good weights or press Reset (or load a model) before training again.`);
      const t = m.trainer;
      checkpointRunStart(t);
      await this.inside?.beforeRun();
      if (t.epoch >= core.target) core.target = t.epoch + m.settings.epochs;
      core.setStatus(this.stopRequested ? 'stopping' : this.pauseRequested ? 'pausing' : 'training');
      // Losses of scaled regression targets are reported in raw units (scaled-data.ts).
      const div = lossDivisor(m.preprocessing);
      const throttle = new ProgressThrottle((p) => core.post({ type: 'progress', ...rawProgress(p, div) }), m.settings.batchSize);
      throttle.start(t.globalStep);
      const seen: { bad: StepProgress | null } = { bad: null };
      let stepPostedAt = 0;
      const onStep = (p: StepCount) => {
        const now = performance.now();
        if (now - stepPostedAt < PROGRESS_INTERVAL_MS) return;
        stepPostedAt = now;
        core.post({ type: 'step', ...p });
      };
      let stepsLeft = maxSteps ?? Infinity;
      for (let n = 0; n < maxEpochs && t.epoch < core.target && !this.stopRequested && !this.pauseRequested && stepsLeft > 0; n++) {
        const before = t.globalStep;
        let metrics = await t.trainEpoch(
          (p) => {
            throttle.push(p);
            if (this.views.attentionDue()) this.views.refreshAttention();
            this.inside?.duringRun();
            if (!Number.isFinite(p.loss)) seen.bad ??= p;
          },
          // Checked before every group of steps (at most ~8 ms of them); the step cap is exact (maxSteps).
          () => this.stopRequested || this.pauseRequested || seen.bad !== null,
          onStep,
          stepsLeft,
        );
        stepsLeft -= t.globalStep - before;
        throttle.flush();
        // Pause (and the step cap) take effect at the next step and resume mid-epoch; Stop closes the epoch early.
        if (!metrics && (this.stopRequested || seen.bad)) metrics = await t.closeEpoch();
        if (!metrics) break;
        metrics = rawEpoch(metrics, div);
        core.post({ type: 'epoch', metrics: { ...metrics, partial: metrics.steps < t.stepsPerEpoch } });
        const where = seen.bad;
        if (where || !Number.isFinite(metrics.loss) || (metrics.valLoss !== null && !Number.isFinite(metrics.valLoss))) {
          const at = where ? `epoch ${where.epoch + 1}, step ${where.step}` : `epoch ${metrics.epoch + 1}`;
          const loss = where ? where.loss : metrics.loss;
          core.diverged = `The loss became ${loss} at ${at}; training stopped.`;
          const culprit = await findCulprit(t, where ? { epoch: where.epoch, step: where.step } : null);
          core.post({
            type: 'diverged',
            message: `${core.diverged} Try a lower learning rate, then restore the last good weights or press Reset.`,
            epoch: where ? where.epoch : metrics.epoch,
            step: where ? where.step : metrics.steps,
            loss,
            snapshotEpoch: core.snapshot?.epoch ?? null,
            ...(culprit ? { culprit } : {}),
          });
          break;
        }
        core.snapshot = takeSnapshot(core.snapshot, await readWeights(m));
        core.weightsPoster.offer(core.snapshot);
        if (this.views.boundaryDue()) await this.views.boundary();
        this.views.refreshAttention();
        await this.inside?.afterEpoch();
        if (!this.stopRequested && !this.pauseRequested) core.setStatus('training');
      }
    } finally {
      this.active = false;
      const finished = !m || this.stopRequested || core.diverged !== null || m.trainer.epoch >= core.target;
      this.pauseRequested = false;
      this.stopRequested = false;
      if (!core.lost) {
        if (m && !core.diverged) {
          try {
            core.post({ type: 'weights', ...(await readWeights(m)) });
            await this.views.refresh();
            await this.inside?.afterRun();
          } catch (e) {
            if (!core.lost) core.error('train', messageOf(e));
          }
        }
        core.setStatus(finished ? 'ready' : 'paused');
      }
    }
  }
}
