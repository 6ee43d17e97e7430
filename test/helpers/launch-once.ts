/**
 * Runs one kernel launcher (src/kernels/<family>/*.ts) once on host arrays: the launcher dispatches
 * against named stand-in buffers, and its single dispatch (kernel id, constants, binding order,
 * grid) is executed by runKernelOnce with the named arrays in the slots the launcher chose. So a
 * test checks the launcher's binding order and grid along with the kernel.
 */
import { runKernelOnce, type OneShotBinding } from '../../src/gpu/run';
import { DispatchRecorder, encodeDispatches, recordDispatches } from '../../src/gpu/recorded';
import type { PipelineCache } from '../../src/gpu/pipelines';
import type { Binding, Dispatcher } from '../../src/kernels/dispatch';

/** `buf(name)` stands for the named array in `data` (an input, or an element count of zeros). */
export async function launchOnce(
  device: GPUDevice,
  pipelines: PipelineCache,
  launch: (d: Dispatcher, buf: (name: string) => Binding) => void,
  data: Record<string, OneShotBinding['data']>,
): Promise<Record<string, Float32Array>> {
  const names = new Map<unknown, string>();
  const buf = (name: string): Binding => {
    if (!(name in data)) throw new Error(`launchOnce: no data named ${name}`);
    const token = { label: name } as unknown as GPUBuffer;
    names.set(token, name);
    return token;
  };
  const calls: Parameters<Dispatcher['dispatch']>[] = [];
  launch({ dispatch: (...args) => calls.push(args) }, buf);
  if (calls.length !== 1) throw new Error(`launchOnce: the launcher made ${calls.length} dispatches, expected 1`);
  const [id, constants, bindings, workgroups] = calls[0];
  const slots = bindings.map((b) => names.get(b) ?? 'unnamed');
  const outputs = await runKernelOnce(device, pipelines, id, constants, slots.map((n) => ({ data: data[n] })), workgroups);
  const out: Record<string, Float32Array> = {};
  slots.forEach((n, i) => (out[n] = outputs[i]));
  return out;
}

/**
 * Runs what `emit` dispatches on real buffers, with `variant` chosen for every tunable call (the
 * autotuner's view of a launcher), in one submitted pass; returns the kernel ids it dispatched.
 */
export async function runVariant(device: GPUDevice, pipelines: PipelineCache, variant: string, emit: (d: Dispatcher) => void): Promise<string[]> {
  const rec = new DispatchRecorder();
  emit({ dispatch: (...a) => rec.dispatch(...a), choose: () => variant });
  const ds = await recordDispatches(device, pipelines, rec.pending, `variant ${variant}`);
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, ds);
  pass.end();
  device.queue.submit([enc.finish()]);
  return rec.pending.map((p) => p.id);
}
