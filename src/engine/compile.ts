/**
 * The compiler: a validated graph becomes GPU buffers (planned once) and fixed schedules of
 * dispatches with their pipelines and bind groups created up front. A training step is
 * gather -> forward -> loss -> backward -> optimizer, recorded into one compute pass; nothing is
 * allocated per step.
 */
import { BufferArena } from '../gpu/arena';
import { withErrorScopes } from '../gpu/errors';
import type { KernelId } from '../kernels/registry';
import { STEP_UNIFORM_BYTES } from '../kernels/step-uniform';
import type { Dispatcher, TuneRequest } from '../kernels/dispatch';
import { gatherBatch } from '../kernels/gather/gather';
import { lossForward } from '../kernels/loss/loss';
import { optimizerGlobalNorm, optimizerUpdate, type OptimizerRule } from '../kernels/optimizer/optimizer';
import { PipelineCache, type Constants } from '../gpu/pipelines';
import { encodeDispatches, recordDispatches, type PendingDispatch, type RecordedDispatch } from '../gpu/recorded';

export type { RecordedDispatch };
import { buildGraph, maskSource, type GraphNode, type ModelGraph } from './graph';
import { size, type Binding, type Emitter, type GradTarget, type NodeView } from './layers/layer';
import { appliedActivation } from './layers/layer-meta';
import { planLoss, type LossPlan } from './loss-plan';
import { initParams, layoutParams, paramOffsets, type ParamLayout } from './params';
import { optimizerDefaults, optimizerRow, optimizerSlotDefs, type SlotDef } from './optimizers';
import type { ModelSpec } from './spec';
import type { GpuDataset } from './gpu-dataset';
import { assertFitsDevice, type DataFootprint } from './size-check';

export class Schedule {
  constructor(
    readonly kind: 'train' | 'eval',
    readonly dispatches: RecordedDispatch[],
  ) {}

  get dispatchCount(): number {
    return this.dispatches.length;
  }

  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass();
    encodeDispatches(pass, this.dispatches);
    pass.end();
  }
}

export interface CompileOptions {
  batch: number;
  seed: number;
  /**
   * Run on these weights instead of owning some: an inference copy of another model at another
   * batch size (e.g. batch 1 for single predictions). Not initialised, not destroyed with this
   * model, and no gradient or optimizer buffers are sized for them (such a model only evaluates).
   */
  sharedParams?: GPUBuffer;
  /** The dataset buffers the caller will upload, counted in the size check before anything is allocated. */
  data?: DataFootprint[];
}

export class CompiledModel {
  readonly graph: ModelGraph;
  readonly layout: ParamLayout;
  readonly lossPlan: LossPlan;
  readonly arena: BufferArena;
  readonly batch: number;
  readonly seed: number;

  readonly params: GPUBuffer;
  readonly grads: GPUBuffer;
  /** The optimizer's state slots (optimizerSlotDefs order), then 16-byte placeholders up to the kernel's state bindings. */
  /** The optimizer's state: its slots (optSlots) stacked, slot k at byte offset optSlotOffset(k). */
  readonly optState: GPUBuffer;
  readonly optSlots: SlotDef[];
  readonly norm2: GPUBuffer;
  readonly stepUniform: GPUBuffer;
  readonly metrics: GPUBuffer;
  /** Targets of the current batch (class ids or float rows). */
  readonly targets: GPUBuffer;
  /** Model predictions of the current batch, [batch, outputs] (probabilities when the loss absorbed them; [batch, T, classes] per timestep). */
  readonly predictions: GPUBuffer;

  private readonly values = new Map<string, GPUBuffer>();
  private readonly gradBufs = new Map<string, GPUBuffer>();
  private readonly scratchBufs = new Map<string, GPUBuffer>();
  private readonly requiresGrad = new Set<string>();

