/**
 * Float64 CPU reference for Dropout, plus the exact counter-based hash the GPU kernel uses, so
 * tests can rebuild the GPU's mask bit for bit.
 *
 * Shapes: x, y, dy, dx, mask: [E] (the whole batch, flat).
 *   forward : y  = x  * mask * scale      (training; identity in evaluation)
 *   backward: dx = dy * mask * scale
 * scale = 1 / (1 - rate), rounded to float32 as the kernel sees it.
 *
 * Mask: element i is kept when hash(i) >= THRESH with THRESH = floor(rate * 2^32) and
 *   key     = pcg(seed + pcg(salt))           (u32 wrapping arithmetic)
 *   hash(i) = pcg(i + key)
 * where pcg is the PCG-RXS-M-XS output hash (Jarzynski & Olano, "Hash Functions for GPU
 * Rendering", 2020), seed is Step.seed (new every training step) and salt is a per-layer
 * constant (FNV-1a of the layer id), so two Dropout layers never share a mask.
 */
import { dropoutScale, dropoutThreshold } from '../../kernels/dropout/dropout';

/** One round of the PCG hash on a u32 (matches `pcg` in src/kernels/prelude/rng.wgsl). */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The per-step key of a layer's mask. */
export function dropoutKey(seed: number, salt: number): number {
  return pcgHash(((seed >>> 0) + pcgHash(salt)) >>> 0);
}

/** The u32 that decides element i: kept when it is >= dropoutThreshold(rate). */
export function dropoutHash(key: number, index: number): number {
  return pcgHash(((index >>> 0) + key) >>> 0);
}

/** The rate's kernel encoding (THRESH, SCALE), from the dropout launcher. */
export { dropoutScale, dropoutThreshold };

/** FNV-1a of a layer id: the per-layer salt of the mask hash. */
export function dropoutSalt(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

/** The keep mask (1 kept, 0 dropped) of `n` elements for one step. */
export function dropoutMask(seed: number, salt: number, n: number, rate: number): Uint8Array {
  const key = dropoutKey(seed, salt);
  const thresh = dropoutThreshold(rate);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = dropoutHash(key, i) >= thresh ? 1 : 0;
  return mask;
}

export function dropoutForwardRef(x: ArrayLike<number>, mask: ArrayLike<number>, rate: number): Float64Array {
  const scale = 1 / (1 - rate);
  return Float64Array.from({ length: x.length }, (_, i) => (mask[i] ? x[i] * scale : 0));
}

export function dropoutBackwardRef(dy: ArrayLike<number>, mask: ArrayLike<number>, rate: number): Float64Array {
  const scale = 1 / (1 - rate);
  return Float64Array.from({ length: dy.length }, (_, i) => (mask[i] ? dy[i] * scale : 0));
}
