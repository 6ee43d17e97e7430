/**
 * The body of `Trainer.runSteps`: up to `count` training steps from step `from` of the current
 * epoch, several steps per command buffer and submit where they are cheap (step-group.ts), metric
 * reads at a fixed cadence, the statistics probe around its sampled steps, the step window keeping
 * the loop a bounded number of steps ahead of the GPU. A group never crosses a metric read (so the
 * NaN trap's checkpoints and every reported number come after the same steps as with one step per
 * submit), a sampled step or the end; each step's learning rate is computed in turn, as before.
 * Where the model has fused steps (fused-mlp.ts), a group's steps but the last run as one dispatch.
 */
import type { MetricsReader, MetricSums } from './metrics-reader';
import type { StepWindow } from './step-window';
import type { StepProbe } from './inspect/stats-probe';
import { groupLength, groupSize, MAX_GROUP, type StepRing } from './step-group';

/** What the loop needs of the trainer (Trainer implements it; its private parts are passed beside). */
export interface LoopTrainer {
  epoch: number;
  globalStep: number;
  readonly model: { readonly batch: number; readonly device: GPUDevice; readonly stepUniform: GPUBuffer };
  readonly train: { readonly n: number };
  readonly trainSchedule: { encode(encoder: GPUCommandEncoder): void };
  /** All steps of a group but its last in one dispatch reading the ring's records (fused-mlp.ts); null: none. */
  readonly fusedSteps: { readonly records: GPUBuffer; encode(encoder: GPUCommandEncoder, count: number): void } | null;
  readonly config: { readonly readEvery?: number };
  readonly window: StepWindow;
  readonly stepsPerEpoch: number;
  stepsPerSubmit: number | null;
  stepProbe: StepProbe | null;
  onMetricsRead: ((enc: GPUCommandEncoder, stepDone: number) => void) | null;
  currentLr(): number;
}

export interface LoopParts {
  reader: MetricsReader;
  ring: StepRing;
  /** The encoded Step uniform of global step `t` (1-based) for the batch at `base` with `rows` rows. */
  record(base: number, rows: number, lr: number, t: number): ArrayBuffer;
}

export interface LoopCall {
  from: number;
  count: number;
  onWindow?: (m: MetricSums, stepDone: number) => void;
  shouldStop?: () => boolean;
  onStepDone?: (stepDone: number) => void;
}

export async function runStepLoop(t: LoopTrainer, parts: LoopParts, call: LoopCall): Promise<number> {
  const { from, onWindow, shouldStop, onStepDone } = call;
  const { reader, ring } = parts;
  const { device, batch: B } = t.model;
  const readEvery = t.config.readEvery ?? Math.max(1, Math.min(50, Math.ceil(t.stepsPerEpoch / 10)));
  const end = Math.min(from + call.count, t.stepsPerEpoch);
  let done = 0;
  let unread = 0;
  const read = (enc: GPUCommandEncoder, stepDone: number) => {
    t.onMetricsRead?.(enc, stepDone);
    const staging = reader.record(enc);
    return () => reader.collect(staging, (m) => onWindow?.(m, stepDone));
  };
  // A fixed read cadence (never timing-dependent: equal seeds give bit-equal epoch sums); the
  // first step is read too, so a slow model shows progress at once.
  const readAt = (k: number) => k === from || (k + 1) % readEvery === 0 || k + 1 === end;
  // With fused steps, which steps run fused must not depend on timing (a group's last step runs the
  // general schedule, whose sums round differently): groups then end every MAX_GROUP steps of the
  // epoch, at reads and at sampled steps only, and the measured step time no longer sizes them.
  const fused = !!t.fusedSteps;
  const blockEnd = (k: number) => fused && (k + 1) % MAX_GROUP === 0;
  for (let s = from; s < end; ) {
    const max = Math.max(1, Math.floor(t.stepsPerSubmit ?? (fused ? MAX_GROUP : groupSize(t.window.msPerStep))));
    const g = groupLength(s, Math.min(max, end - s), (k) => readAt(k) || blockEnd(k) || !!t.stepProbe?.due(t.globalStep + 1 + k - s));
    await t.window.admit(g);
    if (shouldStop?.()) break;
    const enc = device.createCommandEncoder();
    if (g > 1) ring.reserve(g);
    // Steps before a group's last are never read or sampled (groupLength): they may run fused.
    const fusedNow = g > 1 && t.fusedSteps?.records === ring.records ? t.fusedSteps : null;
    let sampled: (() => Promise<void>) | undefined;
    for (let k = 0; k < g; k++, s++) {
      const base = s * B;
      const record = parts.record(base, Math.min(B, t.train.n - base), t.currentLr(), t.globalStep + 1);
      if (fusedNow && k < g - 1) {
        ring.stage(k, record);
        if (k === g - 2) fusedNow.encode(enc, g - 1);
        t.globalStep++;
        continue;
      }
      // One step alone: the queue write lands before its pass. Several: each pass gets its own record copied in.
      if (g > 1) ring.put(enc, k, record);
      else device.queue.writeBuffer(t.model.stepUniform, 0, record);
      const probe = t.stepProbe?.due(t.globalStep + 1) ? t.stepProbe : null;
      probe?.before(enc);
      t.trainSchedule.encode(enc);
      sampled = probe?.after(enc, t.epoch, t.globalStep + 1);
      t.globalStep++;
    }
    if (g > 1) ring.upload(g);
    done += g;
    unread += g;
    const collect = readAt(s - 1) ? read(enc, s) : null;
    device.queue.submit([enc.finish()]);
    for (let k = s - g + 1; k <= s; k++) t.window.submittedOne(k, onStepDone, k === s);
    if (sampled) await sampled();
    if (collect) {
      unread = 0;
      collect();
      await reader.throttle();
    }
  }
  if (unread > 0) {
    const enc = device.createCommandEncoder();
    const collect = read(enc, from + done);
    device.queue.submit([enc.finish()]);
    collect();
  }
  await Promise.all([reader.drain(), t.window.drain(), t.stepProbe?.drain()]);
  return done;
}
