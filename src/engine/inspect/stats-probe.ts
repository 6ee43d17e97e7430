/**
 * The layer-statistics probe: built once per compiled model, a fixed list of stats dispatches over
 * the model's own buffers (weights and gradients per layer from the parameter layout, outputs from
 * the value buffers), encoded into a training step's own command encoder on sampled steps only:
 * `before` copies the parameters into `paramsBefore` ahead of the step's schedule, `after` runs the
 * statistics and copies their outputs into a staging buffer from a rotating pool. The map resolves
 * later and the sample goes to `onSample`; the loop waits only when more than `maxInFlight` reads
 * are outstanding (as MetricsReader). A step that is not sampled encodes nothing.
 */
import { withErrorScopes } from '../../gpu/errors';
import type { Constants } from '../../gpu/pipelines';
import type { Binding, Dispatcher } from '../../kernels/dispatch';
import type { KernelId } from '../../kernels/registry';
import {
  HIST_WORDS,
  MOMENT_WORDS,
  STATS_BINS,
  statsHistogram,
  statsReduce,
  statsTable,
  statsUnits,
  statsUpdate,
  unitsTable,
  UPDATE_WORDS,
  type StatsTensor,
  type UnitsMode,
} from '../../kernels/stats/stats';
import { Schedule, type CompiledModel } from '../compile';
import { planStats, type StatsPlan } from './stats-plan';
import type { LayerStats, StatsSample, TensorHistogram } from './stats-types';

/** What a training loop calls on a step it samples (Trainer.setProbe). */
export interface StepProbe {
  /** Whether the step that makes `globalStep` steps in all is sampled. */
  due(globalStep: number): boolean;
  /** Encoded before the step's schedule. */
  before(encoder: GPUCommandEncoder): void;
  /** Encoded after it; the returned function, called after submit, starts the read and waits only when too many are in flight. */
  after(encoder: GPUCommandEncoder, epoch: number, globalStep: number): () => Promise<void>;
  /** Resolves when every sample read so far has been delivered. */
  drain(): Promise<void>;
}

interface Pending {
  id: KernelId;
  constants: Constants;
  bindings: Binding[];
  wg: number;
}

export class StatsProbe implements StepProbe {
  private readonly free: GPUBuffer[] = [];
  private readonly inFlight: Promise<void>[] = [];
  /** Samples encoded so far (tests: a step that is not sampled encodes nothing). */
  encoded = 0;
  every: number;

  private constructor(
    private readonly model: CompiledModel,
    readonly plan: StatsPlan,
    private readonly schedule: Schedule,
    private readonly paramsBefore: GPUBuffer,
    /** The GPU outputs in staging order: moments, histograms, unit counts, update sizes. */
    readonly outputs: { buffer: GPUBuffer; bytes: number }[],
    private readonly onSample: (s: StatsSample) => void,
    every: number,
    private readonly maxInFlight: number,
  ) {
    this.every = every;
  }

  /** Sample every `every` steps (global step count divisible by it), delivering to `onSample`. */
  static async create(model: CompiledModel, every: number, onSample: (s: StatsSample) => void, maxInFlight = 2): Promise<StatsProbe> {
    const plan = planStats(model);
    const arena = model.arena;
    const words = (n: number) => Math.max(4, n) * 4;
    const moments = arena.storage('stats.moments', words(plan.slots * MOMENT_WORDS));
    const hist = arena.storage('stats.hist', words(plan.slots * HIST_WORDS));
    const units = arena.storage('stats.units', words(plan.unitSlots));
    const update = arena.storage('stats.update', words(plan.P * UPDATE_WORDS));
    const before = arena.storage('stats.params-before', model.layout.total * 4);
    const pending: Pending[] = [];
    const d: Dispatcher = { dispatch: (id, constants, bindings, wg) => pending.push({ id, constants, bindings, wg: wg[0] }) };
    const withParams = plan.layers.flatMap((l) => (l.params ? [l.params] : []));
    if (withParams.length > 0) {
      const P = plan.P;
      const table = (shift: number) => arena.upload(`stats.table${shift}`, statsTable(withParams.map((p): StatsTensor => ({ segments: p.segments, slot: p.index + shift }))));
      const wTable = table(0);
      const gTable = table(P);
      for (const [src, t] of [[model.params, wTable], [model.grads, gTable]] as const) {
        statsReduce(d, { tensors: P, src, table: t, moments });
        statsHistogram(d, { tensors: P, src, table: t, moments, hist });
      }
      statsUpdate(d, { tensors: P, params: model.params, before, table: wTable, update });
    }
    for (const l of plan.layers) {
      const a = l.activation;
      if (!a) continue;
      const table = arena.upload(`stats.${l.layer}.table`, statsTable([{ segments: [[0, a.rows * a.units]], slot: a.slot }]));
      statsReduce(d, { tensors: 1, src: a.buffer, table, moments });
      statsHistogram(d, { tensors: 1, src: a.buffer, table, moments, hist });
      if (a.unitsMode) {
        const ut = arena.upload(`stats.${l.layer}.units`, unitsTable([{ offset: 0, rows: a.rows, units: a.units, slot: a.unitsSlot }]));
        statsUnits(d, { tensors: 1, mode: a.unitsMode, src: a.buffer, table: ut, units });
      }
    }
    const schedule = new Schedule('eval', await record(model, pending));
    const outputs = [moments, hist, units, update].map((buffer) => ({ buffer, bytes: buffer.size }));
    return new StatsProbe(model, plan, schedule, before, outputs, onSample, every, maxInFlight);
  }

