/**
 * The pixel-moving layers' GPU forward and backward (their definitions' real emission,
 * test/helpers/layer-run.ts) against the float64 references: ZeroPadding2D with every padding
 * form (one number, [height, width], asymmetric [[top, bottom], [left, right]], zeros), the output
 * shape, accumulation into a gradient already written; and its shape checks. UpSampling2D (nearest)
 * with the default size, one number and [height, width], including 1 (a copy).
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { pads2d, zeroPadding2D } from '../../src/engine/layers/zero-padding2d';
import { upsample2dBackward, upsample2dForward, zeroPad2dBackward, zeroPad2dForward } from '../../src/engine/reference/spatial2d';
import { upSampling2D } from '../../src/engine/layers/upsampling2d';
import { maxAbsError } from '../../src/engine/reference/gradcheck';
import type { UpSampling2DLayer, ZeroPadding2DLayer } from '../../src/engine/spec';

const f64 = (a: Float32Array) => Float64Array.from(a);
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('ZeroPadding2D on the GPU vs the float64 reference', () => {
  const B = 3;
  const shape = [5, 4, 3];
  const cases: ZeroPadding2DLayer['padding'][] = [undefined, 2, [1, 3], [[2, 0], [1, 3]], [[0, 0], [0, 0]]];
  for (const padding of cases) {
    it(`padding ${JSON.stringify(padding)}: output exact, gradient exact`, async () => {
      const spec: ZeroPadding2DLayer = { id: 'p', type: 'ZeroPadding2D', padding, inputs: ['x'] };
      const out = zeroPadding2D.infer(spec, [{ shape, dtype: 'float32' }], (f, m) => {
        throw new Error(`${f}: ${m}`);
      })!.shape;
      const pads = pads2d(padding)!;
      expect(out).toEqual([5 + pads[0] + pads[1], 4 + pads[2] + pads[3], 3]);
      const x = seededArray(B * size(shape), 1, -2, 2);
      const dy = seededArray(B * size(out), 2, -1, 1);
      const view = { spec, inputs: [{ id: 'x', shape, dtype: 'float32' as const }], shape: out, activation: null, paramOffsets: {} };
      const r = await runLayer({ def: zeroPadding2D, view, batch: B, values: { x }, params: new Float32Array(4), dy });
      expect(maxAbsError(r.y, zeroPad2dForward(f64(x), B, shape, pads))).toBe(0);
      expect(maxAbsError(r.dx, zeroPad2dBackward(f64(dy), B, shape, pads))).toBe(0);
      expect([...r.forwardDispatches, ...r.backwardDispatches]).toEqual(['zero_pad2d_forward', 'zero_pad2d_backward']);
    });
  }

  it('refuses a negative or malformed padding and a non-image input, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    const img = [{ shape, dtype: 'float32' as const }];
    expect(zeroPadding2D.infer({ id: 'p', type: 'ZeroPadding2D', padding: -1, inputs: [] }, img, err)).toBeNull();
    expect(zeroPadding2D.infer({ id: 'p', type: 'ZeroPadding2D', padding: [1, 2, 3] as unknown as number, inputs: [] }, img, err)).toBeNull();
    expect(zeroPadding2D.infer({ id: 'p', type: 'ZeroPadding2D', inputs: [] }, [{ shape: [4, 3], dtype: 'float32' }], err)).toBeNull();
    expect(errs[0]).toMatch(/^padding: padding must be a whole number from 0 to 1024.*\(got -1\)$/);
    expect(errs[1]).toMatch(/\(got \[1,2,3\]\)$/);
    expect(errs[2]).toBe('inputs: ZeroPadding2D needs a float image [height, width, channels], got [4, 3]');
  });
});

describe('UpSampling2D on the GPU vs the float64 reference', () => {
  const B = 2;
  const shape = [3, 4, 3];
  for (const sz of [undefined, 3, [2, 1], [1, 1]] as UpSampling2DLayer['size'][]) {
    it(`size ${JSON.stringify(sz)}: output exact, gradient (block sums) within 1e-6`, async () => {
      const spec: UpSampling2DLayer = { id: 'u', type: 'UpSampling2D', size: sz, inputs: ['x'] };
      const out = upSampling2D.infer(spec, [{ shape, dtype: 'float32' }], (f, m) => {
        throw new Error(`${f}: ${m}`);
      })!.shape;
      const s = sz === undefined ? [2, 2] : typeof sz === 'number' ? [sz, sz] : sz;
      expect(out).toEqual([3 * s[0], 4 * s[1], 3]);
      const x = seededArray(B * size(shape), 3, -2, 2);
      const dy = seededArray(B * size(out), 4, -1, 1);
      const view = { spec, inputs: [{ id: 'x', shape, dtype: 'float32' as const }], shape: out, activation: null, paramOffsets: {} };
      const r = await runLayer({ def: upSampling2D, view, batch: B, values: { x }, params: new Float32Array(4), dy });
      expect(maxAbsError(r.y, upsample2dForward(f64(x), B, shape, [s[0], s[1]]))).toBe(0);
      expect(maxAbsError(r.dx, upsample2dBackward(f64(dy), B, shape, [s[0], s[1]]))).toBeLessThan(1e-6);
      expect([...r.forwardDispatches, ...r.backwardDispatches]).toEqual(['upsample2d_forward', 'upsample2d_backward']);
    });
  }

  it('refuses a size of 0 or a fraction and a non-image input, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    expect(upSampling2D.infer({ id: 'u', type: 'UpSampling2D', size: 0, inputs: [] }, [{ shape, dtype: 'float32' }], err)).toBeNull();
    expect(upSampling2D.infer({ id: 'u', type: 'UpSampling2D', size: [2, 1.5], inputs: [] }, [{ shape, dtype: 'float32' }], err)).toBeNull();
    expect(upSampling2D.infer({ id: 'u', type: 'UpSampling2D', inputs: [] }, [{ shape: [6], dtype: 'float32' }], err)).toBeNull();
    expect(errs).toEqual([
      'size: size must be a whole number from 1 to 64, or a [height, width] pair of them (got 0)',
      'size: size must be a whole number from 1 to 64, or a [height, width] pair of them (got [2,1.5])',
      'inputs: UpSampling2D needs a float image [height, width, channels], got [6]',
    ]);
  });
});
