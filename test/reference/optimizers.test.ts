import { describe, it, expect } from 'vitest';
import {
  AdagradRef,
  AdamRef,
  RmspropRef,
  SgdRef,
  applyL2,
  clipByGlobalNorm,
  type OptimizerRef,
} from '../../src/engine/reference/optimizers';
import { expectAllClose } from './helpers';

// Shared fixture: 3 parameters, three different gradient vectors.
const P0 = [0.5, -1.0, 2.0];
const GRADS = [
  [0.1, -0.2, 0.3],
  [-0.05, 0.4, 0.3],
  [0.2, 0.0, -0.1],
];

/** Runs three steps and returns the params after each one. */
function threeSteps(opt: OptimizerRef, grads: number[][] = GRADS, p0: number[] = P0): number[][] {
  const p = new Float64Array(p0);
  return grads.map((g) => {
    opt.step(p, g);
    return Array.from(p);
  });
}

function expectTrajectory(actual: number[][], expected: number[][], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expectAllClose(a, expected[i], tol));
}

describe('SgdRef', () => {
  it('defaults: lr 0.01, no momentum -> p -= 0.01 g', () => {
    // step1: 0.5-0.001, -1+0.002, 2-0.003; step2: +0.0005, -0.004, -0.003; step3: -0.002, 0, +0.001
    expectTrajectory(threeSteps(new SgdRef()), [
      [0.499, -0.998, 1.997],
      [0.4995, -1.002, 1.994],
      [0.4975, -1.002, 1.995],
    ]);
  });

  it('momentum 0.9, lr 0.1', () => {
    // v1 = -0.1 g1 = [-0.01, 0.02, -0.03]                      p1 = [0.49, -0.98, 1.97]
    // v2 = 0.9 v1 - 0.1 g2 = [-0.004, -0.022, -0.057]          p2 = [0.486, -1.002, 1.913]
    // v3 = 0.9 v2 - 0.1 g3 = [-0.0236, -0.0198, -0.0413]       p3 = [0.4624, -1.0218, 1.8717]
    expectTrajectory(threeSteps(new SgdRef({ lr: 0.1, momentum: 0.9 })), [
      [0.49, -0.98, 1.97],
      [0.486, -1.002, 1.913],
      [0.4624, -1.0218, 1.8717],
    ]);
  });

  it('nesterov, momentum 0.9, lr 0.1: p += 0.9 v - 0.1 g', () => {
    // step1: 0.9*[-0.01,0.02,-0.03] - [0.01,-0.02,0.03] = [-0.019, 0.038, -0.057]
    // step2: 0.9*[-0.004,-0.022,-0.057] - [-0.005,0.04,0.03] = [0.0014, -0.0598, -0.0813]
    // step3: 0.9*[-0.0236,-0.0198,-0.0413] - [0.02,0,-0.01] = [-0.04124, -0.01782, -0.02717]
    expectTrajectory(threeSteps(new SgdRef({ lr: 0.1, momentum: 0.9, nesterov: true })), [
      [0.481, -0.962, 1.943],
      [0.4824, -1.0218, 1.8617],
      [0.44116, -1.03962, 1.83453],
    ]);
  });

  it('lr argument overrides the configured lr', () => {
    const p = new Float64Array([1, 1, 1]);
    new SgdRef({ lr: 0.01 }).step(p, [1, 2, -1], 0.5);
    expectAllClose(p, [0.5, 0, 1.5]);
  });
});

describe('AdagradRef', () => {
  it('constant gradient, no initial accumulator, eps 0: step t moves lr/sqrt(t) * sign(g)', () => {
    const g = [3, -4, 0.5];
    const s = [1, -1, 1];
    const lr = 0.1;
    const traj = threeSteps(new AdagradRef({ lr, initialAccumulator: 0, epsilon: 0 }), [g, g, g], [0, 0, 0]);
    const d1 = lr;
    const d2 = d1 + lr / Math.SQRT2;
    const d3 = d2 + lr / Math.sqrt(3);
    expectTrajectory(traj, [s.map((x) => -x * d1), s.map((x) => -x * d2), s.map((x) => -x * d3)]);
  });

  it('defaults (lr 1e-3, acc0 0.1, eps 1e-7), literal trajectory', () => {
    // step1 param0: acc = 0.1 + 0.01 = 0.11; p = 0.5 - 1e-3*0.1/(sqrt(0.11)+1e-7) = 0.49969848874633...
    expectTrajectory(threeSteps(new AdagradRef()), [
      [0.4996984887463313, -0.9994654776590323, 1.999311752956283],
      [0.4998475599003869, -1.0001957742690393, 1.998744806353912],
      [0.4993354125118028, -1.0001957742690393, 1.9989305016576062],
    ]);
  });

  it('epsilonInsideSqrt gives the Keras 3 form sqrt(acc + eps)', () => {
    const p = new Float64Array([0]);
    new AdagradRef({ lr: 1, initialAccumulator: 0, epsilon: 0.5, epsilonInsideSqrt: true }).step(p, [0.5]);
    expectAllClose(p, [-0.5 / Math.sqrt(0.75)]);
  });
});

