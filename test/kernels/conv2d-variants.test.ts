/**
 * The tuner's conv2d variants (conv2d.ts CONV2D_FORWARD_VARIANTS, CONV2D_INPUT_VARIANTS) through the
 * launchers as the tuner emits them: each against the float64 reference, and every variant giving
 * the fallback's bits (the larger blocks sum each output exactly as the smaller ones). Shapes where
 * the block's channels run past the edge: COUT / 4 of 2 and 3 (q4's third and fourth groups absent
 * or clamped), CIN of 12 and 20 (c16's second half partly or wholly past CIN), a stride, padding,
 * an accumulating dx, and cnn-2conv's second layer.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runVariant } from '../helpers/launch-once';
import { readBuffer } from '../../src/gpu/arena';
import { conv2dBackward, conv2dForward, CONV2D_FORWARD_VARIANTS, CONV2D_INPUT_VARIANTS } from '../../src/kernels/conv2d/conv2d';
import { conv2dBackwardRef, conv2dForwardRef } from '../../src/engine/reference/conv2d';
import { conv2dGeometry } from '../../src/engine/geometry';
import type { Padding } from '../../src/engine/spec';

interface Case {
  H: number;
  W: number;
  C: number;
  filters: number;
  strides: number;
  padding: Padding;
  batch: number;
  act: 'linear' | 'relu' | 'tanh';
  accumulate: boolean;
}

const CASES: Case[] = [
  { H: 5, W: 7, C: 4, filters: 8, strides: 1, padding: 'same', batch: 3, act: 'relu', accumulate: false },
  { H: 6, W: 5, C: 12, filters: 12, strides: 2, padding: 'valid', batch: 2, act: 'tanh', accumulate: true },
  { H: 5, W: 6, C: 20, filters: 20, strides: 1, padding: 'same', batch: 2, act: 'linear', accumulate: false },
  { H: 13, W: 13, C: 32, filters: 64, strides: 1, padding: 'valid', batch: 2, act: 'relu', accumulate: true },
];
const ACT = { linear: 0, relu: 1, tanh: 3 } as const;

async function buffer(device: GPUDevice, data: Float32Array): Promise<GPUBuffer> {
  const b = device.createBuffer({ size: Math.ceil((data.length * 4) / 16) * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(b, 0, data);
  return b;
}

describe('conv2d tuner variants vs float64 reference and the fallback', () => {
  for (const [idx, c] of CASES.entries()) {
    it(`${c.batch}x${c.H}x${c.W}x${c.C} -> ${c.filters} s${c.strides} ${c.padding} ${c.act}${c.accumulate ? ' dx+=' : ''}`, async () => {
      const { device, pipelines } = await gpu();
      const g = conv2dGeometry([c.H, c.W, c.C], { filters: c.filters, kernelSize: 3, strides: c.strides, padding: c.padding });
      const seed = 300 + idx * 13;
      const wLen = 9 * c.C * c.filters;
      const [W_OFF, B_OFF] = [4, 8 + Math.ceil(wLen / 4) * 4];
      const params = seededArray(B_OFF + c.filters + 4, seed, -0.5, 0.5);
      const x = seededArray(c.batch * c.H * c.W * c.C, seed + 1);
      const outLen = c.batch * g.OH * g.OW * c.filters;
      const dy = seededArray(outLen, seed + 2);
      const prior = c.accumulate ? seededArray(x.length, seed + 3) : new Float32Array(x.length);
      const ref = conv2dForwardRef(x, params.subarray(W_OFF, W_OFF + wLen), params.subarray(B_OFF, B_OFF + c.filters), g, c.act);
      const yRef = Float32Array.from(ref.y);
      const back = conv2dBackwardRef(x, params.subarray(W_OFF, W_OFF + wLen), yRef, dy, g, c.act);
      const [px, pp, pdy, py] = await Promise.all([buffer(device, x), buffer(device, params), buffer(device, dy), buffer(device, yRef)]);
      const run = { B: c.batch, g, act: ACT[c.act], hasBias: true, wOff: W_OFF, bOff: B_OFF, params: pp };
      const scratch: GPUBuffer[] = [];
      const made = (_: string, floats: number) => {
        const b = device.createBuffer({ size: Math.ceil((floats * 4) / 16) * 16, usage: GPUBufferUsage.STORAGE });
        scratch.push(b);
        return b;
      };

      const ys: Float32Array[] = [];
      for (const v of CONV2D_FORWARD_VARIANTS) {
        const y = await buffer(device, new Float32Array(outLen).fill(Number.NaN));
        await runVariant(device, pipelines, v, (d) => conv2dForward(d, { ...run, x: px, y }));
        ys.push(new Float32Array(await readBuffer(device, y, outLen * 4)));
        expectClose(ys.at(-1)!, ref.y, 1e-3, 1e-5, `y ${v}`);
        y.destroy();
      }
      expect(ys.every((y) => y.every((v, i) => Object.is(v, ys[0][i])))).toBe(true);

      const dxs: Float32Array[] = [];
      for (const v of CONV2D_INPUT_VARIANTS) {
        const dx = await buffer(device, prior);
        const grads = await buffer(device, new Float32Array(params.length));
        const ids = await runVariant(device, pipelines, v, (d) => conv2dBackward(d, { ...run, x: px, y: py, dy: pdy, grads, dx: { buffer: dx, accumulate: c.accumulate }, scratch: made }));
        expect(ids.at(-1)).toBe('conv2d_backward_input');
        dxs.push(new Float32Array(await readBuffer(device, dx, x.length * 4)));
        expectClose(dxs.at(-1)!, back.dx.map((g2, i) => g2 + prior[i]), 1e-3, 1e-5, `dx ${v}`);
        for (const b of [dx, grads]) b.destroy();
      }
      expect(dxs.every((d) => d.every((v, i) => Object.is(v, dxs[0][i])))).toBe(true);
      for (const b of [px, pp, pdy, py, ...scratch]) b.destroy();
    });
  }
});
