/**
 * Rate-limits progress reports to one per interval. Reports that arrive too soon are merged into
 * the next one (step-weighted mean loss and accuracy), so no training window is lost, only
 * coarsened; samples/s is measured between sent reports.
 */
import type { StepProgress } from '../engine/trainer';
import { PROGRESS_INTERVAL_MS, type ProgressReport } from './protocol';

export class ProgressThrottle {
  private pending: StepProgress | null = null;
  private lossSum = 0;
  private accSum = 0;
  private steps = 0;
  private lastSeenStep = 0;
  private lastSentStep = 0;
  private lastSentAt = 0;
  private sentAny = false;

  constructor(
    private readonly send: (p: ProgressReport) => void,
    private readonly batchSize: number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Call when a run starts: the rate baseline becomes (now, globalStep). */
  start(globalStep: number): void {
    this.pending = null;
    this.lossSum = this.accSum = this.steps = 0;
    this.lastSeenStep = this.lastSentStep = globalStep;
    this.lastSentAt = this.now();
    this.sentAny = false;
  }

  push(p: StepProgress): void {
    const w = Math.max(1, p.globalStep - this.lastSeenStep);
    this.lastSeenStep = p.globalStep;
    this.lossSum += p.loss * w;
    this.accSum += p.accuracy * w;
    this.steps += w;
    this.pending = p;
    // The first report of a run goes out at once; a non-finite loss is never held back.
    if (!this.sentAny || !Number.isFinite(p.loss) || this.now() - this.lastSentAt >= this.intervalMs) this.flush();
  }

  /** Sends whatever is pending (call at the end of an epoch or run). */
  flush(): void {
    const p = this.pending;
    if (!p) return;
    const t = this.now();
    const seconds = Math.max(1e-6, (t - this.lastSentAt) / 1000);
    this.send({
      epoch: p.epoch,
      step: p.step,
      stepsPerEpoch: p.stepsPerEpoch,
      globalStep: p.globalStep,
      loss: this.lossSum / this.steps,
      accuracy: this.accSum / this.steps,
      samplesPerSec: ((p.globalStep - this.lastSentStep) * this.batchSize) / seconds,
    });
    this.pending = null;
    this.lossSum = this.accSum = this.steps = 0;
    this.lastSentStep = p.globalStep;
    this.lastSentAt = t;
    this.sentAny = true;
  }
}