  get dispatchCount(): number {
    return this.schedule.dispatchCount;
  }

  due(globalStep: number): boolean {
    return this.every > 0 && globalStep % this.every === 0;
  }

  before(encoder: GPUCommandEncoder): void {
    encoder.copyBufferToBuffer(this.model.params, 0, this.paramsBefore, 0, this.model.layout.total * 4);
  }

  after(encoder: GPUCommandEncoder, epoch: number, globalStep: number): () => Promise<void> {
    this.schedule.encode(encoder);
    const total = this.outputs.reduce((s, o) => s + o.bytes, 0);
    const staging = this.free.pop() ?? this.model.arena.staging('stats.staging', total);
    let at = 0;
    for (const o of this.outputs) {
      encoder.copyBufferToBuffer(o.buffer, 0, staging, at, o.bytes);
      at += o.bytes;
    }
    this.encoded++;
    return async () => {
      // A map aborted because the model was destroyed meanwhile delivers nothing.
      const p = staging.mapAsync(GPUMapMode.READ).then(
        () => {
          const bytes = staging.getMappedRange().slice(0);
          staging.unmap();
          this.free.push(staging);
          this.onSample(this.decode(bytes, epoch, globalStep));
        },
        () => undefined,
      );
      this.inFlight.push(p);
      while (this.inFlight.length > this.maxInFlight) await this.inFlight.shift();
    };
  }

  async drain(): Promise<void> {
    while (this.inFlight.length) await this.inFlight.shift();
  }

  /** The staging bytes (moments, histograms, unit counts, update sizes in that order) as a sample. */
  private decode(bytes: ArrayBuffer, epoch: number, globalStep: number): StatsSample {
    const starts: number[] = [];
    this.outputs.reduce((at, o) => (starts.push(at), at + o.bytes), 0);
    const [mo, ho, uo, po] = starts;
    const mf = new Float32Array(bytes, mo, this.plan.slots * MOMENT_WORDS);
    const mu = new Uint32Array(bytes, mo, this.plan.slots * MOMENT_WORDS);
    const hu = new Uint32Array(bytes, ho, this.plan.slots * HIST_WORDS);
    const uu = new Uint32Array(bytes, uo, this.plan.unitSlots);
    const pf = new Float32Array(bytes, po, this.plan.P * UPDATE_WORDS);
    const tensor = (slot: number): TensorHistogram => {
      const m = slot * MOMENT_WORDS;
      const n = mu[m + 4];
      const h = slot * HIST_WORDS;
      return { lo: mf[m], hi: mf[m + 1], counts: Array.from(hu.subarray(h, h + STATS_BINS)), count: n + mu[m + 5], nonFinite: mu[m + 5], mean: mf[m + 2], std: n > 0 ? Math.sqrt(Math.max(0, mf[m + 3]) / n) : 0 };
    };
    /** The L2 norm of a slot's finite values: √(m2 + n·mean²). */
    const norm = (slot: number) => {
      const m = slot * MOMENT_WORDS;
      return Math.sqrt(Math.max(0, mf[m + 3] + mu[m + 4] * mf[m + 2] * mf[m + 2]));
    };
    const P = this.plan.P;
    const layers = this.plan.layers.map((l): LayerStats => {
      const p = l.params;
      const a = l.activation;
      const weights = p ? tensor(p.index) : null;
      const grads = p ? tensor(P + p.index) : null;
      const du = p ? pf[p.index * UPDATE_WORDS] : 0;
      const bw = p ? pf[p.index * UPDATE_WORDS + 1] : 0;
      const mode: UnitsMode | null = a?.unitsMode ?? null;
      const unitCount = a && mode ? uu[a.unitsSlot] : 0;
      return {
        layer: l.layer,
        type: l.type,
        weights,
        grads,
        activations: a ? tensor(a.slot) : null,
        gradNorm: p ? norm(P + p.index) : null,
        weightNorm: p ? norm(p.index) : null,
        updateRatio: p && bw > 0 ? Math.sqrt(du / bw) : null,
        deadFraction: a && mode === 'dead' ? unitCount / a.units : null,
        saturatedFraction: a && (mode === 'tanh' || mode === 'sigmoid') ? unitCount / (a.rows * a.units) : null,
      };
    });
    return { epoch, globalStep, layers };
  }
}

async function record(model: CompiledModel, pending: Pending[]) {
  const pipelines = await Promise.all(pending.map((d) => model.pipelines.get(d.id, d.constants)));
  return withErrorScopes(model.device, 'building the statistics probe', () =>
    pending.map((d, i) => ({
      id: d.id,
      label: `stats-probe:${d.id}`,
      pipeline: pipelines[i],
      workgroups: [d.wg, 1, 1] as [number, number, number],
      bindGroup: model.device.createBindGroup({
        label: `stats-probe:${d.id}`,
        layout: pipelines[i].getBindGroupLayout(0),
        entries: d.bindings.map((b, binding) => ({ binding, resource: 'buffer' in b ? b : { buffer: b } })),
      }),
    })),
  );
}
