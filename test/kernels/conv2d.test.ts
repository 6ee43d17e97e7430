/** conv2d.wgsl against the float64 reference on odd shapes: every pass, padding, stride, activation. */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { conv2dBackwardRef, conv2dForwardRef } from '../../src/engine/reference/conv2d';
import { conv2dGeometry, type Conv2DGeometry } from '../../src/engine/geometry';
import { conv2dConstants, conv2dGrid, conv2dInvocations, conv2dPartials, conv2dSplit } from '../../src/kernels/conv2d/conv2d';
import { activationGradRef } from '../../src/engine/reference/activations';
import type { Padding, Size2 } from '../../src/engine/spec';

type Act = 'linear' | 'relu' | 'sigmoid' | 'tanh';
const ACT: Record<Act, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };
const RTOL = 1e-3;
const ATOL = 1e-5;
const SENTINEL = 7;

interface Case {
  H: number;
  W: number;
  C: number;
  filters: number;
  kernelSize: Size2;
  strides: Size2;
  padding: Padding;
  batch: number;
  bias: boolean;
  act: Act;
  /** Output rows per split-K chunk; default: the layer's plan. */
  chunk?: number;
}

const CASES: Case[] = [
  { H: 5, W: 7, C: 3, filters: 5, kernelSize: 3, strides: 1, padding: 'valid', batch: 1, bias: true, act: 'linear' },
  { H: 5, W: 7, C: 3, filters: 8, kernelSize: 3, strides: 1, padding: 'same', batch: 3, bias: true, act: 'relu' },
  { H: 5, W: 7, C: 3, filters: 5, kernelSize: 5, strides: 2, padding: 'same', batch: 3, bias: false, act: 'sigmoid', chunk: 2 },
  { H: 5, W: 7, C: 3, filters: 8, kernelSize: 1, strides: 2, padding: 'valid', batch: 1, bias: true, act: 'tanh' },
  { H: 5, W: 7, C: 3, filters: 8, kernelSize: 7, strides: 1, padding: 'same', batch: 1, bias: true, act: 'relu' },
  { H: 5, W: 7, C: 3, filters: 5, kernelSize: 7, strides: 2, padding: 'same', batch: 3, bias: true, act: 'tanh', chunk: 1 },
  { H: 5, W: 7, C: 3, filters: 5, kernelSize: 5, strides: 1, padding: 'valid', batch: 3, bias: true, act: 'relu' },
  { H: 5, W: 7, C: 3, filters: 8, kernelSize: 3, strides: 2, padding: 'valid', batch: 3, bias: false, act: 'linear' },
  // Cin % 4 == 0: vec4 loads of x.
  { H: 5, W: 7, C: 4, filters: 8, kernelSize: 3, strides: 2, padding: 'same', batch: 3, bias: true, act: 'relu' },
  { H: 5, W: 7, C: 8, filters: 5, kernelSize: 3, strides: 1, padding: 'valid', batch: 1, bias: false, act: 'sigmoid' },
  { H: 5, W: 7, C: 12, filters: 12, kernelSize: 5, strides: 1, padding: 'same', batch: 3, bias: true, act: 'linear', chunk: 4 },
  { H: 7, W: 5, C: 16, filters: 16, kernelSize: 3, strides: 2, padding: 'valid', batch: 3, bias: true, act: 'tanh' },
  { H: 5, W: 7, C: 8, filters: 8, kernelSize: 7, strides: 2, padding: 'same', batch: 1, bias: true, act: 'sigmoid' },
  // 20 channels: the weight gradient's second block of 16 input channels is partly empty; Cout = 4.
  { H: 5, W: 7, C: 20, filters: 4, kernelSize: 3, strides: 1, padding: 'same', batch: 1, bias: true, act: 'relu' },
  // One input channel (the first layer of an image model), non-square kernel and strides, Cout < 4.
  { H: 6, W: 6, C: 1, filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same', batch: 3, bias: true, act: 'relu' },
  { H: 9, W: 8, C: 1, filters: 8, kernelSize: 3, strides: 1, padding: 'valid', batch: 3, bias: true, act: 'tanh', chunk: 5 },
];

const align4 = (n: number) => Math.ceil(n / 4) * 4;

function label(c: Case): string {
  const k = Array.isArray(c.kernelSize) ? c.kernelSize.join('x') : `${c.kernelSize}`;
  const s = Array.isArray(c.strides) ? c.strides.join('x') : `${c.strides}`;
  return `${c.batch}x${c.H}x${c.W}x${c.C} -> ${c.filters}, k${k} s${s} ${c.padding}${c.bias ? '' : ' no-bias'} ${c.act}`;
}

/** The flat parameter buffer: W at W_OFF, b at B_OFF, unrelated values around them. */
function paramsFor(g: Conv2DGeometry, seed: number) {
  const W_OFF = 8;
  const wlen = g.KH * g.KW * g.C * g.Cout;
  const B_OFF = align4(W_OFF + wlen) + 4;
  const params = seededArray(B_OFF + g.Cout + 5, seed, -0.5, 0.5);
  return { params, W_OFF, B_OFF, w: params.subarray(W_OFF, W_OFF + wlen), b: params.subarray(B_OFF, B_OFF + g.Cout) };
}

describe('conv2d kernels vs float64 reference', () => {
  for (const [idx, c] of CASES.entries()) {
    // Odd cases apply act' through conv2d_backward_dz (as the layer does), even ones inside the kernels.
    const viaDz = idx % 2 === 1 && c.act !== 'linear';
    it(`${label(c)}: forward, input, weight and bias gradients${viaDz ? ' (dz pre-pass)' : ''}`, async () => {
      const { device, pipelines } = await gpu();
      const g = conv2dGeometry([c.H, c.W, c.C], c);
      const B = c.batch;
      const seed = 100 + idx * 17;
      const x = seededArray(B * g.H * g.W * g.C, seed);
      const { params, W_OFF, B_OFF, w, b } = paramsFor(g, seed + 1);
      const consts = conv2dConstants(B, g, ACT[c.act], c.bias, W_OFF, B_OFF);
      const outLen = B * g.OH * g.OW * g.Cout;

      const ref = conv2dForwardRef(x, w, c.bias ? b : null, g, c.act);
      const inv = conv2dInvocations(B, g);
      const [, , y] = await runKernelOnce(device, pipelines, 'conv2d_forward', consts, [{ data: x }, { data: params }, { data: outLen }], conv2dGrid(inv.forward));
      expectClose(y, ref.y, RTOL, ATOL, 'y');

      const dy = seededArray(outLen, seed + 2);
      const yF32 = Float32Array.from(ref.y);
      const back = conv2dBackwardRef(x, w, yF32, dy, g, c.act);

      let g1 = dy;
      let bconsts = consts;
      if (viaDz) {
        const [, , dz] = await runKernelOnce(device, pipelines, 'conv2d_backward_dz', consts, [{ data: dy }, { data: yF32 }, { data: outLen }], conv2dGrid(inv.dz));
        const dzRef = activationGradRef(dy, yF32, outLen / g.Cout, g.Cout, c.act);
        expectClose(dz, dzRef, 1e-6, 1e-7, 'dz');
        g1 = dz.slice(0, outLen);
        bconsts = { ...consts, ACT: 0 };
      }
      const [, , , dx] = await runKernelOnce(device, pipelines, 'conv2d_backward_input', { ...bconsts, ACCUMULATE: false }, [{ data: g1 }, { data: yF32 }, { data: params }, { data: x.length }], conv2dGrid(inv.input));
      expectClose(dx, back.dx, RTOL, ATOL, 'dx');

      const plan = conv2dSplit(B, g);
      const CHUNK = c.chunk ?? plan.CHUNK;
      const SPLIT = Math.ceil((B * g.OH) / CHUNK);
      const partials = conv2dPartials(g, SPLIT);
      const [, , , part] = await runKernelOnce(device, pipelines, 'conv2d_backward_weight', { ...bconsts, SPLIT, CHUNK, KB: plan.KB }, [{ data: x }, { data: g1 }, { data: yF32 }, { data: partials }], conv2dGrid(conv2dInvocations(B, g, SPLIT).weight));
      const grads0 = new Float32Array(params.length).fill(SENTINEL);
      const [, grads] = await runKernelOnce(device, pipelines, 'conv2d_backward_weight_reduce', { ...bconsts, SPLIT }, [{ data: part }, { data: grads0 }], conv2dGrid(inv.reduce));
      expectClose(grads.subarray(W_OFF, W_OFF + w.length), back.dw, RTOL, ATOL, 'dw');
      if (c.bias) expectClose(grads.subarray(B_OFF, B_OFF + g.Cout), back.db, RTOL, ATOL, 'db');
      // Nothing else in the flat gradient buffer is touched.
      for (let i = 0; i < grads.length; i++) {
        const inW = i >= W_OFF && i < W_OFF + w.length;
        const inB = c.bias && i >= B_OFF && i < B_OFF + g.Cout;
        if (!inW && !inB && grads[i] !== SENTINEL) throw new Error(`grads[${i}] was overwritten (${grads[i]})`);
      }
    });
  }

  it('accumulates into an existing input gradient when asked (scalar and vec4 channels)', async () => {
    const { device, pipelines } = await gpu();
    for (const c of [CASES[2], CASES[8]]) {
      const g = conv2dGeometry([c.H, c.W, c.C], c);
      const B = c.batch;
      const { params, W_OFF, B_OFF, w } = paramsFor(g, 51);
      const outLen = B * g.OH * g.OW * g.Cout;
      const dy = seededArray(outLen, 52);
      const y = seededArray(outLen, 53, 0.05, 0.95);
      const prior = seededArray(B * g.H * g.W * g.C, 54);
      const back = conv2dBackwardRef(new Float32Array(prior.length), w, y, dy, g, c.act);
      const consts = { ...conv2dConstants(B, g, ACT[c.act], c.bias, W_OFF, B_OFF), ACCUMULATE: true };
      const [, , , dx] = await runKernelOnce(device, pipelines, 'conv2d_backward_input', consts, [{ data: dy }, { data: y }, { data: params }, { data: prior }], conv2dGrid(conv2dInvocations(B, g).input));
      expectClose(dx, back.dx.map((v, i) => v + prior[i]), RTOL, ATOL, `dx accumulated (${label(c)})`);
    }
  });

  it('the split-K weight gradient gives bitwise identical results run after run', async () => {
    const { device, pipelines } = await gpu();
    const c = CASES[11];
    const g = conv2dGeometry([c.H, c.W, c.C], c);
    const B = c.batch;
    const { params, W_OFF, B_OFF } = paramsFor(g, 61);
    const x = seededArray(B * g.H * g.W * g.C, 62);
    const outLen = B * g.OH * g.OW * g.Cout;
    const dy = seededArray(outLen, 63);
    const y = seededArray(outLen, 64, -0.9, 0.9);
    const { SPLIT, CHUNK, KB, partials } = conv2dSplit(B, g);
    const consts = conv2dConstants(B, g, ACT[c.act], c.bias, W_OFF, B_OFF);
    const run = async () => {
      const [, , , part] = await runKernelOnce(device, pipelines, 'conv2d_backward_weight', { ...consts, SPLIT, CHUNK, KB }, [{ data: x }, { data: dy }, { data: y }, { data: partials }], conv2dGrid(conv2dInvocations(B, g, SPLIT).weight));
      const [, grads] = await runKernelOnce(device, pipelines, 'conv2d_backward_weight_reduce', { ...consts, SPLIT }, [{ data: part }, { data: params.length }], conv2dGrid(conv2dInvocations(B, g).reduce));
      return grads;
    };
    const a = await run();
    const b2 = await run();
    expect(Array.from(a)).toEqual(Array.from(b2));
  });
});
