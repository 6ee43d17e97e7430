/**
 * Launchers of optimizer.wgsl over the flat parameter vector (P4 vec4s): the squared global norm
 * of the gradients (clipping only) and the fused update selected by the optimizer table's OPT
 * code and override constants (src/engine/optimizers.ts); its state slots stacked in one buffer.
 */
import type { Binding, Dispatcher } from '../dispatch';

/** norm2[0] = Σ g² over the trained vec4s (below trainEnd4 when given; exactly 1 workgroup of 64). */
export function optimizerGlobalNorm(d: Dispatcher, a: { P4: number; trainEnd4?: number; grads: Binding; norm2: Binding }): void {
  d.dispatch('optimizer_global_norm', { P4: a.P4, ...(a.trainEnd4 !== undefined ? { TRAIN_END: a.trainEnd4 } : {}) }, [a.grads, a.norm2], [1]);
}

/** The update rule: which optimizer, and where it applies. */
export interface OptimizerRule {
  P4: number;
  /** The optimizer's OPT code and override constants (optimizerRow(type).wgsl). */
  variant: { code: number; constants: Record<string, number> };
  weightDecay: number;
  /** Parameters before this flat index (in vec4s) take weight decay. */
  decayEnd4: number;
  /** Vec4s from this index on are non-trainable state, left alone (default: all train). */
  trainEnd4?: number;
  clip: boolean;
}

/** p (and the state slots) updated in place: ceil(P4/64) workgroups of 64. */
export function optimizerUpdate(
  d: Dispatcher,
  a: OptimizerRule & {
    step: Binding;
    grads: Binding;
    norm2: Binding;
    params: Binding;
    /** Every state slot of the optimizer, stacked (slot k at k * P4 vec4s); a placeholder when it keeps none. */
    state: Binding;
  },
): void {
  d.dispatch('optimizer_update', optimizerConstants(a), [a.step, a.grads, a.norm2, a.params, a.state], [Math.ceil(a.P4 / 64)]);
}

/** The override constants of prelude/optimizer_rule.wgsl (optimizer_update's, and the fused MLP steps'). */
export function optimizerConstants(a: OptimizerRule): Record<string, number | boolean> {
  return { P4: a.P4, OPT: a.variant.code, WD: a.weightDecay, DECAY_END: a.decayEnd4, CLIP: a.clip, ...(a.trainEnd4 !== undefined ? { TRAIN_END: a.trainEnd4 } : {}), ...a.variant.constants };
}
