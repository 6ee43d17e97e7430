/**
 * The layer statistics the engine samples (issue 15: distributions over time, layer health), as
 * the worker protocol's `stats` report carries them (src/worker/protocol-inside.ts re-exports
 * these types). Histograms have STATS_BINS bins (src/kernels/stats/stats.ts).
 */
export { STATS_BINS } from '../../kernels/stats/stats';

/** One tensor's distribution at one sample (computed on the GPU from the model's own buffers). */
export interface TensorHistogram {
  /** Edges of the bins: lo + (hi - lo) * k / STATS_BINS (kernels/stats); lo = min and hi = max of the finite values. */
  lo: number;
  hi: number;
  /** STATS_BINS (kernels/stats) counts; they sum to `count` minus `nonFinite`. */
  counts: number[];
  /** Elements in the tensor. */
  count: number;
  nonFinite: number;
  mean: number;
  std: number;
}

/** One layer at one sample; null where a statistic does not apply (no weights, no activation of that kind). */
export interface LayerStats {
  layer: string;
  /** The spec's layer type (e.g. "Dense"). */
  type: string;
  weights: TensorHistogram | null;
  grads: TensorHistogram | null;
  activations: TensorHistogram | null;
  /** L2 norms of the layer's parameter gradient and parameters. */
  gradNorm: number | null;
  weightNorm: number | null;
  /** |w after - w before| / |w before| of this step's update (lr included). */
  updateRatio: number | null;
  /** ReLU-family outputs: the fraction of units never positive over the sampled batch. */
  deadFraction: number | null;
  /** tanh/sigmoid outputs: the fraction of outputs within 3% of their bounds. */
  saturatedFraction: number | null;
}

export interface StatsSample {
  epoch: number;
  globalStep: number;
  layers: LayerStats[];
}

/** A plain-words warning about one layer (or the depth of the network, layer null). */
export interface HealthWarning {
  layer: string | null;
  kind: 'dead' | 'saturated' | 'vanishing' | 'exploding' | 'update-ratio' | 'non-finite';
  message: string;
}

