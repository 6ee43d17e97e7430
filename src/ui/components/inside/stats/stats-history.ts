/**
 * A bounded history of layer-statistics samples: it keeps every `stride`-th sample that arrived
 * plus the newest one, and doubles the stride (dropping every other kept sample) whenever more
 * than `cap` are kept, so a long run stays evenly covered by at most `cap` samples at O(1) cost
 * per sample on average (the array the views read is rebuilt only when they ask). A sample from an earlier step or another set of layers (a new model, a
 * reset) starts the history again; a repeated step replaces the newest sample. Pure, no DOM.
 */
import type { StatsSample } from '../../../../worker/protocol';

export const HISTORY_CAP = 500;

interface Kept {
  /** Arrival number since the history (re)started. */
  n: number;
  sample: StatsSample;
}

const layerKey = (s: StatsSample) => s.layers.map((l) => `${l.layer}:${l.type}`).join('|');

export class StatsHistory {
  private kept: Kept[] = [];
  private arrived = 0;
  private stride = 1;
  private key = '';
  private view: readonly StatsSample[] | null = [];

  constructor(private readonly cap = HISTORY_CAP) {
    if (!(cap >= 2)) throw new Error(`history cap must be at least 2, got ${cap}`);
  }

  /** Adds a sample; returns false (and keeps nothing) for a sample with no layers. */
  push(sample: StatsSample): boolean {
    if (sample.layers.length === 0) return false;
    const last = this.kept.at(-1)?.sample;
    const key = layerKey(sample);
    if (last && (key !== this.key || sample.globalStep < last.globalStep)) this.clear();
    this.key = key;
    const newest = this.kept.at(-1);
    if (newest && newest.sample.globalStep === sample.globalStep) {
      newest.sample = sample;
    } else {
      // The newest is kept only as the newest unless it falls on the stride.
      if (newest && newest.n % this.stride !== 0) this.kept.pop();
      this.kept.push({ n: this.arrived++, sample });
      if (this.kept.length > this.cap) {
        this.stride *= 2;
        const lastIndex = this.kept.length - 1;
        this.kept = this.kept.filter((k, i) => k.n % this.stride === 0 || i === lastIndex);
      }
    }
    this.view = null;
    return true;
  }

  clear(): void {
    this.kept = [];
    this.arrived = 0;
    this.stride = 1;
    this.key = '';
    this.view = [];
  }

  /** How many samples are kept. */
  get size(): number {
    return this.kept.length;
  }

  /** The kept samples, oldest first; a new array after every change (safe to compare by identity). */
  samples(): readonly StatsSample[] {
    this.view ??= this.kept.map((k) => k.sample);
    return this.view;
  }
}
