import { describe, it, expect } from 'vitest';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import {
  meanSquaredErrorRef,
  sigmoidBinaryCrossEntropyRef,
  softmaxCrossEntropyOneHotRef,
  softmaxCrossEntropyRef,
} from '../../src/engine/reference/losses';
import { expectAllClose, mulberry32, randArray } from './helpers';

const ROWS = 3;
const C = 5;
// Loss gradients are O(1/rows); eps = 1e-5 keeps the finite-difference round-off well below 1e-6 relative.

function randomDistributions(rng: () => number, rows: number, classes: number): Float64Array {
  const t = randArray(rng, rows * classes, 0.05, 1);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < classes; c++) s += t[r * classes + c];
    for (let c = 0; c < classes; c++) t[r * classes + c] /= s;
  }
  return t;
}

describe('softmaxCrossEntropyRef (integer labels)', () => {
  it('literal values: uniform logits give log C; argmax ties pick the first max', () => {
    // row 0: zeros -> loss ln 3, argmax 0 (tie) = label 0 -> correct
    // row 1: [0, ln 3, 0] -> p = [1/5, 3/5, 1/5], label 1 -> loss ln(5/3), correct
    // row 2: [2, 1, 0], label 2 -> p2 = 1/(e^2+e+1), wrong
    const logits = [0, 0, 0, 0, Math.log(3), 0, 2, 1, 0];
    const out = softmaxCrossEntropyRef(logits, [0, 1, 2], 3, 3);
    const expectedLoss = (Math.log(3) + Math.log(5 / 3) + Math.log(Math.E ** 2 + Math.E + 1)) / 3;
    expect(out.loss).toBeCloseTo(expectedLoss, 14);
    expect(out.correct).toBe(2);
    expectAllClose(out.probs.subarray(3, 6), [0.2, 0.6, 0.2]);
    // dlogits row 1 = (p - onehot)/rows
    expectAllClose(out.dlogits.subarray(3, 6), [0.2 / 3, -0.4 / 3, 0.2 / 3]);
  });

  it('stable for huge logits', () => {
    const out = softmaxCrossEntropyRef([1000, 0, -1000, 1000], [1, 0], 2, 2);
    expect(Number.isFinite(out.loss)).toBe(true);
    expect(out.loss).toBeCloseTo((1000 + 2000) / 2, 9);
    expect(Array.from(out.dlogits).every(Number.isFinite)).toBe(true);
  });

  it('dlogits matches finite differences', () => {
    const rng = mulberry32(42);
    const logits = randArray(rng, ROWS * C, -3, 3);
    const labels = [4, 0, 2];
    const { dlogits } = softmaxCrossEntropyRef(logits, labels, ROWS, C);
    const numeric = numericGradient((z) => softmaxCrossEntropyRef(z, labels, ROWS, C).loss, logits, 1e-5);
    expect(maxRelativeError(dlogits, numeric)).toBeLessThan(1e-6);
  });

  it('rejects bad labels', () => {
    expect(() => softmaxCrossEntropyRef([0, 0], [2], 1, 2)).toThrow(/label/);
    expect(() => softmaxCrossEntropyRef([0, 0], [0.5], 1, 2)).toThrow(/label/);
  });
});

