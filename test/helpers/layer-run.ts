/**
 * Runs one layer's real forward and backward emission on the GPU outside a compiled model: a
 * minimal Emitter records the layer's dispatches, they run in one compute pass, and the output,
 * the input gradient (for a fixed upstream gradient dy) and the flat parameter gradient come back.
 * For kernel and parity tests that need exact control of weights, inputs and dy.
 */
import { gpu } from './gpu';
import { readBuffer } from '../../src/gpu/arena';
import type { KernelId } from '../../src/kernels/registry';
import { STEP_UNIFORM_BYTES, stepWords } from '../../src/kernels/step-uniform';
import type { Constants } from '../../src/gpu/pipelines';
import type { Binding, Emitter, LayerDef, NodeView } from '../../src/engine/layers/layer';
import type { LayerSpec } from '../../src/engine/spec';

export interface LayerRun<L extends LayerSpec> {
  def: LayerDef<L>;
  /** The node as the compiler would see it (inputs, output shape, param offsets, maskIds). */
  view: NodeView<L>;
  batch: number;
  /** Node values by id: every input, and the mask's token ids if view.maskIds is set. */
  values: Record<string, Float32Array | Int32Array>;
  /** The flat parameter vector (offsets as in view.paramOffsets). */
  params: Float32Array;
  /** Upstream gradient of the output, [batch, ...view.shape]. */
  dy: Float32Array;
  /** Give each input its own gradient buffer (multi-input layers); otherwise all share dx. */
  perInputGrads?: boolean;
  /** The Step uniform's seed (default 0), for the random layers. */
  seed?: number;
  /** The emitter's mode (default 'train'); 'infer' runs the forward only. */
  mode?: 'train' | 'infer';
  /** The emitter's tuner choice for tunable calls (default: each call's fallback). */
  choose?: Emitter['choose'];
}

export interface LayerRunResult {
  y: Float32Array;
  /** Gradient of input 0 (with perInputGrads unset: the sum over all inputs). */
  dx: Float32Array;
  /** With perInputGrads: the gradient of each input. */
  dxs: Float32Array[];
  /** Flat parameter gradient, same layout as params. */
  grads: Float32Array;
  /** The flat parameters after the run (state a training forward updates: moving statistics). */
  paramsAfter: Float32Array;
  forwardDispatches: KernelId[];
  backwardDispatches: KernelId[];
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

export async function runLayer<L extends LayerSpec>(r: LayerRun<L>): Promise<LayerRunResult> {
  const { device, pipelines } = await gpu();
  const all: GPUBuffer[] = [];
  const mk = (data: Float32Array | Int32Array | Uint32Array | number) => {
    const bytes = typeof data === 'number' ? data * 4 : data.byteLength;
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    if (typeof data !== 'number') device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    all.push(b);
    return b;
  };
  const bufs = new Map<string, GPUBuffer>();
  for (const [id, data] of Object.entries(r.values)) bufs.set(id, mk(data));
  const id = r.view.spec.id;
  const outLen = r.batch * size(r.view.shape);
  const inLen = r.batch * size(r.view.inputs[0].shape);
  bufs.set(id, mk(outLen));
  const paramsBuf = mk(r.params);
  const gradsBuf = mk(r.params.length);
  const dyBuf = mk(r.dy);
  const dxBuf = mk(inLen);
  const inLens = r.view.inputs.map((v) => r.batch * size(v.shape));
  const dxBufs = r.perInputGrads ? inLens.map((n, i) => (i === 0 ? dxBuf : mk(n))) : [];
  const dxWrittenAt = new Set<number>();
  // A real Step uniform (all zeros: seed 0, unless r.seed) for layers whose kernels bind it.
  const stepBuf = device.createBuffer({ size: STEP_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  all.push(stepBuf);
  if (r.seed !== undefined) device.queue.writeBuffer(stepBuf, 0, stepWords({ seed: r.seed }));
  const pending: { id: KernelId; constants: Constants; bindings: Binding[]; wg: [number, number?, number?] }[] = [];
  const once = (key: string, make: () => GPUBuffer) => {
    if (!bufs.has(key)) bufs.set(key, make());
    return bufs.get(key)!;
  };
  let dxWritten = false;
  const e: Emitter = {
    batch: r.batch,
    mode: r.mode ?? 'train',
    params: paramsBuf,
    grads: gradsBuf,
    stepUniform: stepBuf,
    value: (v) => bufs.get(v)!,
    scratch: (key, n) => once(`s:${key}`, () => mk(n)),
    constants: (key, data) => once(`c:${key}`, () => mk(data)),
    outputGrad: () => dyBuf,
    inputGrad: (_n, i) => {
      if (r.perInputGrads) {
        const accumulate = dxWrittenAt.has(i);
        dxWrittenAt.add(i);
        return { buffer: dxBufs[i], accumulate };
      }
      const accumulate = dxWritten;
      dxWritten = true;
      return { buffer: dxBuf, accumulate };
    },
    dispatch: (k, constants, bindings, wg) => pending.push({ id: k, constants, bindings, wg }),
    choose: r.choose,
  };
  r.def.forward(e, r.view);
  const nForward = pending.length;
  if (r.mode !== 'infer') r.def.backward(e, r.view);

  device.pushErrorScope('validation');
  const pipes = await Promise.all(pending.map((p) => pipelines.get(p.id, p.constants)));
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pending.forEach((p, i) => {
    const bg = device.createBindGroup({
      layout: pipes[i].getBindGroupLayout(0),
      entries: p.bindings.map((b, binding) => ({ binding, resource: 'buffer' in b ? b : { buffer: b } })),
    });
    pass.setPipeline(pipes[i]);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(p.wg[0], p.wg[1] ?? 1, p.wg[2] ?? 1);
  });
  pass.end();
  device.queue.submit([enc.finish()]);
  const err = await device.popErrorScope();
  if (err) throw new Error(err.message);
  try {
    return {
      y: new Float32Array(await readBuffer(device, bufs.get(id)!, outLen * 4)),
      dx: new Float32Array(await readBuffer(device, dxBuf, inLen * 4)),
      dxs: await Promise.all(dxBufs.map(async (b, i) => new Float32Array(await readBuffer(device, b, inLens[i] * 4)))),
      grads: new Float32Array(await readBuffer(device, gradsBuf, r.params.length * 4)),
      paramsAfter: new Float32Array(await readBuffer(device, paramsBuf, r.params.length * 4)),
      forwardDispatches: pending.slice(0, nForward).map((p) => p.id),
      backwardDispatches: pending.slice(nForward).map((p) => p.id),
    };
  } finally {
    for (const b of all) b.destroy();
  }
}
