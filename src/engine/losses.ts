/**
 * The loss table: the one place a loss is described (like the optimizer table, optimizers.ts).
 * Each row gives its label, its loss kernel (src/kernels/loss/loss.wgsl), the targets that kernel
 * reads (class ids, one-hot rows or float rows), the final activation it absorbs (the model then
 * computes logits and the kernel the probabilities), the activation it needs on the output, whether
 * it is a classification or a regression loss (metrics, the output fix, the evaluation, charts,
 * target scaling), its float64 references (of the kernel, and of the model's output), its PyTorch
 * per-sample expression (model.py's `loss_terms`, which train.py calls) and its Keras / TF.js
 * identifier. A missing row or field is a compile error.
 *
 * Adding a loss: a name in LossName, a row here, its kernel case in loss.wgsl (+ LossKernel and
 * src/kernels/registry.ts), its float64 reference in reference/losses.ts.
 * Pure TypeScript: no device, no DOM; the UI may import it.
 */
import type { LossKernel } from '../kernels/loss/loss';
import { classWeightsProblem } from './class-weights';
import {
  meanSquaredErrorRef,
  outputBinaryCrossEntropy,
  outputCategoricalCrossEntropy,
  outputMeanSquaredError,
  outputSparseCrossEntropy,
  sigmoidBinaryCrossEntropyRef,
  softmaxCrossEntropyOneHotRef,
  softmaxCrossEntropyRef,
} from './reference/losses';
import {
  cosineSimilarityRef,
  hingeRef,
  huberRef,
  klDivergenceRef,
  logCoshRef,
  meanAbsoluteErrorRef,
  poissonRef,
  squaredHingeRef,
  type DirectLoss,
} from './reference/losses-keras';

export type LossName =
  | 'sparse_categorical_crossentropy'
  | 'categorical_crossentropy'
  | 'binary_crossentropy'
  | 'mse'
  | 'mae'
  | 'huber'
  | 'log_cosh'
  | 'hinge'
  | 'squared_hinge'
  | 'kl_divergence'
  | 'cosine_similarity'
  | 'poisson';

/** A loss's settings in the spec (`ModelSpec.lossOptions`); each applies to the losses that name it. */
export interface LossOptions {
  /** Huber's threshold between the squared and the linear part (Keras's default 1.0). */
  delta?: number;
  /**
   * Label smoothing of the cross-entropies, in [0, 1): the target becomes t (1 - ε) + ε / C (binary:
   * ε / 2), Keras's label_smoothing; for class ids as PyTorch's CrossEntropyLoss(label_smoothing=)
   * (Keras's SparseCategoricalCrossentropy has no such argument).
   */
  labelSmoothing?: number;
  /**
   * Per-class weights of the cross-entropies (one per class > 0; binary: [w0, w1]), Keras's class_weight in
   * fit: each sample's loss times the weight of its class, then the mean over the batch size (not over Σ w).
   * With label smoothing the class is the unsmoothed label's (as Keras). Training only: evaluation (the
   * validation loss) is unweighted, as Keras's val_loss. [] = none.
   */
  classWeights?: number[];
}

/** Settings with their defaults filled in. */
export type LossSettings = Required<LossOptions>;

export const LOSS_DEFAULTS: LossSettings = { delta: 1, labelSmoothing: 0, classWeights: [] };

/** The spec's loss settings with Keras's defaults for those it leaves out. */
export const lossSettings = (o: LossOptions | undefined): LossSettings => ({ ...LOSS_DEFAULTS, ...(o ?? {}) });

/** What the loss kernel reads per row: integer class ids, one-hot rows from class ids, or the dataset's float rows. */
export type LossTargets = 'class_ids' | 'one_hot' | 'float';

/** The loss's value and its gradient with respect to the kernel's input z (logits or predictions), in float64. */
export interface LossRefResult {
  loss: number;
  dz: Float64Array;
}

