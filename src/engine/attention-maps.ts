/**
 * Attention maps of one input: for every MultiHeadAttention layer, the weights
 * P = softmax(QKᵀ/√dk + mask) per head, [H, TQ, TK], recomputed on the GPU for that one sample.
 *
 * The training step never stores P (the fused kernels keep only O and the log-sum-exp), so the
 * probe runs the model's eval schedule on a one-row dataset (every batch row gathers the sample;
 * row 0 is read), then, in the same command encoder, per attention layer:
 *   dense_forward x2 (Q and K of row 0 from the layer's input values and its weights in the flat
 *   parameter buffer) -> attention_composed_scores (N = 1; causal and key-padding masks as in
 *   training) -> softmax_forward over rows of TK -> copy into one readback buffer.
 * Built once per model and reused; the metric accumulator is saved and restored around the eval
 * schedule (as in SingleInputPredictor), so a call may land between any two training submits.
 * Uses only the compiled model's public surface (value buffers, params, layout, pipelines).
 */
import { DispatchRecorder, recordDispatches } from '../gpu/recorded';
import { Schedule, type CompiledModel } from './compile';
import type { GpuDataset } from './gpu-dataset';
import { maskSource, type GraphNode } from './graph';
import type { Dispatcher } from '../kernels/dispatch';
import { denseForward } from '../kernels/dense/dense';
import { attentionComposedScores } from '../kernels/attention/composed';
import { softmaxForward } from '../kernels/activation/activation';
import { size } from './layers/layer';
import { paramOffsets } from './params';
import type { MultiHeadAttentionLayer } from './spec';

export interface AttentionMap {
  /** The MultiHeadAttention layer's id. */
  layer: string;
  heads: number;
  /** Query and key positions. */
  tq: number;
  tk: number;
  /** Row-major [heads, tq, tk]; each row sums to 1. */
  weights: Float32Array;
}

interface LayerPlan {
  layer: string;
  H: number;
  TQ: number;
  TK: number;
  /** Float offset of this layer's [H, TQ, TK] block in the readback buffer. */
  offset: number;
  p: GPUBuffer;
}

/** The MultiHeadAttention nodes of a graph, in execution order. */
export function attentionNodes(nodes: readonly GraphNode[]): GraphNode[] {
  return nodes.filter((n) => n.spec.type === 'MultiHeadAttention');
}