  constructor(
    readonly device: GPUDevice,
    readonly pipelines: PipelineCache,
    spec: ModelSpec,
    opts: CompileOptions,
  ) {
    if (!Number.isInteger(opts.batch) || opts.batch < 1) throw new Error(`batch size must be a positive whole number (got ${opts.batch})`);
    this.graph = buildGraph(spec);
    // Refuse a model the device cannot hold before creating any buffer (ModelTooLargeError).
    assertFitsDevice(this.graph, opts.batch, device.limits, opts.data ?? [], !opts.sharedParams);
    this.batch = opts.batch;
    this.seed = opts.seed;
    this.layout = layoutParams(this.graph);
    this.lossPlan = planLoss(this.graph);
    this.arena = new BufferArena(device);
    const shared = opts.sharedParams;
    // An inference copy gets 4-float placeholders for the buffers only training binds.
    const P = shared ? 4 : this.layout.total;
    this.params = shared ?? this.arena.storage('params', P * 4);
    this.grads = this.arena.storage('grads', P * 4);
    this.optSlots = optimizerSlotDefs(spec.optimizer);
    // One buffer holds every slot an optimizer keeps (any number); none: a 4-float placeholder.
    this.optState = this.arena.storage('opt.state', Math.max(16, this.optSlots.length * P * 4));
    this.norm2 = this.arena.storage('grad.norm2', 16);
    this.stepUniform = this.arena.uniform('step', STEP_UNIFORM_BYTES);
    this.metrics = this.arena.storage('metrics', 16);
    this.targets = this.arena.storage('batch.targets', this.batch * this.lossPlan.targetWords * 4);
    this.predictions = this.arena.storage('batch.predictions', this.batch * this.lossPlan.outputs * 4);
    this.planBuffers();
    if (!shared) this.resetWeights(this.seed);
  }

  private planBuffers(): void {
    for (const n of this.graph.nodes) {
      if (n.paramCount > 0 || n.inputs.some((i) => this.requiresGrad.has(i.spec.id))) this.requiresGrad.add(n.spec.id);
    }
    for (const n of this.graph.nodes) {
      const id = n.spec.id;
      if (n.def.aliasesInput) continue;
      if (n === this.lossPlan.absorbedActivation) {
        this.values.set(id, this.arena.storage(`${id}.logits`, this.batch * size(n.out.shape) * 4));
      } else if (n === this.lossPlan.absorbedNode) {
        this.values.set(id, this.predictions);
      } else {
        this.values.set(id, this.arena.storage(`${id}.y`, this.batch * size(n.out.shape) * 4));
      }
    }
    for (const n of this.graph.nodes) {
      const id = n.spec.id;
      if (!this.requiresGrad.has(id) || n === this.lossPlan.absorbedNode) continue;
      if (this.gradAliasesInput(n)) continue;
      this.gradBufs.set(id, this.arena.storage(`${id}.dy`, this.batch * size(n.out.shape) * 4));
    }
  }

  /** Flatten/Reshape whose input feeds nothing else share that input's gradient buffer. */
  private gradAliasesInput(n: GraphNode): boolean {
    return Boolean(n.def.aliasesInput) && n.inputs[0].consumers.length === 1 && this.requiresGrad.has(n.inputs[0].spec.id);
  }

  /** The node's output buffer (resolving Flatten/Reshape views to their source). */
  value(id: string): GPUBuffer {
    let n = this.graph.byId.get(id)!;
    while (n.def.aliasesInput) n = n.inputs[0];
    return this.values.get(n.spec.id)!;
  }

  private grad(id: string): GPUBuffer {
    let n = this.graph.byId.get(id)!;
    while (!this.gradBufs.has(n.spec.id) && this.gradAliasesInput(n)) n = n.inputs[0];
    const b = this.gradBufs.get(n.spec.id);
    if (!b) throw new Error(`internal: layer "${id}" has no gradient buffer`);
    return b;
  }

  /** The node's output-gradient buffer for inspection (read it, never write it); null when none is kept. */
  outputGrad(id: string): GPUBuffer | null {
    return this.requiresGrad.has(id) && this.graph.byId.get(id) !== this.lossPlan.absorbedNode ? this.grad(id) : null;
  }

