/**
 * Seeded pseudo-random number generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting RNG)
 * keyed from a u32 seed via splitmix32. Only 32-bit integer ops, exact float arithmetic and the
 * deterministic functions of detmath.ts are used, so the same seed gives the same sequence on
 * every JS engine and platform. `fork(label)` derives an independent child stream from this
 * stream's key and the label only: it neither advances nor depends on the parent's position.
 */

import { dcos, dlog, dsin } from './detmath';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_PI = 6.283185307179586;

/** splitmix32 step: returns [output, nextState]. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [z >>> 0, s];
}

/** MurmurHash3 (x86, 32-bit) over 32-bit words. */
function murmur3Words(words: readonly number[], seed: number): number {
  let h = seed | 0;
  for (const w of words) {
    let k = Math.imul(w | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words.length * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Encodes a fork label as 32-bit words; strings and numbers are tagged so fork(1) != fork('1'). */
function labelWords(label: string | number): number[] {
  const text = typeof label === 'number' ? `n:${String(label)}` : `s:${label}`;
  const words: number[] = [text.length];
  for (let i = 0; i < text.length; i++) words.push(text.charCodeAt(i));
  return words;
}

function toSeedU32(seed: number): number {
  if (!Number.isInteger(seed)) throw new RangeError(`rng seed must be an integer, got ${seed}`);
  return seed >>> 0;
}

/** A deterministic random stream. Create with `createRng(seed)`. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;
  private readonly key: readonly [number, number, number, number];

  /** @param key 128-bit stream key as four u32 words (use createRng for a plain seed). */
  constructor(key: readonly [number, number, number, number]) {
    this.key = [key[0] >>> 0, key[1] >>> 0, key[2] >>> 0, key[3] >>> 0];
    this.a = key[0] | 0;
    this.b = key[1] | 0;
    this.c = key[2] | 0;
    this.d = key[3] | 0;
    for (let i = 0; i < 12; i++) this.nextU32(); // standard sfc32 warm-up
  }

  /** Uniform integer in [0, 2^32). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float64 in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Unbiased uniform integer in [0, n); n an integer in [1, 2^32]. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`rng.int(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n); // largest multiple of n <= 2^32
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Gaussian sample (Box-Muller; the second value of each pair is cached for the next call). */
  normal(mean = 0, std = 1): number {
    let z: number;
    if (this.spareNormal !== null) {
      z = this.spareNormal;
      this.spareNormal = null;
    } else {
      const u1 = 1 - this.next(); // (0, 1], so log is finite
      const u2 = this.next();
      const r = Math.sqrt(-2 * dlog(u1)); // sqrt is correctly rounded (IEEE-754) everywhere
      const theta = TWO_PI * u2;
      z = r * dcos(theta);
      this.spareNormal = r * dsin(theta);
    }
    return mean + std * z;
  }

  /** Fisher-Yates shuffle of an array or typed array, in place; returns it. */
  shuffleInPlace<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation size must be a non-negative integer, got ${n}`);
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffleInPlace(p);
  }

  /**
   * An independent child stream determined by this stream's key and `label` only (not by how
   * many values were drawn). Same label => same child; forks can be chained.
   */
  fork(label: string | number): Rng {
    const words = [...this.key, ...labelWords(label)];
    return new Rng([
      murmur3Words(words, 0x243f6a88),
      murmur3Words(words, 0x85a308d3),
      murmur3Words(words, 0x13198a2e),
      murmur3Words(words, 0x03707344),
    ]);
  }
}

/** A stream for a u32 seed (any integer; taken modulo 2^32). */
export function createRng(seed: number): Rng {
  let state = toSeedU32(seed);
  const key: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [out, next] = splitmix32(state);
    key.push(out);
    state = next;
  }
  return new Rng(key as [number, number, number, number]);
}

/** A u32 seed derived from (seed, label), for APIs that take a plain numeric seed. */
export function deriveSeed(seed: number, label: string | number): number {
  return createRng(seed).fork(label).nextU32();
}
