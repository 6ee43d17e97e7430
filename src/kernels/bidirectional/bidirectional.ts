/**
 * Launchers of bidirectional.wgsl (merging the two directions of a Bidirectional recurrent
 * layer): a, b, da, db [R, U]; y, dy [R, 2U] (concat) or [R, U] (sum); ids [R] int32 token ids
 * when masked (rows with id 0 output zero and pass no gradient). One invocation per (r, u).
 */
import type { Binding, Dispatcher } from '../dispatch';

interface MergeShape {
  R: number;
  U: number;
  sum: boolean;
  /** The [R] token ids, or null without a mask. */
  ids: Binding | null;
}

const plan = (s: MergeShape) => ({ constants: { R: s.R, U: s.U, SUM: s.sum, MASK: s.ids !== null }, wg: [Math.ceil((s.R * s.U) / 256)] as [number] });

/** y = concat(a, b) or a + b per row. */
export function bidirectionalMergeForward(d: Dispatcher, s: MergeShape & { a: Binding; b: Binding; y: Binding }): void {
  const { constants, wg } = plan(s);
  d.dispatch('bidirectional_merge_forward', constants, [s.ids ?? s.a, s.a, s.b, s.y], wg);
}

/** da, db from dy (its halves, or copies for sum). */
export function bidirectionalMergeBackward(d: Dispatcher, s: MergeShape & { dy: Binding; da: Binding; db: Binding }): void {
  const { constants, wg } = plan(s);
  d.dispatch('bidirectional_merge_backward', constants, [s.ids ?? s.dy, s.dy, s.da, s.db], wg);
}
