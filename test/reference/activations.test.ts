import { describe, it, expect } from 'vitest';
import {
  ACTIVATIONS,
  activationGradRef,
  activationRef,
  swishGradRef,
  eluGradRef,
  eluRef,
  leakyReluGradRef,
  leakyReluRef,
  type Activation,
} from '../../src/engine/reference/activations';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import { dot, expectAllClose, mulberry32, randArray, randAwayFromZero } from './helpers';

const ROWS = 3;
const COLS = 5;

describe('activationRef forward values', () => {
  it('literal values', () => {
    const z = [-2, -0.5, 0, 0.5, 2];
    expectAllClose(activationRef(z, 1, 5, 'linear'), z);
    expectAllClose(activationRef(z, 1, 5, 'relu'), [0, 0, 0, 0.5, 2]);
    expectAllClose(activationRef([0], 1, 1, 'sigmoid'), [0.5]);
    expectAllClose(activationRef([Math.log(3)], 1, 1, 'sigmoid'), [0.75]);
    expectAllClose(activationRef([0, Math.log(3)], 1, 2, 'tanh'), [0, 0.8]); // tanh(ln 3) = (9-1)/(9+1)
    // softmax of [0, ln 3] = [1/4, 3/4]; softmax of equal entries is uniform
    expectAllClose(activationRef([0, Math.log(3), 5, 5], 2, 2, 'softmax'), [0.25, 0.75, 0.5, 0.5]);
  });

  it('softmax and sigmoid are stable for huge inputs', () => {
    const y = activationRef([1000, 1001, -1000, -1000], 2, 2, 'softmax');
    expect(Array.from(y).every(Number.isFinite)).toBe(true);
    expectAllClose(y, [1 / (1 + Math.E), Math.E / (1 + Math.E), 0.5, 0.5]);
    expectAllClose(activationRef([800, -800], 1, 2, 'sigmoid'), [1, 0]);
  });

  it('literal values of the Keras 3 activations', () => {
    const z = [-2, -0.5, 0, 0.5, 2];
    expectAllClose(activationRef(z, 1, 5, 'leaky_relu'), [-0.4, -0.1, 0, 0.5, 2]);
    expectAllClose(activationRef(z, 1, 5, 'elu'), [Math.exp(-2) - 1, Math.exp(-0.5) - 1, 0, 0.5, 2]);
    const [l, a] = [1.0507009873554805, 1.6732632423543772];
    expectAllClose(activationRef(z, 1, 5, 'selu'), [l * a * (Math.exp(-2) - 1), l * a * (Math.exp(-0.5) - 1), 0, l * 0.5, l * 2]);
    expectAllClose(activationRef(z, 1, 5, 'softplus'), z.map((v) => Math.log(1 + Math.exp(v))));
    expectAllClose(activationRef(z, 1, 5, 'softsign'), [-2 / 3, -1 / 3, 0, 1 / 3, 2 / 3]);
    expectAllClose(activationRef([-4, -3, 0, 1.5, 3, 4], 1, 6, 'hard_sigmoid'), [0, 0, 0.5, 0.75, 1, 1]);
    expectAllClose(activationRef(z, 1, 5, 'exponential'), z.map(Math.exp));
    expectAllClose(activationRef(z, 1, 5, 'swish'), z.map((v) => v / (1 + Math.exp(-v))));
  });

  it('softplus, elu, selu and swish stay finite and exact for huge |z|', () => {
    expectAllClose(activationRef([800, -800], 1, 2, 'softplus'), [800, 0]);
    expect(activationRef([-800], 1, 1, 'softplus')[0]).toBe(0);
    expect(activationRef([-40], 1, 1, 'softplus')[0]).toBeCloseTo(Math.exp(-40), 30);
    expectAllClose(activationRef([800, -800], 1, 2, 'elu'), [800, -1]);
    expectAllClose(activationRef([-800], 1, 1, 'selu'), [-1.0507009873554805 * 1.6732632423543772]);
    expectAllClose(activationRef([800, -800], 1, 2, 'swish'), [800, 0]);
    expectAllClose(activationGradRef([1, 1], [800, 0], 1, 2, 'softplus'), [1, 0]);
  });

  it('softmax rows sum to one', () => {
    const rng = mulberry32(7);
    const y = activationRef(randArray(rng, ROWS * COLS, -4, 4), ROWS, COLS, 'softmax');
    for (let r = 0; r < ROWS; r++) {
      let s = 0;
      for (let c = 0; c < COLS; c++) s += y[r * COLS + c];
      expect(s).toBeCloseTo(1, 14);
    }
  });
});

describe('activationGradRef matches finite differences', () => {
  ACTIVATIONS.forEach((act: Activation, idx) => {
    it(`${act} (${ROWS}x${COLS})`, () => {
      const rng = mulberry32(100 + idx);
      // relu, leaky_relu, selu: keep |z| >= 0.1 so the +-eps probe never crosses the kink at 0.
      const z = ['relu', 'leaky_relu', 'selu'].includes(act) ? randAwayFromZero(rng, ROWS * COLS, 0.1, -2, 2) : randArray(rng, ROWS * COLS, -2, 2);
      const dy = randArray(rng, ROWS * COLS); // upstream gradient; f(z) = <act(z), dy>
      const y = activationRef(z, ROWS, COLS, act);
      const analytic = activationGradRef(dy, y, ROWS, COLS, act);
      const numeric = numericGradient((zz) => dot(activationRef(zz, ROWS, COLS, act), dy), z);
      expect(maxRelativeError(analytic, numeric)).toBeLessThan(1e-6);
    });
  });

  it('swish (gradient from z) (3x5)', () => {
    const rng = mulberry32(99);
    const z = randArray(rng, ROWS * COLS, -4, 4);
    const dy = randArray(rng, ROWS * COLS);
    const numeric = numericGradient((zz) => dot(activationRef(zz, ROWS, COLS, 'swish'), dy), z);
    expect(maxRelativeError(swishGradRef(z, dy), numeric)).toBeLessThan(1e-6);
    expect(() => activationGradRef(dy, z, ROWS, COLS, 'swish')).toThrow(/swishGradRef/);
  });

  for (const [name, f, g, a] of [
    ['LeakyReLU(0.05)', leakyReluRef, leakyReluGradRef, 0.05],
    ['LeakyReLU(0)', leakyReluRef, leakyReluGradRef, 0],
    ['ELU(0.5)', eluRef, eluGradRef, 0.5],
    ['ELU(2.5)', eluRef, eluGradRef, 2.5],
  ] as const) {
    it(`${name} layer (gradient from y)`, () => {
      const rng = mulberry32(77);
      const z = randAwayFromZero(rng, 20, 0.1, -3, 3);
      const dy = randArray(rng, 20);
      const numeric = numericGradient((zz) => dot(f(zz, a), dy), z);
      expect(maxRelativeError(g(dy, f(z, a), a), numeric)).toBeLessThan(1e-6);
    });
  }

  it('hard_sigmoid gradient is 1/6 inside (-3, 3), 0 on the flat parts', () => {
    const z = [-4, -2.5, 0, 2.5, 4];
    const dz = activationGradRef([1, 1, 1, 1, 1], activationRef(z, 1, 5, 'hard_sigmoid'), 1, 5, 'hard_sigmoid');
    expectAllClose(dz, [0, 1 / 6, 1 / 6, 1 / 6, 0]);
  });

  it('relu gradient is exactly zero where y <= 0', () => {
    const dz = activationGradRef([1, 2, 3], [0, 0.5, 0], 1, 3, 'relu');
    expect(Array.from(dz)).toEqual([0, 2, 0]);
  });
});
