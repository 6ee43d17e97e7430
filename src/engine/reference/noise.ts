/**
 * Float64 CPU reference of the random training-only layers beside Dropout, with the exact draws of
 * src/kernels/noise/noise.wgsl (the PCG hash of reference/dropout.ts), so tests rebuild the GPU's
 * masks and noise from a seed.
 *
 * SpatialDropout1D/2D: x, y, dy, dx [N, S, C] (S = T steps or H*W pixels), mask [N, C]:
 *   forward y = x * mask[n, c] * scale, backward dx = dy * mask[n, c] * scale, scale = 1 / (1 - rate);
 *   mask[n, c] = hash(n*C + c) >= floor(rate * 2^32), hash(j) = pcg(j + pcg(seed + pcg(salt))).
 * GaussianNoise: y = x + stddev * z, dx = dy; z[i] the Box-Muller normal of h1 = hash(i), h2 = pcg(h1):
 *   sqrt(-2 ln u1) cos(2π u2), u1 = ((h1 >>> 8) + 0.5) / 2^24, u2 = (h2 >>> 8) / 2^24.
 */
import { dropoutHash, dropoutKey, dropoutThreshold, pcgHash } from './dropout';

/** The keep mask [N, C] (1 kept, 0 dropped) of one step. */
export function spatialDropoutMask(seed: number, salt: number, N: number, C: number, rate: number): Uint8Array {
  const key = dropoutKey(seed, salt);
  const thresh = dropoutThreshold(rate);
  return Uint8Array.from({ length: N * C }, (_, j) => (dropoutHash(key, j) >= thresh ? 1 : 0));
}

/** y (or dx, from dy) = v * mask[n, c] / (1 - rate) over [N, S, C]. */
export function spatialDropoutRef(v: ArrayLike<number>, mask: ArrayLike<number>, N: number, S: number, C: number, rate: number): Float64Array {
  const scale = 1 / (1 - rate);
  const out = new Float64Array(N * S * C);
  for (let i = 0; i < out.length; i++) out[i] = mask[Math.floor(i / (S * C)) * C + (i % C)] ? v[i] * scale : 0;
  return out;
}

/** The standard normal draws z [E] of one step. */
export function gaussianNoiseDraws(seed: number, salt: number, E: number): Float64Array {
  const key = dropoutKey(seed, salt);
  return Float64Array.from({ length: E }, (_, i) => {
    const h1 = dropoutHash(key, i);
    const h2 = pcgHash(h1);
    const u1 = ((h1 >>> 8) + 0.5) / 16777216;
    const u2 = (h2 >>> 8) / 16777216;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  });
}

/** y = x + stddev * z. */
export function gaussianNoiseRef(x: ArrayLike<number>, z: ArrayLike<number>, stddev: number): Float64Array {
  return Float64Array.from({ length: x.length }, (_, i) => x[i] + stddev * z[i]);
}
