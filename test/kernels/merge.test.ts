/**
 * The merge layers' GPU forward and backward (their definitions' real emission, test/helpers/layer-run.ts)
 * against the float64 references: Multiply's product and the gradient to each input, accumulation
 * into a gradient already written, and Multiply(x, x) (both gradients land in one buffer: 2·dy·x);
 * Concatenate on every axis of an image and a sequence, of three inputs, and of one input twice.
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { multiply } from '../../src/engine/layers/multiply';
import { concatBackward, concatForward, multiplyBackward, multiplyForward } from '../../src/engine/reference/merge';
import { concatenate } from '../../src/engine/layers/concatenate';
import { maxAbsError } from '../../src/engine/reference/gradcheck';
import type { ConcatenateLayer, MultiplyLayer } from '../../src/engine/spec';

const f64 = (a: Float32Array) => Float64Array.from(a);

describe('Multiply on the GPU vs the float64 reference', () => {
  // 3 x 5 x 7 x 3 = 315 elements per input: two workgroups, the last partial.
  const B = 3;
  const shape = [5, 7, 3];
  const E = B * 5 * 7 * 3;
  const spec: MultiplyLayer = { id: 'm', type: 'Multiply', inputs: ['a', 'b'] };
  const view = (ids: [string, string]) => ({ spec, inputs: ids.map((id) => ({ id, shape, dtype: 'float32' as const })), shape, activation: null, paramOffsets: {} });

  it('forward and the gradient to each input (within 1e-6)', async () => {
    const a = seededArray(E, 1, -2, 2);
    const b = seededArray(E, 2, -2, 2);
    const dy = seededArray(E, 3, -1, 1);
    const r = await runLayer({ def: multiply, view: view(['a', 'b']), batch: B, values: { a, b }, params: new Float32Array(4), dy, perInputGrads: true });
    const [da, db] = multiplyBackward(f64(a), f64(b), f64(dy));
    expect(maxAbsError(r.y, multiplyForward(f64(a), f64(b)))).toBeLessThan(1e-6);
    expect(maxAbsError(r.dxs[0], da)).toBeLessThan(1e-6);
    expect(maxAbsError(r.dxs[1], db)).toBeLessThan(1e-6);
    expect(r.forwardDispatches).toEqual(['mul_forward']);
    expect(r.backwardDispatches).toEqual(['mul_backward', 'mul_backward']);
  });

  it('Multiply(x, x): the two gradients accumulate to 2·dy·x', async () => {
    const x = seededArray(E, 4, -2, 2);
    const dy = seededArray(E, 5, -1, 1);
    const r = await runLayer({ def: multiply, view: view(['x', 'x']), batch: B, values: { x }, params: new Float32Array(4), dy });
    expect(maxAbsError(r.y, f64(x).map((v) => v * v))).toBeLessThan(1e-6);
    expect(maxAbsError(r.dx, f64(dy).map((g, i) => 2 * g * x[i]))).toBeLessThan(1e-6);
  });
});

describe('Concatenate on the GPU vs the float64 reference', () => {
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const run = async (axis: number, shapes: number[][], ids: string[], B = 3) => {
    const spec: ConcatenateLayer = { id: 'cat', type: 'Concatenate', axis, inputs: ids };
    const inTypes = shapes.map((shape) => ({ shape, dtype: 'float32' as const }));
    const out = concatenate.infer(spec, inTypes, (f, m) => {
      throw new Error(`${f}: ${m}`);
    })!.shape;
    const values: Record<string, Float32Array> = {};
    ids.forEach((id, i) => (values[id] ??= seededArray(B * size(shapes[i]), 20 + i, -2, 2)));
    const dy = seededArray(B * size(out), 30, -1, 1);
    const view = { spec, inputs: ids.map((id, i) => ({ id, shape: shapes[i], dtype: 'float32' as const })), shape: out, activation: null, paramOffsets: {} };
    const r = await runLayer({ def: concatenate, view, batch: B, values, params: new Float32Array(4), dy, perInputGrads: new Set(ids).size === ids.length });
    return { r, out, xs: ids.map((id) => f64(values[id])), dy: f64(dy) };
  };

  for (const [axis, k] of [[-1, 2], [3, 2], [1, 0], [2, 1], [-2, 1]] as const) {
    it(`three images [5, 6, c] / [h, 6, 3] / ... on axis ${axis}: output and each input's gradient exact`, async () => {
      const shapes = [0, 1, 2].map((i) => [5, 6, 3].map((d, j) => (j === k ? d + i : d)));
      const { r, out, xs, dy } = await run(axis, shapes, ['a', 'b', 'c']);
      expect(out[k]).toBe(shapes.reduce((a, s) => a + s[k], 0));
      expect(maxAbsError(r.y, concatForward(xs, shapes, k, 3))).toBe(0);
      concatBackward(dy, shapes, k, 3).forEach((g, i) => expect(maxAbsError(r.dxs[i], g), `input ${i}`).toBe(0));
      expect(r.forwardDispatches).toEqual(['concat_forward', 'concat_forward', 'concat_forward']);
    });
  }

  it('one input twice on a sequence\'s last axis: its gradient is the sum of its two slices', async () => {
    const shapes = [[4, 5], [4, 5]];
    const { r, xs, dy } = await run(-1, shapes, ['x', 'x']);
    expect(maxAbsError(r.y, concatForward(xs, shapes, 1, 3))).toBe(0);
    const [g0, g1] = concatBackward(dy, shapes, 1, 3);
    expect(maxAbsError(r.dx, g0.map((v, i) => v + g1[i]))).toBeLessThan(1e-6);
  });
});

describe('Concatenate shape checks', () => {
  const t = (...shape: number[]) => ({ shape, dtype: 'float32' as const });
  const errors = (axis: number | undefined, ...ins: ReturnType<typeof t>[]) => {
    const out: string[] = [];
    const r = concatenate.infer({ id: 'c', type: 'Concatenate', axis, inputs: [] }, ins, (f, m) => out.push(`${f}: ${m}`));
    return { r, out };
  };

  it('joins on the named axis, Keras-style (-1 the last, 1 the first after the batch)', () => {
    expect(errors(undefined, t(2, 3), t(2, 5)).r?.shape).toEqual([2, 8]);
    expect(errors(1, t(2, 3), t(4, 3), t(1, 3)).r?.shape).toEqual([7, 3]);
    expect(errors(-3, t(2, 3, 4), t(1, 3, 4)).r?.shape).toEqual([3, 3, 4]);
  });

  it('refuses the batch axis, an axis out of range and other axes that differ, saying why', () => {
    expect(errors(0, t(2, 3), t(2, 3)).out).toEqual(['axis: axis must be a whole number from -2 to -1 or 1 to 2 for inputs of rank 2 (0 is the batch axis; got 0)']);
    expect(errors(3, t(2, 3), t(2, 3)).out[0]).toMatch(/^axis: axis must be a whole number from -2 to -1 or 1 to 2/);
    expect(errors(-1, t(2, 3), t(3, 3)).out).toEqual(['inputs: Concatenate on axis -1 needs inputs equal except on that axis, got [2, 3] and [3, 3]']);
    expect(errors(-1, t(2, 3), t(2, 3, 1)).r).toBeNull();
  });
});
