/**
 * batchnorm.wgsl through the BatchNormalization layer's real emission (test/helpers/layer-run.ts)
 * against the float64 reference (src/engine/reference/batchnorm.ts): the training forward (batch
 * statistics, biased variance), the moving statistics it updates in place, the full backward (dx
 * through the mean and the variance, dγ, dβ), the evaluation forward (moving statistics), and
 * center / scale off. Row counts span one chunk, uneven chunks and more than 256 chunks' worth.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { batchNormalization } from '../../src/engine/layers/batchnorm';
import { batchMoments, batchNormApplyRef, batchNormBackwardRef, movingUpdateRef } from '../../src/engine/reference/batchnorm';
import type { BatchNormalizationLayer } from '../../src/engine/spec';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function setup(shape: number[], batch: number, spec: Partial<BatchNormalizationLayer>) {
  const layer: BatchNormalizationLayer = { id: 'bn', type: 'BatchNormalization', inputs: ['x'], ...spec };
  const C = shape[shape.length - 1];
  const R = (batch * size(shape)) / C;
  const decls = batchNormalization.params(layer, [{ shape, dtype: 'float32' }]);
  const offs: Record<string, number> = {};
  decls.forEach((d, i) => (offs[d.name] = 4 + i * Math.ceil(C / 4) * 4));
  const params = seededArray(4 + decls.length * Math.ceil(C / 4) * 4, C + R, 0.5, 1.5);
  // Channel c of x has mean 3c - 5 and a scale that grows with c (a large mean stresses the variance).
  const x = seededArray(R * C, R, -2, 2).map((v, i) => v * (1 + (i % C)) + 3 * (i % C) - 5);
  const view = { spec: layer, inputs: [{ shape, dtype: 'float32' as const, id: 'x' }], shape, activation: null, paramOffsets: offs };
  const get = (name: string) => (offs[name] === undefined ? null : params.subarray(offs[name], offs[name] + C));
  return { layer, C, R, params, x, view, offs, get };
}

describe('batchnorm kernels vs float64 references', () => {
  for (const [shape, batch, spec] of [
    [[5], 1, {}],
    [[33], 17, { momentum: 0.9 }],
    [[6, 6, 32], 8, { epsilon: 1e-5 }],
    [[26, 26, 32], 16, {}],
    [[7, 12], 3, { center: false }],
    [[4, 4, 8], 5, { scale: false, center: false }],
  ] as [number[], number, Partial<BatchNormalizationLayer>][]) {
    it(`training step on [${batch}, ${shape}] ${JSON.stringify(spec)}`, async () => {
      const t = setup(shape, batch, spec);
      const eps = spec.epsilon ?? 1e-3;
      const dy = seededArray(t.R * t.C, 7);
      const r = await runLayer({ def: batchNormalization, view: t.view, batch, values: { x: t.x }, params: t.params, dy });
      const { mean, variance } = batchMoments(t.x, t.R, t.C);
      const gamma = t.get('gamma');
      expectClose(r.y, batchNormApplyRef(t.x, mean, variance, gamma, t.get('beta'), t.R, t.C, eps), 1e-4, 1e-4, 'y');
      const m = spec.momentum ?? 0.99;
      const mm = t.offs.moving_mean;
      const mv = t.offs.moving_variance;
      expectClose(r.paramsAfter.subarray(mm, mm + t.C), movingUpdateRef(t.get('moving_mean')!, mean, m), 1e-5, 1e-5, 'moving_mean');
      expectClose(r.paramsAfter.subarray(mv, mv + t.C), movingUpdateRef(t.get('moving_variance')!, variance, m), 1e-4, 1e-5, 'moving_variance');
      const ref = batchNormBackwardRef(t.x, gamma, dy, t.R, t.C, eps);
      expectClose(r.dx, ref.dx, 1e-3, 1e-5, 'dx');
      if (gamma) expectClose(r.grads.subarray(t.offs.gamma, t.offs.gamma + t.C), ref.dgamma, 1e-3, 1e-4, 'dgamma');
      if (t.get('beta')) expectClose(r.grads.subarray(t.offs.beta, t.offs.beta + t.C), ref.dbeta, 1e-3, 1e-4, 'dbeta');
      // The moving statistics get no gradient (the backward never writes there).
      expect(Array.from(r.grads.subarray(mm, mm + t.C)).every((v) => v === 0)).toBe(true);
      if (t.R > 1) expect(ref.dx.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    });
  }

  it('evaluation forward uses the moving statistics and leaves them alone', async () => {
    const t = setup([4, 4, 6], 3, {});
    const r = await runLayer({ def: batchNormalization, view: t.view, batch: 3, values: { x: t.x }, params: t.params, dy: new Float32Array(t.R * t.C), mode: 'infer' });
    expectClose(r.y, batchNormApplyRef(t.x, t.get('moving_mean')!, t.get('moving_variance')!, t.get('gamma'), t.get('beta'), t.R, t.C, 1e-3), 1e-5, 1e-5, 'y');
    expect(Array.from(r.paramsAfter)).toEqual(Array.from(t.params));
    expect(r.forwardDispatches).toEqual(['batchnorm_moving_stats', 'batchnorm_apply']);
  });
});
