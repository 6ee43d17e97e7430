/**
 * Runs one kernel launcher (src/kernels/<family>/*.ts) once on host arrays: the launcher dispatches
 * against named stand-in buffers, and its single dispatch (kernel id, constants, binding order,
 * grid) is executed by runKernelOnce with the named arrays in the slots the launcher chose. So a
 * test checks the launcher's binding order and grid along with the kernel.
 */
import { runKernelOnce, type OneShotBinding } from '../../src/gpu/run';
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
