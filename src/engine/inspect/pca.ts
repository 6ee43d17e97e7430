/**
 * PCA to two dimensions in float64 on the CPU, for the projector: rows of X (n x d) are centred,
 * the top two principal axes are found by orthogonal (subspace) iteration on the covariance
 * C = XcᵀXc / (n - 1), applied implicitly as Xcᵀ(Xc v) so a wide layer never builds a d x d
 * matrix, then refined by a 2 x 2 Rayleigh-Ritz step. The start vectors are fixed and each axis's
 * sign is chosen so its largest-magnitude entry is positive: the same data gives the same picture.
 */

export interface Pca2 {
  /** Row-major [n, 2]: each row's coordinates on the two axes. */
  coords: Float64Array;
  /** The variance along each axis (the covariance's top two eigenvalues), largest first. */
  variance: [number, number];
  /** The total variance (the covariance's trace), for "explains x% of the variance". */
  totalVariance: number;
  /** The two unit axes, row-major [2, d]. */
  axes: Float64Array;
}

const MAX_ITERATIONS = 500;
const TOLERANCE = 1e-12;

/** y = C v with C = XcᵀXc / (n - 1), from the centred rows. */
function covTimes(xc: Float64Array, n: number, d: number, v: Float64Array, tmp: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) s += xc[o + j] * v[j];
    tmp[i] = s;
  }
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const t = tmp[i];
    if (t === 0) continue;
    const o = i * d;
    for (let j = 0; j < d; j++) out[j] += xc[o + j] * t;
  }
  const k = 1 / Math.max(1, n - 1);
  for (let j = 0; j < d; j++) out[j] *= k;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

function normalize(v: Float64Array): number {
  const norm = Math.sqrt(dot(v, v));
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return norm;
}

/** Makes `b` orthogonal to unit `a` and unit itself; a zero `b` becomes a fixed unit vector orthogonal to `a`. */
function orthonormalize(a: Float64Array, b: Float64Array): void {
  const p = dot(a, b);
  for (let i = 0; i < b.length; i++) b[i] -= p * a[i];
  if (normalize(b) > 1e-300) return;
  for (let k = 0; k < b.length; k++) {
    b.fill(0);
    b[k] = 1;
    const q = dot(a, b);
    for (let i = 0; i < b.length; i++) b[i] -= q * a[i];
    if (normalize(b) > 1e-6) return;
  }
}

function fixSign(v: Float64Array): void {
  let big = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[big]) + 1e-12) big = i;
  if (v[big] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
}

/** The top-two PCA of `x` (n rows of d values). d = 1 gives a zero second axis. */
export function pca2(x: ArrayLike<number>, n: number, d: number): Pca2 {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || x.length !== n * d) throw new Error(`pca2: expected ${n} x ${d} values, got ${x.length}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const xc = new Float64Array(n * d);
  let trace = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] - mean[j];
      xc[i * d + j] = v;
      trace += v * v;
    }
  trace /= Math.max(1, n - 1);
  // Fixed, generic start vectors (not orthogonal to any axis a real layer is likely to have).
  const a = Float64Array.from({ length: d }, (_, j) => 1 + 0.5 * Math.sin(1.7 * j + 0.3));
  const b = Float64Array.from({ length: d }, (_, j) => Math.cos(2.3 * j + 1.1));
  normalize(a);
  orthonormalize(a, b);
  const tmp = new Float64Array(n);
  const ca = new Float64Array(d);
  const cb = new Float64Array(d);
  if (d > 1) {
    for (let it = 0; it < MAX_ITERATIONS; it++) {
      covTimes(xc, n, d, a, tmp, ca);
      covTimes(xc, n, d, b, tmp, cb);
      const before = [a.slice(), b.slice()];
      a.set(ca);
      b.set(cb);
      if (normalize(a) === 0) break;
      orthonormalize(a, b);
      // How far the plane moved (rotation within it does not count; Rayleigh-Ritz settles that).
      const moved = 2 - dot(a, before[0]) ** 2 - dot(a, before[1]) ** 2 - dot(b, before[0]) ** 2 - dot(b, before[1]) ** 2;
      if (moved < TOLERANCE) break;
    }
  } else {
    a[0] = 1;
    b[0] = 0;
  }
  // Rayleigh-Ritz in span{a, b}: the exact eigenvectors of C restricted to the subspace.
  covTimes(xc, n, d, a, tmp, ca);
  covTimes(xc, n, d, b, tmp, cb);
  const haa = dot(a, ca);
  const hab = dot(a, cb);
  const hbb = d > 1 ? dot(b, cb) : 0;
  const theta = 0.5 * Math.atan2(2 * hab, haa - hbb);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const u1 = Float64Array.from(a, (ai, j) => c * ai + s * b[j]);
  const u2 = Float64Array.from(a, (ai, j) => -s * ai + c * b[j]);
  let l1 = c * c * haa + 2 * s * c * hab + s * s * hbb;
  let l2 = s * s * haa - 2 * s * c * hab + c * c * hbb;
  let first = u1;
  let second = u2;
  if (l2 > l1) {
    [l1, l2] = [l2, l1];
    [first, second] = [u2, u1];
  }
  if (d === 1) second.fill(0);
  fixSign(first);
  if (d > 1) fixSign(second);
  const coords = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    let p = 0;
    let q = 0;
    for (let j = 0; j < d; j++) {
      p += xc[i * d + j] * first[j];
      q += xc[i * d + j] * second[j];
    }
    coords[2 * i] = p;
    coords[2 * i + 1] = q;
  }
  const axes = new Float64Array(2 * d);
  axes.set(first, 0);
  axes.set(second, d);
  return { coords, variance: [Math.max(0, l1), Math.max(0, l2)], totalVariance: trace, axes };
}
