/** Launchers of elementwise.wgsl over E elements (workgroups of 256). */
import type { Binding, Dispatcher } from '../dispatch';

const groups = (elements: number): [number] => [Math.ceil(elements / 256)];

/** y [E] = a + b. */
export function addForward(d: Dispatcher, a: { a: Binding; b: Binding; y: Binding; elements: number }): void {
  d.dispatch('add_forward', { E: a.elements }, [a.a, a.b, a.y], groups(a.elements));
}

/** dx [E] (=|+=) dy. */
export function copyBackward(d: Dispatcher, a: { dy: Binding; dx: Binding; elements: number; accumulate: boolean }): void {
  d.dispatch('copy_backward', { E: a.elements, ACCUMULATE: a.accumulate }, [a.dy, a.dx], groups(a.elements));
}

/** y [E] = a * b. */
export function mulForward(d: Dispatcher, a: { a: Binding; b: Binding; y: Binding; elements: number }): void {
  d.dispatch('mul_forward', { E: a.elements }, [a.a, a.b, a.y], groups(a.elements));
}

/** dx [E] (=|+=) dy * other (the gradient of a product to one factor). */
export function mulBackward(d: Dispatcher, a: { dy: Binding; other: Binding; dx: Binding; elements: number; accumulate: boolean }): void {
  d.dispatch('mul_backward', { E: a.elements, ACCUMULATE: a.accumulate }, [a.dy, a.other, a.dx], groups(a.elements));
}
