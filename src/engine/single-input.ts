/**
 * Inference on one sample at a time (a drawing to classify), built once and reused: a one-row
 * dataset on the GPU, its eval schedule and one readback buffer. Each call writes the row, runs
 * the eval schedule (a whole batch; every row gathers the one sample) and reads row 0 of the
 * predictions. Nothing is allocated per call on the GPU side.
 *
 * The eval schedule's loss kernel adds to the model's metric accumulator; the accumulator is
 * saved before and restored after in the same command encoder, so a call may land between any
 * two training or evaluation submits without changing their metrics.
 */
import type { BufferArena } from '../gpu/arena';
import type { CompiledModel, Schedule } from './compile';
import type { GpuDataset } from './gpu-dataset';

export class SingleInputPredictor {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: CompiledModel,
    private readonly row: GpuDataset,
    private readonly schedule: Schedule,
    private readonly savedMetrics: GPUBuffer,
    private readonly readback: GPUBuffer,
    /** Values per input row. */
    readonly width: number,
    readonly dtype: 'float32' | 'int32',
  ) {}

  static async create(model: CompiledModel): Promise<SingleInputPredictor> {
    const arena: BufferArena = model.arena;
    const input = model.graph.inputs[0];
    const width = input.out.shape.reduce((a, b) => a * b, 1);
    const plan = model.lossPlan;
    const row: GpuDataset = {
      n: 1,
      x: arena.storage('single.x', width * 4),
      // Zero targets: class 0 or 0.0; the loss they give is discarded with the metrics.
      y: arena.storage('single.y', plan.targetWords * 4),
      perm: arena.upload('single.perm', new Uint32Array(1)),
    };
    const schedule = await model.schedule('eval', row);
    const savedMetrics = arena.storage('single.metrics', 16);
    const readback = arena.staging('single.readback', plan.outputs * 4);
    return new SingleInputPredictor(model, row, schedule, savedMetrics, readback, width, input.out.dtype === 'int32' ? 'int32' : 'float32');
  }

  /** Throws (with the sizes) when `x` is not one input row of this model. */
  check(x: Float32Array | Int32Array): void {
    if (x.length !== this.width) throw new Error(`the input has ${x.length} values but the model's input takes ${this.width}`);
    const dtype = x instanceof Int32Array ? 'int32' : 'float32';
    if (dtype !== this.dtype) throw new Error(`the input holds ${dtype} values but the model's input is ${this.dtype}`);
  }

  /**
   * Encodes and submits one prediction right away (the step uniform must already say base 0,
   * rows 1); resolves with the model's outputs for `x`. Calls are served one at a time.
   */
  run(x: Float32Array | Int32Array, writeStep: () => void): Promise<Float32Array> {
    this.check(x);
    const next = this.chain.then(() => this.once(x, writeStep));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async once(x: Float32Array | Int32Array, writeStep: () => void): Promise<Float32Array> {
    const m = this.model;
    const device = m.device;
    const bytes = m.lossPlan.outputs * 4;
    device.queue.writeBuffer(this.row.x, 0, x.buffer, x.byteOffset, x.byteLength);
    writeStep();
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(m.metrics, 0, this.savedMetrics, 0, 16);
    this.schedule.encode(enc);
    enc.copyBufferToBuffer(this.savedMetrics, 0, m.metrics, 0, 16);
    enc.copyBufferToBuffer(m.predictions, 0, this.readback, 0, bytes);
    device.queue.submit([enc.finish()]);
    await this.readback.mapAsync(GPUMapMode.READ, 0, bytes);
    try {
      return new Float32Array(this.readback.getMappedRange(0, bytes).slice(0));
    } finally {
      this.readback.unmap();
    }
  }
}
