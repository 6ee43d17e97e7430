/**
 * Float64 reference of layer normalisation over the last axis.
 * Shapes: x, y, dy, dx [R, C]; gamma, beta, dgamma, dbeta [C].
 *   forward:  μ = mean_c x, σ² = mean_c (x - μ)² (biased), x̂ = (x - μ)/sqrt(σ² + eps), y = x̂ γ + β
 *   backward: g = dy γ;  dx = (g - mean(g) - x̂ mean(g x̂)) / sqrt(σ² + eps);
 *             dγ = Σ_r dy x̂,  dβ = Σ_r dy
 */
export function layerNormForwardRef(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, R: number, C: number, eps: number): Float64Array {
  const y = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    const { mu, rho } = rowStats(x, r, C, eps);
    for (let c = 0; c < C; c++) y[r * C + c] = (x[r * C + c] - mu) * rho * gamma[c] + beta[c];
  }
  return y;
}

function rowStats(x: ArrayLike<number>, r: number, C: number, eps: number): { mu: number; rho: number } {
  let s = 0;
  for (let c = 0; c < C; c++) s += x[r * C + c];
  const mu = s / C;
  let v = 0;
  for (let c = 0; c < C; c++) v += (x[r * C + c] - mu) ** 2;
  return { mu, rho: 1 / Math.sqrt(v / C + eps) };
}

export function layerNormBackwardRef(x: ArrayLike<number>, gamma: ArrayLike<number>, dy: ArrayLike<number>, R: number, C: number, eps: number): { dx: Float64Array; dgamma: Float64Array; dbeta: Float64Array } {
  const dx = new Float64Array(R * C);
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  for (let r = 0; r < R; r++) {
    const { mu, rho } = rowStats(x, r, C, eps);
    let mg = 0;
    let mgx = 0;
    for (let c = 0; c < C; c++) {
      const g = dy[r * C + c] * gamma[c];
      const xh = (x[r * C + c] - mu) * rho;
      mg += g / C;
      mgx += (g * xh) / C;
      dgamma[c] += dy[r * C + c] * xh;
      dbeta[c] += dy[r * C + c];
    }
    for (let c = 0; c < C; c++) {
      const xh = (x[r * C + c] - mu) * rho;
      dx[r * C + c] = rho * (dy[r * C + c] * gamma[c] - mg - xh * mgx);
    }
  }
  return { dx, dgamma, dbeta };
}
