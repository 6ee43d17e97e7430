/**
 * Learning-rate schedules (plain JSON config), evaluated by the trainer every step.
 *
 * `step` = number of optimizer updates already applied (0 for the first update);
 * `epoch` = 0-based index of the current epoch.
 *
 *   constant   : base
 *   step       : base * factor^floor(epoch / dropEvery)
 *   exponential: base * decayRate^(step / decaySteps)          (Keras ExponentialDecay, staircase=false)
 *   cosine     : base * ((1 - minLr) * 0.5 * (1 + cos(pi * min(step, totalSteps) / totalSteps)) + minLr)
 *                (Keras CosineDecay with alpha = minLr, a FRACTION of base)
 *   onecycle   : torch OneCycleLR (cos annealing, two phases, no momentum cycling), base = max_lr:
 *                up from base/divFactor to base over the first pctStart·totalSteps - 1 steps (cosine),
 *                then down to base/(divFactor·finalDivFactor) at step totalSteps - 1; held there after.
 *                Defaults pctStart 0.3, divFactor 25, finalDivFactor 1e4 (torch's).
 *   plateau    : stateful, see PlateauTracker (Keras ReduceLROnPlateau, mode 'min', cooldown 0).
 *                Here minLr is an ABSOLUTE learning rate (Keras min_lr); minDelta defaults to 1e-4.
 *                learningRateAt() returns the tracker's input `base` for it.
 *
 * Linear warm-up in front of any of them (warmupSteps W > 0, warmupStart s, default 0.1):
 *   step < W : base * (s + (1 - s) * step / W)
 *   step >= W: the schedule at step - W (the epoch is left as it is; plateau: its tracker's rate)
 * which is PyTorch's SequentialLR([LinearLR(start_factor=s, total_iters=W), main], milestones=[W]).
 */

/** Linear warm-up, common to every schedule kind. */
export interface Warmup {
  /** Optimizer steps of warm-up (0 or absent: none). */
  warmupSteps?: number;
  /** The first step's fraction of the rate, in (0, 1] (default WARMUP_DEFAULT_START). */
  warmupStart?: number;
}

export const WARMUP_DEFAULT_START = 0.1;

export type LrSchedule = (
  | { kind: 'constant' }
  | { kind: 'step'; dropEvery: number /* epochs */; factor: number }
  | { kind: 'exponential'; decayRate: number; decaySteps: number }
  | { kind: 'cosine'; totalSteps: number; minLr?: number /* fraction of base, default 0 */ }
  | { kind: 'onecycle'; totalSteps: number; pctStart?: number; divFactor?: number; finalDivFactor?: number }
  | { kind: 'plateau'; factor: number; patience: number; minLr: number; minDelta?: number }
) &
  Warmup;

export const PLATEAU_DEFAULT_MIN_DELTA = 1e-4;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Why the warm-up fields are invalid (null when they are fine or absent). */
function warmupProblem(s: Warmup): string | null {
  if (s.warmupSteps !== undefined && (!isFiniteNumber(s.warmupSteps) || !Number.isInteger(s.warmupSteps) || s.warmupSteps < 0))
    return `Warm-up: warmupSteps must be a whole number of steps >= 0 (got ${s.warmupSteps}).`;
  if (s.warmupStart !== undefined && (!isFiniteNumber(s.warmupStart) || s.warmupStart <= 0 || s.warmupStart > 1))
    return `Warm-up: warmupStart is a fraction of the rate and must be in (0, 1] (got ${s.warmupStart}).`;
  return null;
}

