/** Launchers of concat.wgsl: one input's slab [OUTER, SEG] into / out of the output [OUTER, ROW] at column OFF. */
import type { Binding, Dispatcher } from '../dispatch';
import { invocationGrid } from '../grid';

export interface ConcatSlab {
  outer: number;
  seg: number;
  row: number;
  off: number;
}

const constants = (s: ConcatSlab) => ({ OUTER: s.outer, SEG: s.seg, ROW: s.row, OFF: s.off });

/** y[o, off + j] = x[o, j]. */
export function concatForward(d: Dispatcher, a: ConcatSlab & { x: Binding; y: Binding }): void {
  d.dispatch('concat_forward', constants(a), [a.x, a.y], invocationGrid(a.outer * a.seg, 256));
}

/** dx[o, j] (=|+=) dy[o, off + j]. */
export function concatBackward(d: Dispatcher, a: ConcatSlab & { dy: Binding; dx: Binding; accumulate: boolean }): void {
  d.dispatch('concat_backward', { ...constants(a), ACCUMULATE: a.accumulate }, [a.dy, a.dx], invocationGrid(a.outer * a.seg, 256));
}
