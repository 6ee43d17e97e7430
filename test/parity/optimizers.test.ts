/**
 * Parity of the optimizers with PyTorch's torch.optim (float64), or Keras 3's keras.optimizers
 * where PyTorch has none (Lion): five steps on one parameter vector with fixed gradients and a
 * learning rate that changes every step. Both our float64 reference and the GPU kernel (float32,
 * driven as the trainer drives it) must end within 1e-4 of theirs after every step. The Adam family
 * uses Keras's form (epsilon added to √v, bias correction folded into the step size), PyTorch adds
 * epsilon to √(v/(1-β2^t)): the reference's distance from torch is printed, and stays far below 1e-4.
 */
import { describe, expect, it } from 'vitest';
import { optimizerDefaults, type OptimizerSpec } from '../../src/engine/optimizers';
import { seededArray } from '../helpers/gpu';
import { gpuTrajectory, referenceTrajectory, type OptimizerRun } from '../helpers/optimizer-run';
import { maxAbsDiff } from '../helpers/max-abs-diff';
import { runPython } from '../helpers/python';

interface Case {
  name: string;
  spec: OptimizerSpec;
  lib: 'torch' | 'keras';
  cls: string;
  kwargs: Record<string, unknown>;
}

const CASES: Case[] = [
  { name: 'adam amsgrad', spec: { type: 'adam', lr: 0.01, beta2: 0.9, epsilon: 1e-8, amsgrad: true }, lib: 'torch', cls: 'Adam', kwargs: { betas: [0.9, 0.9], eps: 1e-8, amsgrad: true } },
  { name: 'adamw defaults', spec: { type: 'adamw' }, lib: 'torch', cls: 'AdamW', kwargs: {} },
  { name: 'adamw strong decay, amsgrad', spec: { type: 'adamw', lr: 0.01, beta1: 0.8, beta2: 0.95, weightDecay: 0.3, amsgrad: true }, lib: 'torch', cls: 'AdamW', kwargs: { betas: [0.8, 0.95], weight_decay: 0.3, amsgrad: true } },
  { name: 'adamax defaults', spec: { type: 'adamax' }, lib: 'torch', cls: 'Adamax', kwargs: {} },
  { name: 'adamax', spec: { type: 'adamax', lr: 0.01, beta1: 0.8, beta2: 0.9, epsilon: 1e-3 }, lib: 'torch', cls: 'Adamax', kwargs: { betas: [0.8, 0.9], eps: 1e-3 } },
  { name: 'nadam defaults', spec: { type: 'nadam' }, lib: 'torch', cls: 'NAdam', kwargs: {} },
  { name: 'nadam', spec: { type: 'nadam', lr: 0.01, beta1: 0.85, beta2: 0.95, momentumDecay: 0.05 }, lib: 'torch', cls: 'NAdam', kwargs: { betas: [0.85, 0.95], momentum_decay: 0.05 } },
  // Keras 3's Nadam is NAdam with momentum decay 1 (and Keras's default epsilon 1e-7).
  { name: 'adadelta defaults', spec: { type: 'adadelta' }, lib: 'torch', cls: 'Adadelta', kwargs: {} },
  { name: 'adadelta', spec: { type: 'adadelta', lr: 0.5, rho: 0.6, epsilon: 1e-4 }, lib: 'torch', cls: 'Adadelta', kwargs: { rho: 0.6, eps: 1e-4 } },
  // PyTorch 2 has no Lion: Keras 3's.
  { name: 'lion defaults', spec: { type: 'lion' }, lib: 'keras', cls: 'Lion', kwargs: {} },
  { name: 'lion with decoupled decay', spec: { type: 'lion', lr: 0.01, beta1: 0.5, beta2: 0.9, weightDecay: 0.3 }, lib: 'keras', cls: 'Lion', kwargs: { beta_1: 0.5, beta_2: 0.9, weight_decay: 0.3 } },
  { name: 'nadam as keras Nadam', spec: { type: 'nadam', lr: 0.01, momentumDecay: 1, epsilon: 1e-7 }, lib: 'keras', cls: 'Nadam', kwargs: {} },
];

const P = 12;
const STEPS = [1, 0.7, 1.3, 0.5, 1];

function run(spec: OptimizerSpec): OptimizerRun {
  const base = optimizerDefaults(spec).lr;
  return {
    spec,
    params0: seededArray(P, 21),
    // Large gradients first, small later (AMSGrad keeps the early maximum).
    grads: STEPS.map((_, s) => seededArray(P, 30 + s, s < 2 ? -1 : -0.2, s < 2 ? 1 : 0.2)),
    lrs: STEPS.map((f) => f * base),
  };
}

describe('optimizers vs torch.optim / keras.optimizers (float64), five steps', () => {
  it('every case: reference and GPU within 1e-4 of the framework after each step', async () => {
    const runs = CASES.map((c) => ({ c, r: run(c.spec) }));
    const input = runs.map(({ c, r }) => ({ name: c.name, lib: c.lib, cls: c.cls, kwargs: c.kwargs, params0: Array.from(r.params0), grads: r.grads.map((g) => Array.from(g)), lrs: r.lrs }));
    const theirs = runPython<{ results: Record<string, number[][]> }>('test/parity/py/optimizers_torch.py', { cases: input }, { timeoutMs: 300_000 }).results;
    for (const { c, r } of runs) {
      const ref = referenceTrajectory(r);
      const gpu = await gpuTrajectory(r);
      const t = theirs[c.name];
      expect(t.length, c.name).toBe(STEPS.length);
      let refWorst = 0;
      let gpuWorst = 0;
      for (let s = 0; s < STEPS.length; s++) {
        refWorst = Math.max(refWorst, maxAbsDiff(ref[s], t[s]));
        gpuWorst = Math.max(gpuWorst, maxAbsDiff(gpu[s], t[s]));
      }
      const moved = maxAbsDiff(t[STEPS.length - 1], r.params0);
      console.log(`[optimizer parity] ${c.name} (${c.lib}.${c.cls}): moved ${moved.toExponential(2)}; reference ${refWorst.toExponential(2)}, GPU ${gpuWorst.toExponential(2)}`);
      // Lion's default lr 1e-4 moves each weight by 5e-4 over five steps: the bounds must be far below that.
      expect(moved, c.name).toBeGreaterThan(4e-4);
      expect(refWorst, c.name).toBeLessThan(1e-4);
      expect(gpuWorst, c.name).toBeLessThan(1e-4);
      expect(Math.max(refWorst, gpuWorst), c.name).toBeLessThan(moved / 1000);
    }
  }, 300_000);
});
