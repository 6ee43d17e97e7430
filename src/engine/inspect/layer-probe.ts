/**
 * Reads one hidden layer's output for a set of samples (the projector's penultimate activations):
 * an inference copy of the model at a small batch that runs on the trained model's weight buffer
 * (CompileOptions.sharedParams, as SingleInputPredictor), the samples uploaded once, and per call
 * the eval schedule over them batch by batch, each batch's rows of the node's value buffer copied
 * into one GPU buffer that is read back once. The copy has its own activations, step uniform and
 * metrics, so a call may come between any two training steps without touching the run.
 */
import { readBuffer } from '../../gpu/arena';
import { encodeStep } from '../../kernels/step-uniform';
import type { Dataset } from '../../data/dataset';
import { compileModel, type CompiledModel, type Schedule } from '../compile';
import { uploadDataset } from '../gpu-dataset';
import { size } from '../layers/layer';

/** Rows per batch of the copy (the last batch may be shorter). */
export const PROBE_BATCH = 64;

export class LayerProbe {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: CompiledModel,
    private readonly schedule: Schedule,
    private readonly out: GPUBuffer,
    readonly node: string,
    /** Values per sample of the node's output. */
    readonly width: number,
    readonly n: number,
  ) {}

  /** A probe of node `node` of `trained` over the samples of `ds` (all of them; the caller picks them). */
  static async create(trained: CompiledModel, node: string, ds: Dataset): Promise<LayerProbe> {
    const n = trained.graph.byId.get(node);
    if (!n) throw new Error(`the model has no layer "${node}"`);
    if (n.out.dtype !== 'float32') throw new Error(`layer "${node}" holds ${n.out.dtype} values, not activations`);
    const model = await compileModel(trained.device, trained.pipelines, trained.graph.spec, { batch: Math.min(PROBE_BATCH, ds.n), seed: trained.seed, sharedParams: trained.params });
    try {
      const data = uploadDataset(model.arena, model.graph, model.lossPlan, ds);
      const schedule = await model.schedule('eval', data);
      const width = size(n.out.shape);
      const out = model.arena.storage('probe.activations', ds.n * width * 4);
      return new LayerProbe(model, schedule, out, node, width, ds.n);
    } catch (e) {
      model.destroy();
      throw e;
    }
  }

  /** The node's output for every sample, row-major [n, width], with the weights as they are now. Calls are served one at a time. */
  read(): Promise<Float32Array> {
    const next = this.chain.then(() => this.once());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Frees the copy's buffers (not the shared weights). */
  destroy(): void {
    this.model.destroy();
  }

  private async once(): Promise<Float32Array> {
    const m = this.model;
    const device = m.device;
    const B = m.batch;
    const value = m.value(this.node);
    const rowBytes = this.width * 4;
    for (let base = 0; base < this.n; base += B) {
      const rows = Math.min(B, this.n - base);
      // Learning rate 0 and the inference schedule: Dropout passes values through, nothing updates.
      device.queue.writeBuffer(m.stepUniform, 0, encodeStep({ base, rows, step: 1 }));
      const enc = device.createCommandEncoder();
      this.schedule.encode(enc);
      enc.copyBufferToBuffer(value, 0, this.out, base * rowBytes, rows * rowBytes);
      device.queue.submit([enc.finish()]);
    }
    return new Float32Array(await readBuffer(device, this.out, this.n * rowBytes));
  }
}
