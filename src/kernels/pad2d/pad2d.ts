/** Launchers of zero_pad2d.wgsl: channels-last images [B, H, W, C] padded to [B, H + top + bottom, W + left + right, C]. */
import type { Binding, Dispatcher } from '../dispatch';
import { invocationGrid } from '../grid';

export interface Pad2dGeometry {
  B: number;
  H: number;
  W: number;
  C: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

const constants = (g: Pad2dGeometry, n: number) => ({ N: n, H: g.H, W: g.W, C: g.C, OH: g.H + g.top + g.bottom, OW: g.W + g.left + g.right, TOP: g.top, LEFT: g.left });

/** y = x with zeros around. */
export function zeroPad2dForward(d: Dispatcher, a: Pad2dGeometry & { x: Binding; y: Binding }): void {
  const n = a.B * (a.H + a.top + a.bottom) * (a.W + a.left + a.right) * a.C;
  d.dispatch('zero_pad2d_forward', constants(a, n), [a.x, a.y], invocationGrid(n, 256));
}

/** dx (=|+=) the inner window of dy. */
export function zeroPad2dBackward(d: Dispatcher, a: Pad2dGeometry & { dy: Binding; dx: Binding; accumulate: boolean }): void {
  const n = a.B * a.H * a.W * a.C;
  d.dispatch('zero_pad2d_backward', { ...constants(a, n), ACCUMULATE: a.accumulate }, [a.dy, a.dx], invocationGrid(n, 256));
}
