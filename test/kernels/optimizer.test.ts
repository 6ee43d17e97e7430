/**
 * optimizer.wgsl: the first three updates of each optimizer against its textbook (Keras) rule,
 * plus L2 decay on the kernel region only and clipping by global norm.
 */
import { describe, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { optimizerKernel } from '../helpers/optimizer-run';
import { readF32 } from '../../src/gpu/arena';
import { encodeStep } from '../../src/kernels/step-uniform';
import { AdagradRef, AdamRef, RmspropRef, SgdRef, applyL2, clipByGlobalNorm, type OptimizerRef } from '../../src/engine/reference/optimizers';

interface Case {
  name: string;
  constants: Record<string, number | boolean>;
  ref: () => OptimizerRef;
  lr: number;
  s1Init?: number;
  adam?: { b1: number; b2: number };
}

const CASES: Case[] = [
  { name: 'sgd', constants: { OPT: 0 }, ref: () => new SgdRef({ lr: 0.1 }), lr: 0.1 },
  { name: 'momentum', constants: { OPT: 1, MOM: 0.9 }, ref: () => new SgdRef({ lr: 0.1, momentum: 0.9 }), lr: 0.1 },
  { name: 'nesterov', constants: { OPT: 2, MOM: 0.9 }, ref: () => new SgdRef({ lr: 0.1, momentum: 0.9, nesterov: true }), lr: 0.1 },
  { name: 'adagrad', constants: { OPT: 3, EPS: 1e-7 }, ref: () => new AdagradRef({ lr: 0.01, epsilonInsideSqrt: true }), lr: 0.01, s1Init: 0.1 },
  { name: 'rmsprop', constants: { OPT: 4, RHO: 0.9, EPS: 1e-7 }, ref: () => new RmspropRef({ lr: 0.01, epsilonInsideSqrt: true }), lr: 0.01 },
  { name: 'adam', constants: { OPT: 5, B1: 0.9, B2: 0.999, EPS: 1e-7 }, ref: () => new AdamRef({ lr: 0.01 }), lr: 0.01, adam: { b1: 0.9, b2: 0.999 } },
];

async function runUpdates(c: Case, P: number, grads: Float32Array[], params0: Float32Array, extra: Record<string, number | boolean> = {}, clip = 0): Promise<Float32Array> {
  const { device, pipelines } = await gpu();
  const pipe = await pipelines.get('optimizer_update', { P4: P / 4, ...c.constants, ...extra });
  // The slots stacked in one buffer: slot 0 (its initial fill), then slot 1.
  const k = optimizerKernel(device, pipe, params0, Float32Array.from({ length: 2 * P }, (_, i) => (i < P ? (c.s1Init ?? 0) : 0)));
  for (let t = 1; t <= grads.length; t++) {
    const alpha = c.adam ? (c.lr * Math.sqrt(1 - c.adam.b2 ** t)) / (1 - c.adam.b1 ** t) : c.lr;
    let n2 = 0;
    for (const v of grads[t - 1]) n2 += v * v;
    k.step(encodeStep({ lr: c.lr, alpha, clip }), grads[t - 1], n2);
  }
  const out = await readF32(device, k.params, P);
  k.destroy();
  return out;
}

describe('fused optimizer kernel', () => {
  for (const c of CASES) {
    it(`${c.name}: first three updates match the textbook rule`, async () => {
      const P = 12;
      const params0 = seededArray(P, 3);
      const grads = [seededArray(P, 4), seededArray(P, 5), seededArray(P, 6)];
      const out = await runUpdates(c, P, grads, params0);
      const ref = c.ref();
      const p = Float64Array.from(params0);
      for (const g of grads) ref.step(p, g);
      expectClose(out, p, 1e-5, 1e-6, c.name);
    });
  }

  it('L2 weight decay applies to the kernel region only', async () => {
    const P = 16;
    const params0 = seededArray(P, 7);
    const grads = [seededArray(P, 8), seededArray(P, 9), seededArray(P, 10)];
    const c = CASES[0];
    const out = await runUpdates(c, P, grads, params0, { WD: 0.01, DECAY_END: 2 }); // first 8 params decay
    const p = Float64Array.from(params0);
    const ref = new SgdRef({ lr: 0.1 });
    for (const g of grads) {
      const withDecay = applyL2(g, p, 0.01);
      ref.step(p, Float64Array.from(g, (v, i) => (i < 8 ? withDecay[i] : v)));
    }
    expectClose(out, p, 1e-5, 1e-6, 'decay');
  });

  it('clips by global norm before the update', async () => {
    const P = 8;
    const params0 = seededArray(P, 11);
    const grads = [seededArray(P, 12, -5, 5)];
    const out = await runUpdates(CASES[0], P, grads, params0, { CLIP: true }, 0.5);
    const p = Float64Array.from(params0);
    new SgdRef({ lr: 0.1 }).step(p, clipByGlobalNorm(grads[0], 0.5).grads);
    expectClose(out, p, 1e-5, 1e-6, 'clip');
  });
});