export interface LossRow {
  /** The name every UI shows beside the identifier. */
  label: string;
  kernel: LossKernel;
  targets: LossTargets;
  /** The output's final activation the loss kernel absorbs (computing it itself), or null. */
  absorbs: 'softmax' | 'sigmoid' | null;
  /** The final activation the output must end in; 'not_softmax' for losses on free-valued outputs. */
  needs: 'softmax' | 'sigmoid' | 'not_softmax';
  /** Classification (accuracy, class probabilities) or regression (mae/r2, target scaling). */
  task: 'classification' | 'regression';
  /** One output unit for a two-class dataset (the class id is its 0/1 target). */
  binary: boolean;
  /** Whether a per-position output [T, C] with T class ids per sample is allowed. */
  perPosition: boolean;
  /** Float64 reference of the kernel: z [rows, cols] (logits when an activation is absorbed) and targets. */
  reference(z: ArrayLike<number>, targets: ArrayLike<number>, rows: number, cols: number, o: LossSettings): LossRefResult;
  /** Float64 mean loss from the model's output (after its final activation): `values` output values per sample. */
  outputLoss(out: ArrayLike<number>, targets: ArrayLike<number>, batch: number, values: number, classes: number, o: LossSettings): number;
  /**
   * PyTorch: Python lines of `loss_terms(out, y)` in model.py (out without the absorbed activation,
   * y a batch of targets as data.safetensors holds them); they return (per-sample losses, correct count).
   */
  torch(o: LossSettings): string[];
  /** Keras 3's loss in compile_config: its identifier, or a serialized loss object where a setting is not the default. */
  keras(o: LossSettings): string | Record<string, unknown> | { refuse: string };
  /** TF.js's loss identifier in trainingConfig (snake case: TF.js camel-cases it on load), or why TF.js has none. */
  tfjs(o: LossSettings): string | { refuse: string };
  /** Whether the loss sums each sample's whole output (so the output must be 1-D, as Keras's last axis). */
  wholeRow: boolean;
  /** What the dataset's float targets must be, or null when any finite value fits. */
  targetProblem?(y: ArrayLike<number>): string | null;
}

const classRef = (r: { loss: number; dlogits: Float64Array }): LossRefResult => ({ loss: r.loss, dz: r.dlogits });

/** Per-sample mean over an element-wise torch loss, and no accuracy (regression). */
const torchElementwise = (expr: string): string[] => [
  'y = y.reshape(out.shape).float()',
  `per = ${expr}.reshape(len(y), -1).mean(1)`,
  'return per, torch.zeros((), dtype=torch.long)',
];

/** A Keras-3-direct loss's references from its float64 oracle (reference/losses-keras.ts). */
const direct = (ref: (o: LossSettings) => (pred: ArrayLike<number>, t: ArrayLike<number>, rows: number, cols: number) => DirectLoss) => ({
  reference: (z: ArrayLike<number>, t: ArrayLike<number>, rows: number, cols: number, o: LossSettings): LossRefResult => {
    const r = ref(o)(z, t, rows, cols);
    return { loss: r.loss, dz: r.dpred };
  },
  outputLoss: (out: ArrayLike<number>, t: ArrayLike<number>, batch: number, values: number, _classes: number, o: LossSettings): number => ref(o)(out, t, batch, values).loss,
});

/** A regression loss on float targets and a free-valued output. */
const regression = { targets: 'float', absorbs: null, needs: 'not_softmax', task: 'regression', binary: false, perPosition: false, wholeRow: false } as const;

/** The hinges: one output unit against {-1, 1} (or {0, 1}, read as Keras does) targets. */
const hingeShape = {
  targets: 'float',
  absorbs: null,
  needs: 'not_softmax',
  task: 'classification',
  binary: true,
  perPosition: false,
  wholeRow: false,
  targetProblem: (y: ArrayLike<number>): string | null => {
    let pm = true;
    let zo = true;
    for (let i = 0; i < y.length; i++) {
      pm &&= y[i] === -1 || y[i] === 1;
      zo &&= y[i] === 0 || y[i] === 1;
    }
    return pm || zo ? null : 'needs targets that are all -1 or 1, or all 0 or 1 (read as -1 and 1)';
  },
} as const;

/** The hinges in PyTorch: {0, 1} targets read as {-1, 1}; correct where the output's sign matches. */
const torchHinge = (expr: string): string[] => [
  'y = y.reshape(out.shape).float()',
  'y = torch.where(y == 0, -torch.ones_like(y), y)  # Keras reads {0, 1} labels as {-1, 1}',
  `per = (${expr}).reshape(len(y), -1).mean(1)`,
  'return per, ((out > 0) == (y > 0)).float().reshape(len(y), -1).mean(1).sum()',
];

