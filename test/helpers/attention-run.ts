/**
 * Runs the fused attention kernels once (forward, then the FlashAttention-2 backward for a given
 * dO) on the GPU through the same emit functions the MultiHeadAttention layer uses.
 * Layout: q, o, dO, dq [N, TQ, H*DK]; k, v, dk, dv [N, TK, H*DK]; lse, dsum [N, H, TQ];
 * ids [N, TK] int32 (0 = padded key) or null.
 */
import { gpu } from './gpu';
import { readBuffer } from '../../src/gpu/arena';
import type { KernelId } from '../../src/kernels/registry';
import type { Constants } from '../../src/gpu/pipelines';
import type { Binding } from '../../src/engine/layers/layer';
import { attentionBackward, attentionForward } from '../../src/kernels/attention/attention';
import type { AttentionDims } from '../../src/engine/reference/attention';
import { encodeStep, STEP_UNIFORM_BYTES } from '../../src/kernels/step-uniform';

export interface FusedAttentionResult {
  o: Float32Array;
  lse: Float32Array;
  dsum: Float32Array;
  dq: Float32Array;
  dk: Float32Array;
  dv: Float32Array;
}

/** `drop`: dropout on the attention weights with the Step uniform's seed. */
export async function runFusedAttention(d: AttentionDims, q: Float32Array, k: Float32Array, v: Float32Array, ids: Int32Array | null, causal: boolean, dO: Float32Array, drop: { rate: number; salt: number; seed: number } | null = null): Promise<FusedAttentionResult> {
  const { device, pipelines } = await gpu();
  const all: GPUBuffer[] = [];
  const mk = (data: Float32Array | Int32Array | number) => {
    const bytes = typeof data === 'number' ? data * 4 : data.byteLength;
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    if (typeof data !== 'number') device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    all.push(b);
    return b;
  };
  const rowsQ = d.N * d.H * d.TQ;
  const step = device.createBuffer({ size: STEP_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(step, 0, encodeStep({ seed: drop?.seed ?? 0 }));
  all.push(step);
  const b = { step, q: mk(q), k: mk(k), v: mk(v), ids: ids ? mk(ids) : null, o: mk(q.length), lse: mk(rowsQ) };
  const g = { dO: mk(dO), dsum: mk(rowsQ), dq: mk(q.length), dk: mk(k.length), dv: mk(v.length) };
  const pending: { id: KernelId; c: Constants; bindings: Binding[]; wg: [number, number?, number?] }[] = [];
  const e = { dispatch: (id: KernelId, c: Constants, bindings: Binding[], wg: [number, number?, number?]) => pending.push({ id, c, bindings, wg }) };
  attentionForward(e, { ...d, ...b, causal, dropout: drop });
  attentionBackward(e, { ...d, ...b, ...g, causal, dropout: drop });
  device.pushErrorScope('validation');
  const pipes = await Promise.all(pending.map((p) => pipelines.get(p.id, p.c)));
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pending.forEach((p, i) => {
    pass.setPipeline(pipes[i]);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipes[i].getBindGroupLayout(0), entries: p.bindings.map((x, binding) => ({ binding, resource: 'buffer' in x ? x : { buffer: x } })) }));
    pass.dispatchWorkgroups(p.wg[0], p.wg[1] ?? 1, p.wg[2] ?? 1);
  });
  pass.end();
  device.queue.submit([enc.finish()]);
  const err = await device.popErrorScope();
  if (err) throw new Error(err.message);
  const read = async (buf: GPUBuffer, n: number) => new Float32Array(await readBuffer(device, buf, n * 4));
  try {
    return { o: await read(b.o, q.length), lse: await read(b.lse, rowsQ), dsum: await read(g.dsum, rowsQ), dq: await read(g.dq, q.length), dk: await read(g.dk, k.length), dv: await read(g.dv, v.length) };
  } finally {
    for (const x of all) x.destroy();
  }
}
