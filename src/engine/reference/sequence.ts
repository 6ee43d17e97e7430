/**
 * Float64 references of the sequence helpers around attention.
 *   positionEmbeddingRef:        x [N, T, D] + table [T, D] -> y [N, T, D]
 *   positionEmbeddingGradRef:    dy [N, T, D] -> dtable [T, D] = Σ_n dy   (dx = dy)
 *   sinusoidalTable:             [T, D], angle(t, i) = t / 10000^(2⌊i/2⌋/D), sin on even i,
 *                                cos on odd i (keras_hub SinePositionEncoding, "Attention Is All
 *                                You Need")
 *   globalAvgPool1DRef:          x [N, T, D] -> y [N, D], mean over valid t (ids[n*T+t] != 0 when
 *                                ids are given); no valid step -> 0
 *   globalAvgPool1DGradRef:      dy [N, D] -> dx [N, T, D]
 */
export function positionEmbeddingRef(x: ArrayLike<number>, table: ArrayLike<number>, N: number, T: number, D: number): Float64Array {
  return Float64Array.from({ length: N * T * D }, (_, i) => x[i] + table[i % (T * D)]);
}

export function positionEmbeddingGradRef(dy: ArrayLike<number>, N: number, T: number, D: number): Float64Array {
  const g = new Float64Array(T * D);
  for (let i = 0; i < N * T * D; i++) g[i % (T * D)] += dy[i];
  return g;
}

export function sinusoidalTable(T: number, D: number): Float64Array {
  const out = new Float64Array(T * D);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < D; i++) {
      const angle = t / Math.pow(10000, (2 * Math.floor(i / 2)) / D);
      out[t * D + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

const keep = (ids: ArrayLike<number> | null | undefined, n: number, t: number, T: number) => (!ids || ids[n * T + t] !== 0 ? 1 : 0);

export function globalAvgPool1DRef(x: ArrayLike<number>, N: number, T: number, D: number, ids?: ArrayLike<number> | null): Float64Array {
  const y = new Float64Array(N * D);
  for (let n = 0; n < N; n++) {
    let cnt = 0;
    for (let t = 0; t < T; t++) cnt += keep(ids, n, t, T);
    if (cnt === 0) continue;
    for (let t = 0; t < T; t++) {
      if (!keep(ids, n, t, T)) continue;
      for (let d = 0; d < D; d++) y[n * D + d] += x[(n * T + t) * D + d] / cnt;
    }
  }
  return y;
}

export function globalAvgPool1DGradRef(dy: ArrayLike<number>, N: number, T: number, D: number, ids?: ArrayLike<number> | null): Float64Array {
  const dx = new Float64Array(N * T * D);
  for (let n = 0; n < N; n++) {
    let cnt = 0;
    for (let t = 0; t < T; t++) cnt += keep(ids, n, t, T);
    for (let t = 0; t < T; t++) {
      if (!keep(ids, n, t, T)) continue;
      for (let d = 0; d < D; d++) dx[(n * T + t) * D + d] = dy[n * D + d] / cnt;
    }
  }
  return dx;
}
