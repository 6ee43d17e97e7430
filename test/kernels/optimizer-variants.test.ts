/**
 * optimizer.wgsl as the trainer drives it (the optimizer table's OPT code, constants, slots and
 * per-step uniform values) against the table's float64 reference: five steps with a learning rate
 * that changes every step (as a schedule does) and L2 decay on half the parameters, for the
 * optimizers added after the first four (AdamW, Adamax, NAdam, Adadelta, Lion) and the options they brought
 * (AMSGrad, decoupled decay, NAdam's per-step beta and gamma uniforms).
 */
import { describe, expect, it } from 'vitest';
import { optimizerDefaults, type OptimizerSpec } from '../../src/engine/optimizers';
import { expectClose, seededArray } from '../helpers/gpu';
import { gpuTrajectory, referenceTrajectory, type OptimizerRun } from '../helpers/optimizer-run';

const CASES: { name: string; spec: OptimizerSpec }[] = [
  { name: 'adam amsgrad', spec: { type: 'adam', lr: 0.01, beta2: 0.9, amsgrad: true } },
  { name: 'adamw (defaults but lr)', spec: { type: 'adamw', lr: 0.01 } },
  { name: 'adamw amsgrad, strong decay', spec: { type: 'adamw', lr: 0.01, weightDecay: 0.5, amsgrad: true, beta2: 0.9 } },
  { name: 'adamax', spec: { type: 'adamax', lr: 0.01 } },
  { name: 'adamax, large epsilon (inside the max)', spec: { type: 'adamax', lr: 0.01, beta1: 0.8, beta2: 0.9, epsilon: 0.05 } },
  { name: 'nadam', spec: { type: 'nadam', lr: 0.01 } },
  { name: 'nadam, momentum decay 1 (Keras 3 Nadam)', spec: { type: 'nadam', lr: 0.01, beta1: 0.8, beta2: 0.95, momentumDecay: 1 } },
  { name: 'adadelta', spec: { type: 'adadelta' } },
  { name: 'adadelta, rho 0.5, epsilon 1e-3', spec: { type: 'adadelta', lr: 0.5, rho: 0.5, epsilon: 1e-3 } },
  { name: 'lion', spec: { type: 'lion', lr: 0.01 } },
  { name: 'lion with decoupled decay', spec: { type: 'lion', lr: 0.01, beta1: 0.5, beta2: 0.9, weightDecay: 0.3 } },
];

const P = 16;
// Gradients that shrink after step 2, so AMSGrad's running maximum differs from v.
const run = (spec: OptimizerSpec): OptimizerRun => ({
  spec,
  params0: seededArray(P, 3),
  grads: [1, 2, 3, 4, 5].map((s) => seededArray(P, 10 + s, s > 2 ? -0.1 : -1, s > 2 ? 0.1 : 1)),
  lrs: [1, 0.8, 1.2, 0.5, 1].map((f) => f * optimizerDefaults(spec).lr),
  l2: { wd: 0.01, decayEnd: 8 },
});

describe('optimizer kernel variants vs the float64 reference', () => {
  for (const c of CASES) {
    it(`${c.name}: five steps agree within 1e-5`, async () => {
      const r = run(c.spec);
      const gpu = await gpuTrajectory(r);
      const ref = referenceTrajectory(r);
      gpu.forEach((p, t) => expectClose(p, ref[t], 1e-5, 1e-6, `${c.name} step ${t + 1}`));
      // The update moved the weights (a test that cannot fail is not a test).
      expect(Math.abs(ref[4][0] - r.params0[0])).toBeGreaterThan(1e-3);
    });
  }

  it('AMSGrad and decoupled decay change the trajectory (each option is live)', () => {
    const last = (spec: OptimizerSpec) => referenceTrajectory(run(spec))[4];
    const diff = (a: Float64Array, b: Float64Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(diff(last({ type: 'adam', lr: 0.01, beta2: 0.9 }), last({ type: 'adam', lr: 0.01, beta2: 0.9, amsgrad: true }))).toBeGreaterThan(1e-4);
    expect(diff(last({ type: 'adamw', lr: 0.01, weightDecay: 0 }), last({ type: 'adamw', lr: 0.01, weightDecay: 0.5 }))).toBeGreaterThan(1e-4);
    expect(diff(last({ type: 'lion', lr: 0.01 }), last({ type: 'lion', lr: 0.01, weightDecay: 0.5 }))).toBeGreaterThan(1e-4);
  });
});