describe('softmaxCrossEntropyOneHotRef (target distributions)', () => {
  it('one-hot targets equal the integer-label version', () => {
    const rng = mulberry32(9);
    const logits = randArray(rng, ROWS * C, -3, 3);
    const labels = [1, 3, 3];
    const onehot = new Float64Array(ROWS * C);
    labels.forEach((l, r) => (onehot[r * C + l] = 1));
    const a = softmaxCrossEntropyRef(logits, labels, ROWS, C);
    const b = softmaxCrossEntropyOneHotRef(logits, onehot, ROWS, C);
    expect(b.loss).toBeCloseTo(a.loss, 14);
    expectAllClose(b.dlogits, a.dlogits, 1e-14);
    expect(b.correct).toBe(a.correct);
  });

  it('correct uses argmax of targets', () => {
    const out = softmaxCrossEntropyOneHotRef([2, 1, 0, 0, 1, 2], [0.6, 0.3, 0.1, 0.5, 0.4, 0.1], 2, 3);
    expect(out.correct).toBe(1);
  });

  it('dlogits matches finite differences (soft targets, rows sum to 1)', () => {
    const rng = mulberry32(43);
    const logits = randArray(rng, ROWS * C, -3, 3);
    const targets = randomDistributions(rng, ROWS, C);
    const { dlogits, probs } = softmaxCrossEntropyOneHotRef(logits, targets, ROWS, C);
    const numeric = numericGradient((z) => softmaxCrossEntropyOneHotRef(z, targets, ROWS, C).loss, logits, 1e-5);
    expect(maxRelativeError(dlogits, numeric)).toBeLessThan(1e-6);
    // equals (softmax - targets) / rows for normalised targets
    expectAllClose(dlogits, probs.map((p, i) => (p - targets[i]) / ROWS), 1e-14);
  });

  it('dlogits is the exact gradient even for unnormalised targets', () => {
    const rng = mulberry32(44);
    const logits = randArray(rng, ROWS * C, -3, 3);
    const targets = randArray(rng, ROWS * C, 0, 1);
    const { dlogits } = softmaxCrossEntropyOneHotRef(logits, targets, ROWS, C);
    const numeric = numericGradient((z) => softmaxCrossEntropyOneHotRef(z, targets, ROWS, C).loss, logits, 1e-5);
    expect(maxRelativeError(dlogits, numeric)).toBeLessThan(1e-6);
  });
});

describe('sigmoidBinaryCrossEntropyRef', () => {
  it('literal values', () => {
    // z = 0 -> p = 1/2, loss ln 2 for any t; z = ln 3 -> p = 3/4: t=1 -> -ln(3/4); t=0 -> -ln(1/4)
    const out = sigmoidBinaryCrossEntropyRef([0, Math.log(3), Math.log(3), -Math.log(3)], [1, 1, 0, 0.2], 2, 2);
    const expected = (Math.log(2) - Math.log(0.75) - Math.log(0.25) - (0.2 * Math.log(0.25) + 0.8 * Math.log(0.75))) / 4;
    expect(out.loss).toBeCloseTo(expected, 14);
    expectAllClose(out.probs, [0.5, 0.75, 0.75, 0.25]);
    expectAllClose(out.dlogits, [-0.5 / 4, -0.25 / 4, 0.75 / 4, 0.05 / 4]);
    // (p>0.5)==(t>0.5): [F==T no, T==T yes, T==F no, F==F yes]
    expect(out.correct).toBe(2);
  });

  it('stable for huge logits', () => {
    const out = sigmoidBinaryCrossEntropyRef([1000, -1000, 1000], [1, 0, 0], 1, 3);
    expect(out.loss).toBeCloseTo(1000 / 3, 9);
    expect(Array.from(out.dlogits).every(Number.isFinite)).toBe(true);
  });

  it('dlogits matches finite differences', () => {
    const rng = mulberry32(45);
    const logits = randArray(rng, ROWS * C, -3, 3);
    const targets = randArray(rng, ROWS * C, 0, 1);
    const { dlogits } = sigmoidBinaryCrossEntropyRef(logits, targets, ROWS, C);
    const numeric = numericGradient((z) => sigmoidBinaryCrossEntropyRef(z, targets, ROWS, C).loss, logits, 1e-5);
    expect(maxRelativeError(dlogits, numeric)).toBeLessThan(1e-6);
  });
});

describe('meanSquaredErrorRef', () => {
  it('literal values', () => {
    const out = meanSquaredErrorRef([1, 2, 3, 4], [1, 0, 3, 7], 2, 2);
    expect(out.loss).toBeCloseTo((0 + 4 + 0 + 9) / 4, 15);
    expectAllClose(out.dpred, [0, 1, 0, -1.5]);
  });

  it('dpred matches finite differences', () => {
    const rng = mulberry32(46);
    const pred = randArray(rng, ROWS * C);
    const target = randArray(rng, ROWS * C);
    const { dpred } = meanSquaredErrorRef(pred, target, ROWS, C);
    const numeric = numericGradient((p) => meanSquaredErrorRef(p, target, ROWS, C).loss, pred, 1e-5);
    expect(maxRelativeError(dpred, numeric)).toBeLessThan(1e-6);
  });
});
