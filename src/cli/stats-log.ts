/**
 * The layer statistics of a CLI run (--stats-every N): a StatsProbe on the trainer samples every N
 * steps on the GPU; at each epoch end the samples of that epoch are appended to RUN/stats.jsonl
 * (one StatsSample per line), written as TensorBoard histograms beside the scalars
 * (<layer>/weights, <layer>/gradients, <layer>/activations at the global step, in
 * tensorboard/train), and the health warnings that hold at the latest sample are returned for
 * printing.
 */
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { healthWarnings } from '../engine/inspect/health';
import { StatsProbe } from '../engine/inspect/stats-probe';
import type { HealthWarning, StatsSample, TensorHistogram } from '../engine/inspect/stats-types';
import type { Trainer } from '../engine/trainer';
import type { HistogramData } from './tfevents';

export const STATS_FILE = 'stats.jsonl';
/** Default sampling interval in steps: small enough for a curve, rare enough to cost a few percent. */
export const DEFAULT_STATS_EVERY = 50;
/** Samples the health rules look back over. */
const HISTORY = 64;

/** A sampled distribution as TensorBoard's HistogramProto wants it (equal-width bins between min and max). */
export function histogramData(h: TensorHistogram): HistogramData {
  const n = h.count - h.nonFinite;
  const bins = h.counts.length;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? h.hi : h.lo + ((h.hi - h.lo) * k) / bins));
  return { min: h.lo, max: h.hi, num: n, sum: h.mean * n, sumSquares: h.std * h.std * n + h.mean * h.mean * n, edges, counts: h.counts };
}

export class StatsLog {
  private pending: StatsSample[] = [];
  private history: StatsSample[] = [];

  private constructor(private readonly out: string) {}

  /** Installs the probe on `trainer`; a fresh run (not resumed) starts a new stats.jsonl. */
  static async start(out: string, trainer: Trainer, every: number, fresh: boolean): Promise<StatsLog> {
    if (fresh) rmSync(join(out, STATS_FILE), { force: true });
    const log = new StatsLog(out);
    trainer.stepProbe = await StatsProbe.create(trainer.model, every, (s) => log.pending.push(s));
    return log;
  }

  /** Writes the samples since the last call; `histogram` gets each tensor's distribution. */
  epochEnd(histogram: (tag: string, h: HistogramData, step: number) => void): HealthWarning[] {
    const samples = this.pending;
    this.pending = [];
    if (samples.length > 0) appendFileSync(join(this.out, STATS_FILE), samples.map((s) => `${JSON.stringify(s)}\n`).join(''));
    for (const s of samples) {
      for (const l of s.layers) {
        for (const [name, h] of [['weights', l.weights], ['gradients', l.grads], ['activations', l.activations]] as const) {
          if (h) histogram(`${l.layer}/${name}`, histogramData(h), s.globalStep);
        }
      }
    }
    this.history = [...this.history, ...samples].slice(-HISTORY);
    return healthWarnings(this.history);
  }
}
