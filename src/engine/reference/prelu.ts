/**
 * Float64 CPU reference of PReLU (Keras 3): y = x > 0 ? x : alpha * x, alpha [A] of the shape of
 * one sample with the shared axes of size 1, broadcast over the batch and those axes.
 * Shapes: x, y, dy, dx [N, ...sample]; alpha, dalpha [A]. The gradients: dx = x > 0 ? dy : alpha * dy,
 * dalpha[k] = Σ over the positions reading alpha k of min(x, 0) * dy. `alphaIndex` maps a
 * position of one sample to its alpha value (0-based shared axes), as the GPU kernel does.
 */

/** For every value of one sample, the index of the alpha it reads. */
export function alphaIndex(sample: readonly number[], shared: readonly number[]): Int32Array {
  const own = sample.map((d, a) => (shared.includes(a) ? 1 : d));
  const P = sample.reduce((a, b) => a * b, 1);
  const out = new Int32Array(P);
  for (let j = 0; j < P; j++) {
    let rem = j;
    let k = 0;
    let stride = 1;
    for (let a = sample.length - 1; a >= 0; a--) {
      const c = rem % sample[a];
      rem = Math.floor(rem / sample[a]);
      if (own[a] > 1) k += c * stride;
      stride *= own[a];
    }
    out[j] = k;
  }
  return out;
}

export function preluForwardRef(x: ArrayLike<number>, alpha: ArrayLike<number>, idx: Int32Array): Float64Array {
  const P = idx.length;
  return Float64Array.from({ length: x.length }, (_, i) => (x[i] > 0 ? x[i] : alpha[idx[i % P]] * x[i]));
}

export function preluBackwardRef(x: ArrayLike<number>, alpha: ArrayLike<number>, dy: ArrayLike<number>, idx: Int32Array): { dx: Float64Array; dalpha: Float64Array } {
  const P = idx.length;
  const dx = new Float64Array(x.length);
  const dalpha = new Float64Array(alpha.length);
  for (let i = 0; i < x.length; i++) {
    const k = idx[i % P];
    dx[i] = x[i] > 0 ? dy[i] : alpha[k] * dy[i];
    dalpha[k] += Math.min(x[i], 0) * dy[i];
  }
  return { dx, dalpha };
}