describe('RmspropRef', () => {
  it('constant gradient, eps 0: step t moves lr / sqrt(1 - rho^t) * sign(g)', () => {
    const g = [2, -0.5, 7];
    const s = [1, -1, 1];
    const lr = 0.01;
    const traj = threeSteps(new RmspropRef({ lr, epsilon: 0 }), [g, g, g], [0, 0, 0]);
    // v_t = (1 - 0.9^t) g^2 -> 0.1 g^2, 0.19 g^2, 0.271 g^2
    const d1 = lr / Math.sqrt(0.1);
    const d2 = d1 + lr / Math.sqrt(0.19);
    const d3 = d2 + lr / Math.sqrt(0.271);
    expectTrajectory(traj, [s.map((x) => -x * d1), s.map((x) => -x * d2), s.map((x) => -x * d3)]);
  });

  it('defaults (lr 1e-3, rho 0.9, eps 1e-7), literal trajectory', () => {
    // step1: v = 0.1 g^2 -> each param moves ~ lr/sqrt(0.1) = 0.0031623 against sign(g)
    expectTrajectory(threeSteps(new RmspropRef()), [
      [0.4968377323398, -0.9968377273398237, 1.9968377256731615],
      [0.4983121475535357, -0.9996948681561517, 1.9945435700888405],
      [0.4954935722248935, -0.9996948681561517, 1.9953246764668435],
    ]);
  });
});

describe('AdamRef', () => {
  it('constant gradient, eps 0: every step moves exactly lr * sign(g)', () => {
    // m_t = (1-b1^t) g, v_t = (1-b2^t) g^2 -> alpha m / sqrt(v) = lr sign(g)
    const g = [0.3, -5, 1e-3];
    const traj = threeSteps(new AdamRef({ lr: 0.01, epsilon: 0 }), [g, g, g], [1, 1, 1]);
    expectTrajectory(traj, [
      [0.99, 1.01, 0.99],
      [0.98, 1.02, 0.98],
      [0.97, 1.03, 0.97],
    ]);
  });

  it('defaults (lr 1e-3, b1 0.9, b2 0.999, eps 1e-7), literal trajectory', () => {
    // step 1 moves each param by ~lr * sign(g) = 1e-3 (slightly less because of eps)
    const opt = new AdamRef();
    expectTrajectory(threeSteps(opt), [
      [0.49900003162177664, -0.9990000158111383, 1.9990000105408143],
      [0.49873370211806717, -0.9993661167491906, 1.9980000179961828],
      [0.4980755996024364, -0.9996491138343784, 1.9973943244510555],
    ]);
    expect(opt.iterations).toBe(3);
  });
});

describe('optimizer state handling', () => {
  it('rejects mismatched or changing lengths', () => {
    const opt = new AdamRef();
    expect(() => opt.step(new Float64Array(3), [1, 2])).toThrow(/length/);
    opt.step(new Float64Array(3), [1, 2, 3]);
    expect(() => opt.step(new Float64Array(4), [1, 2, 3, 4])).toThrow(/changed/);
  });

  it('accepts Float32Array gradients', () => {
    const p = new Float64Array([1, 2, 3]);
    new SgdRef({ lr: 0.5 }).step(p, new Float32Array([2, 4, 6]));
    expectAllClose(p, [0, 0, 0]);
  });
});

describe('applyL2 and clipByGlobalNorm', () => {
  it('applyL2 = g + wd * p (new array)', () => {
    const g = new Float64Array([1, 2, 3]);
    const out = applyL2(g, [10, -20, 30], 0.1);
    expectAllClose(out, [2, 0, 6]);
    expect(Array.from(g)).toEqual([1, 2, 3]);
  });

  it('clips [3, 4] (norm 5) to norm 1 -> [0.6, 0.8]', () => {
    const g = new Float64Array([3, 4]);
    const { grads, norm } = clipByGlobalNorm(g, 1);
    expect(norm).toBe(5);
    expectAllClose(grads, [0.6, 0.8]);
    expect(Array.from(g)).toEqual([3, 4]);
  });

  it('leaves small and zero gradients unchanged', () => {
    const a = clipByGlobalNorm(new Float64Array([1, -2, 2]), 10);
    expect(a.norm).toBe(3);
    expect(Array.from(a.grads)).toEqual([1, -2, 2]);
    const z = clipByGlobalNorm(new Float64Array([0, 0]), 1);
    expect(z.norm).toBe(0);
    expect(Array.from(z.grads)).toEqual([0, 0]);
  });

  it('norm exactly at the limit is not scaled', () => {
    expect(Array.from(clipByGlobalNorm(new Float64Array([3, 4]), 5).grads)).toEqual([3, 4]);
  });
});
