/**
 * Fused training steps for small dense stacks (issue #18): when a model is a chain of at most four
 * Dense layers (each with an elementwise activation, or a separate Activation layer after it) from a
 * flat float input, trained on softmax cross-entropy over class ids or on mean squared error, and its
 * batch's activations fit in workgroup memory, all steps of a group but the last run as ONE
 * mlp_steps dispatch (src/kernels/mlp/) that reads their Step records from the trainer's ring. The
 * last step of every group runs the general schedule, so every buffer a reader looks at between
 * groups (layer outputs, gradients, predictions: statistics, the NaN trap, probes) is that schedule's.
 * Models it does not fit (Dropout, BatchNorm, other losses, class weights, label smoothing, wide
 * layers) train as before.
 */
import { DispatchRecorder, recordDispatches } from '../gpu/recorded';
import { MLP_MAX_LAYERS, MLP_WORKGROUP_BYTES, mlpSteps, mlpStepsWorkgroupWords, type MlpLayer, type MlpStepsArgs } from '../kernels/mlp/mlp';
import { ACT_CODE } from './layers/activation-codes';
import { paramOffsets } from './params';
import { Schedule, type CompiledModel } from './compile';
import type { GpuDataset } from './gpu-dataset';
import type { GraphNode } from './graph';

export interface FusedMlpPlan {
  inputs: number;
  layers: MlpLayer[];
  loss: MlpStepsArgs['loss'];
  targetWords: number;
}

const activationCode = (name: string | undefined): number | null => ACT_CODE[name ?? 'linear'] ?? null;

/** The dense stack the fused kernel would run for this model, or null where it does not apply. */
export function planFusedMlp(model: CompiledModel, workgroupBytes = MLP_WORKGROUP_BYTES): FusedMlpPlan | null {
  const { graph, lossPlan: plan, layout } = model;
  const input = graph.inputs[0];
  if (graph.inputs.length !== 1 || input.out.dtype !== 'float32' || input.out.shape.length !== 1) return null;
  if (plan.positions !== 1 || plan.settings.labelSmoothing !== 0 || plan.settings.classWeights.length > 0) return null;
  const loss = plan.kernel === 'loss_softmax_xent_sparse' ? 'sparse_softmax_xent' : plan.kernel === 'loss_mse' ? 'mse' : null;
  if (!loss || layout.trainEnd !== layout.total) return null;
  const layers: MlpLayer[] = [];
  let prev: GraphNode = input;
  let dense: MlpLayer | null = null; // the last Dense, while a following Activation may still set its code
  for (const n of graph.nodes) {
    if (n === input) continue;
    if (n.inputs.length !== 1 || n.inputs[0] !== prev || prev.consumers.length !== 1) return null;
    prev = n;
    if (n === plan.absorbedNode) continue; // the loss applies the softmax
    const spec = n.spec as { type: string; units?: number; activation?: string };
    if (spec.type === 'Dense') {
      const act = n === plan.absorbedActivation ? 0 : activationCode(spec.activation);
      if (act === null || layers.length === MLP_MAX_LAYERS) return null;
      const off = paramOffsets(layout, n.spec.id);
      dense = { units: spec.units!, act, wOff: off.weight, bOff: off.bias ?? null };
      layers.push(dense);
    } else if (spec.type === 'Activation') {
      const act = activationCode(spec.activation);
      if (act === null || !dense || dense.act !== 0) return null;
      dense.act = act;
      dense = null;
    } else {
      return null;
    }
  }
  if (layers.length === 0 || prev !== graph.output) return null;
  // Cross-entropy reads the last layer's output as logits: no activation of its own.
  if (loss === 'sparse_softmax_xent' && layers[layers.length - 1].act !== 0) return null;
  const words = mlpStepsWorkgroupWords(model.batch, input.out.shape[0], layers.map((l) => l.units), plan.targetWords, layout.total / 4);
  if (words * 4 > Math.min(workgroupBytes, MLP_WORKGROUP_BYTES)) return null;
  return { inputs: input.out.shape[0], layers, loss, targetWords: plan.targetWords };
}

/** The recorded mlp_steps dispatch of one model and dataset, reading its Step records from `records`. */
export class FusedSteps {
  private readonly argWords = new Uint32Array(4);

  private constructor(
    private readonly model: CompiledModel,
    private readonly schedule: Schedule,
    private readonly args: GPUBuffer,
    /** The ring buffer the dispatch reads its records from (rebuild when the ring reallocates). */
    readonly records: GPUBuffer,
  ) {}

  /** Null where the model is not a small dense stack (planFusedMlp). */
  static async build(model: CompiledModel, data: GpuDataset, records: GPUBuffer): Promise<FusedSteps | null> {
    const plan = planFusedMlp(model, model.device.limits.maxComputeWorkgroupStorageSize);
    if (!plan) return null;
    const args = model.arena.uniform('fused.args', 16);
    const rec = new DispatchRecorder(() => 'fused steps');
    // 16 invocations on a CPU adapter (SwiftShader runs the one workgroup on one core; fewer, busier
    // invocations measured 2x faster there), 64 on a GPU. Without a tuner (tests, no adapter info): 16.
    const tuner = model.pipelines.tuner;
    mlpSteps(rec, {
      wg: tuner && !tuner.cpu ? 64 : 16,
      B: model.batch,
      ...plan,
      rows: data.n,
      optimizer: model.optimizerRule(),
      args,
      records,
      perm: data.perm,
      xs: data.x,
      ys: data.y,
      params: model.params,
      grads: model.grads,
      state: model.optState,
      metrics: model.metrics,
    });
    const dispatches = await recordDispatches(model.device, model.pipelines, rec.pending, 'building the fused training steps');
    return new FusedSteps(model, new Schedule('train', dispatches), args, records);
  }

  /** Encodes the steps of ring records 0 .. count-1 (the ring is uploaded before the submit). */
  encode(encoder: GPUCommandEncoder, count: number): void {
    this.argWords[1] = count;
    this.model.device.queue.writeBuffer(this.args, 0, this.argWords);
    this.schedule.encode(encoder);
  }

  destroy(): void {
    this.model.arena.destroy(this.args);
  }
}
