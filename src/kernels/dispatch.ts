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

/**
 * A kernel call with interchangeable variants (tile shapes, workgroup shapes, register blocks):
 * every variant computes the same result; which one is fastest depends on the adapter and the shape.
 */
export interface TuneRequest {
  /** The call and its shape, the autotuner's cache key, e.g. `dense_forward|M=32,K=1000,N=64,ACT=1,BIAS=1`. */
  key: string;
  /** Variant names, each one `emit` understands. */
  variants: readonly string[];
  /** The deterministic choice when no tuned winner is known (no tuner, timing off, or not yet measured). */
  fallback: string;
  /**
   * Variants a CPU adapter (SwiftShader, llvmpipe) never gets: workgroup-memory tiles whose barriers
   * cost more there than they save (measured), and which sum in another order than the fallback.
   */
  gpuOnly?: readonly string[];
  /** Emits the call as `variant`. */
  emit(d: Dispatcher, variant: string): void;
  /**
   * Buffers the call updates in place (the optimizer's parameters and state): the tuner copies them
   * aside before timing and back afterwards, so timing leaves the model as it was.
   */
  preserve?: readonly GPUBuffer[];
}

export interface Dispatcher {
  dispatch(id: KernelId, constants: Constants, bindings: Binding[], workgroups: Workgroups): void;
  /** The variant to emit for a tunable call (the autotuner's winner); absent: always the fallback. */
  choose?(request: TuneRequest): string;
}

/** Emits a tunable call as the variant the dispatcher chooses (its fallback when it has no tuner). */
export function emitTuned(d: Dispatcher, request: TuneRequest): void {
  const chosen = d.choose?.(request) ?? request.fallback;
  request.emit(d, request.variants.includes(chosen) ? chosen : request.fallback);
}
