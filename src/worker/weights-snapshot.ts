/**
 * The worker's CPU copies of the weights: reading and writing them on a loaded model, keeping
 * the "last good snapshot" (only ever replaced by weights that are all finite, so restoring it
 * never brings back NaNs), and posting snapshots to the UI during runs, throttled by size, so an
 * autosave mid-run stores weights that match the epochs it lists.
 */
import type { LoadedModel } from './model-loader';
import type { FromWorker, WeightsBlob } from './protocol';

export async function readWeights(m: LoadedModel): Promise<WeightsBlob> {
  return { params: await m.trainer.readParams(), epoch: m.trainer.epoch, globalStep: m.trainer.globalStep };
}

/** Writes `w` into the model with a fresh optimizer state; the counters continue from `w`. */
export function applyWeights(m: LoadedModel, w: WeightsBlob): void {
  const t = m.trainer;
  t.resetWeights();
  t.writeParams(w.params);
  t.epoch = w.epoch;
  t.globalStep = w.globalStep;
}

export function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** The new last good snapshot: `next` when every weight is finite, else `prev` unchanged. */
export function takeSnapshot(prev: WeightsBlob | null, next: WeightsBlob): WeightsBlob | null {
  return allFinite(next.params) ? next : prev;
}

/** Weights up to this many bytes are posted at most once per SMALL_INTERVAL_MS (in practice every epoch or so). */
export const SMALL_BYTES = 1 << 20;
export const LARGE_BYTES = 16 << 20;
export const SMALL_INTERVAL_MS = 1_000;
export const MEDIUM_INTERVAL_MS = 10_000;
export const LARGE_INTERVAL_MS = 30_000;

/** Minimum time between two epoch-end weight posts for weights of `bytes` bytes. */
export function weightsInterval(bytes: number): number {
  return bytes <= SMALL_BYTES ? SMALL_INTERVAL_MS : bytes <= LARGE_BYTES ? MEDIUM_INTERVAL_MS : LARGE_INTERVAL_MS;
}

/** Posts `weights` messages: `now` always, `offer` (epoch ends) only when the size's interval has passed since the last post. */
export class WeightsPoster {
  private last = -Infinity;

  constructor(
    private readonly post: (m: FromWorker, transfer?: Transferable[]) => void,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Posts a copy of `w` (the snapshot itself stays with the worker). */
  now(w: WeightsBlob): void {
    this.last = this.clock();
    const params = w.params.slice();
    this.post({ type: 'weights', params, epoch: w.epoch, globalStep: w.globalStep }, [params.buffer]);
  }

  /** Posts `w` when due; returns whether it did. */
  offer(w: WeightsBlob | null): boolean {
    if (!w || this.clock() - this.last < weightsInterval(w.params.byteLength)) return false;
    this.now(w);
    return true;
  }
}

/** Testing aid (development builds only): an uncaught error at the worker's top level, as a crash. */
export function crashForTests(): void {
  if (import.meta.env.DEV) {
    setTimeout(() => {
      throw new Error('Simulated crash of the training worker (debug-crash).');
    });
  }
}
