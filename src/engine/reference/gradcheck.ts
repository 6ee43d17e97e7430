/**
 * Finite-difference gradient checking helpers (float64).
 *
 * Shapes: x [P] (flat), returned gradient [P]; a, b [P] for the error measures.
 *   numericGradient: central differences (f(x+eps e_i) - f(x-eps e_i)) / (2 eps); x is restored.
 *   maxRelativeError: max_i |a_i - b_i| / max(|a_i|, |b_i|, floor)
 *   maxAbsError     : max_i |a_i - b_i|
 */

export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, eps = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const orig = x[i];
    x[i] = orig + eps;
    const fp = f(x);
    x[i] = orig - eps;
    const fm = f(x);
    x[i] = orig;
    g[i] = (fp - fm) / (2 * eps);
  }
  return g;
}

function checkSameLength(fn: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`${fn}: length mismatch ${a.length} vs ${b.length}`);
}

/** NaN anywhere yields NaN, so a comparison `< tol` fails loudly. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-8): number {
  checkSameLength('maxRelativeError', a, b);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i]), floor);
    if (Number.isNaN(err)) return NaN;
    if (err > worst) worst = err;
  }
  return worst;
}

export function maxAbsError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameLength('maxAbsError', a, b);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - b[i]);
    if (Number.isNaN(err)) return NaN;
    if (err > worst) worst = err;
  }
  return worst;
}
