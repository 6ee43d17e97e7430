/**
 * Engine (Keras) <-> PyTorch recurrent layouts: names, shapes, the gate reorderings element by
 * element, bias splitting, and round trips for every cell, Bidirectional and useBias false.
 */
import { describe, expect, it } from 'vitest';
import { seededArray } from '../helpers/gpu';
import { recurrentFromTorch, recurrentToTorch, torchIncompatibility } from '../../src/io/recurrent-layout';
import { cellParams } from '../../src/engine/layers/recurrent';
import type { BidirectionalLayer, RecurrentLayer } from '../../src/engine/spec';

const F = 5;
const U = 3;

/** Engine params of a layer, filled with distinct values. */
function engineParams(layer: RecurrentLayer | BidirectionalLayer, seed = 1): Map<string, Float32Array> {
  const decls = layer.type === 'Bidirectional' ? [...cellParams(layer.layer, F, 'forward_'), ...cellParams(layer.layer, F, 'backward_')] : cellParams(layer, F);
  return new Map(decls.map((d, i) => [d.name, seededArray(d.shape.reduce((a, b) => a * b, 1), seed + i)]));
}

const byName = (ts: { name: string; shape: number[]; data: Float32Array }[]) => new Map(ts.map((t) => [t.name, t]));

describe('recurrentToTorch / recurrentFromTorch', () => {
  it('LSTM: names, shapes, i f g o = Keras i f c o, bias in bias_ih', () => {
    const layer: RecurrentLayer = { id: 'l', type: 'LSTM', units: U };
    const p = engineParams(layer);
    const t = byName(recurrentToTorch(layer, p, F));
    expect([...t.keys()]).toEqual(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']);
    expect(t.get('weight_ih_l0')!.shape).toEqual([4 * U, F]);
    expect(t.get('weight_hh_l0')!.shape).toEqual([4 * U, U]);
    const W = p.get('weight')!;
    for (let g = 0; g < 4; g++) for (let u = 0; u < U; u++) for (let f = 0; f < F; f++) expect(t.get('weight_ih_l0')!.data[(g * U + u) * F + f]).toBe(W[f * 4 * U + g * U + u]);
    const R = p.get('recurrent_weight')!;
    expect(t.get('weight_hh_l0')!.data[(2 * U + 1) * U + 2]).toBe(R[2 * 4 * U + 2 * U + 1]);
    expect(Array.from(t.get('bias_ih_l0')!.data)).toEqual(Array.from(p.get('bias')!));
    expect(Array.from(t.get('bias_hh_l0')!.data)).toEqual(Array(4 * U).fill(0));
  });

  it('GRU: PyTorch r z n from Keras z r h, input and recurrent bias rows split', () => {
    const layer: RecurrentLayer = { id: 'g', type: 'GRU', units: U };
    const p = engineParams(layer);
    const t = byName(recurrentToTorch(layer, p, F));
    const W = p.get('weight')!;
    const GU = 3 * U;
    const keras = (block: number, u: number, f: number) => W[f * GU + block * U + u];
    for (let u = 0; u < U; u++)
      for (let f = 0; f < F; f++) {
        expect(t.get('weight_ih_l0')!.data[(0 * U + u) * F + f]).toBe(keras(1, u, f)); // r
        expect(t.get('weight_ih_l0')!.data[(1 * U + u) * F + f]).toBe(keras(0, u, f)); // z
        expect(t.get('weight_ih_l0')!.data[(2 * U + u) * F + f]).toBe(keras(2, u, f)); // n
      }
    const b = p.get('bias')!;
    const ih = t.get('bias_ih_l0')!.data;
    const hh = t.get('bias_hh_l0')!.data;
    expect(Array.from(ih)).toEqual([...b.subarray(U, 2 * U), ...b.subarray(0, U), ...b.subarray(2 * U, 3 * U)]);
    expect(Array.from(hh)).toEqual([...b.subarray(GU + U, GU + 2 * U), ...b.subarray(GU, GU + U), ...b.subarray(GU + 2 * U, 2 * GU)]);
  });

  it('Bidirectional: forward_* -> plain names, backward_* -> _reverse', () => {
    const layer: BidirectionalLayer = { id: 'b', type: 'Bidirectional', layer: { type: 'GRU', units: U } };
    const p = engineParams(layer);
    const ts = recurrentToTorch(layer, p, F);
    expect(ts.map((x) => x.name)).toEqual(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse']);
    const single = byName(recurrentToTorch({ id: 'g', type: 'GRU', units: U }, new Map([['weight', p.get('backward_weight')!], ['recurrent_weight', p.get('backward_recurrent_weight')!], ['bias', p.get('backward_bias')!]]), F));
    expect(Array.from(byName(ts).get('weight_ih_l0_reverse')!.data)).toEqual(Array.from(single.get('weight_ih_l0')!.data));
  });

  const layers: (RecurrentLayer | BidirectionalLayer)[] = [
    { id: 's', type: 'SimpleRNN', units: U },
    { id: 'l', type: 'LSTM', units: U },
    { id: 'g', type: 'GRU', units: U },
    { id: 'n', type: 'LSTM', units: U, useBias: false },
    { id: 'b', type: 'Bidirectional', layer: { type: 'LSTM', units: U } },
    { id: 'c', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: U, useBias: false }, mergeMode: 'sum' },
  ];
  for (const layer of layers) {
    const label = layer.type === 'Bidirectional' ? `Bidirectional(${layer.layer.type}${layer.layer.useBias === false ? ', no bias' : ''})` : `${layer.type}${layer.useBias === false ? ' (no bias)' : ''}`;
    it(`${label}: engine -> torch -> engine is exact`, () => {
      const p = engineParams(layer, 7);
      const ts = recurrentToTorch(layer, p, F);
      const back = recurrentFromTorch(layer, new Map(ts.map((x) => [x.name, x.data])), F);
      expect([...back.keys()].sort()).toEqual([...p.keys()].sort());
      for (const [k, v] of p) expect(Array.from(back.get(k)!), k).toEqual(Array.from(v));
      for (const x of ts) expect(x.data.length).toBe(x.shape.reduce((a, b) => a * b, 1));
    });
  }

  it('import sums the two PyTorch LSTM biases; gradients mode takes bias_ih', () => {
    const layer: RecurrentLayer = { id: 'l', type: 'LSTM', units: 2 };
    const GU = 8;
    const m = new Map([
      ['weight_ih_l0', new Float32Array(GU * F)],
      ['weight_hh_l0', new Float32Array(GU * 2)],
      ['bias_ih_l0', Float32Array.from({ length: GU }, (_, i) => i)],
      ['bias_hh_l0', Float32Array.from({ length: GU }, () => 0.5)],
    ]);
    expect(Array.from(recurrentFromTorch(layer, m, F).get('bias')!)).toEqual(Array.from({ length: GU }, (_, i) => i + 0.5));
    expect(Array.from(recurrentFromTorch(layer, m, F, 'gradients').get('bias')!)).toEqual(Array.from({ length: GU }, (_, i) => i));
  });

  it('reports missing and mis-sized tensors', () => {
    const layer: RecurrentLayer = { id: 'g', type: 'GRU', units: U };
    const ts = new Map(recurrentToTorch(layer, engineParams(layer), F).map((x) => [x.name, x.data]));
    ts.delete('bias_hh_l0');
    expect(() => recurrentFromTorch(layer, ts, F)).toThrow(/missing tensor "bias_hh_l0"/);
    expect(() => recurrentToTorch(layer, engineParams(layer), F + 1)).toThrow(/"weight" has 45 values, expected 54/);
  });

  it('says when PyTorch cannot compute the same cell', () => {
    expect(torchIncompatibility({ id: 's', type: 'SimpleRNN', units: 2, activation: 'relu' })).toBeNull();
    expect(torchIncompatibility({ id: 's', type: 'SimpleRNN', units: 2, activation: 'sigmoid' })).toMatch(/tanh or relu/);
    expect(torchIncompatibility({ id: 'l', type: 'LSTM', units: 2 })).toBeNull();
    expect(torchIncompatibility({ id: 'b', type: 'Bidirectional', layer: { type: 'GRU', units: 2, recurrentActivation: 'tanh' } })).toMatch(/sigmoid/);
  });
});
