/**
 * Launchers of pool2d.wgsl + avgpool2d.wgsl over channels-last images: x, dx [B, H, W, C];
 * y, dy, arg [B, OH, OW, C] (global: y, dy [B, C]). The _vec4 kernels when C % 4 == 0; the
 * backward scatters from the outputs when windows do not overlap, else gathers into the inputs.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { invocationGrid } from '../grid';

/** Invocations per workgroup and work items per invocation of the pool2d kernels. */
const WG = 64;
const PER = 4;

export interface Pool2dShape {
  H: number;
  W: number;
  C: number;
  /** Pool size, strides, output size, padding before the first row / column. */
  PH: number;
  PW: number;
  SH: number;
  SW: number;
  OH: number;
  OW: number;
  PT: number;
  PL: number;
}

/** Backward mode: scatter from the outputs when windows do not overlap, else gather into the inputs. */
export const poolScatters = (g: Pool2dShape): boolean => g.SH >= g.PH && g.SW >= g.PW;

/** Vector width of the kernels: 4 channels per load when C % 4 == 0. */
const lanes = (C: number): number => (C % 4 === 0 ? 4 : 1);

/** Workgroups where every invocation handles PER consecutive items of `elements` (scalar count). */
export const pool2dGrid = (elements: number, C: number): [number, number] => invocationGrid(Math.ceil(elements / lanes(C) / PER), WG);

const constants = (B: number, g: Pool2dShape) => ({ B, H: g.H, W: g.W, C: g.C, OH: g.OH, OW: g.OW, PH: g.PH, PW: g.PW, SH: g.SH, SW: g.SW, PT: g.PT, PL: g.PL });
const sfx = (C: number) => (lanes(C) === 4 ? '_vec4' : '') as '' | '_vec4';

/** Max pooling forward: y and (storeArgmax) arg = iy*W + ix of the first maximum (u32). */
export function maxPool2dForward(d: Dispatcher, a: { B: number; g: Pool2dShape; x: Binding; y: Binding; arg: Binding; storeArgmax: boolean }): void {
  d.dispatch(`maxpool2d_forward${sfx(a.g.C)}`, { ...constants(a.B, a.g), STORE_ARGMAX: a.storeArgmax }, [a.x, a.y, a.arg], pool2dGrid(a.B * a.g.OH * a.g.OW * a.g.C, a.g.C));
}

/** Average pooling forward (padded cells excluded from the count). */
export function avgPool2dForward(d: Dispatcher, a: { B: number; g: Pool2dShape; x: Binding; y: Binding }): void {
  d.dispatch(`avgpool2d_forward${sfx(a.g.C)}`, constants(a.B, a.g), [a.x, a.y], pool2dGrid(a.B * a.g.OH * a.g.OW * a.g.C, a.g.C));
}

function backwardPlan(a: { B: number; g: Pool2dShape; accumulate: boolean }) {
  const { B, g } = a;
  const scatter = poolScatters(g);
  return { c: { ...constants(B, g), ACCUMULATE: a.accumulate, SCATTER: scatter }, wg: pool2dGrid(B * (scatter ? g.OH * g.OW : g.H * g.W) * g.C, g.C) };
}

/** dx (=|+=) dy routed to the stored argmax. */
export function maxPool2dBackward(d: Dispatcher, a: { B: number; g: Pool2dShape; dy: Binding; arg: Binding; dx: Binding; accumulate: boolean }): void {
  const { c, wg } = backwardPlan(a);
  d.dispatch(`maxpool2d_backward${sfx(a.g.C)}`, c, [a.dy, a.arg, a.dx], wg);
}

/** dx (=|+=) dy / count over the covering windows. */
export function avgPool2dBackward(d: Dispatcher, a: { B: number; g: Pool2dShape; dy: Binding; dx: Binding; accumulate: boolean }): void {
  const { c, wg } = backwardPlan(a);
  d.dispatch(`avgpool2d_backward${sfx(a.g.C)}`, c, [a.dy, a.dx], wg);
}

/** y [B, C] = mean over H*W (one output vec4 of channels per invocation). */
export function globalAvgPool2dForward(d: Dispatcher, a: { B: number; H: number; W: number; C: number; x: Binding; y: Binding }): void {
  d.dispatch(`global_avgpool2d_forward${sfx(a.C)}`, { B: a.B, H: a.H, W: a.W, C: a.C }, [a.x, a.y], invocationGrid((a.B * a.C) / lanes(a.C), WG));
}

/** dx [B, H, W, C] (=|+=) dy / (H*W). */
export function globalAvgPool2dBackward(d: Dispatcher, a: { B: number; H: number; W: number; C: number; dy: Binding; dx: Binding; accumulate: boolean }): void {
  d.dispatch(`global_avgpool2d_backward${sfx(a.C)}`, { B: a.B, H: a.H, W: a.W, C: a.C, ACCUMULATE: a.accumulate }, [a.dy, a.dx], pool2dGrid(a.B * a.H * a.W * a.C, a.C));
}
