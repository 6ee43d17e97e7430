/**
 * PReLU's GPU forward and backward (its definition's real emission, test/helpers/layer-run.ts)
 * against the float64 reference, for every sharing pattern: one alpha per value (Keras's
 * default), per channel of an image ([1, 2]), per feature of a sequence ([1]), a shared middle
 * axis ([2]), all axes shared, a flat input; the output, the input gradient and alpha's gradient
 * (summed over the batch and the shared axes) within 1e-5; alpha's shape and the settings checks.
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { prelu } from '../../src/engine/layers/prelu';
import { alphaIndex, preluBackwardRef, preluForwardRef } from '../../src/engine/reference/prelu';
import { maxAbsError } from '../../src/engine/reference/gradcheck';
import type { PReLULayer } from '../../src/engine/spec';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const f64 = (a: ArrayLike<number>) => Float64Array.from(a);

describe('PReLU on the GPU vs the float64 reference', () => {
  const cases: { shape: number[]; sharedAxes?: number[]; alpha: number[] }[] = [
    { shape: [3, 4, 5], alpha: [3, 4, 5] },
    { shape: [3, 4, 5], sharedAxes: [1, 2], alpha: [1, 1, 5] },
    { shape: [6, 4], sharedAxes: [1], alpha: [1, 4] },
    { shape: [3, 4, 5], sharedAxes: [2], alpha: [3, 1, 5] },
    { shape: [3, 4, 5], sharedAxes: [1, 2, 3], alpha: [1, 1, 1] },
    { shape: [7], alpha: [7] },
  ];
  for (const c of cases) {
    it(`[${c.shape}] shared ${JSON.stringify(c.sharedAxes ?? [])}: alpha [${c.alpha}], output, input and alpha gradients within 1e-5`, async () => {
      const B = 5;
      const spec: PReLULayer = { id: 'p', type: 'PReLU', sharedAxes: c.sharedAxes, inputs: ['x'] };
      const decl = prelu.params(spec, [{ shape: c.shape, dtype: 'float32' }]);
      expect(decl.map((d) => [d.name, d.shape, d.init, d.decay])).toEqual([['weight', c.alpha, 'zeros', false]]);
      const A = size(c.alpha);
      const alpha = seededArray(A, 2, -0.5, 0.8);
      const params = new Float32Array(A + 8);
      params.set(alpha, 4);
      const x = seededArray(B * size(c.shape), 3, -2, 2);
      const dy = seededArray(B * size(c.shape), 4, -1, 1);
      const view = { spec, inputs: [{ id: 'x', shape: c.shape, dtype: 'float32' as const }], shape: c.shape, activation: null, paramOffsets: { weight: 4 } };
      const r = await runLayer({ def: prelu, view, batch: B, values: { x }, params, dy });
      const idx = alphaIndex(c.shape, (c.sharedAxes ?? []).map((a) => a - 1));
      const want = preluBackwardRef(f64(x), f64(alpha), f64(dy), idx);
      expect(maxAbsError(r.y, preluForwardRef(f64(x), f64(alpha), idx))).toBeLessThan(1e-6);
      expect(maxAbsError(r.dx, want.dx)).toBeLessThan(1e-6);
      expect(maxAbsError(r.grads.subarray(4, 4 + A), want.dalpha)).toBeLessThan(1e-5);
      expect([...r.forwardDispatches, ...r.backwardDispatches]).toEqual(['prelu_forward', 'prelu_backward_alpha', 'prelu_backward_input']);
    });
  }

  it('refuses axes outside the input, repeated axes and an int input, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    const img = [{ shape: [4, 4, 3], dtype: 'float32' as const }];
    expect(prelu.infer({ id: 'p', type: 'PReLU', sharedAxes: [0], inputs: [] }, img, err)).toBeNull();
    expect(prelu.infer({ id: 'p', type: 'PReLU', sharedAxes: [1, 1], inputs: [] }, img, err)).toBeNull();
    expect(prelu.infer({ id: 'p', type: 'PReLU', inputs: [] }, [{ shape: [6], dtype: 'int32' }], err)).toBeNull();
    expect(errs).toEqual([
      'sharedAxes: sharedAxes must be distinct axes from 1 to 3 (the input has 3 after the batch; got [0])',
      'sharedAxes: sharedAxes must be distinct axes from 1 to 3 (the input has 3 after the batch; got [1,1])',
      'inputs: PReLU needs a float input of 1 to 3 axes, got int32 [6]',
    ]);
  });
});
