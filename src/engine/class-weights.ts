/**
 * Per-class weights of the cross-entropies (`lossOptions.classWeights`), Keras's `class_weight` in
 * fit: each sample's loss times the weight of its class (the label; argmax of a one-hot row; the
 * rounded 0/1 target for binary cross-entropy, [w0, w1]), then the mean over the batch size; in
 * training only (the validation loss is unweighted, as Keras's val_loss). Not PyTorch's
 * CrossEntropyLoss(weight=), which divides by the batch's sum of weights. Their
 * checks, for untrusted specs (projects, share links, CLI): the list itself, and its fit to the
 * model's loss and class count.
 */
import type { LossName } from './spec';

/** The most class weights a spec may carry (a vocabulary-sized output's classes). */
export const MAX_CLASS_WEIGHTS = 65536;

/** The losses that take class weights. */
export const WEIGHTED_LOSSES: ReadonlySet<LossName> = new Set<LossName>(['sparse_categorical_crossentropy', 'categorical_crossentropy', 'binary_crossentropy']);

/** Why a value is not a list of class weights (1 to MAX_CLASS_WEIGHTS finite numbers > 0), or null. */
export function classWeightsProblem(v: unknown): string | null {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_CLASS_WEIGHTS) {
    return `class weights must be a list of 1 to ${MAX_CLASS_WEIGHTS} positive numbers, got ${String(JSON.stringify(v)).slice(0, 80)}`;
  }
  const bad = v.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w) || w <= 0);
  return bad >= 0 ? `class weight ${bad + 1} must be a positive number, got ${JSON.stringify(v[bad])}` : null;
}

/** Why valid class weights do not fit the loss and its classes (binary cross-entropy: 2), or null. */
export function classWeightsFitProblem(weights: readonly number[] | undefined, loss: LossName, classes: number): string | null {
  if (!weights) return null;
  if (!WEIGHTED_LOSSES.has(loss)) return `class weights apply to the cross-entropies only, not to ${loss}`;
  if (weights.length === classes) return null;
  return `${weights.length} class weight${weights.length === 1 ? '' : 's'} for ${classes} classes: give one per class${loss === 'binary_crossentropy' ? ' ([w0, w1] for binary cross-entropy)' : ''}`;
}

/** Parses a field or flag such as "1, 1, 2.5" (commas and/or spaces); a message for anything else. */
export function parseClassWeights(text: string): number[] | { error: string } {
  const parts = text.trim().split(/[\s,]+/).filter((p) => p !== '');
  if (!parts.length) return { error: 'give one positive weight per class, such as "1, 1, 2.5"' };
  const ws = parts.map(Number);
  const bad = parts.findIndex((p, i) => !/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(p) || !(ws[i] > 0) || !Number.isFinite(ws[i]));
  if (bad >= 0) return { error: `class weight ${bad + 1} must be a positive number, got "${parts[bad]}"` };
  const problem = classWeightsProblem(ws);
  return problem ? { error: problem } : ws;
}

/** The classes a loss's weights index on an output of `shape`: 2 for binary cross-entropy, the last axis of a per-position sparse output, else the output's size. */
export function lossClasses(loss: LossName, shape: readonly number[]): number {
  if (loss === 'binary_crossentropy') return 2;
  if (loss === 'sparse_categorical_crossentropy' && shape.length === 2) return shape[1];
  return shape.reduce((a, b) => a * b, 1);
}
