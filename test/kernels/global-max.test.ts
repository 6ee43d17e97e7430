/**
 * GlobalMaxPooling1D/2D's GPU forward and backward (their definitions' real emission,
 * test/helpers/layer-run.ts) against the float64 reference: random inputs (B*C past one
 * workgroup), inputs with tied maxima (the gradient shared equally, Keras 3 / torch.amax), all
 * negative values; the output shapes and the shape checks.
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { globalMaxPooling1D, globalMaxPooling2D } from '../../src/engine/layers/global-max';
import { globalMaxPoolBackwardRef, globalMaxPoolForwardRef } from '../../src/engine/reference/global-max';
import { maxAbsError } from '../../src/engine/reference/gradcheck';
import type { GlobalMaxPooling1DLayer, GlobalMaxPooling2DLayer } from '../../src/engine/spec';

const f64 = (a: ArrayLike<number>) => Float64Array.from(a);
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const fail = (f: string, m: string) => {
  throw new Error(`${f}: ${m}`);
};

async function check(type: 'GlobalMaxPooling1D' | 'GlobalMaxPooling2D', B: number, shape: number[], x: Float32Array) {
  const def = type === 'GlobalMaxPooling1D' ? globalMaxPooling1D : globalMaxPooling2D;
  const spec = { id: 'g', type, inputs: ['x'] } as GlobalMaxPooling1DLayer & GlobalMaxPooling2DLayer;
  const out = def.infer(spec, [{ shape, dtype: 'float32' }], fail)!.shape;
  const C = shape[shape.length - 1];
  const S = size(shape) / C;
  expect(out).toEqual([C]);
  const dy = seededArray(B * C, 9, -1, 1);
  const view = { spec, inputs: [{ id: 'x', shape, dtype: 'float32' as const }], shape: out, activation: null, paramOffsets: {} };
  const r = await runLayer({ def: def as typeof globalMaxPooling1D, view, batch: B, values: { x }, params: new Float32Array(4), dy });
  expect(maxAbsError(r.y, globalMaxPoolForwardRef(f64(x), B, S, C))).toBe(0);
  expect(maxAbsError(r.dx, globalMaxPoolBackwardRef(f64(x), f64(dy), B, S, C))).toBeLessThan(1e-7);
  expect([...r.forwardDispatches, ...r.backwardDispatches]).toEqual(['global_maxpool_forward', 'global_maxpool_backward']);
  return { y: r.y, dx: r.dx, dy };
}

describe('global max pooling on the GPU vs the float64 reference', () => {
  it('GlobalMaxPooling1D [5, 9, 17] (85 columns, two workgroups): output exact, gradient at the argmax', async () => {
    const x = seededArray(5 * 9 * 17, 1, -2, 2);
    const { dx } = await check('GlobalMaxPooling1D', 5, [9, 17], x);
    expect(dx.filter((v) => v !== 0).length).toBe(5 * 17);
  });

  it('GlobalMaxPooling2D [3, 4, 5, 6]: output exact, gradient at the argmax', async () => {
    await check('GlobalMaxPooling2D', 3, [4, 5, 6], seededArray(3 * 4 * 5 * 6, 2, -2, 2));
  });

  it('tied maxima share the gradient equally; all-negative columns keep their largest value', async () => {
    // [2, 4, 3]: column (0, 0) has three ties of 1, column (0, 1) two of 0.5, (1, *) all negative.
    const x = Float32Array.from([1, 0.5, -3, 1, 0.5, -1, 0, -4, -2, 1, 0.25, -5, -1, -2, -3, -1.5, -0.5, -3, -1, -2, -6, -7, -8, -9]);
    const { y, dx, dy } = await check('GlobalMaxPooling1D', 2, [4, 3], x);
    expect(Array.from(y)).toEqual([1, 0.5, -1, -1, -0.5, -3]);
    expect(dx[0]).toBeCloseTo(dy[0] / 3, 6);
    expect(dx[1]).toBeCloseTo(dy[1] / 2, 6);
    expect(dx[12]).toBeCloseTo(dy[3] / 2, 6);
  });

  it('refuses inputs of the wrong rank, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    expect(globalMaxPooling1D.infer({ id: 'g', type: 'GlobalMaxPooling1D', inputs: [] }, [{ shape: [4, 4, 2], dtype: 'float32' }], err)).toBeNull();
    expect(globalMaxPooling2D.infer({ id: 'g', type: 'GlobalMaxPooling2D', inputs: [] }, [{ shape: [6], dtype: 'float32' }], err)).toBeNull();
    expect(globalMaxPooling1D.infer({ id: 'g', type: 'GlobalMaxPooling1D', inputs: [] }, [{ shape: [6, 2], dtype: 'int32' }], err)).toBeNull();
    expect(errs).toEqual([
      'inputs: GlobalMaxPooling1D expects a float sequence [T, features], got float32 [4, 4, 2]',
      'inputs: GlobalMaxPooling2D expects a float image [height, width, channels], got float32 [6]; add a Reshape before it',
      'inputs: GlobalMaxPooling1D expects a float sequence [T, features], got int32 [6, 2]',
    ]);
  });
});
