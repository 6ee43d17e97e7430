/**
 * Launchers of dropout.wgsl (inverted dropout whose mask is rebuilt from the Step uniform's seed,
 * the element index and a per-layer salt), and the override constants that encode a rate.
 */
import type { Binding, Constants, Dispatcher } from '../dispatch';
import { invocationGrid } from '../grid';

/** Workgroup size and elements per invocation of the dropout kernels. */
const WG = 64;
const PER = 4;

/** floor(rate * 2^32) as a u32: P(hash >= THRESH) = 1 - rate up to 2^-32. */
export function dropoutThreshold(rate: number): number {
  return Math.min(Math.floor(rate * 4294967296), 4294967295);
}

/** 1 / (1 - rate) as the float32 the kernel multiplies by. */
export function dropoutScale(rate: number): number {
  return Math.fround(1 / (1 - rate));
}

export interface DropoutRun {
  /** The Step uniform (its seed drives the mask). */
  step: Binding;
  /** Elements of the whole batch. */
  elements: number;
  /** Rate and per-layer salt while training; null (or rate 0): a plain copy. */
  dropout: { rate: number; salt: number } | null;
}

function plan(a: DropoutRun) {
  const E = a.elements;
  const v4 = E % 4 === 0;
  const r = a.dropout;
  const constants: Constants = r && r.rate > 0 ? { E, TRAIN: true, THRESH: dropoutThreshold(r.rate), SCALE: dropoutScale(r.rate), SALT: r.salt } : { E, TRAIN: false };
  return { v4, constants, wg: invocationGrid(Math.ceil((v4 ? E / 4 : E) / PER), WG) };
}

/** y [E] = keep ? x * scale : 0. */
export function dropoutForward(d: Dispatcher, a: DropoutRun & { x: Binding; y: Binding }): void {
  const { v4, constants, wg } = plan(a);
  d.dispatch(v4 ? 'dropout_forward_vec4' : 'dropout_forward', constants, [a.step, a.x, a.y], wg);
}

/** dx [E] (=|+=) keep ? dy * scale : 0, the forward's mask. */
export function dropoutBackward(d: Dispatcher, a: DropoutRun & { dy: Binding; dx: Binding; accumulate: boolean }): void {
  const { v4, constants, wg } = plan(a);
  d.dispatch(v4 ? 'dropout_backward_vec4' : 'dropout_backward', { ...constants, ACCUMULATE: a.accumulate }, [a.step, a.dy, a.dx], wg);
}
