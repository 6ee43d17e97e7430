/** Launchers of gelu.wgsl (exact GELU over E elements, workgroups of 256, split under 65535). */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

const grid = (elements: number) => splitGrid(Math.ceil(elements / 256));

/** y [E] = gelu(x). */
export function geluForward(d: Dispatcher, a: { x: Binding; y: Binding; elements: number }): void {
  d.dispatch('gelu_forward', { E: a.elements }, [a.x, a.y], grid(a.elements));
}

/** dx [E] (=|+=) dy · gelu'(x), from the pre-activation x. */
export function geluBackward(d: Dispatcher, a: { dy: Binding; x: Binding; dx: Binding; elements: number; accumulate: boolean }): void {
  d.dispatch('gelu_backward', { E: a.elements, ACCUMULATE: a.accumulate }, [a.dy, a.x, a.dx], grid(a.elements));
}
