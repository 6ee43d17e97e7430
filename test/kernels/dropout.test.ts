/** dropout.wgsl: mask statistics, exact scaling, determinism per seed, backward mask, evaluation copy. */
import { describe, it, expect } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { readBuffer } from '../../src/gpu/arena';
import type { KernelId } from '../../src/kernels/registry';
import { stepWords } from '../../src/kernels/step-uniform';
import type { Constants } from '../../src/gpu/pipelines';
import { dropoutMask, dropoutSalt, dropoutScale, dropoutThreshold } from '../../src/engine/reference/dropout';

const PER = 4;
const grid = (items: number): [number] => [Math.max(1, Math.ceil(items / PER / 64))];

const stepUniform = (seed: number, step = 1): Uint32Array => stepWords({ step, seed });

/**
 * One dispatch of a dropout kernel: 0 step (uniform) · 1 input · 2 output (initial contents, or a
 * zero-filled length). Local rather than runKernelOnce, which reads every binding back and cannot
 * copy from a uniform buffer.
 */
async function run(id: KernelId, constants: Constants, step: Uint32Array, input: Float32Array, out: Float32Array | number, wg: [number]): Promise<Float32Array> {
  const { device, pipelines } = await gpu();
  const pipeline = await pipelines.get(id, constants);
  const make = (bytes: number, usage: number) => device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const u = make(step.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const a = make(input.byteLength, storage);
  const outBytes = typeof out === 'number' ? out * 4 : out.byteLength;
  const b = make(outBytes, storage);
  device.queue.writeBuffer(u, 0, step);
  device.queue.writeBuffer(a, 0, input);
  if (typeof out !== 'number') device.queue.writeBuffer(b, 0, out);
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [u, a, b].map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(wg[0]);
  pass.end();
  device.queue.submit([enc.finish()]);
  const result = new Float32Array(await readBuffer(device, b, outBytes));
  for (const buf of [u, a, b]) buf.destroy();
  return result;
}

/** x with no zeros, so y == 0 exactly marks a dropped element. */
const nonZero = (n: number, seed: number) => seededArray(n, seed, 0.5, 1.5).map((v, i) => (i % 2 ? -v : v));

async function forward(E: number, x: Float32Array, seed: number, rate: number, salt: number, train = true): Promise<Float32Array> {
  const v4 = E % 4 === 0;
  const c: Constants = train ? { E, TRAIN: true, THRESH: dropoutThreshold(rate), SCALE: dropoutScale(rate), SALT: salt } : { E, TRAIN: false };
  return run(v4 ? 'dropout_forward_vec4' : 'dropout_forward', c, stepUniform(seed), x, new Float32Array(E).fill(Number.NaN), grid(v4 ? E / 4 : E));
}

async function backward(E: number, dy: Float32Array, prior: Float32Array | null, seed: number, rate: number, salt: number): Promise<Float32Array> {
  const v4 = E % 4 === 0;
  const c = { E, TRAIN: true, THRESH: dropoutThreshold(rate), SCALE: dropoutScale(rate), SALT: salt, ACCUMULATE: prior !== null };
  return run(v4 ? 'dropout_backward_vec4' : 'dropout_backward', c, stepUniform(seed), dy, prior ?? E, grid(v4 ? E / 4 : E));
}

const keptOf = (y: Float32Array) => Uint8Array.from(y, (v) => (v !== 0 ? 1 : 0));
const agreement = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + (v === b[i] ? 1 : 0), 0) / a.length;

describe('dropout kernels', () => {
  const salt = dropoutSalt('drop1');

  for (const [E, rate] of [
    [1 << 18, 0.3],
    [100_003, 0.5],
  ] as const) {
    it(`E=${E} (${E % 4 === 0 ? 'vec4' : 'scalar'}) rate ${rate}: drops about rate, scales kept values exactly, mask = reference hash`, async () => {
      const x = nonZero(E, 1);
      const y = await forward(E, x, 12345, rate, salt);
      const kept = keptOf(y);
      const dropped = 1 - kept.reduce((a, b) => a + b, 0) / E;
      expect(Math.abs(dropped - rate)).toBeLessThan(0.005);
      const scale = dropoutScale(rate);
      const mask = dropoutMask(12345, salt, E, rate);
      for (let i = 0; i < E; i++) {
        const want = mask[i] ? Math.fround(x[i] * scale) : 0;
        if (y[i] !== want) throw new Error(`element ${i}: got ${y[i]}, expected ${want}`);
      }
    });
  }

  it('same seed gives the same mask; a new step (seed) or another layer (salt) gives a new one', async () => {
    const E = 4096;
    const x = nonZero(E, 2);
    const a = keptOf(await forward(E, x, 777, 0.5, salt));
    const again = keptOf(await forward(E, x, 777, 0.5, salt));
    expect(agreement(a, again)).toBe(1);
    const nextStep = keptOf(await forward(E, x, 778, 0.5, salt));
    expect(Math.abs(agreement(a, nextStep) - 0.5)).toBeLessThan(0.05);
    const otherLayer = keptOf(await forward(E, x, 777, 0.5, dropoutSalt('drop2')));
    expect(Math.abs(agreement(a, otherLayer) - 0.5)).toBeLessThan(0.05);
  });

  for (const E of [4000, 1001]) {
    it(`backward uses the forward's mask and accumulates when asked (E=${E})`, async () => {
      const rate = 0.4;
      const x = nonZero(E, 3);
      const kept = keptOf(await forward(E, x, 99, rate, salt));
      const dy = seededArray(E, 4);
      const scale = dropoutScale(rate);
      const want = Array.from(dy, (g, i) => (kept[i] ? Math.fround(g * scale) : 0));
      const dx = await backward(E, dy, null, 99, rate, salt);
      expect(Array.from(dx)).toEqual(want);
      const prior = seededArray(E, 5);
      const acc = await backward(E, dy, prior, 99, rate, salt);
      expectClose(acc, want.map((v, i) => v + prior[i]), 1e-6, 1e-7, 'dx accumulated');
    });
  }

  for (const E of [4096, 1001]) {
    it(`TRAIN = false (evaluation, or rate 0) is an exact copy (E=${E})`, async () => {
      const x = seededArray(E, 6);
      const y = await forward(E, x, 1, 0.5, salt, false);
      expect(Array.from(y)).toEqual(Array.from(x));
    });
  }
});
