/** pool2d.wgsl against the float64 reference on odd shapes (scalar kernels for C=3, vec4 for C=8). */
import { describe, it, expect } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import type { KernelId } from '../../src/kernels/registry';
import {
  avgPool2dBackwardRef,
  avgPool2dForwardRef,
  globalAvgPool2dBackwardRef,
  globalAvgPool2dForwardRef,
  maxPool2dBackwardRef,
  maxPool2dForwardRef,
} from '../../src/engine/reference/pool2d';
import { pool2dGeometry, type Pool2DGeometry } from '../../src/engine/geometry';
import { poolScatters } from '../../src/kernels/pool2d/pool2d';
import { invocationGrid } from '../../src/kernels/grid';
import type { Padding } from '../../src/engine/spec';

interface Case {
  B: number;
  H: number;
  W: number;
  C: number;
  pool: [number, number];
  strides: [number, number];
  padding: Padding;
}

const CASES: Case[] = [];
let flip = 0;
for (const C of [3, 8]) {
  for (const p of [2, 3]) {
    for (const s of [1, 2]) {
      for (const padding of ['valid', 'same'] as Padding[]) {
        CASES.push({ B: flip++ % 2 === 0 ? 1 : 3, H: 5, W: 7, C, pool: [p, p], strides: [s, s], padding });
      }
    }
  }
}
// Non-square pools and strides, strides larger than the pool, a single channel, a pool larger than the image.
CASES.push({ B: 3, H: 5, W: 7, C: 4, pool: [3, 2], strides: [2, 1], padding: 'same' });
CASES.push({ B: 2, H: 7, W: 5, C: 1, pool: [2, 2], strides: [3, 3], padding: 'valid' });
CASES.push({ B: 2, H: 5, W: 7, C: 12, pool: [2, 3], strides: [3, 2], padding: 'same' });
CASES.push({ B: 1, H: 3, W: 2, C: 8, pool: [4, 4], strides: [1, 1], padding: 'same' });
CASES.push({ B: 2, H: 5, W: 7, C: 8, pool: [3, 2], strides: [4, 3], padding: 'same' });
CASES.push({ B: 2, H: 3, W: 2, C: 3, pool: [3, 3], strides: [3, 3], padding: 'same' });

const sfx = (C: number) => (C % 4 === 0 ? '_vec4' : '');
const consts = (B: number, g: Pool2DGeometry) => ({ B, H: g.H, W: g.W, C: g.C, OH: g.OH, OW: g.OW, PH: g.PH, PW: g.PW, SH: g.SH, SW: g.SW, PT: g.PT, PL: g.PL });
const grid = (elements: number, C: number) => invocationGrid(Math.ceil(elements / (C % 4 === 0 ? 4 : 1) / 4));

/** Distinct float32 values (no ties in any window), shuffled. */
function distinct(n: number, seed: number): Float32Array {
  const r = seededArray(n, seed, 0, 1);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => r[a] - r[b]);
  const out = new Float32Array(n);
  order.forEach((idx, rank) => (out[idx] = -1 + (2 * rank) / n));
  return out;
}

/** NaN-filled output: any element a kernel fails to write shows up as NaN. */
const garbage = (n: number) => new Float32Array(n).fill(Number.NaN);

/** Backward modes to test: gather always, scatter where windows do not overlap. */
const modes = (g: Pool2DGeometry): boolean[] => (poolScatters(g) ? [false, true] : [false]);

const label = (c: Case) => `B=${c.B} ${c.H}x${c.W}x${c.C} pool ${c.pool.join('x')} stride ${c.strides.join('x')} ${c.padding}`;

describe('max pooling kernels vs float64 reference', () => {
  for (const [i, c] of CASES.entries()) {
    it(label(c), async () => {
      const { device, pipelines } = await gpu();
      const g = pool2dGeometry(c.H, c.W, c.C, c.pool, c.strides, c.padding);
      const nIn = c.B * c.H * c.W * c.C;
      const nOut = c.B * g.OH * g.OW * c.C;
      const x = distinct(nIn, 10 + i);
      const ref = maxPool2dForwardRef(x, c.B, g);
      const k = consts(c.B, g);
      const [, y, argBits] = await runKernelOnce(device, pipelines, `maxpool2d_forward${sfx(c.C)}` as KernelId, { ...k, STORE_ARGMAX: true }, [{ data: x }, { data: garbage(nOut) }, { data: nOut }], grid(nOut, c.C));
      expectClose(y, ref.y, 0, 0, 'y');
      const arg = new Uint32Array(argBits.buffer);
      expect(Array.from(arg)).toEqual(Array.from(ref.argmax));

      const dy = seededArray(nOut, 20 + i);
      const dxRef = maxPool2dBackwardRef(dy, ref.argmax, c.B, g);
      for (const scatter of modes(g)) {
        const [, , dx] = await runKernelOnce(device, pipelines, `maxpool2d_backward${sfx(c.C)}` as KernelId, { ...k, ACCUMULATE: false, SCATTER: scatter }, [{ data: dy }, { data: arg }, { data: garbage(nIn) }], grid(scatter ? nOut : nIn, c.C));
        expectClose(dx, dxRef, 1e-6, 1e-6, scatter ? 'dx (scatter)' : 'dx (gather)');
      }
    });
  }
});

