/**
 * Launcher of loss.wgsl and loss_direct.wgsl: logits (or predictions) z [B*T, C], targets, probabilities p, dz
 * [B*T, C] and the running metrics (loss sum, correct, rows counted), in exactly one workgroup. The three
 * cross-entropies also bind the class weights cw [C] (bce [2]), all ones for a model without them.
 */
import type { Binding, Dispatcher } from '../dispatch';

export type LossKernel =
  | 'loss_softmax_xent_sparse'
  | 'loss_softmax_xent_onehot'
  | 'loss_sigmoid_bce'
  | 'loss_mse'
  | 'loss_mae'
  | 'loss_huber'
  | 'loss_log_cosh'
  | 'loss_hinge'
  | 'loss_squared_hinge'
  | 'loss_poisson'
  | 'loss_kl_divergence'
  | 'loss_cosine_similarity';

export const CROSS_ENTROPIES: ReadonlySet<LossKernel> = new Set<LossKernel>(['loss_softmax_xent_sparse', 'loss_softmax_xent_onehot', 'loss_sigmoid_bce']);

/** One loss dispatch; T positions per sample (1 unless a per-timestep output). */
export function lossForward(
  d: Dispatcher,
  a: { kernel: LossKernel; B: number; C: number; T: number; step: Binding; z: Binding; targets: Binding; p: Binding; dz: Binding; metrics: Binding; delta?: number; labelSmoothing?: number; classWeights?: Binding },
): void {
  // A power-of-two workgroup from the batch: on SwiftShader a wider workgroup's barrier tree costs more than the rows it spreads.
  const WG = a.B * a.T <= 32 ? 32 : 64;
  // Huber's delta is an override constant of its kernel only (loss_direct.wgsl).
  const delta: Record<string, number> = a.kernel === 'loss_huber' ? { DELTA: a.delta ?? 1 } : {};
  // The cross-entropies' label smoothing, only when set (the pipeline cache keys on constants).
  const smoothing: Record<string, number> = a.labelSmoothing && CROSS_ENTROPIES.has(a.kernel) ? { LS: a.labelSmoothing } : {};
  const bindings = [a.step, a.z, a.targets, a.p, a.dz, a.metrics];
  if (CROSS_ENTROPIES.has(a.kernel)) {
    if (!a.classWeights) throw new Error(`lossForward: ${a.kernel} needs its class weights buffer (all ones for none)`);
    bindings.push(a.classWeights);
  }
  d.dispatch(a.kernel, { B: a.B, C: a.C, T: a.T, WG, ...delta, ...smoothing }, bindings, [1]);
}
