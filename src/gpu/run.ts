/**
 * One-off kernel execution for tests and tools: upload inputs, dispatch once, read outputs back.
 * The training step never uses this (it records a fixed schedule instead).
 */
import { readBuffer } from './arena';
import { withErrorScopes } from './errors';
import type { KernelId } from '../kernels/registry';
import type { Constants, PipelineCache } from './pipelines';

export type HostArray = Float32Array | Int32Array | Uint32Array;

export interface OneShotBinding {
  /** Input data, or the element count of a zero-filled output, or a uniform buffer's bytes. */
  data: HostArray | number;
  uniform?: boolean;
}

export async function runKernelOnce(
  device: GPUDevice,
  cache: PipelineCache,
  id: KernelId,
  constants: Constants,
  bindings: OneShotBinding[],
  workgroups: [number, number?, number?],
): Promise<Float32Array[]> {
  const pipeline = await cache.get(id, constants);
  const buffers = bindings.map((b, i) => {
    const bytes = typeof b.data === 'number' ? b.data * 4 : b.data.byteLength;
    const usage = b.uniform
      ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
      : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const buffer = device.createBuffer({ label: `${id}#${i}`, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
    if (typeof b.data !== 'number') device.queue.writeBuffer(buffer, 0, b.data.buffer, b.data.byteOffset, b.data.byteLength);
    return { buffer, bytes };
  });
  await withErrorScopes(device, `dispatch ${id}`, () => {
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((b, i) => ({ binding: i, resource: { buffer: b.buffer } })),
    });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(workgroups[0], workgroups[1] ?? 1, workgroups[2] ?? 1);
    pass.end();
    device.queue.submit([enc.finish()]);
  });
  const out: Float32Array[] = [];
  for (const [i, b] of buffers.entries()) out.push(bindings[i].uniform ? new Float32Array(0) : new Float32Array(await readBuffer(device, b.buffer, b.bytes)));
  for (const b of buffers) b.buffer.destroy();
  return out;
}
