/**
 * The minimal dispatch interface the kernel launchers (src/kernels/<family>/*.ts) call: the
 * engine's Emitter provides it, as do the tests' and the benchmark's runners.
 */
import type { KernelId } from './registry';

/** WGSL override constants by name (booleans become 0/1). */
export type Constants = Record<string, number | boolean>;

/** A GPU buffer region bound to one binding slot. */
export type Binding = GPUBuffer | { buffer: GPUBuffer; offset?: number; size?: number };

export type Workgroups = [number, number?, number?];

export interface Dispatcher {
  dispatch(id: KernelId, constants: Constants, bindings: Binding[], workgroups: Workgroups): void;
}