/** Why model.json carries no smoothed cross-entropy: trainingConfig names a loss, without arguments. */
const TFJS_SMOOTHING = "TF.js's trainingConfig names a loss without arguments, so it cannot carry label smoothing";

/** PyTorch's cross_entropy argument for the settings' label smoothing (none when 0). */
const smoothingArg = (o: LossSettings): string => (o.labelSmoothing ? `, label_smoothing=${o.labelSmoothing}` : '');

/** The settings' class weights for a reference, or null when none. */
const weightsOf = (o: LossSettings): number[] | null => (o.classWeights.length ? o.classWeights : null);

/** model.py's per-sample factor w[class] (Keras's class_weight), appended to a loss expression; '' when none. */
const weighted = (o: LossSettings, cls: string): string => (o.classWeights.length ? ` * torch.tensor(${JSON.stringify(o.classWeights)}, dtype=out.dtype, device=out.device)[${cls}]` : '');

/** A per-element loss expression times the class weights, in parentheses only when there are weights (model.py unchanged without). */
const weightedExpr = (o: LossSettings, expr: string, cls: string): string => (o.classWeights.length ? `(${expr}${weighted(o, cls)})` : expr);

/** Why compile_config / trainingConfig carry no class weights: Keras passes them to fit, not to compile. */
const weightsRefusal = (o: LossSettings) => ({ refuse: `class weights are an argument of Keras's fit, which the compile config does not carry: pass class_weight={${o.classWeights.map((w, i) => `${i}: ${w}`).join(', ')}} to fit` });

/** Why model.json carries no hinge: the playground's hinge targets are often 0/1 class ids. */
const TFJS_HINGE = "TF.js's hinge losses do not read {0, 1} labels as {-1, 1} (Keras 3's do), so they would train another loss on class-id targets";

/** Keras 3's serialization of a loss object (keras.saving.serialize_keras_object). */
const kerasLoss = (className: string, name: string, config: Record<string, unknown>): Record<string, unknown> => ({
  module: 'keras.losses',
  class_name: className,
  config: { name, reduction: 'sum_over_batch_size', ...config },
  registered_name: null,
});

