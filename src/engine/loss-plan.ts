/**
 * How the loss attaches to the graph: which kernel, which buffer holds its logits or predictions,
 * and whether the output's final softmax/sigmoid is absorbed into the loss kernel (so the model
 * computes logits and the loss kernel produces probabilities and the gradient in one dispatch).
 *
 * The loss's row in the loss table (losses.ts) gives the kernel, the targets and the absorbed activation.
 * Sparse categorical cross-entropy (a row with perPosition) also takes a per-timestep output [T, classes] (a language
 * model's next-token distribution at every position) with labels [T]: the loss kernel then sees
 * B*T rows and averages over all of them (Keras semantics for a [B, T, C] output).
 */
import type { LossKernel } from '../kernels/loss/loss';
import { finalActivation, type GraphNode, type ModelGraph } from './graph';
import { size } from './layers/layer';
import { lossRow, lossSettings, type LossSettings } from './losses';
import type { LossName } from './spec';

export interface LossPlan {
  kernel: LossKernel;
  loss: LossName;
  /** The node whose (linear) output the loss kernel reads as z. */
  logits: GraphNode;
  /** An Activation output layer that the loss absorbs entirely (skipped in forward and backward). */
  absorbedNode: GraphNode | null;
  /** A Dense output layer whose activation the loss absorbs (it computes logits instead). */
  absorbedActivation: GraphNode | null;
  /** Columns per row of the output (the last axis for a per-timestep output). */
  classes: number;
  /** Rows of the loss per sample: T for a per-timestep output [T, classes], else 1. */
  positions: number;
  /** Output values per sample (positions * classes): the width of one row of predictions. */
  outputs: number;
  /** 32-bit words per target row in the batch: `positions` class ids, or `classes` float targets. */
  targetWords: number;
  sparseLabels: boolean;
  /** The loss's settings (Huber's delta, ...) with Keras's defaults filled in. */
  settings: LossSettings;
}

export function planLoss(graph: ModelGraph): LossPlan {
  const out = graph.output;
  const loss = graph.spec.loss;
  const row = lossRow(loss);
  const act = finalActivation(out.spec);
  const shape = out.out.shape;
  const perStep = row.perPosition && shape.length === 2;
  const positions = perStep ? shape[0] : 1;
  const classes = perStep ? shape[1] : size(shape);
  const dims = { classes, positions, outputs: positions * classes, settings: lossSettings(graph.spec.lossOptions) };
  const absorbs = row.absorbs !== null && act === row.absorbs;
  const kernel = row.kernel;
  const sparse = row.targets === 'class_ids';
  if (absorbs && out.spec.type === 'Activation') {
    return { kernel, loss, logits: out.inputs[0], absorbedNode: out, absorbedActivation: null, ...dims, targetWords: sparse ? positions : classes, sparseLabels: sparse };
  }
  return { kernel, loss, logits: out, absorbedNode: null, absorbedActivation: absorbs ? out : null, ...dims, targetWords: sparse ? positions : classes, sparseLabels: sparse };
}
