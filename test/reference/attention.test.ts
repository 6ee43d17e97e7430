/** Float64 attention references: flash form vs composed form, and both backwards vs finite differences. */
import { describe, expect, it } from 'vitest';
import { dot, mulberry32, randArray } from './helpers';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import {
  attentionBackwardRef,
  attentionComposedBackwardRef,
  attentionComposedForwardRef,
  attentionForwardRef,
  dropFactor,
  type AttentionDims,
  type AttentionMask,
} from '../../src/engine/reference/attention';
import { dropoutKey } from '../../src/engine/reference/dropout';

const CASES: [string, AttentionDims, AttentionMask][] = [
  ['self, no mask', { N: 2, H: 2, TQ: 5, TK: 5, DK: 3 }, {}],
  ['self, causal', { N: 2, H: 2, TQ: 5, TK: 5, DK: 3 }, { causal: true }],
  ['self, key padding', { N: 2, H: 1, TQ: 4, TK: 4, DK: 2 }, { keyIds: [3, 1, 0, 0, 5, 2, 7, 0] }],
  ['self, causal + key padding', { N: 2, H: 2, TQ: 4, TK: 4, DK: 2 }, { causal: true, keyIds: [3, 1, 0, 4, 5, 0, 7, 0] }],
  ['cross, TQ != TK, padding', { N: 1, H: 2, TQ: 3, TK: 6, DK: 4 }, { keyIds: [1, 2, 3, 0, 0, 9] }],
  ['single position', { N: 2, H: 1, TQ: 1, TK: 1, DK: 4 }, {}],
];

describe('attention references', () => {
  for (const [name, d, m] of CASES) {
    it(`${name}: flash == composed, gradients == finite differences`, () => {
      const rng = mulberry32(d.TQ * 17 + d.TK * 5 + d.DK + (m.causal ? 3 : 0));
      const q = randArray(rng, d.N * d.TQ * d.H * d.DK, -1.5, 1.5);
      const k = randArray(rng, d.N * d.TK * d.H * d.DK, -1.5, 1.5);
      const v = randArray(rng, d.N * d.TK * d.H * d.DK);
      const dO = randArray(rng, d.N * d.TQ * d.H * d.DK);
      const f = attentionForwardRef(d, q, k, v, m);
      const c = attentionComposedForwardRef(d, q, k, v, m);
      expect(maxRelativeError(f.o, c.o, 1e-9)).toBeLessThan(1e-12);
      expect(maxRelativeError(f.lse, c.lse, 1e-9)).toBeLessThan(1e-12);

      const g = attentionBackwardRef(d, q, k, v, f.o, f.lse, dO, m);
      const gc = attentionComposedBackwardRef(d, q, k, v, c.p, dO);
      for (const key of ['dq', 'dk', 'dv'] as const) expect(maxRelativeError(g[key], gc[key], 1e-9), key).toBeLessThan(1e-10);

      const L = () => dot(attentionForwardRef(d, q, k, v, m).o, dO);
      expect(maxRelativeError(numericGradient(L, q), g.dq, 1e-4)).toBeLessThan(1e-5);
      expect(maxRelativeError(numericGradient(L, k), g.dk, 1e-4)).toBeLessThan(1e-5);
      expect(maxRelativeError(numericGradient(L, v), g.dv, 1e-4)).toBeLessThan(1e-5);
      expect(Math.max(...Array.from(g.dk, Math.abs)) + Math.max(...Array.from(g.dq, Math.abs))).toBeGreaterThan(d.TK > 1 ? 1e-3 : -1);
    });
  }

  for (const [name, d, m] of CASES.slice(0, 5)) {
    it(`${name}, dropout 0.3 on the attention weights: flash == composed == finite differences`, () => {
      const rng = mulberry32(d.TQ * 3 + d.DK);
      const drop = { rate: 0.3, key: dropoutKey(7, 1234) };
      const q = randArray(rng, d.N * d.TQ * d.H * d.DK, -1.5, 1.5);
      const k = randArray(rng, d.N * d.TK * d.H * d.DK, -1.5, 1.5);
      const v = randArray(rng, d.N * d.TK * d.H * d.DK);
      const dO = randArray(rng, d.N * d.TQ * d.H * d.DK);
      const f = attentionForwardRef(d, q, k, v, m, drop);
      const c = attentionComposedForwardRef(d, q, k, v, m, drop);
      expect(maxRelativeError(f.o, c.o, 1e-9)).toBeLessThan(1e-12);
      // Some weights really are dropped, and the output differs from the undropped one.
      let dropped = 0;
      for (let i = 0; i < d.N * d.H * d.TQ * d.TK; i++) dropped += dropFactor(d, drop, 0, 0, 0, i) === 0 ? 1 : 0;
      expect(dropped).toBeGreaterThan(0);
      expect(maxRelativeError(f.o, attentionForwardRef(d, q, k, v, m).o, 1e-9)).toBeGreaterThan(1e-3);
      const g = attentionBackwardRef(d, q, k, v, f.o, f.lse, dO, m, drop);
      const gc = attentionComposedBackwardRef(d, q, k, v, c.p, dO, drop);
      // Floor 1e-6: a causal row 0 has dS = P (dP - D) = 0 up to rounding, computed two ways.
      for (const key of ['dq', 'dk', 'dv'] as const) expect(maxRelativeError(g[key], gc[key], 1e-6), key).toBeLessThan(1e-9);
      const L = () => dot(attentionForwardRef(d, q, k, v, m, drop).o, dO);
      expect(maxRelativeError(numericGradient(L, q), g.dq, 1e-4)).toBeLessThan(1e-5);
      expect(maxRelativeError(numericGradient(L, k), g.dk, 1e-4)).toBeLessThan(1e-5);
      expect(maxRelativeError(numericGradient(L, v), g.dv, 1e-4)).toBeLessThan(1e-5);
    });
  }

  it('masks hide what they should: causal rows ignore later keys, padded keys get no gradient', () => {
    const d: AttentionDims = { N: 1, H: 1, TQ: 4, TK: 4, DK: 2 };
    const rng = mulberry32(4);
    const q = randArray(rng, 8);
    const k = randArray(rng, 8);
    const v = randArray(rng, 8);
    const a = attentionForwardRef(d, q, k, v, { causal: true });
    const v2 = Float64Array.from(v);
    v2[6] += 5; // key 3 changes: rows 0..2 must not move under the causal mask
    const b = attentionForwardRef(d, q, k, v2, { causal: true });
    expect(Array.from(b.o.subarray(0, 6))).toEqual(Array.from(a.o.subarray(0, 6)));
    expect(b.o[6]).not.toBe(a.o[6]);
    // Row 0 sees only key 0: its output is v[0].
    expect(a.o[0]).toBeCloseTo(v[0], 14);
    const m = { keyIds: [1, 0, 2, 0] };
    const f = attentionForwardRef(d, q, k, v, m);
    const g = attentionBackwardRef(d, q, k, v, f.o, f.lse, randArray(rng, 8), m);
    expect([g.dk[2], g.dk[3], g.dv[6], g.dv[7]]).toEqual([0, 0, 0, 0]);
    // A query with no visible key outputs zeros.
    const none = attentionForwardRef(d, q, k, v, { causal: true, keyIds: [0, 1, 1, 1] });
    expect([none.o[0], none.o[1], none.lse[0]]).toEqual([0, 0, 0]);
  });
});
