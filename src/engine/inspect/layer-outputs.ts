/**
 * "Run these inputs, give me these nodes' outputs": the probe behind the neuron maps and the
 * conv views (issue 15). An inference copy of the trained model, compiled at its own batch size on
 * the trained model's weight buffer (CompileOptions.sharedParams, as in single-input.ts), runs its
 * eval schedule over the given rows; after each batch the chosen nodes' own output buffers
 * (CompiledModel.value; the model's output from its predictions buffer) are copied straight into one readback buffer, together with any slices of
 * the flat parameter buffer asked for (filters, weights and biases), in the same submits. One
 * mapAsync per call; nothing is recomputed on the CPU.
 *
 * The copy has its own activations, step uniform and metric accumulator, so a call may land
 * between any two training submits without touching the run (the queue orders it after the step
 * that was submitted last). Built once per (model, nodes, rows) and reused; calls are served one
 * at a time.
 */
import { compileModel, type CompiledModel, type Schedule } from '../compile';
import { encodeStep } from '../../kernels/step-uniform';
import type { GpuDataset } from '../gpu-dataset';
import { size } from '../layers/layer';
import type { ParamSlice } from './inspected-layers';

/** Rows evaluated per submit (the copy's batch size). */
export const PROBE_MAX_BATCH = 1024;
/** The most rows one probe takes (a 128 x 128 grid). */
export const PROBE_MAX_ROWS = 128 * 128;
/** The most bytes one call reads back. */
const PROBE_MAX_BYTES = 64 * 1024 * 1024;

export interface NodeOutputs {
  node: string;
  /** One row's output shape. */
  shape: number[];
  /** [rows, ...shape], row-major. */
  values: Float32Array;
}

export interface ProbeResult {
  outputs: NodeOutputs[];
  /** The parameter slices, in the order asked for. */
  slices: Float32Array[];
}

interface Plan {
  node: string;
  shape: number[];
  width: number;
  buffer: GPUBuffer;
  /** Float offset of this node's [rows, width] block in the readback buffer. */
  offset: number;
}

