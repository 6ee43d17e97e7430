/**
 * The state every piece of the worker session shares: the GPU context, the loaded model, the run
 * status and target, the divergence and device-loss flags and the last good weights snapshot;
 * plus the reporting helpers and the one GPU task queue (init, load, reset, evaluate, runs, io
 * are serialized on it, so no two tasks ever interleave their submissions). Framework-free.
 */
import type { GpuContext } from '../gpu/device';
import type { PipelineCache } from '../gpu/pipelines';
import type { LoadedModel } from './model-loader';
import type { ErrorSource, FromWorker, ModelInfo, RunStatus, WeightsBlob } from './protocol';
import { WeightsPoster } from './weights-snapshot';

export type Post = (m: FromWorker, transfer?: Transferable[]) => void;

export const LOST_MESSAGE = 'The GPU device was lost; recover it first.';
export const NO_MODEL_MESSAGE = 'No model is built yet.';
export const DIVERGED_MESSAGE = 'The weights are unusable since the loss diverged: restore the last good weights or press Reset.';

export class SessionCore {
  gpu: { ctx: GpuContext; pipelines: PipelineCache } | null = null;
  model: LoadedModel | null = null;
  status: RunStatus = 'starting';
  /** The epoch count the current round trains to. */
  target = 0;
  /** Set when the loss went non-finite: the weights are unusable until a reset, restore or load. */
  diverged: string | null = null;
  lost = false;
  /** Weights at the last finished epoch with a finite loss (or right after load/reset). */
  snapshot: WeightsBlob | null = null;
  readonly weightsPoster: WeightsPoster;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly post: Post) {
    this.weightsPoster = new WeightsPoster(post);
  }

  /** Runs `task` after every task queued before it; a failure is reported as an error from `where`. */
  enqueue(where: ErrorSource, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => {
      // Work cut off by a lost device fails with GPU errors; the device-lost report covers them.
      if (!this.lost) this.error(where, messageOf(e));
    });
  }

  error(where: ErrorSource, message: string): void {
    this.post({ type: 'error', where, message });
  }

  setStatus(status: RunStatus): void {
    this.status = this.lost ? 'lost' : status;
    this.post({ type: 'state', status: this.status, epoch: this.model?.trainer.epoch ?? 0, epochs: this.target });
  }

  postModel(weights: ModelInfo['weights']): void {
    const m = this.model;
    if (m) this.post({ type: 'model', info: { ...m.info, weights, epoch: m.trainer.epoch } });
  }

  /** The model when its weights can be read now, else the sentence saying why not. */
  usableModel(): LoadedModel | string {
    if (this.lost) return LOST_MESSAGE;
    if (!this.model) return NO_MODEL_MESSAGE;
    if (this.diverged) return DIVERGED_MESSAGE;
    return this.model;
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
