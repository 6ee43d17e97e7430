/**
 * The NaN trap: when the loss goes non-finite, replay the steps since the newest finite checkpoint
 * (checkpoints.ts) one at a time, and after each scan every layer's forward output in graph order,
 * the loss, every gradient in backward order and every layer's weights after the update
 * (finite-probe.ts, on the GPU; only the small statistics are read back). The first non-finite
 * value names a layer and a pass, with the range of that layer's input. The model's buffers are
 * put back as they were afterwards, so restoring or resetting works as before.
 */
import { epochPermutation } from '../../data/split';
import { size } from '../layers/layer';
import { learningRateAt } from '../schedules';
import type { Trainer } from '../trainer';
import type { GraphNode } from '../graph';
import { CheckpointRing, type Checkpoint } from './checkpoints';
import { rangeText, scanRegions, short, type FiniteStats, type Region } from './finite-probe';

export type NanPass = 'forward' | 'backward' | 'optimizer';

export interface NanCulprit {
  /** A layer id, or 'loss' when the loss itself produced the first non-finite value. */
  layer: string;
  pass: NanPass;
  /** One line for the alert and the CLI. */
  message: string;
  /** The finite range of the layer's input in that pass (forward: its inputs; backward: its output gradient; optimizer: its gradient); null when it had none. */
  inputRange: [number, number] | null;
}

/** Regions grouped under one name; their statistics are merged. */
interface Group {
  name: string;
  regions: Region[];
}

const merge = (all: FiniteStats[]): FiniteStats => {
  const fin = all.filter((s) => s.min !== null);
  return {
    nonFinite: all.reduce((a, s) => a + s.nonFinite, 0),
    finite: all.reduce((a, s) => a + s.finite, 0),
    min: fin.length ? Math.min(...fin.map((s) => s.min!)) : null,
    max: fin.length ? Math.max(...fin.map((s) => s.max!)) : null,
  };
};

const pair = (s: FiniteStats): [number, number] | null => (s.min === null || s.max === null ? null : [s.min, s.max]);

export class NanTrap {
  readonly ring: CheckpointRing;

  constructor(
    readonly trainer: Trainer,
    /** At most this many steps are replayed. */
    readonly maxSteps = 200,
  ) {
    this.ring = new CheckpointRing(trainer);
  }

  detach(): void {
    this.ring.detach();
  }

  private async scan(groups: Group[]): Promise<FiniteStats[]> {
    const m = this.trainer.model;
    const flat = await scanRegions(m.device, m.pipelines, m.arena, groups.flatMap((g) => g.regions));
    let i = 0;
    return groups.map((g) => merge(flat.slice(i, (i += g.regions.length))));
  }

  /** Each layer's parameter regions in `buffer` (params or grads), layers in graph order. */
  private paramGroups(buffer: GPUBuffer): Group[] {
    const m = this.trainer.model;
    return m.graph.nodes
      .filter((n) => n.paramCount > 0)
      .map((n) => ({ name: n.spec.id, regions: m.layout.entries.filter((e) => e.layer === n.spec.id).map((e) => ({ buffer, offset: e.offset, length: e.length })) }));
  }

  private valueRegion(n: GraphNode): Region {
    const m = this.trainer.model;
    return { buffer: m.value(n.spec.id), offset: 0, length: m.batch * size(n.out.shape) };
  }