export const LOSS_TABLE: { [N in LossName]: LossRow } = {
  sparse_categorical_crossentropy: {
    label: 'Sparse categorical cross-entropy',
    kernel: 'loss_softmax_xent_sparse',
    targets: 'class_ids',
    absorbs: 'softmax',
    needs: 'softmax',
    task: 'classification',
    binary: false,
    perPosition: true,
    reference: (z, t, rows, cols, o) => classRef(softmaxCrossEntropyRef(z, t, rows, cols, o.labelSmoothing, weightsOf(o))),
    outputLoss: (out, t, batch, values, classes, o) => outputSparseCrossEntropy(out, t, batch, values, classes, o.labelSmoothing, weightsOf(o)),
    torch: (o) => [
      'y = y.long()',
      'if out.dim() == 3:',
      `    per = ${weightedExpr(o, `F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="none"${smoothingArg(o)}).reshape(y.shape)`, 'y')}.mean(1)`,
      '    return per, (out.argmax(-1) == y).float().mean(1).sum()',
      `return F.cross_entropy(out, y, reduction="none"${smoothingArg(o)})${weighted(o, 'y')}, (out.argmax(-1) == y).sum()`,
    ],
    keras: (o) => (o.labelSmoothing ? { refuse: "Keras 3's SparseCategoricalCrossentropy has no label_smoothing (PyTorch's CrossEntropyLoss has)" } : o.classWeights.length ? weightsRefusal(o) : 'sparse_categorical_crossentropy'),
    tfjs: (o) => (o.labelSmoothing ? { refuse: TFJS_SMOOTHING } : o.classWeights.length ? weightsRefusal(o) : 'sparse_categorical_crossentropy'),
    wholeRow: false,
  },
  categorical_crossentropy: {
    label: 'Categorical cross-entropy',
    kernel: 'loss_softmax_xent_onehot',
    targets: 'one_hot',
    absorbs: 'softmax',
    needs: 'softmax',
    task: 'classification',
    binary: false,
    perPosition: false,
    reference: (z, t, rows, cols, o) => classRef(softmaxCrossEntropyOneHotRef(z, t, rows, cols, o.labelSmoothing, weightsOf(o))),
    outputLoss: (out, t, batch, values, _classes, o) => outputCategoricalCrossEntropy(out, t, batch, values, o.labelSmoothing, weightsOf(o)),
    // The playground one-hot encodes the class ids that data.safetensors holds.
    torch: (o) => ['y = y.long()', `return F.cross_entropy(out, y, reduction="none"${smoothingArg(o)})${weighted(o, 'y')}, (out.argmax(-1) == y).sum()`],
    keras: (o) => (o.classWeights.length ? weightsRefusal(o) : o.labelSmoothing ? kerasLoss('CategoricalCrossentropy', 'categorical_crossentropy', { from_logits: false, label_smoothing: o.labelSmoothing, axis: -1 }) : 'categorical_crossentropy'),
    tfjs: (o) => (o.labelSmoothing ? { refuse: TFJS_SMOOTHING } : o.classWeights.length ? weightsRefusal(o) : 'categorical_crossentropy'),
    wholeRow: false,
  },
  binary_crossentropy: {
    label: 'Binary cross-entropy',
    kernel: 'loss_sigmoid_bce',
    targets: 'float',
    absorbs: 'sigmoid',
    needs: 'sigmoid',
    task: 'classification',
    binary: true,
    perPosition: false,
    reference: (z, t, rows, cols, o) => classRef(sigmoidBinaryCrossEntropyRef(z, t, rows, cols, o.labelSmoothing, weightsOf(o))),
    outputLoss: (out, t, batch, values, _classes, o) => outputBinaryCrossEntropy(out, t, batch, values, o.labelSmoothing, weightsOf(o)),
    torch: (o) => [
      'y = y.reshape(out.shape).float()',
      // BCEWithLogitsLoss has no label smoothing: Keras's t (1 - ε) + ε / 2, written out.
      `per = ${weightedExpr(o, `F.binary_cross_entropy_with_logits(out, ${o.labelSmoothing ? `y * ${1 - o.labelSmoothing} + ${0.5 * o.labelSmoothing}` : 'y'}, reduction="none")`, '(y > 0.5).long()')}.reshape(len(y), -1).mean(1)`,
      'return per, ((out > 0).float() == y).reshape(len(y), -1).all(1).sum()',
    ],
    keras: (o) => (o.classWeights.length ? weightsRefusal(o) : o.labelSmoothing ? kerasLoss('BinaryCrossentropy', 'binary_crossentropy', { from_logits: false, label_smoothing: o.labelSmoothing, axis: -1 }) : 'binary_crossentropy'),
    tfjs: (o) => (o.labelSmoothing ? { refuse: TFJS_SMOOTHING } : o.classWeights.length ? weightsRefusal(o) : 'binary_crossentropy'),
    wholeRow: false,
  },
  mse: {
    label: 'Mean squared error',
    kernel: 'loss_mse',
    targets: 'float',
    absorbs: null,
    needs: 'not_softmax',
    task: 'regression',
    binary: false,
    perPosition: false,
    reference: (z, t, rows, cols) => {
      const r = meanSquaredErrorRef(z, t, rows, cols);
      return { loss: r.loss, dz: r.dpred };
    },
    outputLoss: outputMeanSquaredError,
    torch: () => torchElementwise('F.mse_loss(out, y, reduction="none")'),
    keras: () => 'mean_squared_error',
    tfjs: () => 'mean_squared_error',
    wholeRow: false,
  },
  mae: {
    label: 'Mean absolute error',
    kernel: 'loss_mae',
    ...regression,
    ...direct(() => meanAbsoluteErrorRef),
    torch: () => torchElementwise('F.l1_loss(out, y, reduction="none")'),
    keras: () => 'mean_absolute_error',
    tfjs: () => 'mean_absolute_error',
  },
  huber: {
    label: 'Huber',
    kernel: 'loss_huber',
    ...regression,
    ...direct((o) => huberRef(o.delta)),
    torch: (o) => torchElementwise(`F.huber_loss(out, y, reduction="none", delta=${o.delta})`),
    keras: (o) => (o.delta === 1 ? 'huber' : kerasLoss('Huber', 'huber_loss', { delta: o.delta })),
    tfjs: () => ({ refuse: 'TF.js Layers has no Huber training loss (tf.losses.huberLoss cannot be named in trainingConfig)' }),
  },
  log_cosh: {
    label: 'Log-cosh',
    kernel: 'loss_log_cosh',
    ...regression,
    ...direct(() => logCoshRef),
    torch: () => torchElementwise('((out - y) + F.softplus(-2.0 * (out - y)) - math.log(2.0))'),
    keras: () => 'log_cosh',
    tfjs: () => 'logcosh',
  },
  hinge: {
    label: 'Hinge',
    kernel: 'loss_hinge',
    ...hingeShape,
    ...direct(() => hingeRef),
    torch: () => torchHinge('torch.clamp(1 - y * out, min=0)'),
    keras: () => 'hinge',
    tfjs: () => ({ refuse: TFJS_HINGE }),
  },
  squared_hinge: {
    label: 'Squared hinge',
    kernel: 'loss_squared_hinge',
    ...hingeShape,
    ...direct(() => squaredHingeRef),
    torch: () => torchHinge('torch.clamp(1 - y * out, min=0) ** 2'),
    keras: () => 'squared_hinge',
    tfjs: () => ({ refuse: TFJS_HINGE }),
  },
  kl_divergence: {
    label: 'KL divergence',
    kernel: 'loss_kl_divergence',
    targets: 'one_hot',
    absorbs: null,
    needs: 'softmax',
    task: 'classification',
    binary: false,
    perPosition: false,
    wholeRow: true,
    ...direct(() => klDivergenceRef),
    // The playground one-hot encodes the class ids that data.safetensors holds; Keras clips both sides to [1e-7, 1].
    torch: () => [
      'ids = y.long()',
      't = F.one_hot(ids, out.shape[-1]).to(out.dtype).clamp(1e-7, 1)',
      'per = F.kl_div(out.clamp(1e-7, 1).log(), t, reduction="none").sum(-1)',
      'return per, (out.argmax(-1) == ids).sum()',
    ],
    keras: () => 'kl_divergence',
    tfjs: () => 'kullback_leibler_divergence',
  },
  cosine_similarity: {
    label: 'Cosine similarity (negated)',
    kernel: 'loss_cosine_similarity',
    ...regression,
    wholeRow: true,
    ...direct(() => cosineSimilarityRef),
    torch: () => ['y = y.reshape(out.shape).float()', 'return -F.cosine_similarity(out, y, dim=-1, eps=1e-7), torch.zeros((), dtype=torch.long)'],
    keras: () => 'cosine_similarity',
    tfjs: () => 'cosine_proximity',
  },
  poisson: {
    label: 'Poisson',
    kernel: 'loss_poisson',
    ...regression,
    ...direct(() => poissonRef),
    torch: () => torchElementwise('F.poisson_nll_loss(out, y, log_input=False, eps=1e-7, reduction="none")'),
    keras: () => 'poisson',
    tfjs: () => 'poisson',
  },
};

