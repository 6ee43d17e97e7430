/**
 * Launchers of optimizer.wgsl over the flat parameter vector (P4 vec4s): the squared global norm
 * of the gradients (clipping only) and the fused update selected by the optimizer table's OPT
 * code and override constants (src/engine/optimizers.ts); its state slots stacked in one buffer.
 */
import { emitTuned, type Binding, type Dispatcher } from '../dispatch';

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

/**
 * Workgroup counts the update may run with (its grid-stride loop covers P4 with any): one per 64
 * vec4s (the fallback), or a few that each loop over more. On a CPU adapter a workgroup costs
 * more to launch than 64 Adam updates do to compute; on a GPU the full grid wins. Every count
 * computes the same values (each element's update is independent), so the tuner may pick freely.
 */
export const OPTIMIZER_GRID_VARIANTS = ['grid', 'wg32', 'wg8', 'wg2'] as const;

const bufferOf = (b: Binding): GPUBuffer => ('buffer' in b ? b.buffer : b);

/** p (and the state slots) updated in place: ceil(P4/64) workgroups of 64, or fewer (tuned). */
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
  const constants = optimizerConstants(a);
  const full = Math.ceil(a.P4 / 64);
  const count = (v: string) => (v === 'grid' ? full : Math.min(full, Number(v.slice(2))));
  emitTuned(d, {
    key: `optimizer_update|P4=${a.P4},OPT=${a.variant.code},CLIP=${a.clip ? 1 : 0}`,
    variants: OPTIMIZER_GRID_VARIANTS.filter((v) => v === 'grid' || count(v) < full),
    fallback: 'grid',
    preserve: [bufferOf(a.params), bufferOf(a.state)],
    emit: (e, v) => e.dispatch('optimizer_update', constants, [a.step, a.grads, a.norm2, a.params, a.state], [count(v)]),
  });
}

/** The override constants of prelude/optimizer_rule.wgsl (optimizer_update's, and the fused MLP steps'). */
export function optimizerConstants(a: OptimizerRule): Record<string, number | boolean> {
  return { P4: a.P4, OPT: a.variant.code, WD: a.weightDecay, DECAY_END: a.decayEnd4, CLIP: a.clip, ...(a.trainEnd4 !== undefined ? { TRAIN_END: a.trainEnd4 } : {}), ...a.variant.constants };
}
