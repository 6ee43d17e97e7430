/**
 * The int8 model on the GPU: dequantize_int8 writes the dequantized weights into a flat parameter
 * buffer (the engine's layout), and int8Accuracy measures the test accuracy of the quantized model
 * next to the float one with the trainer's own evaluation, then puts the float weights back (the
 * optimizer state is never touched, so training can go on as if nothing happened).
 */
import type { Dataset } from '../../data/dataset';
import type { EvalResult, Trainer } from '../../engine/trainer';
import { withErrorScopes } from '../../gpu/errors';
import type { PipelineCache } from '../../gpu/pipelines';
import type { Binding, Constants, Workgroups } from '../../kernels/dispatch';
import type { KernelId } from '../../kernels/registry';
import { dequantizeInt8 } from '../../kernels/dequantize/dequantize';
import type { TrainedModel } from '../trained-model';
import { int8EnginePlan, quantizeModel, type Int8EnginePlan } from './quantize';

function upload(device: GPUDevice, data: Uint32Array | Float32Array, label: string): GPUBuffer {
  const buffer = device.createBuffer({ label, size: Math.max(16, Math.ceil(data.byteLength / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** Dequantizes `plan` into `target` (a storage buffer of at least plan.total floats) on the GPU. */
export async function dequantizeInto(device: GPUDevice, pipelines: PipelineCache, plan: Int8EnginePlan, target: GPUBuffer): Promise<void> {
  const inputs = [upload(device, plan.qWords, 'int8.q'), upload(device, plan.chan, 'int8.chan'), upload(device, plan.scales, 'int8.scales'), upload(device, plan.keep, 'int8.keep')];
  const [q, chan, scales, keep] = inputs;
  let call: { id: KernelId; constants: Constants; bindings: Binding[]; workgroups: Workgroups } | null = null;
  dequantizeInt8({ dispatch: (id, constants, bindings, workgroups) => (call = { id, constants, bindings, workgroups }) }, { N: plan.total, q, chan, scales, keep, params: target });
  const { id, constants, bindings, workgroups } = call!;
  try {
    const pipeline = await pipelines.get(id, constants);
    await withErrorScopes(device, 'dequantize_int8', () => {
      const bindGroup = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: bindings.map((b, binding) => ({ binding, resource: 'buffer' in b ? b : { buffer: b } })),
      });
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(workgroups[0], workgroups[1] ?? 1, workgroups[2] ?? 1);
      pass.end();
      device.queue.submit([enc.finish()]);
    });
    await device.queue.onSubmittedWorkDone();
  } finally {
    for (const b of inputs) b.destroy();
  }
}

export interface Int8Report {
  float: EvalResult;
  int8: EvalResult;
  /** Sizes of the weights in bytes: float32 state_dict vs the int8 file's tensors (q + scales + float biases). */
  floatBytes: number;
  int8Bytes: number;
}

/**
 * Test accuracy (and loss) of the float model and of its int8-quantized version, both on the GPU.
 * The trainer's current weights are the float model; they are restored before returning.
 */
export async function int8Accuracy(trainer: Trainer, model: TrainedModel, test: Dataset): Promise<Int8Report> {
  const qm = quantizeModel(model);
  const plan = int8EnginePlan(model, qm);
  const saved = await trainer.readParams();
  const float = await trainer.evaluate(test);
  let int8: EvalResult;
  try {
    await dequantizeInto(trainer.device, trainer.model.pipelines, plan, trainer.model.params);
    int8 = await trainer.evaluate(test);
  } finally {
    trainer.writeParams(saved);
  }
  const floatBytes = [...qm.quantized.map((t) => t.q.length), ...qm.float.map((t) => t.data.length)].reduce((a, b) => a + b, 0) * 4;
  const int8Bytes = qm.quantized.reduce((a, t) => a + t.q.length + t.scale.length * 4, 0) + qm.float.reduce((a, t) => a + t.data.length * 4, 0);
  return { float, int8, floatBytes, int8Bytes };
}
