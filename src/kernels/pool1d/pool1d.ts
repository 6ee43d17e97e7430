/**
 * Launchers of pool1d.wgsl (GlobalAveragePooling1D): x, dx [N, T, D]; y, dy [N, D]; ids [N, T]
 * int32 token ids when masked (steps with id 0 skipped), else any buffer. One invocation per
 * (n, d), workgroups of 64 split under 65535.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

interface Pool1dShape {
  N: number;
  T: number;
  D: number;
  /** The [N, T] token ids, or null without a mask. */
  ids: Binding | null;
}

const grid = (s: Pool1dShape) => splitGrid(Math.ceil((s.N * s.D) / 64));

/** y[n, d] = mean over the (unmasked) steps of x[n, :, d]. */
export function globalAvgPool1dForward(d: Dispatcher, a: Pool1dShape & { x: Binding; y: Binding }): void {
  d.dispatch('global_avgpool1d_forward', { N: a.N, T: a.T, D: a.D, MASK: a.ids !== null }, [a.x, a.ids ?? a.x, a.y], grid(a));
}

/** dx (=|+=) dy spread over the (unmasked) steps. */
export function globalAvgPool1dBackward(d: Dispatcher, a: Pool1dShape & { dy: Binding; dx: Binding; accumulate: boolean }): void {
  d.dispatch('global_avgpool1d_backward', { N: a.N, T: a.T, D: a.D, MASK: a.ids !== null, ACCUMULATE: a.accumulate }, [a.dy, a.ids ?? a.dy, a.dx], grid(a));
}
