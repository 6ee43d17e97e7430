/**
 * BatchNormalization parity. The layer's real GPU training forward and backward vs
 * torch.nn.BatchNorm1d / BatchNorm2d in train mode (float64): outputs within 1e-5, dx, dγ, dβ within
 * 1e-4, running_mean after the step (PyTorch momentum = 1 - Keras's). A whole model (Conv2D without
 * bias -> BatchNormalization -> ReLU -> Flatten -> Dense softmax) trained 5 full-batch SGD steps in
 * the playground, PyTorch and Keras 3: every trained weight within 1e-4 of PyTorch's; the moving
 * mean and variance within 1e-5 of Keras's (not PyTorch's running_var, which uses the unbiased batch
 * variance); and the inference-mode predictions after training within 1e-5 of Keras's.
 * Python side: test/parity/py/batchnorm_parity.py.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';
import { gpu, seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { maxAbsDiff } from './engine-case';
import { batchNormalization } from '../../src/engine/layers/batchnorm';
import { sequential, type BatchNormalizationLayer } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import type { Dataset } from '../../src/data/dataset';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

const LAYER_CASES: { name: string; shape: number[]; momentum: number; eps: number }[] = [
  { name: 'BatchNorm1d [B, F]', shape: [9, 5], momentum: 0.99, eps: 1e-3 },
  { name: 'BatchNorm1d [B, T, F]', shape: [3, 7, 4], momentum: 0.9, eps: 1e-5 },
  { name: 'BatchNorm2d [B, H, W, C]', shape: [4, 6, 5, 8], momentum: 0.8, eps: 1e-3 },
];

interface LayerResult {
  name: string;
  y: number[];
  dx: number[];
  dgamma: number[];
  dbeta: number[];
  running_mean: number[];
}
interface PyOut {
  layers: LayerResult[];
  torch: Record<'conv' | 'dense' | 'dense_bias' | 'gamma' | 'beta' | 'running_mean', number[]>;
  keras: Record<'gamma' | 'beta' | 'moving_mean' | 'moving_variance' | 'conv' | 'predict', number[]>;
}

async function layerCase(c: (typeof LAYER_CASES)[number], seed: number) {
  const [B, ...shape] = c.shape;
  const C = shape[shape.length - 1];
  const layer: BatchNormalizationLayer = { id: 'bn', type: 'BatchNormalization', momentum: c.momentum, epsilon: c.eps, inputs: ['x'] };
  const P = Math.ceil(C / 4) * 4;
  const offs = { gamma: 0, beta: P, moving_mean: 2 * P, moving_variance: 3 * P };
  const params = new Float32Array(4 * P);
  const gamma = seededArray(C, seed, 0.5, 1.5);
  const beta = seededArray(C, seed + 1, -0.5, 0.5);
  params.set(gamma, 0);
  params.set(beta, P);
  params.fill(1, 3 * P, 3 * P + C);
  const x = seededArray(B * size(shape), seed + 2, -2, 3);
  const dy = seededArray(B * size(shape), seed + 3);
  const view = { spec: layer, inputs: [{ shape, dtype: 'float32' as const, id: 'x' }], shape, activation: null, paramOffsets: offs };
  const r = await runLayer({ def: batchNormalization, view, batch: B, values: { x }, params, dy });
  return { req: { name: c.name, shape: c.shape, x: Array.from(x), dy: Array.from(dy), gamma: Array.from(gamma), beta: Array.from(beta), eps: c.eps, momentum: c.momentum }, r, offs, C };
}

const M = { N: 6, H: 5, W: 5, Cin: 2, F: 3, K: 3, lr: 0.1, steps: 5, eps: 1e-3, momentum: 0.9 };
const MODEL = sequential(
  'bn parity',
  [
    { id: 'in', type: 'Input', shape: [M.H, M.W, M.Cin] },
    { id: 'conv', type: 'Conv2D', filters: M.F, kernelSize: 3, useBias: false },
    { id: 'bn', type: 'BatchNormalization', momentum: M.momentum, epsilon: M.eps },
    { id: 'relu', type: 'Activation', activation: 'relu' },
    { id: 'f', type: 'Flatten' },
    { id: 'out', type: 'Dense', units: M.K, activation: 'softmax' },
  ],
  'sparse_categorical_crossentropy',
  { type: 'sgd', lr: M.lr },
);

describe('BatchNormalization vs PyTorch (train mode) and Keras 3 (moving statistics)', () => {
  const layers = new Map<string, Awaited<ReturnType<typeof layerCase>>>();
  let py: PyOut;
  let engine: { params: Float32Array; predict: Float32Array; entry: (layer: string, name: string) => Float32Array };
  beforeAll(async () => {
    for (const [i, c] of LAYER_CASES.entries()) layers.set(c.name, await layerCase(c, 40 + 10 * i));
    const ds: Dataset = {
      name: 'bn',
      task: 'classification',
      n: M.N,
      inputShape: [M.H, M.W, M.Cin],
      inputDtype: 'float32',
      x: seededArray(M.N * M.H * M.W * M.Cin, 77, -1, 2),
      y: Int32Array.from({ length: M.N }, (_, i) => i % M.K),
      targetShape: [],
      numClasses: M.K,
    };
    const { device, pipelines } = await gpu();
    const t = await Trainer.create(device, pipelines, MODEL, { train: ds }, { batchSize: M.N, epochs: 1, seed: 5 });
    try {
      const at = (p: Float32Array, layer: string, name: string) => {
        const e = t.model.layout.entries.find((q) => q.layer === layer && q.name === name)!;
        return p.slice(e.offset, e.offset + e.length);
      };
      const init = await t.readParams();
      for (let s = 0; s < M.steps; s++) await t.runSteps(0, 1); // one epoch is one full-batch step
      const params = await t.readParams();
      engine = { params, predict: await t.predict(ds), entry: (l, n) => at(params, l, n) };
      const model = { ...M, x: Array.from(ds.x), y: Array.from(ds.y), conv: Array.from(at(init, 'conv', 'weight')), dense: Array.from(at(init, 'out', 'weight')), dense_bias: Array.from(at(init, 'out', 'bias')) };
      py = runPython<PyOut>('test/parity/py/batchnorm_parity.py', { layers: [...layers.values()].map((l) => l.req), model }, { timeoutMs: 300_000 });
    } finally {
      t.destroy();
    }
  }, 400_000);

  for (const c of LAYER_CASES) {
    it(`${c.name}: y, dx, dgamma, dbeta, running_mean`, () => {
      const { r, offs, C } = layers.get(c.name)!;
      const ref = py.layers.find((l) => l.name === c.name)!;
      expect(maxAbsDiff(r.y, ref.y)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.dx, ref.dx)).toBeLessThan(1e-4);
      expect(maxAbsDiff(r.grads.subarray(offs.gamma, offs.gamma + C), ref.dgamma)).toBeLessThan(1e-4);
      expect(maxAbsDiff(r.grads.subarray(offs.beta, offs.beta + C), ref.dbeta)).toBeLessThan(1e-4);
      expect(maxAbsDiff(r.paramsAfter.subarray(offs.moving_mean, offs.moving_mean + C), ref.running_mean)).toBeLessThan(1e-5);
      expect(Math.max(...ref.dx.map(Math.abs))).toBeGreaterThan(1e-2);
    });
  }

  it('5 SGD steps: the trained weights match PyTorch within 1e-4', () => {
    const diffs = {
      conv: maxAbsDiff(engine.entry('conv', 'weight'), py.torch.conv),
      dense: maxAbsDiff(engine.entry('out', 'weight'), py.torch.dense),
      dense_bias: maxAbsDiff(engine.entry('out', 'bias'), py.torch.dense_bias),
      gamma: maxAbsDiff(engine.entry('bn', 'gamma'), py.torch.gamma),
      beta: maxAbsDiff(engine.entry('bn', 'beta'), py.torch.beta),
      running_mean: maxAbsDiff(engine.entry('bn', 'moving_mean'), py.torch.running_mean),
    };
    console.log('[batchnorm parity] max abs diff vs PyTorch after 5 steps', diffs);
    for (const d of Object.values(diffs)) expect(d).toBeLessThan(1e-4);
    // Training moved γ away from its initial ones.
    expect(Math.max(...py.torch.gamma.map((g) => Math.abs(g - 1)))).toBeGreaterThan(1e-3);
  });

  it('5 SGD steps: the moving statistics match Keras 3 within 1e-5, and so do γ, β and the inference predictions', () => {
    const diffs = {
      moving_mean: maxAbsDiff(engine.entry('bn', 'moving_mean'), py.keras.moving_mean),
      moving_variance: maxAbsDiff(engine.entry('bn', 'moving_variance'), py.keras.moving_variance),
      gamma: maxAbsDiff(engine.entry('bn', 'gamma'), py.keras.gamma),
      beta: maxAbsDiff(engine.entry('bn', 'beta'), py.keras.beta),
      predict: maxAbsDiff(engine.predict, py.keras.predict),
    };
    console.log('[batchnorm parity] max abs diff vs Keras 3 after 5 steps', diffs);
    expect(diffs.moving_mean).toBeLessThan(1e-5);
    expect(diffs.moving_variance).toBeLessThan(1e-5);
    expect(diffs.gamma).toBeLessThan(1e-4);
    expect(diffs.beta).toBeLessThan(1e-4);
    expect(diffs.predict).toBeLessThan(1e-5);
    expect(Math.max(...py.keras.moving_variance.map((v) => Math.abs(v - 1)))).toBeGreaterThan(1e-2);
  });
});