  private scratch(key: string, elements: number): GPUBuffer {
    let b = this.scratchBufs.get(key);
    if (!b) {
      b = this.arena.storage(key, elements * 4);
      this.scratchBufs.set(key, b);
    }
    return b;
  }

  /**
   * Binding 6 of loss.wgsl: the class weights (lossOptions.classWeights) in training; all ones (bit-identical to
   * no weights) without them and in evaluation, where Keras's fit applies no class_weight (its val_loss is unweighted).
   */
  private classWeightsBuffer(kind: 'train' | 'eval'): GPUBuffer {
    const w = this.lossPlan.settings.classWeights;
    if (kind === 'train' && w.length) return this.constantBuffer('loss.classWeights', Float32Array.from(w));
    return this.constantBuffer('loss.noClassWeights', new Float32Array(Math.max(this.lossPlan.classes, 2)).fill(1));
  }

  private constantBuffer(key: string, data: Uint32Array | Int32Array | Float32Array): GPUBuffer {
    let b = this.scratchBufs.get(`const:${key}`);
    if (!b) {
      b = this.arena.upload(`const:${key}`, data);
      this.scratchBufs.set(`const:${key}`, b);
    }
    return b;
  }

  /** The output activation a node applies itself (null when the loss absorbed it). */
  private nodeView(n: GraphNode): NodeView {
    const act = appliedActivation(n.def.activation, n.spec);
    return {
      spec: n.spec,
      inputs: n.inputs.map((i) => ({ shape: i.out.shape, dtype: i.out.dtype, id: i.spec.id })),
      shape: n.out.shape,
      activation: n === this.lossPlan.absorbedActivation ? 'linear' : act,
      paramOffsets: paramOffsets(this.layout, n.spec.id),
      maskIds: maskSource(n),
    };
  }

  resetWeights(seed: number): void {
    const init = initParams(this.layout, seed);
    this.device.queue.writeBuffer(this.params, 0, init);
    this.resetOptimizerState();
  }

  /** Byte offset of optimizer slot `k` in optState. */
  optSlotOffset(k: number): number {
    return k * this.layout.total * 4;
  }

  resetOptimizerState(): void {
    this.optSlots.forEach((slot, k) => this.device.queue.writeBuffer(this.optState, this.optSlotOffset(k), new Float32Array(this.layout.total).fill(slot.init)));
    this.device.queue.writeBuffer(this.metrics, 0, new Float32Array(4));
  }

