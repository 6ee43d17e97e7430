/**
 * A small ring of GPU-side checkpoints (the parameters and the optimizer state) taken at every
 * metric read of a run, by buffer-to-buffer copies recorded into the step's own encoder (no
 * read-back, no wait). The NaN trap replays from the newest finite one, step by step.
 */
import type { Trainer } from '../trainer';

export interface Checkpoint {
  params: GPUBuffer;
  state: GPUBuffer;
  /** Training steps taken when it was copied (global), and where in which epoch. */
  globalStep: number;
  epoch: number;
  stepInEpoch: number;
  /** The learning rate of the next step (a plateau schedule's lr cannot be recomputed). */
  lr: number;
}

export class CheckpointRing {
  private readonly slots: Checkpoint[] = [];
  private next = 0;

  /**
   * Metric reads resolve a few steps late (up to the reader's reads in flight), so the ring keeps
   * enough checkpoints to still hold the last finite one when a non-finite loss is seen: 8 for a
   * model whose parameters and optimizer state take up to 8 MiB, 3 up to 128 MiB, else 1 (memory
   * before depth: a big model's trap may then find its weights already non-finite, and says so).
   */
  readonly size: number;

  constructor(private readonly trainer: Trainer) {
    const m = trainer.model;
    const bytes = m.params.size + m.optState.size;
    this.size = bytes <= 8 * 2 ** 20 ? 8 : bytes <= 128 * 2 ** 20 ? 3 : 1;
    trainer.onMetricsRead = (enc, stepDone) => this.record(enc, stepDone);
  }

  /** A checkpoint of the weights as they are now (call before a run starts, so its first steps can be replayed). */
  snapshot(): void {
    const enc = this.trainer.device.createCommandEncoder();
    this.record(enc, this.trainer.stepInEpoch);
    this.trainer.device.queue.submit([enc.finish()]);
  }

  /** Copies params and optimizer state into the next slot (allocated on first use). */
  private record(enc: GPUCommandEncoder, stepDone: number): void {
    const t = this.trainer;
    const m = t.model;
    // The step count went back (weights reset, restored or loaded): older checkpoints are stale.
    if (this.slots.some((c) => c.globalStep > t.globalStep)) this.clear();
    let slot = this.slots[this.next];
    if (!slot) {
      slot = { params: m.arena.storage('nan-trap.params', m.params.size), state: m.arena.storage('nan-trap.state', m.optState.size), globalStep: 0, epoch: 0, stepInEpoch: 0, lr: 0 };
      this.slots[this.next] = slot;
    }
    enc.copyBufferToBuffer(m.params, 0, slot.params, 0, m.params.size);
    enc.copyBufferToBuffer(m.optState, 0, slot.state, 0, m.optState.size);
    slot.globalStep = t.globalStep;
    slot.epoch = t.epoch;
    slot.stepInEpoch = stepDone;
    slot.lr = t.currentLr();
    this.next = (this.next + 1) % this.size;
  }

  /** The checkpoints held, oldest first. */
  list(): Checkpoint[] {
    return this.slots.filter((c) => c.globalStep >= 0).sort((a, b) => a.globalStep - b.globalStep);
  }

  /** Forgets every checkpoint (their buffers are kept for reuse). */
  clear(): void {
    for (const c of this.slots) c.globalStep = -1;
    this.next = 0;
  }

  detach(): void {
    this.trainer.onMetricsRead = null;
    for (const s of this.slots) {
      this.trainer.model.arena.destroy(s.params);
      this.trainer.model.arena.destroy(s.state);
    }
    this.slots.length = 0;
    this.next = 0;
  }
}
