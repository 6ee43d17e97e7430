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

export type LossName = 'sparse_categorical_crossentropy' | 'categorical_crossentropy' | 'binary_crossentropy' | 'mse';

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
  reference(z: ArrayLike<number>, targets: ArrayLike<number>, rows: number, cols: number): LossRefResult;
  /** Float64 mean loss from the model's output (after its final activation): `values` output values per sample. */
  outputLoss(out: ArrayLike<number>, targets: ArrayLike<number>, batch: number, values: number, classes: number): number;
  /**
   * PyTorch: Python lines of `loss_terms(out, y)` in model.py (out without the absorbed activation,
   * y a batch of targets as data.safetensors holds them); they return (per-sample losses, correct count).
   */
  torch: string[];
  /** Keras 3's and TF.js's loss identifier (snake case: TF.js camel-cases it on load). */
  keras: string;
}

const classRef = (r: { loss: number; dlogits: Float64Array }): LossRefResult => ({ loss: r.loss, dz: r.dlogits });

/** Per-sample mean over an element-wise torch loss, and no accuracy (regression). */
const torchElementwise = (expr: string): string[] => [
  'y = y.reshape(out.shape).float()',
  `per = ${expr}.reshape(len(y), -1).mean(1)`,
  'return per, torch.zeros((), dtype=torch.long)',
];

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
    reference: (z, t, rows, cols) => classRef(softmaxCrossEntropyRef(z, t, rows, cols)),
    outputLoss: outputSparseCrossEntropy,
    torch: [
      'y = y.long()',
      'if out.dim() == 3:',
      '    per = F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="none").reshape(y.shape).mean(1)',
      '    return per, (out.argmax(-1) == y).float().mean(1).sum()',
      'return F.cross_entropy(out, y, reduction="none"), (out.argmax(-1) == y).sum()',
    ],
    keras: 'sparse_categorical_crossentropy',
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
    reference: (z, t, rows, cols) => classRef(softmaxCrossEntropyOneHotRef(z, t, rows, cols)),
    outputLoss: outputCategoricalCrossEntropy,
    // The playground one-hot encodes the class ids that data.safetensors holds.
    torch: ['y = y.long()', 'return F.cross_entropy(out, y, reduction="none"), (out.argmax(-1) == y).sum()'],
    keras: 'categorical_crossentropy',
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
    reference: (z, t, rows, cols) => classRef(sigmoidBinaryCrossEntropyRef(z, t, rows, cols)),
    outputLoss: outputBinaryCrossEntropy,
    torch: [
      'y = y.reshape(out.shape).float()',
      'per = F.binary_cross_entropy_with_logits(out, y, reduction="none").reshape(len(y), -1).mean(1)',
      'return per, ((out > 0).float() == y).reshape(len(y), -1).all(1).sum()',
    ],
    keras: 'binary_crossentropy',
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
    torch: torchElementwise('F.mse_loss(out, y, reduction="none")'),
    keras: 'mean_squared_error',
  },
};

export const LOSSES = Object.keys(LOSS_TABLE) as readonly LossName[];

/** The row of a loss the spec names (callers have checked the name against LOSSES). */
export const lossRow = (name: LossName): LossRow => LOSS_TABLE[name];

/** Whether a loss trains a classifier (accuracy, class probabilities) rather than a regression model. */
export const isClassificationLoss = (name: LossName): boolean => LOSS_TABLE[name]?.task === 'classification';

/** Whether a loss trains a regression model (target scaling, mae and r2). */
export const isRegressionLoss = (name: LossName): boolean => LOSS_TABLE[name]?.task === 'regression';
