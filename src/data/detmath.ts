/**
 * Deterministic transcendental functions (exp, log, sin, cos) built only from + - * / and exact
 * bit manipulation, so generated data is bit-identical on every JS engine and OS. Math.exp/log/
 * sin/cos are "implementation-approximated" by the ECMAScript spec and may differ in the last
 * ulp between engines; these do not. Accuracy is a few ulps, which is all data generation needs.
 * Range reduction for sin/cos is Cody-Waite: accurate for |x| up to ~1e6, deterministic beyond.
 */

// Float64 <-> u32 word aliasing; HI is the index of the high (sign/exponent) word on this host.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/**
 * Coefficients 1/k! for k = from, from-step, ..., to (highest degree first). With `alternating`,
 * the lowest-degree coefficient is negative and signs alternate upward (sin/cos series).
 * k! is exact in float64 for k <= 18 and deterministically rounded for k = 19.
 */
function invFactorials(from: number, to: number, step: number, alternating: boolean): number[] {
  const out: number[] = [];
  for (let k = from; k >= to; k -= step) {
    let f = 1;
    for (let i = 2; i <= k; i++) f *= i;
    const sign = alternating && ((k - to) / step) % 2 === 0 ? -1 : 1;
    out.push(sign / f);
  }
  return out;
}

// Polynomial coefficients, highest degree first.
// e^r = sum r^k / k!, k = 14..0
const [E0, E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12, E13, E14] = invFactorials(14, 0, 1, false);
// atanh(s)/s - 1 = s^2/3 + s^4/5 + ... ; stored as coefficients of s^2 in (1/23, ..., 1/3).
const [L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10] = [23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3].map((k) => 1 / k);

/** Exact 2^k for integer k in [-1074, 1023]. */
function pow2(k: number): number {
  if (k < -1022) return pow2(k + 1022) * pow2(-1022);
  u32[HI] = (k + 1023) << 20;
  u32[LO] = 0;
  return f64[0];
}

// fdlibm constants: LN2_HI has its low 32 bits zero, so k * LN2_HI is exact for |k| < 2^20.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;
const SQRT2 = 1.4142135623730951;

/** Deterministic e^x. */
export function dexp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO; // |r| <= ~0.347
  // Taylor series to r^14 (truncation < 1e-18), Horner form (unrolled: it is hot).
  const p = (((((((((((((E0 * r + E1) * r + E2) * r + E3) * r + E4) * r + E5) * r + E6) * r + E7) * r + E8) * r + E9) * r + E10) * r + E11) * r + E12) * r + E13) * r + E14;
  if (k > 1023) return p * pow2(k - 1) * 2;
  if (k < -1022) return p * pow2(k + 60) * pow2(-60);
  return p * pow2(k);
}

/** Deterministic natural logarithm. */
export function dlog(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54, lifts subnormals into the normal range
    e = -54;
  }
  f64[0] = x;
  const hi = u32[HI];
  e += ((hi >>> 20) & 0x7ff) - 1023;
  u32[HI] = (hi & 0x000fffff) | 0x3ff00000; // mantissa with exponent 0: m in [1, 2)
  let m = f64[0];
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  const f = m - 1; // exact (Sterbenz)
  const s = f / (2 + f); // log(m) = 2 atanh(s), |s| <= 0.1716
  const s2 = s * s;
  const series = (((((((((L0 * s2 + L1) * s2 + L2) * s2 + L3) * s2 + L4) * s2 + L5) * s2 + L6) * s2 + L7) * s2 + L8) * s2 + L9) * s2 + L10;
  const logm = 2 * s + 2 * s * (series * s2);
  return e * LN2_HI + (e * LN2_LO + logm);
}

// sin r = r + r * r^2 * (-1/3! + r^2/5! - ... + r^16/19!)
const [S0, S1, S2, S3, S4, S5, S6, S7, S8] = invFactorials(19, 3, 2, true);
// cos r = 1 + r^2 * (-1/2! + r^2/4! - ... + r^16/18!)
const [C0, C1, C2, C3, C4, C5, C6, C7, C8] = invFactorials(18, 2, 2, true);

// Cody-Waite split of pi/2 (fdlibm pio2_1, pio2_2, pio2_2t).
const TWO_OVER_PI = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417e0;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;

function sinKernel(r: number): number {
  const r2 = r * r;
  const p = (((((((S0 * r2 + S1) * r2 + S2) * r2 + S3) * r2 + S4) * r2 + S5) * r2 + S6) * r2 + S7) * r2 + S8;
  return r + r * (p * r2);
}

function cosKernel(r: number): number {
  const r2 = r * r;
  const p = (((((((C0 * r2 + C1) * r2 + C2) * r2 + C3) * r2 + C4) * r2 + C5) * r2 + C6) * r2 + C7) * r2 + C8;
  return 1 + p * r2;
}

// Output of reduce(): x = redR + redQ * pi/2 (mod 2pi), redR in [-pi/4, pi/4], redQ in 0..3.
let redR = 0;
let redQ = 0;

function reduce(x: number): void {
  const k = Math.round(x * TWO_OVER_PI);
  redR = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_2T;
  redQ = ((k % 4) + 4) % 4;
}

/** Deterministic sine. */
export function dsin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  reduce(x);
  const r = redR;
  switch (redQ) {
    case 0: return sinKernel(r);
    case 1: return cosKernel(r);
    case 2: return -sinKernel(r);
    default: return -cosKernel(r);
  }
}

/** Deterministic cosine. */
export function dcos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  reduce(x);
  const r = redR;
  switch (redQ) {
    case 0: return cosKernel(r);
    case 1: return -sinKernel(r);
    case 2: return -cosKernel(r);
    default: return sinKernel(r);
  }
}
