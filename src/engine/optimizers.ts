/**
 * The optimizer table: the one place an optimizer is described. Each row gives its label (the one
 * every UI shows), its hyperparameters (label, default: Keras's for SGD, Adagrad, RMSprop and Adam, torch.optim's
 * for the later ones where PyTorch has them, range), its state slots (name and
 * initial value), its WGSL selection (src/kernels/prelude/optimizer_rule.wgsl: OPT code and override constants),
 * its per-step uniform value (the step size `alpha`) and its float64 reference. The spec's
 * defaults and slots, the graph's checks, the project validator, the compiler's state buffers and
 * constants, the trainer's uniform, the memory estimate and the editor's fields derive from it.
 *
 * Adding an optimizer: a member of OptimizerSpec below, a row in OPTIMIZER_TABLE (the compiler
 * refuses a missing row or a missing hyperparameter field), its WGSL case, its reference class
 * and its branch in src/io/torch/train.py (test/engine/optimizer-table.test.ts checks the last).
 * Pure TypeScript: no device, no DOM; the UI may import it.
 */
import { AdagradRef, AdamRef, AdamWRef, RmspropRef, SgdRef, type OptimizerRef } from './reference/optimizers';
import { AdadeltaRef, AdamaxRef, LionRef, NadamRef, nadamScalars } from './reference/optimizers-torch';

export type OptimizerSpec =
  | { type: 'sgd'; lr?: number; momentum?: number; nesterov?: boolean }
  | { type: 'adagrad'; lr?: number; initialAccumulator?: number; epsilon?: number }
  | { type: 'rmsprop'; lr?: number; rho?: number; epsilon?: number }
  | { type: 'adam'; lr?: number; beta1?: number; beta2?: number; epsilon?: number; amsgrad?: boolean }
  | { type: 'adamw'; lr?: number; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number; amsgrad?: boolean }
  | { type: 'adamax'; lr?: number; beta1?: number; beta2?: number; epsilon?: number }
  | { type: 'nadam'; lr?: number; beta1?: number; beta2?: number; epsilon?: number; momentumDecay?: number }
  | { type: 'adadelta'; lr?: number; rho?: number; epsilon?: number }
  | { type: 'lion'; lr?: number; beta1?: number; beta2?: number; weightDecay?: number };
export type OptimizerName = OptimizerSpec['type'];

/** An optimizer's spec with every hyperparameter filled in. */
export type OptimizerHp<N extends OptimizerName = OptimizerName> = Required<Extract<OptimizerSpec, { type: N }>>;

/** A hyperparameter's allowed values: positive (lr, epsilon, ...), zero or more (weight decay) or a fraction in [0, 1) (momentum, betas). */
export type HyperRange = 'positive' | 'nonnegative' | 'fraction';

/** Each range's test and its wording in the graph's errors (`spec`) and the project validator's (`project`). */
export const HYPER_RANGES: Record<HyperRange, { test: (v: unknown) => boolean; spec: string; project: string }> = {
  positive: { test: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0, spec: 'a positive number', project: 'a finite number above 0' },
  nonnegative: { test: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, spec: 'zero or positive', project: 'a finite number of 0 or more' },
  fraction: { test: (v) => typeof v === 'number' && v >= 0 && v < 1, spec: 'in [0, 1)', project: 'in [0, 1)' },
};

export type HyperField<T> = T extends boolean ? { label: string; default: boolean } : { label: string; default: number; range: HyperRange };

/** An optimizer's state: its slots (see optimizerSlots) as flat vectors in the parameter layout, and its step count. */
export interface OptimizerState {
  step: number;
  slots: Record<string, Float32Array>;
}

/** One slot of per-parameter state, in the order of the engine's state buffers. */
export interface SlotDef {
  name: string;
  /** Every element's value before the first step (AdaGrad's initial accumulator). */
  init: number;
}

export interface OptimizerRow<N extends OptimizerName> {
  /** The name every UI shows. */
  label: string;
  /** Every hyperparameter but `type`, in the order of optimizerDefaults(). */
  fields: { [K in Exclude<keyof OptimizerHp<N>, 'type'>]-?: HyperField<OptimizerHp<N>[K]> };
  slots(o: OptimizerHp<N>): SlotDef[];
  /** The optimizer_update variant: OPT code and override constants from the hyperparameters. */
  wgsl(o: OptimizerHp<N>): { code: number; constants: Record<string, number> };
  /** Step size written to the Step uniform's `alpha` for step t (1-based), in float64; lr unless bias-corrected. */
  stepSize(o: OptimizerHp<N>, lr: number, t: number): number;
  /** The Step uniform's further per-step scalars, where the update needs them (NAdam). */
  stepExtra?(o: OptimizerHp<N>, lr: number, t: number): { beta: number; gamma: number };
  /** The float64 reference of the update the kernel computes. */
  reference(o: OptimizerHp<N>): OptimizerRef;
}

