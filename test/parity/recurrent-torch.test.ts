/**
 * Parity with PyTorch on the same weights: SimpleRNN (nn.RNN), LSTM (nn.LSTM), GRU (nn.GRU) and
 * Bidirectional (bidirectional=True), returnSequences on and off, odd sizes. Our layers run on
 * real WebGPU (forward, then backward for a fixed upstream gradient); the weights go to PyTorch
 * through recurrentToTorch, PyTorch runs in float64 (one process for all cases), and its
 * gradients come back through recurrentFromTorch. Outputs, input gradients and every weight
 * gradient must agree within 1e-4 (max abs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';
import { maxAbsDiff, runEngineCase, type EngineCase, type EngineResult } from './engine-case';
import { recurrentFromTorch, recurrentToTorch } from '../../src/io/recurrent-layout';
import type { BidirectionalLayer, RecurrentLayer } from '../../src/engine/spec';

const B = 3;
const T = 7;
const F = 5;
const U = 6;
const TOL = 1e-4;

interface TorchResult {
  name: string;
  y: number[];
  dx: number[];
  grads: Record<string, number[]>;
}

function cases(): EngineCase[] {
  const out: EngineCase[] = [];
  const add = (name: string, layer: RecurrentLayer | BidirectionalLayer) => out.push({ name, layer, B, T, F });
  for (const seq of [false, true]) {
    const s = `returnSequences=${seq}`;
    add(`SimpleRNN ${s}`, { id: 'r', type: 'SimpleRNN', units: U, returnSequences: seq });
    add(`LSTM ${s}`, { id: 'r', type: 'LSTM', units: U, returnSequences: seq });
    add(`GRU ${s}`, { id: 'r', type: 'GRU', units: U, returnSequences: seq });
    add(`Bidirectional(LSTM) ${s}`, { id: 'r', type: 'Bidirectional', layer: { type: 'LSTM', units: U, returnSequences: seq } });
    add(`Bidirectional(GRU) ${s}`, { id: 'r', type: 'Bidirectional', layer: { type: 'GRU', units: U, returnSequences: seq } });
  }
  add('SimpleRNN relu returnSequences=true', { id: 'r', type: 'SimpleRNN', units: U, activation: 'relu', returnSequences: true });
  add('Bidirectional(SimpleRNN, sum) returnSequences=true', { id: 'r', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: U, returnSequences: true }, mergeMode: 'sum' });
  add('LSTM without bias returnSequences=false', { id: 'r', type: 'LSTM', units: U, useBias: false });
  // units % 4 == 0: the vec4 step kernels (4 batch rows x 4 units per invocation).
  add('vec4 SimpleRNN(8) returnSequences=true', { id: 'r', type: 'SimpleRNN', units: 8, returnSequences: true });
  add('vec4 LSTM(8) returnSequences=false', { id: 'r', type: 'LSTM', units: 8 });
  add('vec4 GRU(8) returnSequences=true', { id: 'r', type: 'GRU', units: 8, returnSequences: true });
  add('vec4 Bidirectional(LSTM(8)) returnSequences=true', { id: 'r', type: 'Bidirectional', layer: { type: 'LSTM', units: 8, returnSequences: true } });
  return out;
}

const cell = (l: RecurrentLayer | BidirectionalLayer) => (l.type === 'Bidirectional' ? l.layer : l);

describe('recurrent layers vs PyTorch (float64), same weights', () => {
  const all = cases();
  const engine = new Map<string, EngineResult>();
  const torch = new Map<string, TorchResult>();

  beforeAll(async () => {
    for (const [i, c] of all.entries()) engine.set(c.name, await runEngineCase(c, 100 + i));
    const req = all.map((c) => {
      const e = engine.get(c.name)!;
      const l = cell(c.layer);
      return {
        name: c.name,
        kind: l.type,
        bidirectional: c.layer.type === 'Bidirectional',
        merge: c.layer.type === 'Bidirectional' ? (c.layer.mergeMode ?? 'concat') : 'concat',
        seq: l.returnSequences === true,
        bias: l.useBias !== false,
        nonlinearity: l.activation ?? 'tanh',
        B,
        T,
        F,
        U: l.units,
        x: Array.from(e.x),
        dy: Array.from(e.dy),
        tensors: Object.fromEntries(recurrentToTorch(c.layer, e.params, F).map((t) => [t.name, Array.from(t.data)])),
      };
    });
    const { results } = runPython<{ results: TorchResult[] }>('test/parity/py/recurrent_torch.py', { cases: req });
    for (const r of results) torch.set(r.name, r);
  }, 300_000);

  for (const c of all) {
    it(c.name, () => {
      const e = engine.get(c.name)!;
      const t = torch.get(c.name)!;
      const d: Record<string, number> = { y: maxAbsDiff(e.y, t.y), dx: maxAbsDiff(e.dx, t.dx) };
      const tg = recurrentFromTorch(c.layer, new Map(Object.entries(t.grads).map(([k, v]) => [k, Float32Array.from(v)])), F, 'gradients');
      expect([...tg.keys()].sort()).toEqual([...e.grads.keys()].sort());
      for (const [name, g] of e.grads) d[name] = maxAbsDiff(g, tg.get(name)!);
      console.log(`parity ${c.name}: ${Object.entries(d).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
      // The comparison means something: outputs and gradients are not all ~0.
      expect(Math.max(...e.y.map(Math.abs))).toBeGreaterThan(0.05);
      expect(Math.max(...[...e.grads.values()].map((g) => Math.max(...g.map(Math.abs))))).toBeGreaterThan(0.05);
      for (const [k, v] of Object.entries(d)) expect(v, `${c.name} ${k}`).toBeLessThan(TOL);
    });
  }
});