export const LOSSES = Object.keys(LOSS_TABLE) as readonly LossName[];

/** The row of a loss the spec names (callers have checked the name against LOSSES). */
export const lossRow = (name: LossName): LossRow => LOSS_TABLE[name];

/** Whether a loss trains a classifier (accuracy, class probabilities) rather than a regression model. */
export const isClassificationLoss = (name: LossName): boolean => LOSS_TABLE[name]?.task === 'classification';

/** Whether a loss trains a regression model (target scaling, mae and r2). */
export const isRegressionLoss = (name: LossName): boolean => LOSS_TABLE[name]?.task === 'regression';

/** Why the spec's loss settings are not usable (untrusted: projects, share links, CLI), or null. */
export function lossOptionsProblem(o: unknown): string | null {
  if (o === undefined) return null;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'the loss options must be an object such as {"delta": 1}';
  for (const [k, v] of Object.entries(o)) {
    if (k === 'delta') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return `Huber's delta must be a positive number, got ${JSON.stringify(v)}`;
    } else if (k === 'labelSmoothing') {
      if (typeof v !== 'number' || !(v >= 0 && v < 1)) return `label smoothing must be a number in [0, 1), got ${JSON.stringify(v)}`;
    } else if (k === 'classWeights') {
      const bad = classWeightsProblem(v);
      if (bad) return bad;
    } else return `unknown loss option "${k}"; the options are: delta, labelSmoothing, classWeights`;
  }
  return null;
}
