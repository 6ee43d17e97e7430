/**
 * Parity with PyTorch (float64, torch.nn.functional / torch ops) of the merge layers' real GPU
 * forward and backward (test/helpers/layer-run.ts, every input with its own gradient buffer):
 * Multiply vs torch.mul, Concatenate (images on every axis, sequences) vs torch.cat,
 * ZeroPadding2D vs F.pad and UpSampling2D vs F.interpolate(nearest) on the NCHW image. Outputs within 1e-5, the gradients to every input within 1e-4 (max abs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { maxAbsDiff } from './engine-case';
import { layerDef } from '../../src/engine/layers/registry';
import type { LayerSpec } from '../../src/engine/spec';

interface Case {
  name: string;
  op: string;
  /** torch.cat's dim (the Keras axis, counted with the batch). */
  dim?: number;
  /** F.pad's [top, bottom, left, right]. */
  pads?: number[];
  /** F.interpolate's scale_factor. */
  size?: number[];
  layer: LayerSpec;
  B: number;
  /** Input shapes without the batch axis. */
  shapes: number[][];
}

const CASES: Case[] = [
  { name: 'Multiply [4, 5, 3]', op: 'multiply', layer: { id: 'l', type: 'Multiply', inputs: ['x0', 'x1'] }, B: 2, shapes: [[4, 5, 3], [4, 5, 3]] },
  { name: 'Multiply [7]', op: 'multiply', layer: { id: 'l', type: 'Multiply', inputs: ['x0', 'x1'] }, B: 5, shapes: [[7], [7]] },
  { name: 'Concatenate axis -1 of 3 images', op: 'concatenate', dim: -1, layer: { id: 'l', type: 'Concatenate', inputs: ['x0', 'x1', 'x2'] }, B: 2, shapes: [[4, 5, 3], [4, 5, 1], [4, 5, 2]] },
  { name: 'Concatenate axis 1 of 2 images', op: 'concatenate', dim: 1, layer: { id: 'l', type: 'Concatenate', axis: 1, inputs: ['x0', 'x1'] }, B: 2, shapes: [[3, 5, 2], [4, 5, 2]] },
  { name: 'Concatenate axis 2 of 2 images', op: 'concatenate', dim: 2, layer: { id: 'l', type: 'Concatenate', axis: 2, inputs: ['x0', 'x1'] }, B: 3, shapes: [[3, 2, 2], [3, 5, 2]] },
  { name: 'ZeroPadding2D 1', op: 'zero_pad2d', pads: [1, 1, 1, 1], layer: { id: 'l', type: 'ZeroPadding2D', inputs: ['x0'] }, B: 2, shapes: [[4, 5, 3]] },
  { name: 'ZeroPadding2D [[2, 0], [1, 3]]', op: 'zero_pad2d', pads: [2, 0, 1, 3], layer: { id: 'l', type: 'ZeroPadding2D', padding: [[2, 0], [1, 3]], inputs: ['x0'] }, B: 3, shapes: [[3, 4, 2]] },
  { name: 'UpSampling2D 2', op: 'upsample2d', size: [2, 2], layer: { id: 'l', type: 'UpSampling2D', inputs: ['x0'] }, B: 2, shapes: [[3, 4, 3]] },
  { name: 'UpSampling2D [3, 2]', op: 'upsample2d', size: [3, 2], layer: { id: 'l', type: 'UpSampling2D', size: [3, 2], inputs: ['x0'] }, B: 3, shapes: [[2, 5, 2]] },
  { name: 'Concatenate axis 1 of 2 sequences', op: 'concatenate', dim: 1, layer: { id: 'l', type: 'Concatenate', axis: 1, inputs: ['x0', 'x1'] }, B: 3, shapes: [[6, 4], [2, 4]] },
];

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface Engine {
  inputs: Float32Array[];
  dy: Float32Array;
  out: number[];
  y: Float32Array;
  dxs: Float32Array[];
}

async function runEngine(c: Case, seed: number): Promise<Engine> {
  const def = layerDef(c.layer.type)!;
  const inTypes = c.shapes.map((shape) => ({ shape, dtype: 'float32' as const }));
  const out = def.infer(c.layer, inTypes, (f, m) => {
    throw new Error(`${c.name}: ${f}: ${m}`);
  })!.shape;
  const inputs = c.shapes.map((s, i) => seededArray(c.B * size(s), seed + i, -2, 2));
  const dy = seededArray(c.B * size(out), seed + 9, -1, 1);
  const values = Object.fromEntries(inputs.map((x, i) => [`x${i}`, x]));
  const view = { spec: c.layer, inputs: c.shapes.map((shape, i) => ({ id: `x${i}`, shape, dtype: 'float32' as const })), shape: out, activation: null, paramOffsets: {} };
  const r = await runLayer({ def, view, batch: c.B, values, params: new Float32Array(4), dy, perInputGrads: true });
  return { inputs, dy, out, y: r.y, dxs: r.dxs };
}

describe('merge layers: GPU forward and backward vs PyTorch (float64)', () => {
  const engine = new Map<string, Engine>();
  let torch = new Map<string, { y: number[]; dxs: number[][] }>();
  beforeAll(async () => {
    for (const [i, c] of CASES.entries()) engine.set(c.name, await runEngine(c, 100 + 10 * i));
    const req = CASES.map((c) => {
      const e = engine.get(c.name)!;
      return { name: c.name, op: c.op, dim: c.dim, pads: c.pads, size: c.size, inputs: e.inputs.map((x) => Array.from(x)), shapes: c.shapes.map((s) => [c.B, ...s]), dy: Array.from(e.dy), out: [c.B, ...e.out] };
    });
    const res = runPython<{ cases: { name: string; y: number[]; dxs: number[][] }[] }>('test/parity/py/merge_torch.py', { cases: req });
    torch = new Map(res.cases.map((r) => [r.name, r]));
  }, 120_000);

  for (const c of CASES) {
    it(c.name, () => {
      const e = engine.get(c.name)!;
      const t = torch.get(c.name)!;
      expect(e.y.length).toBe(t.y.length);
      const dy = maxAbsDiff(e.y, t.y);
      const dx = Math.max(...e.dxs.map((g, i) => maxAbsDiff(g, t.dxs[i])));
      console.log(`[merge parity] ${c.name}: y ${dy.toExponential(2)}, inputs' gradients ${dx.toExponential(2)}`);
      expect(dy).toBeLessThanOrEqual(1e-5);
      expect(dx).toBeLessThanOrEqual(1e-4);
      for (const [i, g] of e.dxs.entries()) expect(g.length, `input ${i}`).toBe(t.dxs[i].length);
    });
  }
});
