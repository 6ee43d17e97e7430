/**
 * Launchers of prelu.wgsl (PReLU with a trained alpha broadcast over the batch and the shared
 * axes): x, y, dx, dy [N, ...sample], the sample padded in front to 3 axes; alpha at aOff of the
 * parameter buffer, its gradient written at gOff of the gradient buffer. The launcher derives
 * the alpha strides from the sample shape and the shared axes (0-based sample axes).
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

export interface PReLUShape {
  N: number;
  /** One sample's shape (rank 1 to 3). */
  sample: number[];
  /** 0-based sample axes alpha is shared over. */
  shared: number[];
}

/** The override constants of a shape: padded dims, alpha strides (0 on shared axes), alpha size. */
export function preluGeometry(s: PReLUShape): { N: number; D0: number; D1: number; D2: number; M0: number; M1: number; M2: number; A: number } {
  const pad = 3 - s.sample.length;
  const D = [...Array(pad).fill(1), ...s.sample] as number[];
  const own = D.map((d, a) => (a < pad || s.shared.includes(a - pad) ? 1 : d));
  const M = [own[1] * own[2], own[2], 1].map((m, a) => (own[a] === 1 ? 0 : m));
  return { N: s.N, D0: D[0], D1: D[1], D2: D[2], M0: M[0], M1: M[1], M2: M[2], A: own[0] * own[1] * own[2] };
}

const grid = (n: number) => splitGrid(Math.ceil(n / 64));
const elements = (s: PReLUShape) => s.N * s.sample.reduce((a, b) => a * b, 1);

/** y = x > 0 ? x : alpha * x. */
export function preluForward(d: Dispatcher, a: PReLUShape & { x: Binding; params: Binding; aOff: number; y: Binding }): void {
  d.dispatch('prelu_forward', { ...preluGeometry(a), A_OFF: a.aOff }, [a.x, a.params, a.y], grid(elements(a)));
}

/** dx (=|+=) x > 0 ? dy : alpha * dy. */
export function preluBackwardInput(d: Dispatcher, a: PReLUShape & { x: Binding; dy: Binding; params: Binding; aOff: number; dx: Binding; accumulate: boolean }): void {
  d.dispatch('prelu_backward_input', { ...preluGeometry(a), A_OFF: a.aOff, ACCUMULATE: a.accumulate }, [a.x, a.dy, a.params, a.dx], grid(elements(a)));
}

/** dalpha = Σ min(x, 0) * dy over the batch and the shared axes, written at gOff. */
export function preluBackwardAlpha(d: Dispatcher, a: PReLUShape & { x: Binding; dy: Binding; grads: Binding; gOff: number }): void {
  const g = preluGeometry(a);
  d.dispatch('prelu_backward_alpha', { ...g, G_OFF: a.gOff }, [a.x, a.dy, a.grads], grid(g.A));
}
