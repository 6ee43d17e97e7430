/**
 * Parity of PReLU's real GPU forward and backward (test/helpers/layer-run.ts) in float64 with
 * PyTorch's nn.PReLU where it can express the layer (one alpha per channel: an image with shared
 * axes [1, 2], a sequence with [1]) and with Keras 3's PReLU for the general case (one alpha per
 * value, Keras's default; a shared middle axis). Outputs within 1e-5, the input's and alpha's
 * gradients within 1e-4 (max abs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { maxAbsDiff } from '../helpers/max-abs-diff';
import { prelu } from '../../src/engine/layers/prelu';
import type { PReLULayer } from '../../src/engine/spec';

interface Case {
  name: string;
  framework: 'torch' | 'keras';
  sample: number[];
  sharedAxes?: number[];
}

const CASES: Case[] = [
  { name: 'nn.PReLU(C) on an image (shared [1, 2])', framework: 'torch', sample: [4, 5, 6], sharedAxes: [1, 2] },
  { name: 'nn.PReLU(C) on a sequence (shared [1])', framework: 'torch', sample: [7, 5], sharedAxes: [1] },
  { name: 'Keras PReLU, one alpha per value of an image', framework: 'keras', sample: [3, 4, 5] },
  { name: 'Keras PReLU, shared [2] of an image', framework: 'keras', sample: [3, 4, 5], sharedAxes: [2] },
  { name: 'Keras PReLU, one alpha per feature of a flat vector', framework: 'keras', sample: [9] },
];

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const B = 6;

describe('PReLU: GPU forward and backward vs nn.PReLU / Keras 3 PReLU (float64)', () => {
  const engine = new Map<string, { x: Float32Array; alpha: Float32Array; alphaShape: number[]; dy: Float32Array; y: Float32Array; dx: Float32Array; dalpha: Float32Array }>();
  let theirs = new Map<string, { y: number[]; dx: number[]; dalpha: number[] }>();
  beforeAll(async () => {
    for (const [i, c] of CASES.entries()) {
      const spec: PReLULayer = { id: 'p', type: 'PReLU', sharedAxes: c.sharedAxes, inputs: ['x'] };
      const alphaShape = prelu.params(spec, [{ shape: c.sample, dtype: 'float32' }])[0].shape;
      const A = size(alphaShape);
      const alpha = seededArray(A, 50 + i, -0.5, 0.8);
      const params = new Float32Array(A + 8);
      params.set(alpha, 4);
      const x = seededArray(B * size(c.sample), 60 + i, -2, 2);
      const dy = seededArray(B * size(c.sample), 70 + i, -1, 1);
      const view = { spec, inputs: [{ id: 'x', shape: c.sample, dtype: 'float32' as const }], shape: c.sample, activation: null, paramOffsets: { weight: 4 } };
      const r = await runLayer({ def: prelu, view, batch: B, values: { x }, params, dy });
      engine.set(c.name, { x, alpha, alphaShape, dy, y: r.y, dx: r.dx, dalpha: r.grads.slice(4, 4 + A) });
    }
    const req = CASES.map((c) => {
      const e = engine.get(c.name)!;
      return { name: c.name, framework: c.framework, x: Array.from(e.x), shape: [B, ...c.sample], alpha: Array.from(e.alpha), alpha_shape: e.alphaShape, shared_axes: c.sharedAxes ?? null, dy: Array.from(e.dy) };
    });
    const res = runPython<{ cases: { name: string; y: number[]; dx: number[]; dalpha: number[] }[] }>('test/parity/py/prelu_parity.py', { cases: req });
    theirs = new Map(res.cases.map((r) => [r.name, r]));
  }, 180_000);

  for (const c of CASES) {
    it(c.name, () => {
      const e = engine.get(c.name)!;
      const t = theirs.get(c.name)!;
      expect([e.y.length, e.dalpha.length]).toEqual([t.y.length, t.dalpha.length]);
      const [dy, dx, da] = [maxAbsDiff(e.y, t.y), maxAbsDiff(e.dx, t.dx), maxAbsDiff(e.dalpha, t.dalpha)];
      console.log(`[prelu parity] ${c.name}: y ${dy.toExponential(2)}, dx ${dx.toExponential(2)}, dalpha ${da.toExponential(2)}`);
      expect(dy).toBeLessThanOrEqual(1e-5);
      expect(dx).toBeLessThanOrEqual(1e-4);
      expect(da).toBeLessThanOrEqual(1e-4);
    });
  }
});
