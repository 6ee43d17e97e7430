/**
 * Dispatches as the kernel launchers emit them (kernel id, override constants, bindings, grid),
 * turned into ready-to-encode pipelines and bind groups, and encoded into a compute pass. The
 * compiler's schedules, the attention-map probe, the autotuner and the profiler share these.
 */
import { withErrorScopes } from './errors';
import type { Binding, Constants, Dispatcher, Workgroups } from '../kernels/dispatch';
import type { KernelId } from '../kernels/registry';
import type { PipelineCache } from './pipelines';

export interface PendingDispatch {
  id: KernelId;
  constants: Constants;
  bindings: Binding[];
  workgroups: [number, number, number];
  label: string;
}

export interface RecordedDispatch {
  id: KernelId;
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number, number];
}

/** A Dispatcher that only collects what the launchers emit, each dispatch labelled by `label()`. */
export class DispatchRecorder implements Dispatcher {
  readonly pending: PendingDispatch[] = [];
  constructor(private readonly label: (id: KernelId) => string = (id) => id) {}

  dispatch(id: KernelId, constants: Constants, bindings: Binding[], wg: Workgroups): void {
    this.pending.push({ id, constants, bindings, workgroups: [wg[0], wg[1] ?? 1, wg[2] ?? 1], label: this.label(id) });
  }
}

/** Pipelines (from the cache) and bind groups for `pending`; a validation error names `what`. */
export async function recordDispatches(device: GPUDevice, pipelines: PipelineCache, pending: readonly PendingDispatch[], what: string): Promise<RecordedDispatch[]> {
  const resolved = await Promise.all(pending.map((p) => pipelines.get(p.id, p.constants)));
  return withErrorScopes(device, what, () =>
    pending.map((p, i) => ({
      id: p.id,
      label: p.label,
      pipeline: resolved[i],
      workgroups: p.workgroups,
      bindGroup: device.createBindGroup({
        label: p.label,
        layout: resolved[i].getBindGroupLayout(0),
        entries: p.bindings.map((b, binding) => ({ binding, resource: 'buffer' in b ? b : { buffer: b } })),
      }),
    })),
  );
}

/** Encodes dispatches [start, end) of `ds` into an open compute pass. */
export function encodeDispatches(pass: GPUComputePassEncoder, ds: readonly Pick<RecordedDispatch, 'pipeline' | 'bindGroup' | 'workgroups'>[], start = 0, end = ds.length): void {
  for (let i = start; i < end; i++) {
    const d = ds[i];
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
  }
}