  /**
   * Finds the first layer and pass that produced a non-finite value, replaying from the newest
   * finite checkpoint taken before `badAt` (the end of the first metric window whose loss was
   * non-finite: its epoch, 0-based, and step in that epoch) up to the step the trainer has
   * reached; null when no step reproduced one.
   */
  async find(badAt?: { epoch: number; step: number }): Promise<NanCulprit | null> {
    const t = this.trainer;
    const m = t.model;
    const q = m.device.queue;
    const aside = [m.params, m.optState, m.metrics, t.train.perm].map((b) => ({ src: b, copy: m.arena.storage('nan-trap.aside', b.size) }));
    const enc = m.device.createCommandEncoder();
    for (const a of aside) enc.copyBufferToBuffer(a.src, 0, a.copy, 0, a.src.size);
    q.submit([enc.finish()]);
    try {
      const start = await this.startPoint(badAt);
      // No checkpoint: the weights as they are, checked on one batch.
      if (start.params === m.params) return await this.replay(start, 1);
      const restore = m.device.createCommandEncoder();
      restore.copyBufferToBuffer(start.params, 0, m.params, 0, m.params.size);
      restore.copyBufferToBuffer(start.state, 0, m.optState, 0, m.optState.size);
      q.submit([restore.finish()]);
      return await this.replay(start, Math.min(this.maxSteps, t.globalStep - start.globalStep));
    } finally {
      const back = m.device.createCommandEncoder();
      for (const a of aside) back.copyBufferToBuffer(a.copy, 0, a.src, 0, a.src.size);
      q.submit([back.finish()]);
      await q.onSubmittedWorkDone();
      for (const a of aside) m.arena.destroy(a.copy);
    }
  }

  /** The newest checkpoint with finite weights and state (else the oldest; else the weights as they are, on the epoch's first batch). */
  private async startPoint(badAt?: { epoch: number; step: number }): Promise<Checkpoint> {
    const t = this.trainer;
    const before = (c: Checkpoint) => (badAt ? c.epoch < badAt.epoch || (c.epoch === badAt.epoch && c.stepInEpoch < badAt.step) : true);
    const ckpts = this.ring.list().filter((c) => c.globalStep < t.globalStep && before(c));
    for (const c of [...ckpts].reverse()) {
      const [p, s] = await this.scan([
        { name: 'params', regions: [{ buffer: c.params, offset: 0, length: t.model.layout.total }] },
        { name: 'state', regions: [{ buffer: c.state, offset: 0, length: c.state.size / 4 }] },
      ]);
      if (p.nonFinite === 0 && s.nonFinite === 0) return c;
    }
    if (ckpts.length > 0) return ckpts[0];
    const m = t.model;
    return { params: m.params, state: m.optState, globalStep: t.globalStep, epoch: t.epoch, stepInEpoch: 0, lr: t.currentLr() };
  }

  private async replay(start: Checkpoint, steps: number): Promise<NanCulprit | null> {
    const t = this.trainer;
    const m = t.model;
    const B = m.batch;
    const schedule = t.config.schedule ?? { kind: 'constant' as const };
    let { epoch, stepInEpoch: s, globalStep: g } = start;
    let shuffled = -1;
    for (let i = 0; i < steps; i++, s++, g++) {
      if (s >= t.stepsPerEpoch) {
        epoch++;
        s = 0;
      }
      if (shuffled !== epoch) m.device.queue.writeBuffer(t.train.perm, 0, epochPermutation(t.train.n, m.seed, epoch));
      shuffled = epoch;
      const before = await this.scan(this.paramGroups(m.params));
      const lr = schedule.kind === 'plateau' ? start.lr : learningRateAt(t.baseLr, schedule, g, epoch);
      t.writeStep(s * B, Math.min(B, t.train.n - s * B), lr, g + 1);
      const enc = m.device.createCommandEncoder();
      enc.clearBuffer(m.metrics, 0, 16);
      t.trainSchedule.encode(enc);
      m.device.queue.submit([enc.finish()]);
      const where = `step ${g + 1} (epoch ${epoch + 1}, step ${s + 1})`;
      const found = await this.check(before, where, lr);
      if (found) return found;
    }
    return null;
  }

