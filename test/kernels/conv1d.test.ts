/**
 * Conv1D, MaxPooling1D and AveragePooling1D on the GPU (their definitions' real emission through
 * test/helpers/layer-run.ts) against float64: the forward against the layer's float64 reference,
 * and the input, weight and bias gradients (for a fixed upstream dy, L = Σ y·dy) against central
 * finite differences of that reference. Covers every padding (valid, same, causal), strides 1 and
 * 2, dilation rates 2 and 3 (valid, same, causal), channel counts on and off multiples of 4, fused
 * activations and the separate ones (softmax over the filters, gelu, swish); the shapes and the
 * refusals of infer. Conv2D's dilation rate (the same conv2d kernels) likewise.
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { conv1d, conv1dGeometry } from '../../src/engine/layers/conv1d';
import { conv2d } from '../../src/engine/layers/conv2d';
import { averagePooling1D, maxPooling1D } from '../../src/engine/layers/pool1d';
import { maxAbsError } from '../../src/engine/reference/gradcheck';
import type { LayerDef, NodeView } from '../../src/engine/layers/layer';
import type { Conv1DLayer, Conv2DLayer, LayerSpec, Pooling1DLayer } from '../../src/engine/spec';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const throwing = (f: string, m: string) => {
  throw new Error(`${f}: ${m}`);
};

/** dL/dv by central differences of L = Σ f(v)·dy, in float64. */
function numericGrad(f: (v: Float64Array) => ArrayLike<number>, v: Float64Array, dy: ArrayLike<number>, h = 1e-6): Float64Array {
  const L = (w: Float64Array) => {
    const y = f(w);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * dy[i];
    return s;
  };
  const g = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const keep = v[i];
    v[i] = keep + h;
    const up = L(v);
    v[i] = keep - h;
    const down = L(v);
    v[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

async function check<L extends LayerSpec>(def: LayerDef<L>, spec: L, inShape: number[], params: Record<string, number[]>, B = 2) {
  const out = def.infer(spec, [{ shape: inShape, dtype: 'float32' }], throwing)!.shape;
  const decls = def.params(spec, [{ shape: inShape, dtype: 'float32' }]);
  const offsets: Record<string, number> = {};
  let total = 0;
  for (const d of decls) {
    offsets[d.name] = total;
    total += Math.ceil(size(d.shape) / 4) * 4;
  }
  const flat = new Float32Array(Math.max(total, 4));
  const p64: Record<string, Float64Array> = {};
  decls.forEach((d, i) => {
    const v = seededArray(size(d.shape), 10 + i, -0.6, 0.6);
    flat.set(v, offsets[d.name]);
    p64[d.name] = Float64Array.from(v);
    params[d.name] = d.shape;
  });
  const x = seededArray(B * size(inShape), 3, -2, 2);
  const dy = seededArray(B * size(out), 4, -1, 1);
  const view: NodeView<L> = { spec, inputs: [{ id: 'x', shape: inShape, dtype: 'float32' }], shape: out, activation: null, paramOffsets: offsets } as NodeView<L>;
  const r = await runLayer({ def, view, batch: B, values: { x }, params: flat, dy });
  const x64 = Float64Array.from(x);
  const ref = (xv: Float64Array, pv: Record<string, Float64Array>) => def.reference(spec, view as never, [xv], pv, B);
  const errors: Record<string, number> = { y: maxAbsError(r.y, ref(x64, p64)), dx: maxAbsError(r.dx, numericGrad((v) => ref(v, p64), x64, dy)) };
  for (const d of decls) {
    const g = numericGrad((v) => ref(x64, { ...p64, [d.name]: v }), p64[d.name], dy);
    errors[d.name] = maxAbsError(r.grads.subarray(offsets[d.name], offsets[d.name] + g.length), g);
  }
  return { out, errors, r };
}

describe('Conv1D on the GPU vs float64 (forward: reference; gradients: finite differences)', () => {
  const cases: [string, Partial<Conv1DLayer>, number[]][] = [
    ['valid, stride 1, relu, C=3', { kernelSize: 3, activation: 'relu' }, [9, 3]],
    ['same, stride 1, tanh, C=4', { kernelSize: 4, padding: 'same', activation: 'tanh' }, [7, 4]],
    ['same, stride 2, linear, C=5, odd T', { kernelSize: 3, padding: 'same', strides: 2 }, [9, 5]],
    ['causal, stride 1, sigmoid, no bias', { kernelSize: 3, padding: 'causal', activation: 'sigmoid', useBias: false }, [8, 4]],
    ['causal, stride 2, kernel 2 (its last window ends inside the sequence)', { kernelSize: 2, padding: 'causal', strides: 2, activation: 'elu' }, [10, 2]],
    ['valid, stride 2, softmax over the filters', { kernelSize: 5, strides: 2, activation: 'softmax' }, [11, 3]],
    ['same, gelu', { kernelSize: 3, padding: 'same', activation: 'gelu' }, [6, 8]],
    ['valid, swish, kernel 7', { kernelSize: 7, activation: 'swish' }, [9, 2]],
    ['valid, dilation 2, relu, C=4', { kernelSize: 3, dilationRate: 2, activation: 'relu' }, [11, 4]],
    ['same, dilation 3, tanh, C=3 (pads 3 and 3)', { kernelSize: 3, dilationRate: 3, padding: 'same', activation: 'tanh' }, [10, 3]],
    ['same, dilation 2, even kernel 4 (span 7: pads 3 and 3)', { kernelSize: 4, dilationRate: 2, padding: 'same' }, [9, 5]],
    ['causal, dilation 2, softmax', { kernelSize: 2, dilationRate: 2, padding: 'causal', activation: 'softmax' }, [8, 4]],
  ];
  for (const [name, extra, inShape] of cases) {
    it(name, async () => {
      const spec = { id: 'c', type: 'Conv1D', filters: 5, kernelSize: 3, inputs: ['x'], ...extra } as Conv1DLayer;
      const shapes: Record<string, number[]> = {};
      const { out, errors } = await check(conv1d, spec, inShape, shapes);
      const g = conv1dGeometry(inShape, spec);
      expect(out).toEqual([g.OW, 5]);
      expect(shapes.weight).toEqual([spec.kernelSize, inShape[1], 5]);
      expect(errors.y).toBeLessThan(1e-5);
      expect(errors.dx).toBeLessThan(1e-4);
      expect(errors.weight).toBeLessThan(1e-4);
      if (spec.useBias !== false) expect(errors.bias).toBeLessThan(1e-4);
    });
  }

  it('output lengths follow Keras: valid floor((T-K)/S)+1, same ceil(T/S), causal ceil(T/S)', () => {
    const len = (T: number, k: number, s: number, padding: Conv1DLayer['padding']) => conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: k, strides: s, padding, inputs: [] }, [{ shape: [T, 3], dtype: 'float32' }], throwing)!.shape[0];
    expect([len(10, 3, 1, 'valid'), len(10, 3, 2, 'valid'), len(10, 3, 1, 'same'), len(11, 3, 2, 'same'), len(10, 5, 1, 'causal'), len(11, 2, 2, 'causal')]).toEqual([8, 4, 10, 6, 10, 6]);
    expect(conv1dGeometry([10, 3], { filters: 2, kernelSize: 5, padding: 'causal' }).padLeft).toBe(4);
    // Dilation d spans (K - 1) * d + 1 steps: valid 10 - 7 + 1 = 4; causal pads (K - 1) * d = 6.
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 4, dilationRate: 2, inputs: [] }, [{ shape: [10, 3], dtype: 'float32' }], throwing)!.shape).toEqual([4, 2]);
    expect(conv1dGeometry([10, 3], { filters: 2, kernelSize: 4, dilationRate: 2, padding: 'causal' }).padLeft).toBe(6);
  });

  it('refuses what it cannot run, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    const seq = [{ shape: [6, 2], dtype: 'float32' as const }];
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 3, dilationRate: 2, strides: 2, inputs: [] }, seq, err)).toBeNull();
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 3, dilationRate: 3, inputs: [] }, seq, err)).toBeNull();
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 3, strides: 3, inputs: [] }, seq, err)).toBeNull();
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 8, inputs: [] }, seq, err)).toBeNull();
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 7, inputs: [] }, seq, err)).toBeNull();
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 3, inputs: [] }, [{ shape: [6, 2, 1], dtype: 'float32' }], err)).toBeNull();
    expect(conv1d.infer({ id: 'c', type: 'Conv1D', filters: 2, kernelSize: 3, inputs: [] }, [{ shape: [6], dtype: 'int32' }], err)).toBeNull();
    expect(errs).toEqual([
      'dilationRate: a dilation rate above 1 needs strides 1 (as in Keras)',
      'kernelSize: a kernel spanning 7 steps does not fit in 6 steps with "valid" padding; use a smaller kernel or dilation, or padding "same"',
      'strides: strides must be 1 or 2 (got 3)',
      'kernelSize: kernelSize must be a whole number from 1 to 7 (got 8)',
      'kernelSize: a kernel spanning 7 steps does not fit in 6 steps with "valid" padding; use a smaller kernel or dilation, or padding "same"',
      'inputs: Conv1D expects a sequence input [steps, channels], got [6, 2, 1]; add a Reshape before it',
      'inputs: Conv1D needs float inputs (a sequence [steps, channels]); after token ids put an Embedding first',
    ]);
  });
});

