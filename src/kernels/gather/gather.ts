/** Launcher of gather.wgsl: one batch xb [B, XW], yb [B, YW] from a GPU dataset through perm. */
import { emitTuned, type Binding, type Dispatcher } from '../dispatch';

/** Rows per workgroup the tuner may choose (`rows1`, one workgroup per row, is the fallback); every choice copies the same words. */
export const GATHER_VARIANTS = ['rows1', 'rows4', 'rows16'] as const;

/**
 * xb[i] = xs[perm[step.base + i]], yb likewise (32-bit words; tail rows repeat the last valid one).
 * One workgroup per batch row, or per 4 or 16 rows (tuned); x moves as vec4 words when XW is a multiple of 4.
 */
export function gatherBatch(
  d: Dispatcher,
  a: { B: number; XW: number; YW: number; rows: number; step: Binding; perm: Binding; xs: Binding; ys: Binding; xb: Binding; yb: Binding },
): void {
  const id = a.XW % 4 === 0 ? 'gather_batch_vec4' : 'gather_batch';
  const rpw = (v: string) => Number(v.slice(4));
  emitTuned(d, {
    key: `${id}|B=${a.B},XW=${a.XW},YW=${a.YW}`,
    variants: GATHER_VARIANTS.filter((v) => rpw(v) === 1 || rpw(v) < a.B),
    fallback: 'rows1',
    emit: (e, v) => e.dispatch(id, { B: a.B, XW: a.XW, YW: a.YW, NROWS: a.rows, RPW: rpw(v) }, [a.step, a.perm, a.xs, a.ys, a.xb, a.yb], [1, Math.ceil(a.B / rpw(v))]),
  });
}
