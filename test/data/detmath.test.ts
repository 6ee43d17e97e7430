/** Tests that the deterministic exp/log/sin/cos agree with Math.* to a few ulps. */
import { describe, it, expect } from 'vitest';
import { dcos, dexp, dlog, dsin } from '../../src/data/detmath';
import { createRng } from '../../src/data/rng';

const EPS = 2.220446049250313e-16;

describe('detmath', () => {
  it('matches Math within a few ulps on random inputs', () => {
    const r = createRng(11);
    const worst = { exp: 0, log: 0, sin: 0, cos: 0 }; // in units of EPS (relative for exp/log)
    for (let i = 0; i < 20000; i++) {
      const x = r.uniform(-700, 700);
      worst.exp = Math.max(worst.exp, Math.abs(dexp(x) - Math.exp(x)) / (EPS * Math.exp(x)));
      const y = dexp(r.uniform(-700, 700));
      worst.log = Math.max(worst.log, Math.abs(dlog(y) - Math.log(y)) / (EPS * Math.max(1, Math.abs(Math.log(y)))));
      const z = r.uniform(-100, 100);
      worst.sin = Math.max(worst.sin, Math.abs(dsin(z) - Math.sin(z)) / EPS);
      worst.cos = Math.max(worst.cos, Math.abs(dcos(z) - Math.cos(z)) / EPS);
    }
    expect(worst.exp).toBeLessThanOrEqual(4);
    expect(worst.log).toBeLessThanOrEqual(4);
    expect(worst.sin).toBeLessThanOrEqual(4);
    expect(worst.cos).toBeLessThanOrEqual(4);
  });

  it('handles special values', () => {
    expect(dexp(0)).toBe(1);
    expect(dexp(1000)).toBe(Infinity);
    expect(dexp(-1000)).toBe(0);
    expect(dexp(NaN)).toBeNaN();
    expect(dlog(1)).toBe(0);
    expect(dlog(0)).toBe(-Infinity);
    expect(dlog(-1)).toBeNaN();
    expect(dlog(Infinity)).toBe(Infinity);
    expect(dlog(5e-324)).toBeCloseTo(Math.log(5e-324), 10);
    expect(dsin(0)).toBe(0);
    expect(dcos(0)).toBe(1);
    expect(dsin(Infinity)).toBeNaN();
  });
});