describe('MaxPooling1D and AveragePooling1D on the GPU vs float64', () => {
  const cases: [string, Partial<Pooling1DLayer>, number[], number][] = [
    ['defaults (pool 2, strides 2, valid), odd T', {}, [9, 3], 4],
    ['pool 3, stride 1 (overlapping windows), C=4', { poolSize: 3, strides: 1 }, [8, 4], 6],
    ['pool 3, stride 2, same', { poolSize: 3, strides: 2, padding: 'same' }, [10, 5], 5],
    ['pool 4, same, T not a multiple', { poolSize: 4, padding: 'same' }, [7, 2], 2],
  ];
  for (const def of [maxPooling1D, averagePooling1D]) {
    for (const [name, extra, inShape, OT] of cases) {
      it(`${def.type}: ${name}`, async () => {
        const spec = { id: 'p', type: def.type, inputs: ['x'], ...extra } as Pooling1DLayer;
        const { out, errors } = await check(def as LayerDef<Pooling1DLayer>, spec, inShape, {});
        expect(out).toEqual([OT, inShape[1]]);
        expect(errors.y).toBeLessThan(1e-6);
        expect(errors.dx).toBeLessThan(1e-4);
      });
    }
  }

  it('refuses an image or a pool longer than the sequence, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    expect(maxPooling1D.infer({ id: 'p', type: 'MaxPooling1D', inputs: [] }, [{ shape: [4, 4, 2], dtype: 'float32' }], err)).toBeNull();
    expect(averagePooling1D.infer({ id: 'p', type: 'AveragePooling1D', poolSize: 5, inputs: [] }, [{ shape: [4, 2], dtype: 'float32' }], err)).toBeNull();
    expect(averagePooling1D.infer({ id: 'p', type: 'AveragePooling1D', poolSize: 0, inputs: [] }, [{ shape: [4, 2], dtype: 'float32' }], err)).toBeNull();
    expect(errs).toEqual([
      'inputs: MaxPooling1D expects a sequence input [steps, channels], got [4, 4, 2]; add a Reshape before it',
      'poolSize: pool 5 is longer than the 4 steps with padding "valid"; use a smaller poolSize or padding "same"',
      'poolSize: poolSize must be a positive whole number (got 0)',
    ]);
  });
});