describe('average pooling kernels vs float64 reference', () => {
  for (const [i, c] of CASES.entries()) {
    it(label(c), async () => {
      const { device, pipelines } = await gpu();
      const g = pool2dGeometry(c.H, c.W, c.C, c.pool, c.strides, c.padding);
      const nIn = c.B * c.H * c.W * c.C;
      const nOut = c.B * g.OH * g.OW * c.C;
      const x = seededArray(nIn, 30 + i);
      const k = consts(c.B, g);
      const [, y] = await runKernelOnce(device, pipelines, `avgpool2d_forward${sfx(c.C)}` as KernelId, k, [{ data: x }, { data: garbage(nOut) }], grid(nOut, c.C));
      expectClose(y, avgPool2dForwardRef(x, c.B, g), 1e-5, 1e-6, 'y');

      const dy = seededArray(nOut, 40 + i);
      for (const scatter of modes(g)) {
        const [, dx] = await runKernelOnce(device, pipelines, `avgpool2d_backward${sfx(c.C)}` as KernelId, { ...k, ACCUMULATE: false, SCATTER: scatter }, [{ data: dy }, { data: garbage(nIn) }], grid(scatter ? nOut : nIn, c.C));
        expectClose(dx, avgPool2dBackwardRef(dy, c.B, g), 1e-5, 1e-6, scatter ? 'dx (scatter)' : 'dx (gather)');
      }
    });
  }
});

describe('global average pooling kernels vs float64 reference', () => {
  for (const [B, H, W, C] of [
    [1, 5, 7, 3],
    [3, 5, 7, 8],
    [3, 4, 3, 1],
    [2, 6, 6, 12],
  ]) {
    it(`B=${B} ${H}x${W}x${C}`, async () => {
      const { device, pipelines } = await gpu();
      const x = seededArray(B * H * W * C, B + H + C);
      const [, y] = await runKernelOnce(device, pipelines, `global_avgpool2d_forward${sfx(C)}` as KernelId, { B, H, W, C }, [{ data: x }, { data: garbage(B * C) }], invocationGrid((B * C) / (C % 4 === 0 ? 4 : 1)));
      expectClose(y, globalAvgPool2dForwardRef(x, B, H, W, C), 1e-5, 1e-6, 'y');
      const dy = seededArray(B * C, 7 + C);
      const [, dx] = await runKernelOnce(device, pipelines, `global_avgpool2d_backward${sfx(C)}` as KernelId, { B, H, W, C, ACCUMULATE: false }, [{ data: dy }, { data: garbage(B * H * W * C) }], grid(B * H * W * C, C));
      expectClose(dx, globalAvgPool2dBackwardRef(dy, B, H, W, C), 1e-6, 1e-7, 'dx');
    });
  }
});

