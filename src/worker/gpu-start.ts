/**
 * How the worker session obtains a GPU context: a starter that asks a WebGPU entry point for a
 * fresh device each time it is called (at init and again after a device loss). The worker entry
 * passes the browser's `navigator.gpu`; Node tests pass Dawn's (the `webgpu` package). A starter
 * rejects with the sentence the UI shows as `no-webgpu` when there is no WebGPU.
 */
import { createGpuContext, type GpuContext } from '../gpu/device';

export type GpuStarter = (onLost: (reason: string) => void) => Promise<GpuContext>;

export const NO_WORKER_WEBGPU = 'This browser does not expose WebGPU to workers (navigator.gpu is missing).';

/** A starter over the entry point `entry()` returns, read at every start (undefined: no WebGPU). */
export function gpuStarter(entry: () => GPU | undefined | null): GpuStarter {
  return async (onLost) => {
    const gpu = entry();
    if (!gpu) throw new Error(NO_WORKER_WEBGPU);
    return createGpuContext(gpu, onLost);
  };
}