  /** Builds the fixed schedule of one training step ('train') or one evaluation batch ('eval') over `data`. */
  async schedule(kind: 'train' | 'eval', data: GpuDataset, tuned = false): Promise<Schedule> {
    const pending: PendingDispatch[] = [];
    const push = (id: KernelId, constants: Constants, bindings: Binding[], wg: [number, number?, number?], label: string) =>
      pending.push({ id, constants, bindings, workgroups: [wg[0], wg[1] ?? 1, wg[2] ?? 1], label });
    /** The kernel launchers' view of `push`, every dispatch labelled `label`. */
    const choose = (request: TuneRequest) => this.pipelines.tuner?.choose(request) ?? request.fallback;
    const labelled = (label: string): Dispatcher => ({ dispatch: (id, constants, bindings, wg) => push(id, constants, bindings, wg, label), choose });
    const B = this.batch;
    const plan = this.lossPlan;
    const inputNode = this.graph.inputs[0];
    const XW = size(inputNode.out.shape);

    gatherBatch(labelled('gather'), { B, XW, YW: plan.targetWords, rows: data.n, step: this.stepUniform, perm: data.perm, xs: data.x, ys: data.y, xb: this.value(inputNode.spec.id), yb: this.targets });

    const written = new Set<GPUBuffer>();
    let current = '';
    const emitter: Emitter = {
      batch: B,
      mode: kind === 'train' ? 'train' : 'infer',
      params: this.params,
      grads: this.grads,
      stepUniform: this.stepUniform,
      value: (id) => this.value(id),
      scratch: (key, n) => this.scratch(key, n),
      constants: (key, data) => this.constantBuffer(key, data),
      outputGrad: (id) => this.grad(id),
      inputGrad: (node, i): GradTarget | null => {
        const src = node.inputs[i].id;
        if (!this.requiresGrad.has(src)) return null;
        const buffer = this.grad(src);
        const accumulate = written.has(buffer);
        written.add(buffer);
        return { buffer, accumulate };
      },
      dispatch: (id, constants, bindings, wg) => push(id, constants, bindings, wg, `${current}:${id}`),
      choose,
    };

    for (const n of this.graph.nodes) {
      if (n === plan.absorbedNode) continue;
      current = n.spec.id;
      n.def.forward(emitter, this.nodeView(n) as never);
    }

    const C = plan.classes;
    const T = plan.positions;
    const dz = this.requiresGrad.has(plan.logits.spec.id) ? this.grad(plan.logits.spec.id) : this.scratch('loss.dz', B * plan.outputs);
    written.add(dz);
    lossForward(labelled('loss'), { kernel: plan.kernel, B, C, T, step: this.stepUniform, z: this.value(plan.logits.spec.id), targets: this.targets, p: this.predictions, dz, metrics: this.metrics, delta: plan.settings.delta, labelSmoothing: plan.settings.labelSmoothing, classWeights: this.classWeightsBuffer(kind) });

    if (kind === 'train') {
      for (const n of [...this.graph.nodes].reverse()) {
        if (n === plan.absorbedNode || !this.requiresGrad.has(n.spec.id)) continue;
        if (this.gradAliasesInput(n)) {
          written.add(this.grad(n.inputs[0].spec.id));
          continue;
        }
        current = n.spec.id;
        n.def.backward(emitter, this.nodeView(n) as never);
      }
      this.pushOptimizer(labelled('optimizer'));
    }

    // Calls the tuner has not measured yet: time their variants now (within its budget), then emit
    // again with the winners; calls past the budget keep their fallback until a later compile.
    const tuner = this.pipelines.tuner;
    if (tuner?.hasPending && !tuned) {
      await tuner.tunePending(this.device, this.pipelines);
      return this.schedule(kind, data, true);
    }
    tuner?.dropPending();
    const dispatches = await recordDispatches(this.device, this.pipelines, pending, 'building the training step');
    return new Schedule(kind, dispatches);
  }

  private pushOptimizer(d: Dispatcher): void {
    const rule = this.optimizerRule();
    if (rule.clip) optimizerGlobalNorm(d, { P4: rule.P4, trainEnd4: rule.trainEnd4, grads: this.grads, norm2: this.norm2 });
    optimizerUpdate(d, { ...rule, step: this.stepUniform, grads: this.grads, norm2: this.norm2, params: this.params, state: this.optState });
  }

  /** The optimizer update's rule (optimizer_rule.wgsl): the table's variant, weight decay, clipping; non-trainable state (moving statistics) past trainEnd. */
  optimizerRule(): OptimizerRule {
    const spec = this.graph.spec;
    const o = optimizerDefaults(spec.optimizer);
    return {
      P4: this.layout.total / 4,
      variant: optimizerRow(o.type).wgsl(o),
      weightDecay: spec.weightDecay ?? 0,
      decayEnd4: this.layout.decayEnd / 4,
      trainEnd4: this.layout.trainEnd / 4,
      clip: spec.clipNorm !== undefined,
    };
  }

  destroy(): void {
    this.arena.destroyAll();
  }
}

export async function compileModel(device: GPUDevice, pipelines: PipelineCache, spec: ModelSpec, opts: CompileOptions): Promise<CompiledModel> {
  return withErrorScopes(device, 'allocating the model', () => new CompiledModel(device, pipelines, spec, opts));
}