export class LayerOutputsProbe {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly trained: CompiledModel,
    private readonly copy: CompiledModel,
    private readonly data: GpuDataset,
    private readonly schedule: Schedule,
    private readonly plans: Plan[],
    private readonly slices: (ParamSlice & { at: number })[],
    private readonly readback: GPUBuffer,
    private readonly totalFloats: number,
    /** Rows per call. */
    readonly rows: number,
    /** Values per input row. */
    readonly width: number,
    readonly dtype: 'float32' | 'int32',
  ) {}

  /**
   * A probe that evaluates `rows` input rows and reads the outputs of `nodes` (layer ids of
   * `trained`'s graph) and the parameter `slices`. Throws with the reason on an unknown node, a
   * slice outside the parameters, or more rows or bytes than a probe takes.
   */
  static async create(trained: CompiledModel, nodes: readonly string[], rows: number, slices: readonly ParamSlice[] = []): Promise<LayerOutputsProbe> {
    if (!Number.isInteger(rows) || rows < 1 || rows > PROBE_MAX_ROWS) throw new Error(`a probe evaluates 1 to ${PROBE_MAX_ROWS} rows (got ${rows})`);
    for (const id of nodes) if (!trained.graph.byId.has(id)) throw new Error(`the model has no layer "${id}"`);
    const total = trained.layout.total;
    for (const s of slices) {
      if (!Number.isInteger(s.offset) || !Number.isInteger(s.length) || s.offset < 0 || s.length < 1 || s.offset + s.length > total) {
        throw new Error(`parameter slice [${s.offset}, ${s.offset + s.length}) is outside the ${total} parameters`);
      }
    }
    const batch = Math.min(rows, PROBE_MAX_BATCH);
    const copy = await compileModel(trained.device, trained.pipelines, trained.graph.spec, { batch, seed: trained.seed, sharedParams: trained.params });
    try {
      const input = copy.graph.inputs[0];
      const width = size(input.out.shape);
      const arena = copy.arena;
      const data: GpuDataset = {
        n: rows,
        x: arena.storage('probe.x', rows * width * 4),
        // Zero targets: their loss goes to the copy's own metric accumulator, never read.
        y: arena.storage('probe.y', rows * copy.lossPlan.targetWords * 4),
        perm: arena.upload('probe.perm', Uint32Array.from({ length: rows }, (_, i) => i)),
      };
      const schedule = await copy.schedule('eval', data);
      let offset = 0;
      const plans: Plan[] = nodes.map((node) => {
        const shape = [...copy.graph.byId.get(node)!.out.shape];
        // The model's output: its predictions (the loss kernel applies a fused softmax or sigmoid
        // there; the node's own buffer then holds the logits).
        const buffer = node === copy.graph.output.spec.id ? copy.predictions : copy.value(node);
        const plan = { node, shape, width: size(shape), buffer, offset };
        offset += rows * plan.width;
        return plan;
      });
      const placed = slices.map((s) => {
        const at = offset;
        offset += s.length;
        return { ...s, at };
      });
      if (offset * 4 > PROBE_MAX_BYTES) throw new Error(`the probe would read ${offset * 4} bytes; at most ${PROBE_MAX_BYTES} are allowed`);
      const readback = arena.staging('probe.readback', Math.max(1, offset) * 4);
      return new LayerOutputsProbe(trained, copy, data, schedule, plans, placed, readback, offset, rows, width, input.out.dtype === 'int32' ? 'int32' : 'float32');
    } catch (e) {
      copy.destroy();
      throw e;
    }
  }

  /** Throws (with the sizes) when `x` is not `rows` input rows of this model. */
  check(x: Float32Array | Int32Array): void {
    if (x.length !== this.rows * this.width) throw new Error(`the inputs hold ${x.length} values but ${this.rows} rows of this model's input take ${this.rows * this.width}`);
    const dtype = x instanceof Int32Array ? 'int32' : 'float32';
    if (dtype !== this.dtype) throw new Error(`the inputs hold ${dtype} values but the model's input is ${this.dtype}`);
  }

  /** The nodes' outputs for the rows of `x` and the parameter slices as they are now. */
  run(x: Float32Array | Int32Array): Promise<ProbeResult> {
    this.check(x);
    const next = this.chain.then(() => this.once(x));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Frees the copy's buffers (not the shared weights). */
  destroy(): void {
    this.copy.destroy();
  }

  private async once(x: Float32Array | Int32Array): Promise<ProbeResult> {
    const device = this.copy.device;
    const B = this.copy.batch;
    device.queue.writeBuffer(this.data.x, 0, x.buffer, x.byteOffset, x.byteLength);
    for (let base = 0; base < this.rows; base += B) {
      const rows = Math.min(B, this.rows - base);
      // Each batch's uniform is written before its submit (the queue keeps that order).
      device.queue.writeBuffer(this.copy.stepUniform, 0, encodeStep({ base, rows, step: 1 }));
      const enc = device.createCommandEncoder();
      this.schedule.encode(enc);
      for (const p of this.plans) enc.copyBufferToBuffer(p.buffer, 0, this.readback, (p.offset + base * p.width) * 4, rows * p.width * 4);
      if (base + B >= this.rows) for (const s of this.slices) enc.copyBufferToBuffer(this.trained.params, s.offset * 4, this.readback, s.at * 4, s.length * 4);
      device.queue.submit([enc.finish()]);
    }
    await this.readback.mapAsync(GPUMapMode.READ, 0, this.totalFloats * 4);
    try {
      const all = new Float32Array(this.readback.getMappedRange(0, this.totalFloats * 4).slice(0));
      return {
        outputs: this.plans.map((p) => ({ node: p.node, shape: p.shape, values: all.slice(p.offset, p.offset + this.rows * p.width) })),
        slices: this.slices.map((s) => all.slice(s.at, s.at + s.length)),
      };
    } finally {
      this.readback.unmap();
    }
  }
}
