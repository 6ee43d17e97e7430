import { describe, it, expect } from 'vitest';
import { conv2dBackwardRef, conv2dForwardRef } from '../../src/engine/reference/conv2d';
import { conv2dGeometry } from '../../src/engine/geometry';
import { maxRelativeError, numericGradient } from '../../src/engine/reference/gradcheck';
import type { Padding, Size2 } from '../../src/engine/spec';
import { dot, expectAllClose, mulberry32, randArray } from './helpers';

type Act = 'linear' | 'relu' | 'sigmoid' | 'tanh';

describe('conv2dGeometry (TensorFlow output sizes and padding)', () => {
  const g = (h: number, w: number, k: Size2, s: Size2, padding: Padding) => {
    const r = conv2dGeometry([h, w, 1], { filters: 1, kernelSize: k, strides: s, padding });
    return [r.OH, r.OW, r.padTop, r.padLeft];
  };
  it('valid: floor((H - K)/S) + 1, no padding', () => {
    expect(g(28, 28, 3, 1, 'valid')).toEqual([26, 26, 0, 0]);
    expect(g(13, 13, 3, 1, 'valid')).toEqual([11, 11, 0, 0]);
    expect(g(5, 7, 3, 2, 'valid')).toEqual([2, 3, 0, 0]);
    expect(g(5, 7, [5, 1], [1, 2], 'valid')).toEqual([1, 4, 0, 0]);
  });
  it('same: ceil(H/S), the odd padding row/column at the bottom/right', () => {
    expect(g(5, 7, 3, 1, 'same')).toEqual([5, 7, 1, 1]);
    expect(g(5, 7, 3, 2, 'same')).toEqual([3, 4, 1, 1]);
    expect(g(6, 6, 3, 2, 'same')).toEqual([3, 3, 0, 0]); // total 1: all of it at the bottom/right
    expect(g(6, 6, 4, 2, 'same')).toEqual([3, 3, 1, 1]); // total 2
    expect(g(5, 5, 4, 1, 'same')).toEqual([5, 5, 1, 1]); // total 3: 1 before, 2 after
    expect(g(4, 5, 7, 1, 'same')).toEqual([4, 5, 3, 3]); // kernel larger than the image
    expect(g(5, 7, 1, 2, 'same')).toEqual([3, 4, 0, 0]);
  });
});

