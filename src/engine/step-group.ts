/**
 * Several training steps in one command buffer and one submit (issue #18): the group-size rule and
 * the ring of Step uniform records. Each step of a group has its own record (base row, step,
 * seed, lr, alpha, ...) in a small copy-source ring written with ONE `queue.writeBuffer` per
 * group; inside the encoder, `copyBufferToBuffer(ring -> Step uniform)` runs before each step's
 * compute pass, so every pass reads its own step's values (copies and passes of one command
 * buffer execute in order). Writing the Step uniform itself G times with `queue.writeBuffer`
 * would be wrong: every queue write lands before any pass of the submit runs.
 */
import { STEP_UNIFORM_BYTES } from '../kernels/step-uniform';

/** Most steps in one submit under the automatic rule. */
export const MAX_GROUP = 32;
/** GPU time one group may take under the automatic rule (ms): Pause still takes effect within about this. */
export const GROUP_BUDGET_MS = 8;
/** Bytes between records in the ring (copy offsets must be multiples of 4; the record is 40 bytes). */
export const RECORD_STRIDE = STEP_UNIFORM_BYTES;

/**
 * Steps per submit for a measured time per step (ms): as many as fit in `budgetMs`, 1 to `max`;
 * 1 while the time is unknown (Infinity) or a step alone is slower than the budget.
 */
export function groupSize(stepMs: number, budgetMs = GROUP_BUDGET_MS, max = MAX_GROUP): number {
  if (!(stepMs >= 0) || !Number.isFinite(stepMs)) return 1;
  return Math.max(1, Math.min(max, Math.floor(budgetMs / Math.max(stepMs, 1e-3))));
}

/**
 * The length of the group starting at `first`: at most `limit` steps, ending at the first step
 * `k` (`first <= k < first + limit`) for which `endsGroup(k)` holds (a metric read, a sampled step),
 * so such a step is always the last of its group.
 */
export function groupLength(first: number, limit: number, endsGroup: (k: number) => boolean): number {
  for (let k = first; k < first + limit - 1; k++) if (endsGroup(k)) return k - first + 1;
  return Math.max(1, limit);
}

/** Where GPU buffers come from (the model's arena, so its live bytes count the ring). */
export interface BufferSource {
  create(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer;
  destroy(buffer: GPUBuffer): void;
}

/** The per-group ring of Step records: stage records on the CPU, upload once, copy one per step. */
export class StepRing {
  private buffer: GPUBuffer | null = null;
  private bytes = new Uint8Array(0);

  constructor(
    private readonly device: GPUDevice,
    private readonly source: BufferSource,
    private readonly target: GPUBuffer,
  ) {}

  /** Makes room for `n` records (grows the buffer; existing contents are not kept). */
  reserve(n: number): void {
    if (this.buffer && this.bytes.length >= n * RECORD_STRIDE) return;
    if (this.buffer) this.source.destroy(this.buffer);
    const cap = Math.max(n, MAX_GROUP);
    this.bytes = new Uint8Array(cap * RECORD_STRIDE);
    // STORAGE: the fused MLP steps read their records straight from the ring (fused-mlp.ts).
    this.buffer = this.source.create('step.ring', cap * RECORD_STRIDE, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | GPUBufferUsage.STORAGE);
  }

  /** The ring's buffer (null before the first reserve); a new one after a reserve that grows it. */
  get records(): GPUBuffer | null {
    return this.buffer;
  }

  /** Stages record `k` (an encoded Step uniform, STEP_UNIFORM_BYTES), for a kernel that reads the ring itself. */
  stage(k: number, record: ArrayBuffer): void {
    if (!this.buffer || (k + 1) * RECORD_STRIDE > this.bytes.length) throw new Error(`step ring: record ${k} is past the reserved capacity`);
    this.bytes.set(new Uint8Array(record, 0, STEP_UNIFORM_BYTES), k * RECORD_STRIDE);
  }

  /** Stages record `k` and encodes its copy into the Step uniform. */
  put(enc: GPUCommandEncoder, k: number, record: ArrayBuffer): void {
    this.stage(k, record);
    enc.copyBufferToBuffer(this.buffer!, k * RECORD_STRIDE, this.target, 0, STEP_UNIFORM_BYTES);
  }

  /** Writes the first `n` staged records with one queue write; call before the group's submit. */
  upload(n: number): void {
    if (!this.buffer) throw new Error('step ring: upload before reserve');
    this.device.queue.writeBuffer(this.buffer, 0, this.bytes, 0, n * RECORD_STRIDE);
  }

  destroy(): void {
    if (this.buffer) this.source.destroy(this.buffer);
    this.buffer = null;
  }
}