const lr = (d: number) => ({ label: 'Learning rate', default: d, range: 'positive' as const });
const epsilon = { label: 'Epsilon', default: 1e-7, range: 'positive' as const };
const plainStep = (_o: unknown, lr: number) => lr;
const beta1 = { label: 'Beta 1', default: 0.9, range: 'fraction' as const };
const beta2 = (d: number) => ({ label: 'Beta 2', default: d, range: 'fraction' as const });
const amsgrad = { label: 'AMSGrad', default: false };
/** Decoupled weight decay (AdamW, Lion): p -= lr·wd·p on every parameter before the update, as torch.optim.AdamW and Keras 3 do. */
const decoupled = (d: number) => ({ label: 'Weight decay (decoupled)', default: d, range: 'nonnegative' as const });
/** Keras 3's Adam bias correction folded into the step size, in float64 on the CPU. */
const adamStep = (o: { beta1: number; beta2: number }, lr: number, t: number) => (lr * Math.sqrt(1 - Math.pow(o.beta2, t))) / (1 - Math.pow(o.beta1, t));
/** Adam's slots: m, v, and AMSGrad's running maximum of v. */
const adamSlots = (o: { amsgrad: boolean }): SlotDef[] => [
  { name: 'm', init: 0 },
  { name: 'v', init: 0 },
  ...(o.amsgrad ? [{ name: 'vhat', init: 0 }] : []),
];

/** A missing optimizer is a compile error here (the mapped type asks for every OptimizerName). */
export const OPTIMIZER_TABLE: { [N in OptimizerName]: OptimizerRow<N> } = {
  sgd: {
    label: 'SGD',
    fields: {
      lr: lr(0.01),
      momentum: { label: 'Momentum', default: 0, range: 'fraction' },
      nesterov: { label: 'Nesterov momentum', default: false },
    },
    slots: (o) => (o.momentum > 0 ? [{ name: 'v', init: 0 }] : []),
    wgsl: (o) => ({ code: o.momentum > 0 ? (o.nesterov ? 2 : 1) : 0, constants: { MOM: o.momentum } }),
    stepSize: plainStep,
    reference: (o) => new SgdRef(o),
  },
  adagrad: {
    label: 'Adagrad',
    fields: {
      lr: lr(1e-3),
      initialAccumulator: { label: 'Initial accumulator', default: 0.1, range: 'positive' },
      epsilon,
    },
    slots: (o) => [{ name: 'a', init: o.initialAccumulator }],
    wgsl: (o) => ({ code: 3, constants: { EPS: o.epsilon } }),
    stepSize: plainStep,
    reference: (o) => new AdagradRef({ ...o, epsilonInsideSqrt: true }),
  },
  rmsprop: {
    label: 'RMSprop',
    fields: {
      lr: lr(1e-3),
      rho: { label: 'Rho', default: 0.9, range: 'fraction' },
      epsilon,
    },
    slots: () => [{ name: 'v', init: 0 }],
    wgsl: (o) => ({ code: 4, constants: { RHO: o.rho, EPS: o.epsilon } }),
    stepSize: plainStep,
    reference: (o) => new RmspropRef({ ...o, epsilonInsideSqrt: true }),
  },
  adam: {
    label: 'Adam',
    fields: { lr: lr(1e-3), beta1, beta2: beta2(0.999), epsilon, amsgrad },
    slots: adamSlots,
    wgsl: (o) => ({ code: o.amsgrad ? 6 : 5, constants: { B1: o.beta1, B2: o.beta2, EPS: o.epsilon } }),
    stepSize: adamStep,
    reference: (o) => new AdamRef(o),
  },
  adamw: {
    label: 'AdamW',
    // torch.optim.AdamW's defaults (epsilon 1e-8, weight decay 0.01); the update is Adam's (Keras form).
    fields: { lr: lr(1e-3), beta1, beta2: beta2(0.999), epsilon: { ...epsilon, default: 1e-8 }, weightDecay: decoupled(0.01), amsgrad },
    slots: adamSlots,
    wgsl: (o) => ({ code: o.amsgrad ? 6 : 5, constants: { B1: o.beta1, B2: o.beta2, EPS: o.epsilon, DWD: o.weightDecay } }),
    stepSize: adamStep,
    reference: (o) => new AdamWRef(o),
  },
  adamax: {
    label: 'Adamax',
    // torch.optim.Adamax: u = max(b2·u, |g| + eps), step lr/(1-b1^t).
    fields: { lr: lr(2e-3), beta1, beta2: beta2(0.999), epsilon: { ...epsilon, default: 1e-8 } },
    slots: () => [
      { name: 'm', init: 0 },
      { name: 'u', init: 0 },
    ],
    wgsl: (o) => ({ code: 7, constants: { B1: o.beta1, B2: o.beta2, EPS: o.epsilon } }),
    stepSize: (o, lr, t) => lr / (1 - Math.pow(o.beta1, t)),
    reference: (o) => new AdamaxRef(o),
  },
  nadam: {
    label: 'NAdam',
    // torch.optim.NAdam (momentum decay 4e-3; Keras 3's Nadam is momentum decay 1).
    fields: { lr: lr(2e-3), beta1, beta2: beta2(0.999), epsilon: { ...epsilon, default: 1e-8 }, momentumDecay: { label: 'Momentum decay', default: 4e-3, range: 'positive' } },
    slots: () => [
      { name: 'm', init: 0 },
      { name: 'v', init: 0 },
    ],
    wgsl: (o) => ({ code: 8, constants: { B1: o.beta1, B2: o.beta2, EPS: o.epsilon } }),
    stepSize: (o, lr, t) => nadamScalars(o, lr, t).alpha,
    stepExtra: (o, lr, t) => {
      const { beta, gamma } = nadamScalars(o, lr, t);
      return { beta, gamma };
    },
    reference: (o) => new NadamRef(o),
  },
  adadelta: {
    label: 'Adadelta',
    // torch.optim.Adadelta's defaults (lr 1, rho 0.9, epsilon 1e-6); Keras and TF.js apply the same rule.
    fields: { lr: lr(1), rho: { label: 'Rho', default: 0.9, range: 'fraction' }, epsilon: { ...epsilon, default: 1e-6 } },
    slots: () => [
      { name: 'v', init: 0 },
      { name: 'u', init: 0 },
    ],
    wgsl: (o) => ({ code: 9, constants: { RHO: o.rho, EPS: o.epsilon } }),
    stepSize: plainStep,
    reference: (o) => new AdadeltaRef(o),
  },
  lion: {
    label: 'Lion',
    // keras.optimizers.Lion (PyTorch has none): betas 0.9 / 0.99, lr 1e-4 as the paper advises, decay decoupled.
    fields: { lr: lr(1e-4), beta1, beta2: beta2(0.99), weightDecay: decoupled(0) },
    slots: () => [{ name: 'm', init: 0 }],
    wgsl: (o) => ({ code: 10, constants: { B1: o.beta1, B2: o.beta2, DWD: o.weightDecay } }),
    stepSize: plainStep,
    reference: (o) => new LionRef(o),
  },
};