describe('Conv2D with a dilation rate on the GPU vs float64', () => {
  const cases: [string, Partial<Conv2DLayer>, number[], number[]][] = [
    ['dilation 2, valid, relu, C=4', { kernelSize: 3, dilationRate: 2, activation: 'relu' }, [7, 8, 4], [3, 4, 3]],
    ['dilation [2, 3], same, tanh, C=3', { kernelSize: [2, 3], dilationRate: [2, 3], padding: 'same', activation: 'tanh' }, [6, 7, 3], [6, 7, 3]],
    ['dilation [1, 2], same, kernel 3, linear, C=2', { kernelSize: 3, dilationRate: [1, 2], padding: 'same' }, [5, 6, 2], [5, 6, 3]],
  ];
  for (const [name, extra, inShape, outShape] of cases) {
    it(name, async () => {
      const spec = { id: 'c', type: 'Conv2D', filters: 3, kernelSize: 3, inputs: ['x'], ...extra } as Conv2DLayer;
      const { out, errors } = await check(conv2d, spec, inShape, {});
      expect(out).toEqual(outShape);
      expect(errors.y).toBeLessThan(1e-5);
      expect(errors.dx).toBeLessThan(1e-4);
      expect(errors.weight).toBeLessThan(1e-4);
      expect(errors.bias).toBeLessThan(1e-4);
    });
  }

  it('refuses a dilation with strides 2 and a dilated kernel larger than the image, saying why', () => {
    const errs: string[] = [];
    const err = (f: string, m: string) => errs.push(`${f}: ${m}`);
    const img = [{ shape: [5, 5, 2], dtype: 'float32' as const }];
    expect(conv2d.infer({ id: 'c', type: 'Conv2D', filters: 2, kernelSize: 3, dilationRate: 2, strides: 2, inputs: [] }, img, err)).toBeNull();
    expect(conv2d.infer({ id: 'c', type: 'Conv2D', filters: 2, kernelSize: 3, dilationRate: [3, 1], inputs: [] }, img, err)).toBeNull();
    expect(errs).toEqual([
      'dilationRate: a dilation rate above 1 needs strides 1 (as in Keras)',
      'kernelSize: a 3x3 kernel (dilated to 7x3) does not fit in the 5x5 input with "valid" padding; use a smaller kernel or padding "same"',
    ]);
  });
});
