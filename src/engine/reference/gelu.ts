/**
 * Float64 reference of the exact GELU (Keras gelu(approximate=False), PyTorch nn.GELU()).
 * Shapes: x, y, dy, dx [E] (flat).
 *   geluRef:      y = x · Φ(x),  Φ(x) = ½ (1 + erf(x/√2))
 *   geluGradRef:  dx = dy · (Φ(x) + x φ(x)),  φ(x) = exp(-x²/2)/√(2π)   (from the input x)
 * erf: Maclaurin series for |x| < 1.5 (terms stay below ~e^2.3: ~1e-15 absolute), else the
 * Lentz continued fraction of erfc (converges fast there); both accurate to ~1e-14.
 */

export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 1.5) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = a;
    let sum = a;
    const x2 = a * a;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.sign(x) * (1 - erfcLarge(a));
}

/** erfc(a) for a >= 1.5: continued fraction erfc(a) = exp(-a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))). */
function erfcLarge(a: number): number {
  // Modified Lentz on K = a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...)))).
  const tiny = 1e-300;
  let f = a;
  let C = a;
  let D = 0;
  for (let n = 1; n < 5000; n++) {
    const an = n / 2;
    D = a + an * D;
    D = D === 0 ? tiny : D;
    C = a + an / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
}

export const phiCdf = (x: number): number => (x < -1.5 * Math.SQRT2 ? 0.5 * erfcLarge(-x / Math.SQRT2) : 0.5 * (1 + erf(x / Math.SQRT2)));

export function geluRef(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => v * phiCdf(v));
}

export function geluGradRef(x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v, i) => dy[i] * (phiCdf(v) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI)));
}
