/**
 * How the loss attaches to the graph: which kernel, which buffer holds its logits or predictions,
 * and whether the output's final softmax/sigmoid is absorbed into the loss kernel (so the model
 * computes logits and the loss kernel produces probabilities and the gradient in one dispatch).
 */
import type { KernelId } from '../gpu/kernels';
import { finalActivation, type GraphNode, type ModelGraph } from './graph';
import { size } from './layers/layer';
import type { LossName } from './spec';

export interface LossPlan {
  kernel: KernelId;
  loss: LossName;
  /** The node whose (linear) output the loss kernel reads as z. */
  logits: GraphNode;
  /** An Activation output layer that the loss absorbs entirely (skipped in forward and backward). */
  absorbedNode: GraphNode | null;
  /** A Dense output layer whose activation the loss absorbs (it computes logits instead). */
  absorbedActivation: GraphNode | null;
  /** Columns per row of the output. */
  classes: number;
  /** 32-bit words per target row in the batch: 1 for class ids, `classes` for float targets. */
  targetWords: number;
  sparseLabels: boolean;
}

export function planLoss(graph: ModelGraph): LossPlan {
  const out = graph.output;
  const loss = graph.spec.loss;
  const act = finalActivation(out.spec);
  const classes = size(out.out.shape);
  const absorbs = (loss.endsWith('categorical_crossentropy') && act === 'softmax') || (loss === 'binary_crossentropy' && act === 'sigmoid');
  const kernel: KernelId =
    loss === 'sparse_categorical_crossentropy'
      ? 'loss_softmax_xent_sparse'
      : loss === 'categorical_crossentropy'
        ? 'loss_softmax_xent_onehot'
        : loss === 'binary_crossentropy'
          ? 'loss_sigmoid_bce'
          : 'loss_mse';
  const sparse = loss === 'sparse_categorical_crossentropy';
  if (absorbs && out.spec.type === 'Activation') {
    return { kernel, loss, logits: out.inputs[0], absorbedNode: out, absorbedActivation: null, classes, targetWords: sparse ? 1 : classes, sparseLabels: sparse };
  }
  return { kernel, loss, logits: out, absorbedNode: null, absorbedActivation: absorbs ? out : null, classes, targetWords: sparse ? 1 : classes, sparseLabels: sparse };
}