export class AttentionProbe {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: CompiledModel,
    private readonly row: GpuDataset,
    private readonly evalSchedule: Schedule,
    private readonly probe: Schedule,
    private readonly layers: LayerPlan[],
    private readonly savedMetrics: GPUBuffer,
    private readonly readback: GPUBuffer,
    readonly width: number,
    readonly dtype: 'float32' | 'int32',
  ) {}

  /** Null when the model has no MultiHeadAttention layer. */
  static async create(model: CompiledModel): Promise<AttentionProbe | null> {
    const nodes = attentionNodes(model.graph.nodes);
    if (nodes.length === 0) return null;
    const arena = model.arena;
    const input = model.graph.inputs[0];
    const width = size(input.out.shape);
    const row: GpuDataset = {
      n: 1,
      x: arena.storage('probe.x', width * 4),
      y: arena.storage('probe.y', model.lossPlan.targetWords * 4),
      perm: arena.upload('probe.perm', new Uint32Array(1)),
    };
    const evalSchedule = await model.schedule('eval', row);
    const recorder = new DispatchRecorder((id) => `attention-probe:${id}`);
    const layers: LayerPlan[] = [];
    let offset = 0;
    for (const n of nodes) {
      const plan = planLayer(model, n, offset, recorder);
      layers.push(plan);
      offset += plan.H * plan.TQ * plan.TK;
    }
    const probe = new Schedule('eval', await recordDispatches(model.device, model.pipelines, recorder.pending, 'building the attention-map probe'));
    const savedMetrics = arena.storage('probe.metrics', 16);
    const readback = arena.staging('probe.readback', offset * 4);
    return new AttentionProbe(model, row, evalSchedule, probe, layers, savedMetrics, readback, width, input.out.dtype === 'int32' ? 'int32' : 'float32');
  }

  /** Throws (with the sizes) when `x` is not one input row of this model. */
  check(x: Float32Array | Int32Array): void {
    if (x.length !== this.width) throw new Error(`the input has ${x.length} values but the model's input takes ${this.width}`);
    const dtype = x instanceof Int32Array ? 'int32' : 'float32';
    if (dtype !== this.dtype) throw new Error(`the input holds ${dtype} values but the model's input is ${this.dtype}`);
  }

  /** The maps of every attention layer for `x` (the step uniform must say base 0, rows 1: `writeStep`). Calls are served one at a time. */
  run(x: Float32Array | Int32Array, writeStep: () => void): Promise<AttentionMap[]> {
    this.check(x);
    const next = this.chain.then(() => this.once(x, writeStep));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async once(x: Float32Array | Int32Array, writeStep: () => void): Promise<AttentionMap[]> {
    const m = this.model;
    const device = m.device;
    device.queue.writeBuffer(this.row.x, 0, x.buffer, x.byteOffset, x.byteLength);
    writeStep();
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(m.metrics, 0, this.savedMetrics, 0, 16);
    this.evalSchedule.encode(enc);
    this.probe.encode(enc);
    enc.copyBufferToBuffer(this.savedMetrics, 0, m.metrics, 0, 16);
    for (const l of this.layers) enc.copyBufferToBuffer(l.p, 0, this.readback, l.offset * 4, l.H * l.TQ * l.TK * 4);
    device.queue.submit([enc.finish()]);
    await this.readback.mapAsync(GPUMapMode.READ);
    try {
      const all = new Float32Array(this.readback.getMappedRange().slice(0));
      return this.layers.map((l) => ({ layer: l.layer, heads: l.H, tq: l.TQ, tk: l.TK, weights: all.slice(l.offset, l.offset + l.H * l.TQ * l.TK) }));
    } finally {
      this.readback.unmap();
    }
  }
}

/** Queues the dispatches that turn one attention layer's inputs (row 0) into P; returns where P lands. */
function planLayer(model: CompiledModel, n: GraphNode, offset: number, d: Dispatcher): LayerPlan {
  const spec = n.spec as MultiHeadAttentionLayer;
  const [TQ, D] = n.inputs[0].out.shape;
  const [TK, DV] = n.inputs[n.inputs.length - 1].out.shape;
  const H = spec.numHeads;
  const DK = spec.keyDim ?? D / H;
  const HD = H * DK;
  const o = paramOffsets(model.layout, spec.id);
  const arena = model.arena;
  const q = arena.storage(`probe.${spec.id}.q`, TQ * HD * 4);
  const k = arena.storage(`probe.${spec.id}.k`, TK * HD * 4);
  const s = arena.storage(`probe.${spec.id}.s`, H * TQ * TK * 4);
  const p = arena.storage(`probe.${spec.id}.p`, H * TQ * TK * 4);
  const project = (x: GPUBuffer, y: GPUBuffer, M: number, K: number, wOff: number, bOff: number | undefined) =>
    denseForward(d, { x, params: model.params, y, rows: M, in: K, out: HD, hasBias: bOff !== undefined, wOff, bOff });
  // Every batch row holds the sample: reading M = T rows reads row 0.
  project(model.value(n.inputs[0].spec.id), q, TQ, D, o.query_weight, o.query_bias);
  project(model.value(n.inputs[n.inputs.length - 1].spec.id), k, TK, DV, o.key_weight, o.key_bias);
  const ids = maskSource(n);
  attentionComposedScores(d, { N: 1, H, TQ, TK, DK, causal: spec.causal === true, q, k, ids: ids !== undefined ? model.value(ids) : null, s });
  softmaxForward(d, { x: s, y: p, rows: H * TQ, cols: TK });
  return { layer: spec.id, H, TQ, TK, offset, p };
}