  /** Scans the buffers of the step just run, in the order the step wrote them. */
  private async check(before: FiniteStats[], where: string, lr: number): Promise<NanCulprit | null> {
    const m = this.trainer.model;
    const plan = m.lossPlan;
    const nodes = m.graph.nodes;
    const forward = nodes.filter((n) => n.inputs.length > 0 && !n.def.aliasesInput && n !== plan.absorbedNode && n.out.dtype === 'float32');
    const backward = [...nodes].reverse().filter((n) => n.inputs.length > 0 && n !== plan.absorbedNode && m.outputGrad(n.spec.id) !== null);
    const withParams = nodes.filter((n) => n.paramCount > 0);
    const pGroups = this.paramGroups(m.grads);
    const gradOf = (id: string): Region[] => {
      const b = m.outputGrad(id);
      return b ? [{ buffer: b, offset: 0, length: m.batch * size(m.graph.byId.get(id)!.out.shape) }] : [];
    };
    const groups: Group[] = [
      ...forward.map((n) => ({ name: n.spec.id, regions: [this.valueRegion(n)] })),
      // the loss: its value, and the probabilities when it applies the output activation itself
      { name: 'loss', regions: [{ buffer: m.metrics, offset: 0, length: 1 }, ...(plan.absorbedNode ? [this.valueRegion(plan.absorbedNode)] : [])] },
      { name: 'loss.dz', regions: gradOf(plan.logits.spec.id) },
      ...backward.map((n) => ({ name: n.spec.id, regions: [...(pGroups.find((p) => p.name === n.spec.id)?.regions ?? []), ...n.inputs.flatMap((i) => gradOf(i.spec.id))] })),
      ...this.paramGroups(m.params),
    ];
    const stats = await this.scan(groups);
    let k = 0;
    const take = (count: number) => stats.slice(k, (k += count));
    const fwd = take(forward.length);
    const [loss, dz] = take(2);
    const bwd = take(backward.length);
    const after = take(withParams.length);
    const inputStats = async (n: GraphNode) =>
      merge(await this.scan(n.inputs.filter((i) => i.out.dtype === 'float32').map((i) => ({ name: i.spec.id, regions: [this.valueRegion(i)] }))));
    const bad = (s: FiniteStats) => `${s.nonFinite} non-finite value${s.nonFinite === 1 ? '' : 's'} of ${s.nonFinite + s.finite}`;
    const already = (id: string): string => {
      const i = withParams.findIndex((n) => n.spec.id === id);
      return i >= 0 && before[i].nonFinite > 0 ? `; its weights were already non-finite before this step (${bad(before[i])}: set by an earlier update or loaded so)` : '';
    };
    for (const [i, n] of forward.entries()) {
      if (fwd[i].nonFinite === 0) continue;
      const input = await inputStats(n);
      const id = n.spec.id;
      return { layer: id, pass: 'forward', inputRange: pair(input), message: `${id} (forward) produced ${bad(fwd[i])} at ${where}; its input ranged over ${rangeText(input)}${already(id)}.` };
    }
    if (loss.nonFinite > 0) {
      const z = (await this.scan([{ name: 'logits', regions: [this.valueRegion(plan.logits)] }]))[0];
      return { layer: 'loss', pass: 'forward', inputRange: pair(z), message: `the loss (${m.graph.spec.loss}) became non-finite at ${where}; its input (${plan.logits.spec.id}) ranged over ${rangeText(z)}.` };
    }
    if (dz.nonFinite > 0) return { layer: 'loss', pass: 'backward', inputRange: null, message: `the loss gradient (${m.graph.spec.loss}) became non-finite at ${where}.` };
    for (const [i, n] of backward.entries()) {
      if (bwd[i].nonFinite === 0) continue;
      const dy = (await this.scan([{ name: 'dy', regions: gradOf(n.spec.id) }]))[0];
      const id = n.spec.id;
      return { layer: id, pass: 'backward', inputRange: pair(dy), message: `${id} (backward) produced ${bad(bwd[i])} gradients at ${where}; its output gradient ranged over ${rangeText(dy)}${already(id)}.` };
    }
    for (const [i, n] of withParams.entries()) {
      if (after[i].nonFinite === 0) continue;
      const id = n.spec.id;
      const grads = (await this.scan([pGroups[i]]))[0];
      const cause = before[i].nonFinite > 0 ? already(id).slice(2) : `the update at learning rate ${short(lr)} overflowed`;
      return { layer: id, pass: 'optimizer', inputRange: pair(grads), message: `${id} (optimizer update) left ${bad(after[i])} weights at ${where}; its gradient ranged over ${rangeText(grads)}; ${cause}.` };
    }
    return null;
  }
}
