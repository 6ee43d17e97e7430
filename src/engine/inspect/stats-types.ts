/**
 * The layer statistics the engine samples (issue 15: distributions over time, layer health), in
 * the same shape as the worker protocol's report (src/worker/protocol-inside.ts, which the engine
 * may not import): structurally equal, so a sample passes to the UI as it is.
 */

export interface TensorHistogram {
  /** Edges of the bins: lo + (hi - lo) * k / bins; lo = min and hi = max of the finite values. */
  lo: number;
  hi: number;
  /** One count per bin; they sum to `count` minus `nonFinite`. */
  counts: number[];
  /** Elements in the tensor. */
  count: number;
  nonFinite: number;
  mean: number;
  std: number;
}

export interface LayerStats {
  layer: string;
  type: string;
  weights: TensorHistogram | null;
  grads: TensorHistogram | null;
  activations: TensorHistogram | null;
  gradNorm: number | null;
  weightNorm: number | null;
  /** |w after - w before| / |w before| of the sampled step's update. */
  updateRatio: number | null;
  deadFraction: number | null;
  saturatedFraction: number | null;
}

export interface StatsSample {
  epoch: number;
  globalStep: number;
  layers: LayerStats[];
}

export interface HealthWarning {
  layer: string | null;
  kind: 'dead' | 'saturated' | 'vanishing' | 'exploding' | 'update-ratio' | 'non-finite';
  message: string;
}