/** Returns null when the config is valid, else a human-readable message. */
export function validateSchedule(s: LrSchedule): string | null {
  if (s === null || typeof s !== 'object') return 'Schedule must be an object.';
  const warm = warmupProblem(s);
  if (warm) return warm;
  const kind = (s as { kind?: unknown }).kind;
  switch (s.kind) {
    case 'constant':
      return null;
    case 'step':
      if (!isFiniteNumber(s.dropEvery) || !Number.isInteger(s.dropEvery) || s.dropEvery < 1)
        return `Step schedule: dropEvery must be a whole number of epochs >= 1 (got ${s.dropEvery}).`;
      if (!isFiniteNumber(s.factor) || s.factor <= 0 || s.factor > 1)
        return `Step schedule: factor must be in (0, 1] (got ${s.factor}).`;
      return null;
    case 'exponential':
      if (!isFiniteNumber(s.decayRate) || s.decayRate <= 0 || s.decayRate > 1)
        return `Exponential schedule: decayRate must be in (0, 1] (got ${s.decayRate}).`;
      if (!isFiniteNumber(s.decaySteps) || s.decaySteps <= 0)
        return `Exponential schedule: decaySteps must be > 0 (got ${s.decaySteps}).`;
      return null;
    case 'cosine':
      if (!isFiniteNumber(s.totalSteps) || !Number.isInteger(s.totalSteps) || s.totalSteps < 1)
        return `Cosine schedule: totalSteps must be a whole number >= 1 (got ${s.totalSteps}).`;
      if (s.minLr !== undefined && (!isFiniteNumber(s.minLr) || s.minLr < 0 || s.minLr > 1))
        return `Cosine schedule: minLr is a fraction of the base rate and must be in [0, 1] (got ${s.minLr}).`;
      return null;
    case 'onecycle':
      if (!isFiniteNumber(s.totalSteps) || !Number.isInteger(s.totalSteps) || s.totalSteps < 2)
        return `One-cycle schedule: totalSteps must be a whole number >= 2 (got ${s.totalSteps}).`;
      if (s.pctStart !== undefined && (!isFiniteNumber(s.pctStart) || s.pctStart <= 0 || s.pctStart >= 1))
        return `One-cycle schedule: pctStart must be in (0, 1) (got ${s.pctStart}).`;
      if ((s.pctStart ?? 0.3) * s.totalSteps < 2)
        return `One-cycle schedule: pctStart * totalSteps must be at least 2 steps of rise (got ${(s.pctStart ?? 0.3) * s.totalSteps}).`;
      for (const k of ['divFactor', 'finalDivFactor'] as const)
        if (s[k] !== undefined && (!isFiniteNumber(s[k]) || s[k] < 1)) return `One-cycle schedule: ${k} must be >= 1 (got ${s[k]}).`;
      return null;
    case 'plateau':
      if (!isFiniteNumber(s.factor) || s.factor <= 0 || s.factor >= 1)
        return `Plateau schedule: factor must be in (0, 1) (got ${s.factor}).`;
      if (!isFiniteNumber(s.patience) || !Number.isInteger(s.patience) || s.patience < 0)
        return `Plateau schedule: patience must be a whole number of epochs >= 0 (got ${s.patience}).`;
      if (!isFiniteNumber(s.minLr) || s.minLr < 0)
        return `Plateau schedule: minLr must be a learning rate >= 0 (got ${s.minLr}).`;
      if (s.minDelta !== undefined && (!isFiniteNumber(s.minDelta) || s.minDelta < 0))
        return `Plateau schedule: minDelta must be >= 0 (got ${s.minDelta}).`;
      return null;
    default:
      return `Unknown schedule kind ${JSON.stringify(kind)}.`;
  }
}

/** The schedule's name where exports mention it (train.py and Keras/TF.js train at a constant rate): its kind and any warm-up. */
export function scheduleName(s: LrSchedule): string {
  return s.warmupSteps ? `${s.kind} after ${s.warmupSteps} linear warm-up steps` : s.kind;
}

function assertValid(s: LrSchedule): void {
  const msg = validateSchedule(s);
  if (msg !== null) throw new Error(msg);
}

/**
 * Learning rate for the stateless schedules, after the warm-up. Throws on an invalid config (rather
 * than silently producing NaN). For 'plateau' returns `base` (pass the tracker's current rate).
 */
export function learningRateAt(base: number, s: LrSchedule, step: number, epoch: number): number {
  assertValid(s);
  const W = s.warmupSteps ?? 0;
  if (step < W) {
    const start = s.warmupStart ?? WARMUP_DEFAULT_START;
    return base * (start + ((1 - start) * Math.max(0, step)) / W);
  }
  return afterWarmup(base, s, step - W, epoch);
}

