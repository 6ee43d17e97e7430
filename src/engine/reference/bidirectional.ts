/**
 * Float64 reference of Bidirectional(SimpleRNN | LSTM | GRU) (Keras semantics), forward and
 * backward, built from the one-direction references of ./recurrent.ts.
 *
 * Shapes: x [B, T, F]; each direction's weights as in ./recurrent.ts; y [B, T, W] with
 * returnSequences (rows r = b*T + t, both directions at their own t), else [B, W];
 * W = 2U (concat: forward units then backward units) or U (sum).
 * mask ([B, T] token ids, optional): both directions carry state over id-0 steps; with
 * returnSequences those rows output zero (Keras forces zero_output_for_mask there).
 */
import { recurrentBackwardRef, recurrentForwardRef, type RecurrentDims, type RecurrentGrads, type RecurrentWeights } from './recurrent';

export interface BidirectionalDims extends Omit<RecurrentDims, 'reverse'> {
  merge: 'concat' | 'sum';
}

const width = (d: BidirectionalDims) => (d.merge === 'sum' ? d.U : 2 * d.U);
const rowMasked = (d: BidirectionalDims, mask: ArrayLike<number> | null | undefined, r: number) => Boolean(d.returnSequences && mask && mask[r] === 0);

export function bidirectionalForwardRef(d: BidirectionalDims, x: ArrayLike<number>, fw: RecurrentWeights, bw: RecurrentWeights, mask?: ArrayLike<number> | null): Float64Array {
  const a = recurrentForwardRef({ ...d, reverse: false }, x, fw, mask);
  const b = recurrentForwardRef({ ...d, reverse: true }, x, bw, mask);
  const { U } = d;
  const W = width(d);
  const R = a.length / U;
  const y = new Float64Array(R * W);
  for (let r = 0; r < R; r++) {
    if (rowMasked(d, mask, r)) continue;
    for (let u = 0; u < U; u++) {
      if (d.merge === 'sum') y[r * W + u] = a[r * U + u] + b[r * U + u];
      else {
        y[r * W + u] = a[r * U + u];
        y[r * W + U + u] = b[r * U + u];
      }
    }
  }
  return y;
}

/** Gradients of sum(y ⊙ dy): dx (both directions summed) and each direction's weight gradients. */
export function bidirectionalBackwardRef(
  d: BidirectionalDims,
  x: ArrayLike<number>,
  fw: RecurrentWeights,
  bw: RecurrentWeights,
  dy: ArrayLike<number>,
  mask?: ArrayLike<number> | null,
): { dx: Float64Array; forward: RecurrentGrads; backward: RecurrentGrads } {
  const { U } = d;
  const W = width(d);
  const R = dy.length / W;
  const da = new Float64Array(R * U);
  const db = new Float64Array(R * U);
  for (let r = 0; r < R; r++) {
    if (rowMasked(d, mask, r)) continue;
    for (let u = 0; u < U; u++) {
      da[r * U + u] = dy[r * W + u];
      db[r * U + u] = d.merge === 'sum' ? dy[r * W + u] : dy[r * W + U + u];
    }
  }
  const forward = recurrentBackwardRef({ ...d, reverse: false }, x, fw, da, mask);
  const backward = recurrentBackwardRef({ ...d, reverse: true }, x, bw, db, mask);
  const dx = forward.dx.map((v, i) => v + backward.dx[i]);
  return { dx, forward, backward };
}
