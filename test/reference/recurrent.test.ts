/** Float64 BPTT references of SimpleRNN / LSTM / GRU and Embedding against finite differences through time. */
import { describe, expect, it } from 'vitest';
import { mulberry32, randArray } from './helpers';
import { numericGradient, maxRelativeError } from '../../src/engine/reference/gradcheck';
import { gateCount, recurrentBackwardRef, recurrentForwardRef, type CellKind, type RecurrentDims } from '../../src/engine/reference/recurrent';
import { embeddingBackwardRef, embeddingForwardRef } from '../../src/engine/reference/embedding';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('recurrent references: BPTT vs finite differences', () => {
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as CellKind[]) {
    for (const [T, seq, masked] of [[1, false, false], [2, true, false], [5, false, false], [5, true, false], [5, true, true], [5, false, true]] as const) {
      it(`${kind} T=${T} returnSequences=${seq}${masked ? ' masked' : ''}`, () => {
        const rng = mulberry32(T * 31 + kind.length + (seq ? 7 : 0));
        const [B, F, U] = [2, 3, 4];
        const GU = gateCount(kind) * U;
        const d: RecurrentDims = { kind, B, T, F, U, returnSequences: seq };
        const x = randArray(rng, B * T * F);
        const kernel = randArray(rng, F * GU, -0.7, 0.7);
        const recurrent = randArray(rng, U * GU, -0.7, 0.7);
        const bias = randArray(rng, kind === 'GRU' ? 2 * GU : GU, -0.5, 0.5);
        const mask = masked ? Float64Array.from({ length: B * T }, (_, i) => (i % 3 === 1 ? 0 : 1 + i)) : null;
        const dy = randArray(rng, seq ? B * T * U : B * U);
        const g = recurrentBackwardRef(d, x, { kernel, recurrent, bias }, dy, mask);
        const L = () => dot(recurrentForwardRef(d, x, { kernel, recurrent, bias }, mask), dy);
        const check = (arr: Float64Array, analytic: Float64Array) => {
          const num = numericGradient(() => L(), arr);
          expect(maxRelativeError(num, analytic, 1e-3)).toBeLessThan(1e-5);
        };
        check(x, g.dx);
        check(kernel, g.dKernel);
        check(recurrent, g.dRecurrent);
        check(bias, g.dBias!);
        if (T > 1) expect(Math.max(...Array.from(g.dRecurrent, Math.abs))).toBeGreaterThan(0);
      });
    }
  }

  it('masked steps carry the state: output at a masked step equals the previous one', () => {
    const rng = mulberry32(9);
    const d: RecurrentDims = { kind: 'LSTM', B: 1, T: 3, F: 2, U: 3, returnSequences: true };
    const w = { kernel: randArray(rng, 2 * 12), recurrent: randArray(rng, 3 * 12), bias: randArray(rng, 12) };
    const y = recurrentForwardRef(d, randArray(rng, 6), w, [4, 0, 2]);
    expect(Array.from(y.subarray(3, 6))).toEqual(Array.from(y.subarray(0, 3)));
    const y0 = recurrentForwardRef(d, randArray(rng, 6), w, [0, 1, 1]);
    expect(Array.from(y0.subarray(0, 3))).toEqual([0, 0, 0]);
  });
});

describe('embedding reference', () => {
  it('gathers rows (clamping out-of-range ids) and scatter-adds gradients', () => {
    const rng = mulberry32(3);
    const [V, D] = [5, 3];
    const ids = [0, 4, 2, 4, -1, 9];
    const table = randArray(rng, V * D);
    const dy = randArray(rng, ids.length * D);
    const g = embeddingBackwardRef(ids, dy, V, D);
    const num = numericGradient((t) => dot(embeddingForwardRef(ids, t, V, D), dy), table);
    expect(maxRelativeError(num, g, 1e-6)).toBeLessThan(1e-7);
    expect(Array.from(embeddingForwardRef([9], table, V, D))).toEqual(Array.from(table.subarray(4 * D, 5 * D)));
  });
});