export const OPTIMIZERS = Object.keys(OPTIMIZER_TABLE) as readonly OptimizerName[];

/** A field description with its key, for iterating. */
export type HyperFieldOf = { key: string; label: string; default: number | boolean; range?: HyperRange };

/** The row of an optimizer, typed loosely enough to call with any spec. */
export function optimizerRow(type: OptimizerName): OptimizerRow<OptimizerName> {
  return OPTIMIZER_TABLE[type] as unknown as OptimizerRow<OptimizerName>;
}

/** An optimizer's hyperparameter fields in order (lr first). */
export function optimizerHyperFields(type: OptimizerName): HyperFieldOf[] {
  return Object.entries(OPTIMIZER_TABLE[type].fields).map(([key, f]) => ({ key, ...(f as Omit<HyperFieldOf, 'key'>) }));
}

/** Every hyperparameter of any optimizer, once per key (the first row's description wins). */
export function allHyperFields(): HyperFieldOf[] {
  const seen = new Map<string, HyperFieldOf>();
  for (const name of OPTIMIZERS) for (const f of optimizerHyperFields(name)) if (!seen.has(f.key)) seen.set(f.key, f);
  return [...seen.values()];
}

/** The label a hyperparameter key is shown with (the key itself when no optimizer has it). */
export function hyperLabel(key: string): string {
  return allHyperFields().find((f) => f.key === key)?.label ?? key;
}

/** The table's defaults, filled in wherever the spec leaves a hyperparameter out (keys in table order). */
export function optimizerDefaults(o: OptimizerSpec): OptimizerHp {
  const given = o as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: o.type };
  for (const f of optimizerHyperFields(o.type)) out[f.key] = given[f.key] ?? f.default;
  return out as unknown as OptimizerHp;
}

/** The per-parameter state the optimizer keeps, in the order of the engine's state buffers, with initial values. */
export function optimizerSlotDefs(o: OptimizerSpec): SlotDef[] {
  return optimizerRow(o.type).slots(optimizerDefaults(o));
}

/**
 * The slot names: Adadelta v (mean square of g) and u (of the updates); Lion m; Adamax m and u (the decayed maximum of |g|); NAdam m and v; Adam and AdamW m (first moment), v (second) and with AMSGrad vhat (v's running maximum); RMSprop v (mean square); AdaGrad a
 * (accumulator); SGD with momentum v (velocity); plain SGD none.
 */
export function optimizerSlots(o: OptimizerSpec): string[] {
  return optimizerSlotDefs(o).map((s) => s.name);
}

/** Why a hyperparameter value is out of its range, worded for the graph or the project validator (null when it is fine). */
export function hyperProblem(f: HyperFieldOf, v: unknown, wording: 'spec' | 'project'): string | null {
  if (typeof f.default === 'boolean') return typeof v === 'boolean' ? null : 'must be true or false';
  const r = HYPER_RANGES[f.range!];
  return r.test(v) ? null : `must be ${r[wording]}`;
}
