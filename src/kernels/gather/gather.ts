/** Launcher of gather.wgsl: one batch xb [B, XW], yb [B, YW] from a GPU dataset through perm. */
import type { Binding, Dispatcher } from '../dispatch';

/**
 * xb[i] = xs[perm[step.base + i]], yb likewise (32-bit words; tail rows repeat the last valid one).
 * One workgroup per batch row; x moves as vec4 words when XW is a multiple of 4.
 */
export function gatherBatch(
  d: Dispatcher,
  a: { B: number; XW: number; YW: number; rows: number; step: Binding; perm: Binding; xs: Binding; ys: Binding; xb: Binding; yb: Binding },
): void {
  const id = a.XW % 4 === 0 ? 'gather_batch_vec4' : 'gather_batch';
  d.dispatch(id, { B: a.B, XW: a.XW, YW: a.YW, NROWS: a.rows }, [a.step, a.perm, a.xs, a.ys, a.xb, a.yb], [1, a.B]);
}
