/**
 * Launchers of global_maxpool.wgsl (GlobalMaxPooling1D/2D): x, dx [N, S, C]; y, dy [N, C] with
 * S the pooled positions (T steps, or H*W pixels of a channels-last image). Tied maxima share the
 * gradient equally (Keras 3). One invocation per (n, c), workgroups of 64 split under 65535.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

export interface GlobalMaxShape {
  N: number;
  S: number;
  C: number;
}

const grid = (s: GlobalMaxShape) => splitGrid(Math.ceil((s.N * s.C) / 64));

/** y[n, c] = max over s of x[n, s, c]. */
export function globalMaxPoolForward(d: Dispatcher, a: GlobalMaxShape & { x: Binding; y: Binding }): void {
  d.dispatch('global_maxpool_forward', { N: a.N, S: a.S, C: a.C }, [a.x, a.y], grid(a));
}

/** dx (=|+=) dy shared equally by the positions holding the maximum (y, the forward's output). */
export function globalMaxPoolBackward(d: Dispatcher, a: GlobalMaxShape & { x: Binding; y: Binding; dy: Binding; dx: Binding; accumulate: boolean }): void {
  d.dispatch('global_maxpool_backward', { N: a.N, S: a.S, C: a.C, ACCUMULATE: a.accumulate }, [a.x, a.y, a.dy, a.dx], grid(a));
}
