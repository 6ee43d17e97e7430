/**
 * Launchers of activation.wgsl: elementwise activations (ACT codes of activation-codes.ts) over
 * E elements in workgroups of 256, and the row softmax over [R, C] in workgroups of 64.
 */
import type { Binding, Dispatcher } from '../dispatch';

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** The LeakyReLU / ELU layers' parameter (prelude/activations.wgsl LEAKY_SLOPE, ELU_ALPHA); absent: the activation's default. */
export interface ActivationParams {
  leakySlope?: number;
  eluAlpha?: number;
}

const paramConstants = (p: ActivationParams): Record<string, number> => ({
  ...(p.leakySlope !== undefined ? { LEAKY_SLOPE: p.leakySlope } : {}),
  ...(p.eluAlpha !== undefined ? { ELU_ALPHA: p.eluAlpha } : {}),
});

/** y [E] = act(x). */
export function activationForward(d: Dispatcher, a: { x: Binding; y: Binding; elements: number; act: number } & ActivationParams): void {
  d.dispatch('activation_forward', { E: a.elements, ACT: a.act, ...paramConstants(a) }, [a.x, a.y], [ceilDiv(a.elements, 256)]);
}

/** dx [E] (=|+=) dy · act'(y). */
export function activationBackward(d: Dispatcher, a: { dy: Binding; y: Binding; dx: Binding; elements: number; act: number; accumulate: boolean } & ActivationParams): void {
  d.dispatch('activation_backward', { E: a.elements, ACT: a.act, ACCUMULATE: a.accumulate, ...paramConstants(a) }, [a.dy, a.y, a.dx], [ceilDiv(a.elements, 256)]);
}

/** y [R, C] = softmax(x) along C. */
export function softmaxForward(d: Dispatcher, a: { x: Binding; y: Binding; rows: number; cols: number }): void {
  d.dispatch('softmax_forward', { R: a.rows, C: a.cols }, [a.x, a.y], [ceilDiv(a.rows, 64)]);
}

/** dx [R, C] (=|+=) y ⊙ (dy - Σ_c dy·y). */
export function softmaxBackward(d: Dispatcher, a: { dy: Binding; y: Binding; dx: Binding; rows: number; cols: number; accumulate: boolean }): void {
  d.dispatch('softmax_backward', { R: a.rows, C: a.cols, ACCUMULATE: a.accumulate }, [a.dy, a.y, a.dx], [ceilDiv(a.rows, 64)]);
}