describe('pooling kernel plumbing', () => {
  for (const [C, p, st] of [
    [3, 3, 2],
    [8, 3, 2],
    [3, 2, 3],
    [8, 2, 2],
  ]) {
    it(`every backward accumulates into an existing gradient when asked (C=${C}, pool ${p}, stride ${st})`, async () => {
      const { device, pipelines } = await gpu();
      const [B, H, W] = [2, 5, 7];
      const g = pool2dGeometry(H, W, C, [p, p], [st, st], 'same');
      const scatter = poolScatters(g);
      const wgB = grid(scatter ? B * g.OH * g.OW * C : B * H * W * C, C);
      const k = consts(B, g);
      const nIn = B * H * W * C;
      const nOut = B * g.OH * g.OW * C;
      const x = distinct(nIn, 50 + C);
      const dy = seededArray(nOut, 51);
      const prior = seededArray(nIn, 52);
      const plus = (a: ArrayLike<number>) => Array.from(a, (v, i) => v + prior[i]);

      const { argmax } = maxPool2dForwardRef(x, B, g);
      const [, , dxMax] = await runKernelOnce(device, pipelines, `maxpool2d_backward${sfx(C)}` as KernelId, { ...k, ACCUMULATE: true, SCATTER: scatter }, [{ data: dy }, { data: Uint32Array.from(argmax) }, { data: prior }], wgB);
      expectClose(dxMax, plus(maxPool2dBackwardRef(dy, argmax, B, g)), 1e-6, 1e-6, 'max dx accumulated');

      const [, dxAvg] = await runKernelOnce(device, pipelines, `avgpool2d_backward${sfx(C)}` as KernelId, { ...k, ACCUMULATE: true, SCATTER: scatter }, [{ data: dy }, { data: prior }], wgB);
      expectClose(dxAvg, plus(avgPool2dBackwardRef(dy, B, g)), 1e-5, 1e-6, 'avg dx accumulated');

      const gdy = seededArray(B * C, 53);
      const [, dxGap] = await runKernelOnce(device, pipelines, `global_avgpool2d_backward${sfx(C)}` as KernelId, { B, H, W, C, ACCUMULATE: true }, [{ data: gdy }, { data: prior }], grid(nIn, C));
      expectClose(dxGap, plus(globalAvgPool2dBackwardRef(gdy, B, H, W, C)), 1e-5, 1e-6, 'global dx accumulated');
    });
  }

  for (const C of [2, 4]) {
    it(`ties: the first maximum in row-major window order wins, as in the reference (C=${C})`, async () => {
      const { device, pipelines } = await gpu();
      const g = pool2dGeometry(5, 7, C, [3, 3], [2, 2], 'same');
      const nOut = g.OH * g.OW * C;
      const x = Float32Array.from({ length: 5 * 7 * C }, (_, i) => Math.floor(i / (3 * C)) % 2); // runs of equal values
      const ref = maxPool2dForwardRef(x, 1, g);
      const [, y, argBits] = await runKernelOnce(device, pipelines, `maxpool2d_forward${sfx(C)}` as KernelId, { ...consts(1, g), STORE_ARGMAX: true }, [{ data: x }, { data: garbage(nOut) }, { data: nOut }], grid(nOut, C));
      expectClose(y, ref.y, 0, 0, 'y');
      expect(Array.from(new Uint32Array(argBits.buffer))).toEqual(Array.from(ref.argmax));
    });
  }

  it('STORE_ARGMAX = false (evaluation) leaves the argmax buffer alone', async () => {
    const { device, pipelines } = await gpu();
    const g = pool2dGeometry(5, 7, 3, [2, 2], [2, 2], 'valid');
    const nOut = g.OH * g.OW * 3;
    const x = distinct(5 * 7 * 3, 60);
    const sentinel = new Uint32Array(nOut).fill(0xdeadbeef);
    const [, y, argBits] = await runKernelOnce(device, pipelines, 'maxpool2d_forward', { ...consts(1, g), STORE_ARGMAX: false }, [{ data: x }, { data: nOut }, { data: sentinel }], grid(nOut, 3));
    expectClose(y, maxPool2dForwardRef(x, 1, g).y, 0, 0, 'y');
    expect(new Uint32Array(argBits.buffer).every((v) => v === 0xdeadbeef)).toBe(true);
  });

  it('a 2-D workgroup grid (as used past 65535 workgroups) indexes flat invocations', async () => {
    const { device, pipelines } = await gpu();
    const [B, C] = [3, 24];
    const g = pool2dGeometry(5, 7, C, [2, 2], [1, 1], 'same');
    const nOut = B * g.OH * g.OW * C; // 2520 -> 630 vec4 -> 158 invocations -> 3 workgroups of 64, laid out 1 x 3
    expect(grid(nOut, C)).toEqual([3, 1]);
    const x = seededArray(B * 5 * 7 * C, 61);
    const [, y] = await runKernelOnce(device, pipelines, 'avgpool2d_forward_vec4', consts(B, g), [{ data: x }, { data: garbage(nOut) }], [1, 3]);
    expectClose(y, avgPool2dForwardRef(x, B, g), 1e-5, 1e-6, 'y');
    expect(invocationGrid(65535 * 64)).toEqual([65535, 1]);
    expect(invocationGrid(65535 * 64 + 1)).toEqual([65535, 2]);
  });
});
