/**
 * The merge layers' GPU forward and backward (their definitions' real emission, test/helpers/layer-run.ts)
 * against the float64 references: Multiply's product and the gradient to each input, accumulation
 * into a gradient already written, and Multiply(x, x) (both gradients land in one buffer: 2·dy·x).
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { multiply } from '../../src/engine/layers/multiply';
import { multiplyBackward, multiplyForward } from '../../src/engine/reference/merge';
import { maxAbsError } from '../../src/engine/reference/gradcheck';
import type { MultiplyLayer } from '../../src/engine/spec';

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
