/**
 * Runs optimizer.wgsl's fused update for an optimizer spec exactly as the trainer selects it (the
 * optimizer table's OPT code, override constants, slots with their initial values and per-step
 * uniform values), over a few steps of given gradients and learning rates, and the same steps of
 * the table's float64 reference. Shared by the kernel test and the PyTorch / Keras parity test.
 */
import { readF32 } from '../../src/gpu/arena';
import { optimizerDefaults, optimizerRow, optimizerSlotDefs, type OptimizerSpec } from '../../src/engine/optimizers';
import { encodeStep } from '../../src/kernels/step-uniform';
import { gpu } from './gpu';

export interface OptimizerRun {
  spec: OptimizerSpec;
  params0: Float32Array;
  grads: Float32Array[];
  /** The learning rate of each step (the spec's lr when left out). */
  lrs?: number[];
  /** L2 weight decay on the first `decayEnd` parameters (the spec's weightDecay). */
  l2?: { wd: number; decayEnd: number };
}

/**
 * optimizer_update's buffers and bind group (0 Step uniform, 1 grads, 2 norm², 3 params, 4 stacked
 * slots) over `params0` and the slots' initial `state0`: `step` writes one step's uniform and
 * gradients (and the squared gradient norm the clip reads) and runs the update.
 */
export function optimizerKernel(device: GPUDevice, pipe: GPUComputePipeline, params0: Float32Array, state0: Float32Array) {
  const P = params0.length;
  const mk = (data: Float32Array, usage = GPUBufferUsage.STORAGE) => {
    const b = device.createBuffer({ size: Math.max(16, data.byteLength), usage: usage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    device.queue.writeBuffer(b, 0, data);
    return b;
  };
  const uniform = mk(new Float32Array(encodeStep({})), GPUBufferUsage.UNIFORM);
  const g = mk(new Float32Array(P));
  const norm = mk(new Float32Array(4));
  const params = mk(params0);
  const state = mk(state0);
  const bg = device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries: [uniform, g, norm, params, state].map((buffer, binding) => ({ binding, resource: { buffer } })) });
  return {
    params,
    step(stepWords: ArrayBuffer | ArrayBufferView, grads: Float32Array, norm2?: number) {
      device.queue.writeBuffer(uniform, 0, stepWords as BufferSource);
      device.queue.writeBuffer(g, 0, grads);
      if (norm2 !== undefined) device.queue.writeBuffer(norm, 0, Float32Array.from([norm2, 0, 0, 0]));
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipe);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(Math.ceil(P / 4 / 64));
      pass.end();
      device.queue.submit([enc.finish()]);
    },
    destroy() {
      for (const b of [uniform, g, norm, params, state]) b.destroy();
    },
  };
}

const lrAt = (r: OptimizerRun, t: number): number => r.lrs?.[t] ?? optimizerDefaults(r.spec).lr;

/** The parameters after each step on the GPU (float32). P must be a multiple of 4. */
export async function gpuTrajectory(r: OptimizerRun): Promise<Float32Array[]> {
  const { device, pipelines } = await gpu();
  const P = r.params0.length;
  const o = optimizerDefaults(r.spec);
  const row = optimizerRow(o.type);
  const { code, constants } = row.wgsl(o);
  const slots = optimizerSlotDefs(r.spec);
  const pipe = await pipelines.get('optimizer_update', { P4: P / 4, OPT: code, WD: r.l2?.wd ?? 0, DECAY_END: (r.l2?.decayEnd ?? 0) / 4, CLIP: false, ...constants });
  const k = optimizerKernel(device, pipe, r.params0, Float32Array.from({ length: Math.max(1, slots.length) * P }, (_, i) => slots[Math.floor(i / P)]?.init ?? 0));
  const out: Float32Array[] = [];
  for (let t = 1; t <= r.grads.length; t++) {
    const lr = lrAt(r, t - 1);
    k.step(encodeStep({ step: t, lr, alpha: row.stepSize(o, lr, t), ...row.stepExtra?.(o, lr, t) }), r.grads[t - 1]);
    out.push(await readF32(device, k.params, P));
  }
  k.destroy();
  return out;
}

/** The parameters after each step of the table's float64 reference (L2 as g + wd·p on the decayed region). */
export function referenceTrajectory(r: OptimizerRun): Float64Array[] {
  const o = optimizerDefaults(r.spec);
  const ref = optimizerRow(o.type).reference(o);
  const p = Float64Array.from(r.params0);
  return r.grads.map((g, t) => {
    const withL2 = Float64Array.from(g, (v, i) => (r.l2 && i < r.l2.decayEnd ? v + r.l2.wd * p[i] : v));
    ref.step(p, withL2, lrAt(r, t));
    return Float64Array.from(p);
  });
}
