/**
 * Reads the GPU-side metric accumulator [lossSum, correct, count] without stalling the step loop:
 * each read copies the accumulator into a staging buffer from a rotating pool and clears it in
 * the same command encoder; the map resolves later. Only when too many reads are in flight does
 * the caller wait for the oldest (bounded queue, not a per-step await).
 */
import type { BufferArena } from '../gpu/arena';

export interface MetricSums {
  lossSum: number;
  correct: number;
  count: number;
}

export class MetricsReader {
  private readonly free: GPUBuffer[] = [];
  private readonly inFlight: Promise<MetricSums>[] = [];

  constructor(
    private readonly arena: BufferArena,
    private readonly metrics: GPUBuffer,
    private readonly maxInFlight = 4,
  ) {}

  /** Records copy + clear into `encoder`; call `collect` after the encoder is submitted. */
  record(encoder: GPUCommandEncoder): GPUBuffer {
    const staging = this.free.pop() ?? this.arena.staging('metrics.staging', 16);
    encoder.copyBufferToBuffer(this.metrics, 0, staging, 0, 16);
    encoder.clearBuffer(this.metrics, 0, 16);
    return staging;
  }

  /** Starts mapping `staging` (after submit) and hands the sums to `then` when they arrive. */
  collect(staging: GPUBuffer, then: (m: MetricSums) => void): void {
    const p = staging.mapAsync(GPUMapMode.READ).then(() => {
      const v = new Float32Array(staging.getMappedRange().slice(0));
      staging.unmap();
      this.free.push(staging);
      const m = { lossSum: v[0], correct: v[1], count: v[2] };
      then(m);
      return m;
    });
    this.inFlight.push(p);
  }

  /** Waits only while more than maxInFlight reads are outstanding. */
  async throttle(): Promise<void> {
    while (this.inFlight.length > this.maxInFlight) await this.inFlight.shift();
  }

  async drain(): Promise<void> {
    while (this.inFlight.length) await this.inFlight.shift();
  }
}