function afterWarmup(base: number, s: LrSchedule, step: number, epoch: number): number {
  switch (s.kind) {
    case 'constant':
    case 'plateau':
      return base;
    case 'step':
      return base * Math.pow(s.factor, Math.floor(Math.max(0, epoch) / s.dropEvery));
    case 'exponential':
      return base * Math.pow(s.decayRate, Math.max(0, step) / s.decaySteps);
    case 'cosine': {
      const alpha = s.minLr ?? 0;
      const t = Math.min(Math.max(0, step), s.totalSteps) / s.totalSteps;
      const cosineDecayed = 0.5 * (1 + Math.cos(Math.PI * t));
      return base * ((1 - alpha) * cosineDecayed + alpha);
    }
    case 'onecycle':
      return oneCycle(base, s, step);
  }
}

/** torch.optim.lr_scheduler.OneCycleLR's two-phase cosine rate at `step` (clamped to the last step). */
function oneCycle(base: number, s: Extract<LrSchedule, { kind: 'onecycle' }>, step: number): number {
  const initial = base / (s.divFactor ?? 25);
  const min = initial / (s.finalDivFactor ?? 1e4);
  const riseEnd = (s.pctStart ?? 0.3) * s.totalSteps - 1;
  const end = s.totalSteps - 1;
  const t = Math.min(Math.max(0, step), end);
  const cos = (from: number, to: number, pct: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
  return t <= riseEnd ? cos(initial, base, t / riseEnd) : cos(base, min, (t - riseEnd) / (end - riseEnd));
}

/**
 * Keras ReduceLROnPlateau (mode 'min', cooldown 0). Call endEpoch(valLoss) once per epoch;
 * it returns the learning rate to use for the next epoch. A NaN loss counts as no improvement.
 */
export class PlateauTracker {
  private lr: number;
  private best = Infinity;
  private wait = 0;
  private readonly factor: number;
  private readonly patience: number;
  private readonly minLr: number;
  private readonly minDelta: number;

  constructor(base: number, s: LrSchedule) {
    if (s.kind !== 'plateau') throw new Error(`PlateauTracker needs a 'plateau' schedule, got '${s.kind}'.`);
    assertValid(s);
    this.lr = base;
    this.factor = s.factor;
    this.patience = s.patience;
    this.minLr = s.minLr;
    this.minDelta = s.minDelta ?? PLATEAU_DEFAULT_MIN_DELTA;
  }

  current(): number {
    return this.lr;
  }

  endEpoch(valLoss: number): number {
    if (valLoss < this.best - this.minDelta) {
      this.best = valLoss;
      this.wait = 0;
    } else {
      this.wait += 1;
      if (this.wait >= this.patience && this.lr > this.minLr) {
        this.lr = Math.max(this.lr * this.factor, this.minLr);
        this.wait = 0;
      }
    }
    return this.lr;
  }
}

/**
 * Samples the schedule for a UI preview: up to `points` evenly spaced steps over
 * [0, totalSteps] (both ends included, integer steps, no duplicates). Plateau shows a
 * constant `base` (after any warm-up). Returns [] for an invalid config so a preview can render while editing.
 */
export function previewSchedule(
  base: number,
  s: LrSchedule,
  totalSteps: number,
  stepsPerEpoch: number,
  points = 100,
): { step: number; lr: number }[] {
  if (validateSchedule(s) !== null) return [];
  const total = Math.max(0, Math.floor(Number.isFinite(totalSteps) ? totalSteps : 0));
  const perEpoch = Math.max(1, Math.floor(Number.isFinite(stepsPerEpoch) ? stepsPerEpoch : 1));
  const wanted = Number.isFinite(points) ? Math.floor(points) : 100;
  const n = Math.max(1, Math.min(wanted, total + 1));
  const out: { step: number; lr: number }[] = [];
  let last = -1;
  for (let i = 0; i < n; i++) {
    const step = n === 1 ? 0 : Math.round((i * total) / (n - 1));
    if (step === last) continue;
    last = step;
    out.push({ step, lr: learningRateAt(base, s, step, Math.floor(step / perEpoch)) });
  }
  return out;
}
