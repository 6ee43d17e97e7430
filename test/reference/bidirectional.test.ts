/** Float64 Bidirectional reference (and the reversed direction) against finite differences. */
import { describe, expect, it } from 'vitest';
import { mulberry32, randArray } from './helpers';
import { numericGradient, maxRelativeError } from '../../src/engine/reference/gradcheck';
import { gateCount, recurrentForwardRef, type CellKind } from '../../src/engine/reference/recurrent';
import { bidirectionalBackwardRef, bidirectionalForwardRef, type BidirectionalDims } from '../../src/engine/reference/bidirectional';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('bidirectional reference: gradients vs finite differences', () => {
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as CellKind[]) {
    for (const [seq, merge, masked] of [[false, 'concat', false], [true, 'concat', true], [true, 'sum', false], [false, 'sum', true]] as const) {
      it(`${kind} returnSequences=${seq} ${merge}${masked ? ' masked' : ''}`, () => {
        const rng = mulberry32(kind.length * 13 + (seq ? 5 : 0) + (masked ? 3 : 0));
        const [B, T, F, U] = [2, 4, 3, 3];
        const GU = gateCount(kind) * U;
        const d: BidirectionalDims = { kind, B, T, F, U, returnSequences: seq, merge };
        const w = () => ({ kernel: randArray(rng, F * GU, -0.7, 0.7), recurrent: randArray(rng, U * GU, -0.7, 0.7), bias: randArray(rng, kind === 'GRU' ? 2 * GU : GU, -0.5, 0.5) });
        const fw = w();
        const bw = w();
        const x = randArray(rng, B * T * F);
        const mask = masked ? [3, 0, 1, 0, 0, 2, 0, 1] : null;
        const W = merge === 'sum' ? U : 2 * U;
        const dy = randArray(rng, seq ? B * T * W : B * W);
        const g = bidirectionalBackwardRef(d, x, fw, bw, dy, mask);
        const L = () => dot(bidirectionalForwardRef(d, x, fw, bw, mask), dy);
        const check = (arr: Float64Array, analytic: Float64Array) => expect(maxRelativeError(numericGradient(() => L(), arr), analytic, 1e-3)).toBeLessThan(1e-5);
        check(x, g.dx);
        for (const [weights, grads] of [[fw, g.forward], [bw, g.backward]] as const) {
          check(weights.kernel, grads.dKernel);
          check(weights.recurrent, grads.dRecurrent);
          check(weights.bias, grads.dBias!);
        }
      });
    }
  }

  it('the reversed direction: y[t] is the state after reading x_{T-1}..x_t; without sequences, after x_0', () => {
    const rng = mulberry32(4);
    const [B, T, F, U] = [1, 3, 2, 2];
    const w = { kernel: randArray(rng, F * 4 * U), recurrent: randArray(rng, U * 4 * U), bias: randArray(rng, 4 * U) };
    const x = randArray(rng, B * T * F);
    const seqY = recurrentForwardRef({ kind: 'LSTM', B, T, F, U, returnSequences: true, reverse: true }, x, w);
    const lastY = recurrentForwardRef({ kind: 'LSTM', B, T, F, U, reverse: true }, x, w);
    expect(Array.from(seqY.subarray(0, U))).toEqual(Array.from(lastY));
    // The state after x_2 alone is a T=1 forward run on x_2.
    const one = recurrentForwardRef({ kind: 'LSTM', B, T: 1, F, U }, x.subarray(2 * F, 3 * F), w);
    expect(Array.from(seqY.subarray(2 * U, 3 * U))).toEqual(Array.from(one));
    // Padded rows of a masked Bidirectional with returnSequences are zero.
    const y = bidirectionalForwardRef({ kind: 'LSTM', B, T, F, U, returnSequences: true, merge: 'concat' }, x, w, w, [1, 0, 2]);
    expect(Array.from(y.subarray(2 * U, 4 * U))).toEqual([0, 0, 0, 0]);
  });
});
