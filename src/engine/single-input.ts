/**
 * Inference on one sample at a time (a drawing to classify, the next character of generated
 * text), built once and reused: an inference copy of the model compiled at batch 1 that runs on
 * the trained model's weight buffer (CompileOptions.sharedParams), a one-row dataset on the GPU,
 * its eval schedule and one readback buffer. Each call writes the row, runs the schedule and reads
 * the outputs. Nothing is allocated per call on the GPU side.
 *
 * The copy has its own activations, step uniform and metric accumulator, so a call may land
 * between any two training or evaluation submits without touching them, and it costs one sample's
 * work instead of a whole training batch's.
 */
import { compileModel, type CompiledModel, type Schedule } from './compile';
import { encodeStep } from '../kernels/step-uniform';
import type { GpuDataset } from './gpu-dataset';

export class SingleInputPredictor {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: CompiledModel,
    private readonly row: GpuDataset,
    private readonly schedule: Schedule,
    private readonly readback: GPUBuffer,
    /** Values per input row. */
    readonly width: number,
    readonly dtype: 'float32' | 'int32',
  ) {}

  /** A batch-1 copy of `trained` that reads its weights as they are at each call. */
  static async create(trained: CompiledModel): Promise<SingleInputPredictor> {
    const model = await compileModel(trained.device, trained.pipelines, trained.graph.spec, { batch: 1, seed: trained.seed, sharedParams: trained.params });
    try {
      const arena = model.arena;
      const input = model.graph.inputs[0];
      const width = input.out.shape.reduce((a, b) => a * b, 1);
      const plan = model.lossPlan;
      const row: GpuDataset = {
        n: 1,
        x: arena.storage('single.x', width * 4),
        // Zero targets: class 0 or 0.0; the loss they give goes to this copy's own metrics, never read.
        y: arena.storage('single.y', plan.targetWords * 4),
        perm: arena.upload('single.perm', new Uint32Array(1)),
      };
      const schedule = await model.schedule('eval', row);
      // Every call evaluates row 0 of a one-row dataset: base 0, 1 row, learning rate 0.
      trained.device.queue.writeBuffer(model.stepUniform, 0, encodeStep({ base: 0, rows: 1, step: 1 }));
      const readback = arena.staging('single.readback', plan.outputs * 4);
      return new SingleInputPredictor(model, row, schedule, readback, width, input.out.dtype === 'int32' ? 'int32' : 'float32');
    } catch (e) {
      model.destroy();
      throw e;
    }
  }

  /** Throws (with the sizes) when `x` is not one input row of this model. */
  check(x: Float32Array | Int32Array): void {
    if (x.length !== this.width) throw new Error(`the input has ${x.length} values but the model's input takes ${this.width}`);
    const dtype = x instanceof Int32Array ? 'int32' : 'float32';
    if (dtype !== this.dtype) throw new Error(`the input holds ${dtype} values but the model's input is ${this.dtype}`);
  }

  /** Encodes and submits one prediction right away; resolves with the model's outputs for `x`. Calls are served one at a time. */
  run(x: Float32Array | Int32Array): Promise<Float32Array> {
    this.check(x);
    const next = this.chain.then(() => this.once(x));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Frees the copy's buffers (not the shared weights). */
  destroy(): void {
    this.model.destroy();
  }

  private async once(x: Float32Array | Int32Array): Promise<Float32Array> {
    const m = this.model;
    const device = m.device;
    const bytes = m.lossPlan.outputs * 4;
    device.queue.writeBuffer(this.row.x, 0, x.buffer, x.byteOffset, x.byteLength);
    const enc = device.createCommandEncoder();
    this.schedule.encode(enc);
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
