/**
 * Float64 reference of batch normalisation over the channels (last) axis, Keras semantics.
 * Shapes: x, y, dy, dx [R, C] (R = batch * positions); gamma, beta, moving statistics [C]
 * (gamma null: scale off, beta null: center off).
 *   train:    μ = mean_r x, σ² = mean_r (x - μ)² (biased), y = (x - μ)/√(σ² + ε) γ + β;
 *             moving = moving · momentum + batch statistic · (1 - momentum)
 *   infer:    y = (x - moving_mean)/√(moving_variance + ε) γ + β
 *   backward: x̂ = (x - μ)ρ; dγ = Σ_r dy x̂, dβ = Σ_r dy; dx = γρ (dy - mean_r dy - x̂ mean_r(dy x̂))
 */
type Vec = ArrayLike<number>;

export function batchMoments(x: Vec, R: number, C: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) mean[c] += x[r * C + c];
  for (let c = 0; c < C; c++) mean[c] /= R;
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) variance[c] += (x[r * C + c] - mean[c]) ** 2;
  for (let c = 0; c < C; c++) variance[c] /= R;
  return { mean, variance };
}

export function batchNormApplyRef(x: Vec, mean: Vec, variance: Vec, gamma: Vec | null, beta: Vec | null, R: number, C: number, eps: number): Float64Array {
  const y = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) y[r * C + c] = ((x[r * C + c] - mean[c]) / Math.sqrt(variance[c] + eps)) * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
  }
  return y;
}

/** The moving statistics after one training step (Keras: biased batch variance). */
export function movingUpdateRef(moving: Vec, batch: Vec, momentum: number): Float64Array {
  return Float64Array.from({ length: moving.length }, (_, c) => moving[c] * momentum + batch[c] * (1 - momentum));
}

export function batchNormBackwardRef(x: Vec, gamma: Vec | null, dy: Vec, R: number, C: number, eps: number): { dx: Float64Array; dgamma: Float64Array; dbeta: Float64Array } {
  const { mean, variance } = batchMoments(x, R, C);
  const rho = Float64Array.from(variance, (v) => 1 / Math.sqrt(v + eps));
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      dbeta[c] += dy[i];
      dgamma[c] += dy[i] * (x[i] - mean[c]) * rho[c];
    }
  }
  const dx = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      const xh = (x[i] - mean[c]) * rho[c];
      dx[i] = (gamma ? gamma[c] : 1) * rho[c] * (dy[i] - dbeta[c] / R - (xh * dgamma[c]) / R);
    }
  }
  return { dx, dgamma, dbeta };
}