describe('conv2dForwardRef', () => {
  it('literal 3x3 image, 2x2 diagonal kernel, bias and relu', () => {
    const geom = conv2dGeometry([3, 3, 1], { filters: 1, kernelSize: 2 });
    const { z, y } = conv2dForwardRef([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 0, 0, 1], [-10], geom, 'relu');
    expect(Array.from(z)).toEqual([-4, -2, 2, 4]);
    expect(Array.from(y)).toEqual([0, 0, 2, 4]);
  });

  it("'same' padding reads zeros outside the image (3x3 ones kernel sums each neighbourhood)", () => {
    const geom = conv2dGeometry([3, 3, 1], { filters: 1, kernelSize: 3, padding: 'same' });
    const { y } = conv2dForwardRef([1, 2, 3, 4, 5, 6, 7, 8, 9], new Array(9).fill(1), null, geom, 'linear');
    expect(Array.from(y)).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it('channels: each output channel mixes every input channel with its own kernel slice', () => {
    // 1x1 image, 2 input channels, 3 filters: y = x · W[0, 0] (a [2, 3] matrix).
    const geom = conv2dGeometry([1, 1, 2], { filters: 3, kernelSize: 1 });
    const { y } = conv2dForwardRef([2, -1], [1, 2, 3, 4, 5, 6], [0.5, 0, 0], geom, 'linear');
    expectAllClose(y, [2 - 4 + 0.5, 4 - 5, 6 - 6]);
  });
});

interface FdCase {
  batch: number;
  shape: [number, number, number];
  filters: number;
  kernelSize: Size2;
  strides: Size2;
  padding: Padding;
  act: Act;
  bias: boolean;
}

const FD_CASES: FdCase[] = [
  { batch: 1, shape: [5, 7, 3], filters: 4, kernelSize: 3, strides: 1, padding: 'valid', act: 'tanh', bias: true },
  { batch: 2, shape: [5, 7, 3], filters: 3, kernelSize: 3, strides: 2, padding: 'same', act: 'relu', bias: true },
  { batch: 2, shape: [5, 7, 3], filters: 2, kernelSize: [5, 3], strides: [2, 1], padding: 'same', act: 'sigmoid', bias: true },
  { batch: 1, shape: [6, 6, 2], filters: 3, kernelSize: 4, strides: 2, padding: 'same', act: 'linear', bias: true },
  { batch: 1, shape: [4, 5, 3], filters: 2, kernelSize: 7, strides: 1, padding: 'same', act: 'tanh', bias: true },
  { batch: 1, shape: [5, 7, 3], filters: 2, kernelSize: 1, strides: 2, padding: 'valid', act: 'linear', bias: false },
];

describe('conv2dBackwardRef matches finite differences', () => {
  FD_CASES.forEach((c, idx) => {
    const k = Array.isArray(c.kernelSize) ? c.kernelSize.join('x') : c.kernelSize;
    const s = Array.isArray(c.strides) ? c.strides.join('x') : c.strides;
    it(`${c.batch}x${c.shape.join('x')} -> ${c.filters}, k${k} s${s} ${c.padding} ${c.act}${c.bias ? '' : ' no-bias'}`, () => {
      const geom = conv2dGeometry(c.shape, c);
      const rng = mulberry32(900 + idx);
      const xLen = c.batch * c.shape[0] * c.shape[1] * c.shape[2];
      const wLen = geom.KH * geom.KW * geom.C * geom.Cout;
      let x: Float64Array, w: Float64Array, b: Float64Array;
      // Redraw until every pre-activation is at least 0.05 away from the relu kink.
      for (;;) {
        x = randArray(rng, xLen);
        w = randArray(rng, wLen);
        b = randArray(rng, geom.Cout, -0.5, 0.5);
        const { z } = conv2dForwardRef(x, w, c.bias ? b : null, geom, c.act);
        if (c.act !== 'relu' || Array.from(z).every((v) => Math.abs(v) > 0.05)) break;
      }
      const { y } = conv2dForwardRef(x, w, c.bias ? b : null, geom, c.act);
      const dy = randArray(rng, y.length);
      const { dx, dw, db } = conv2dBackwardRef(x, w, y, dy, geom, c.act);
      expect(dx.length).toBe(xLen);
      expect(dw.length).toBe(wLen);
      expect(db.length).toBe(geom.Cout);

      const loss = (xx: Float64Array, ww: Float64Array, bb: Float64Array) => dot(conv2dForwardRef(xx, ww, c.bias ? bb : null, geom, c.act).y, dy);
      // Central differences of sums of up to 7*7*3 terms: ~1e-6 relative noise on small entries;
      // an indexing mistake shows up as O(1).
      const TOL = 1e-5;
      expect(maxRelativeError(dx, numericGradient((v) => loss(v, w, b), x))).toBeLessThan(TOL);
      expect(maxRelativeError(dw, numericGradient((v) => loss(x, v, b), w))).toBeLessThan(TOL);
      if (c.bias) expect(maxRelativeError(db, numericGradient((v) => loss(x, w, v), b))).toBeLessThan(TOL);
    });
  });

  it('rejects inputs whose length does not match the geometry', () => {
    const geom = conv2dGeometry([5, 7, 3], { filters: 2, kernelSize: 3 });
    expect(() => conv2dForwardRef(new Float64Array(10), new Float64Array(54), null, geom, 'linear')).toThrow(/H\*W\*C/);
    expect(() => conv2dForwardRef(new Float64Array(105), new Float64Array(53), null, geom, 'linear')).toThrow(/w has length 53/);
  });
});
