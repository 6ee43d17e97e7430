/**
 * Parity with Keras 3 (torch backend, float64): keras.layers.SimpleRNN / LSTM /
 * GRU(reset_after=True) and Bidirectional given our engine-layout weights unchanged through
 * set_weights (the engine layout is Keras's), with and without a padding mask (as
 * Embedding(mask_zero=True) passes it). Outputs, and via torch autograd the input and weight
 * gradients for a fixed upstream gradient, must agree with our GPU layers within 1e-4 (max abs).
 * The masked cases pin down what PyTorch cannot: carried state over padded steps in both
 * directions and Bidirectional's zero outputs there with returnSequences.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';
import { maxAbsDiff, runEngineCase, type EngineCase, type EngineResult } from './engine-case';
import type { BidirectionalLayer, RecurrentLayer } from '../../src/engine/spec';

const B = 3;
const T = 7;
const F = 5;
const U = 6;
const TOL = 1e-4;
/** [B, T] ids: padding at the start, in the middle, at the end, and one row nearly all padding. */
const MASK = Int32Array.from([3, 0, 2, 0, 0, 5, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]);

interface KerasResult {
  name: string;
  y: number[];
  dx: number[];
  grads: number[][];
}

function cases(): EngineCase[] {
  const out: EngineCase[] = [];
  const add = (name: string, layer: RecurrentLayer | BidirectionalLayer, mask = false) => out.push({ name, layer, B, T, F, ...(mask ? { mask: MASK } : {}) });
  for (const seq of [false, true]) {
    const s = `returnSequences=${seq}`;
    add(`LSTM ${s}`, { id: 'r', type: 'LSTM', units: U, returnSequences: seq });
    add(`GRU ${s}`, { id: 'r', type: 'GRU', units: U, returnSequences: seq });
    add(`Bidirectional(LSTM) ${s}`, { id: 'r', type: 'Bidirectional', layer: { type: 'LSTM', units: U, returnSequences: seq } });
  }
  add('SimpleRNN returnSequences=true', { id: 'r', type: 'SimpleRNN', units: U, returnSequences: true });
  add('Bidirectional(GRU, sum) returnSequences=true', { id: 'r', type: 'Bidirectional', layer: { type: 'GRU', units: U, returnSequences: true }, mergeMode: 'sum' });
  add('masked LSTM returnSequences=true', { id: 'r', type: 'LSTM', units: U, returnSequences: true }, true);
  add('masked GRU returnSequences=false', { id: 'r', type: 'GRU', units: U }, true);
  add('masked Bidirectional(LSTM) returnSequences=true', { id: 'r', type: 'Bidirectional', layer: { type: 'LSTM', units: U, returnSequences: true } }, true);
  add('masked Bidirectional(GRU) returnSequences=false', { id: 'r', type: 'Bidirectional', layer: { type: 'GRU', units: U } }, true);
  add('masked Bidirectional(SimpleRNN, sum) returnSequences=true', { id: 'r', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: U, returnSequences: true }, mergeMode: 'sum' }, true);
  // units % 4 == 0: the vec4 step kernels (4 batch rows x 4 units per invocation).
  add('vec4 masked LSTM(8) returnSequences=false', { id: 'r', type: 'LSTM', units: 8 }, true);
  add('vec4 masked GRU(8) returnSequences=true', { id: 'r', type: 'GRU', units: 8, returnSequences: true }, true);
  add('vec4 masked Bidirectional(LSTM(8)) returnSequences=true', { id: 'r', type: 'Bidirectional', layer: { type: 'LSTM', units: 8, returnSequences: true } }, true);
  add('vec4 Bidirectional(SimpleRNN(8), sum) returnSequences=false', { id: 'r', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: 8 }, mergeMode: 'sum' });
  return out;
}

describe('recurrent layers vs Keras 3 (float64), engine-layout weights via set_weights', () => {
  const all = cases();
  const engine = new Map<string, EngineResult>();
  const keras = new Map<string, KerasResult>();

  beforeAll(async () => {
    for (const [i, c] of all.entries()) engine.set(c.name, await runEngineCase(c, 200 + i));
    const req = all.map((c) => {
      const e = engine.get(c.name)!;
      const l = c.layer.type === 'Bidirectional' ? c.layer.layer : c.layer;
      return {
        name: c.name,
        kind: l.type,
        bidirectional: c.layer.type === 'Bidirectional',
        merge: c.layer.type === 'Bidirectional' ? (c.layer.mergeMode ?? 'concat') : 'concat',
        seq: l.returnSequences === true,
        B,
        T,
        F,
        U: l.units,
        x: Array.from(e.x),
        dy: Array.from(e.dy),
        mask: c.mask ? Array.from(c.mask) : null,
        // Engine params in declaration order = Keras get_weights() order, same layout.
        weights: [...e.params.values()].map((v) => Array.from(v)),
      };
    });
    const { results } = runPython<{ results: KerasResult[] }>('test/parity/py/recurrent_keras.py', { cases: req }, { timeoutMs: 240_000 });
    for (const r of results) keras.set(r.name, r);
  }, 300_000);

  for (const c of all) {
    it(c.name, () => {
      const e = engine.get(c.name)!;
      const k = keras.get(c.name)!;
      const d: Record<string, number> = { y: maxAbsDiff(e.y, k.y), dx: maxAbsDiff(e.dx, k.dx) };
      const names = [...e.grads.keys()];
      expect(k.grads.length).toBe(names.length);
      names.forEach((name, i) => (d[name] = maxAbsDiff(e.grads.get(name)!, k.grads[i])));
      console.log(`keras parity ${c.name}: ${Object.entries(d).map(([n, v]) => `${n} ${v.toExponential(2)}`).join(', ')}`);
      expect(Math.max(...e.y.map(Math.abs))).toBeGreaterThan(0.05);
      if (c.mask && c.layer.type === 'Bidirectional' && c.layer.layer.returnSequences) {
        // Padded rows output exactly zero (Keras's zero_output_for_mask in Bidirectional).
        const W = e.outShape[1];
        for (let r = 0; r < B * T; r++) if (MASK[r] === 0) expect(Math.max(...e.y.subarray(r * W, (r + 1) * W).map(Math.abs))).toBe(0);
      }
      for (const [n, v] of Object.entries(d)) expect(v, `${c.name} ${n}`).toBeLessThan(TOL);
    });
  }
});
