/**
 * Launchers of gelu.wgsl: the activations computed from their input x (exact GELU, swish),
 * over E elements, workgroups of 256, split under 65535.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

const grid = (elements: number) => splitGrid(Math.ceil(elements / 256));

/** The activations gelu.wgsl computes (its FN override). */
export type InputActivation = 'gelu' | 'swish';
const FN: Record<InputActivation, number> = { gelu: 0, swish: 1 };

/** y [E] = act(x) (GELU unless `fn` says swish). */
export function geluForward(d: Dispatcher, a: { x: Binding; y: Binding; elements: number; fn?: InputActivation }): void {
  d.dispatch('gelu_forward', { E: a.elements, FN: FN[a.fn ?? 'gelu'] }, [a.x, a.y], grid(a.elements));
}

/** dx [E] (=|+=) dy · act'(x), from the pre-activation x. */
export function geluBackward(d: Dispatcher, a: { dy: Binding; x: Binding; dx: Binding; elements: number; accumulate: boolean; fn?: InputActivation }): void {
  d.dispatch('gelu_backward', { E: a.elements, ACCUMULATE: a.accumulate, FN: FN[a.fn ?? 'gelu'] }, [a.dy, a.x, a.dx], grid(a.elements));
}
