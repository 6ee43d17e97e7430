/** Launchers of upsample2d.wgsl: channels-last images [B, H, W, C] <-> [B, H*SH, W*SW, C] (nearest). */
import type { Binding, Dispatcher } from '../dispatch';
import { invocationGrid } from '../grid';

export interface Upsample2dGeometry {
  B: number;
  H: number;
  W: number;
  C: number;
  SH: number;
  SW: number;
}

const constants = (g: Upsample2dGeometry, n: number) => ({ N: n, H: g.H, W: g.W, C: g.C, SH: g.SH, SW: g.SW });

/** y = every pixel of x repeated SH x SW times. */
export function upsample2dForward(d: Dispatcher, a: Upsample2dGeometry & { x: Binding; y: Binding }): void {
  const n = a.B * a.H * a.SH * a.W * a.SW * a.C;
  d.dispatch('upsample2d_forward', constants(a, n), [a.x, a.y], invocationGrid(n, 256));
}

/** dx (=|+=) the sum of dy over each pixel's SH x SW block. */
export function upsample2dBackward(d: Dispatcher, a: Upsample2dGeometry & { dy: Binding; dx: Binding; accumulate: boolean }): void {
  const n = a.B * a.H * a.W * a.C;
  d.dispatch('upsample2d_backward', { ...constants(a, n), ACCUMULATE: a.accumulate }, [a.dy, a.dx], invocationGrid(n, 256));
}
