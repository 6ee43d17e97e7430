/**
 * Bidirectional inside whole models: the gradient of one GPU training step against float64 finite
 * differences of the reference model (masked and stacked), plus shape inference, parameter names,
 * field errors, initialisation and the inspector's fields.
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck as check } from '../helpers/gradcheck';
import { analyzeModel, buildGraph, maskSource } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { LAYER_TYPES } from '../../src/engine/layers/registry';
import { LAYER_FIELDS, getField, newLayer } from '../../src/ui/model/fields';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';

const T = 6;

/** The whole-model check, logging the worst relative error for the record. */
async function modelGradCheck(...args: Parameters<typeof check>) {
  const r = await check(...args);
  console.log(`gradcheck ${args[0].layers.slice(2).map((l) => l.id).join(' -> ')}: worst ${r.worst.toExponential(2)} over ${r.checked} parameters`);
  return r;
}
const V = 11;

/** Token ids with several 0s mid-sequence (padding when maskZero). */
function tokenDataset(n: number, classes: number, seed: number): Dataset {
  const x = Int32Array.from({ length: n * T }, (_, i) => (i * 7 + seed * 3 + ((i * i) % 5)) % V);
  const y = Int32Array.from({ length: n }, (_, i) => (i * 2 + seed) % classes);
  return { name: 'tokens', task: 'classification', n, inputShape: [T], inputDtype: 'int32', x, y, targetShape: [], numClasses: classes };
}

function model(layers: LayerInit[], maskZero = false): ModelSpec {
  return sequential(
    'bi',
    [{ id: 'in', type: 'Input', shape: [T], dtype: 'int32' }, { id: 'emb', type: 'Embedding', inputDim: V, outputDim: 4, maskZero }, ...layers, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }],
    'sparse_categorical_crossentropy',
    { type: 'sgd' },
  );
}

describe('whole-model gradient checks with Bidirectional', () => {
  it('Embedding(maskZero) -> Bidirectional(LSTM(5)) -> Dense(3, softmax), every parameter', async () => {
    const spec = model([{ id: 'bi', type: 'Bidirectional', layer: { type: 'LSTM', units: 5 } }], true);
    expect(maskSource(buildGraph(spec).byId.get('bi')!)).toBe('in');
    expect(tokenDataset(5, 3, 5).x.filter((v) => v === 0).length).toBeGreaterThan(0);
    const { worst, names, dispatches, where } = await modelGradCheck(spec, tokenDataset(5, 3, 5));
    for (const dir of ['forward', 'backward']) for (const p of ['weight', 'recurrent_weight', 'bias']) expect(names.has(`bi.${dir}_${p}`)).toBe(true);
    expect(dispatches.filter((d) => d === 'bi:lstm_step_forward').length).toBe(2 * T);
    expect(worst, where).toBeLessThan(2e-3);
  });

  it('Embedding -> Bidirectional(GRU(4), returnSequences) -> LSTM(5) -> Dense, every parameter', async () => {
    const spec = model([
      { id: 'bi', type: 'Bidirectional', layer: { type: 'GRU', units: 4, returnSequences: true } },
      { id: 'lstm', type: 'LSTM', units: 5 },
    ]);
    const { worst, where } = await modelGradCheck(spec, tokenDataset(5, 3, 5));
    expect(worst, where).toBeLessThan(2e-3);
  });

  it('masked and stacked: Embedding(maskZero) -> Bidirectional(GRU(4), returnSequences, sum) -> LSTM(5): the mask reaches both', async () => {
    const spec = model(
      [
        { id: 'bi', type: 'Bidirectional', layer: { type: 'GRU', units: 4, returnSequences: true }, mergeMode: 'sum' },
        { id: 'lstm', type: 'LSTM', units: 5 },
      ],
      true,
    );
    const g = buildGraph(spec);
    expect(maskSource(g.byId.get('bi')!)).toBe('in');
    expect(maskSource(g.byId.get('lstm')!)).toBe('in');
    const { worst, where } = await modelGradCheck(spec, tokenDataset(5, 3, 5));
    expect(worst, where).toBeLessThan(2e-3);
  });

  it('Bidirectional(SimpleRNN(3, relu), returnSequences) + Flatten', async () => {
    const spec = model([
      { id: 'bi', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: 3, activation: 'relu', returnSequences: true } },
      { id: 'flat', type: 'Flatten' },
    ]);
    const { worst, where } = await modelGradCheck(spec, tokenDataset(5, 3, 5), { h: 1e-6 });
    expect(worst, where).toBeLessThan(2e-3);
  });
});

describe('Bidirectional shapes, parameters and fields', () => {
  const errorsOf = (spec: ModelSpec) => analyzeModel(spec).errors.map((e) => `${e.layer}.${e.field}: ${e.message}`);

  it('infers [2U] / [T, 2U] (concat) and [U] (sum); two full parameter sets', () => {
    const a = analyzeModel(model([{ id: 'bi', type: 'Bidirectional', layer: { type: 'LSTM', units: 5 } }]));
    expect(a.errors).toEqual([]);
    expect(a.shapes.get('bi')).toEqual({ shape: [10], dtype: 'float32' });
    expect(a.paramCounts.get('bi')).toBe(2 * 200); // LSTM(5) over 4 features is 200
    const b = analyzeModel(model([{ id: 'bi', type: 'Bidirectional', layer: { type: 'GRU', units: 7, returnSequences: true }, mergeMode: 'sum' }, { id: 'f', type: 'Flatten' }]));
    expect(b.errors).toEqual([]);
    expect(b.shapes.get('bi')?.shape).toEqual([T, 7]);
    expect(b.paramCounts.get('bi')).toBe(2 * 273);
  });

  it('initialises each direction like the wrapped layer (orthogonal recurrent kernel, forget bias 1)', () => {
    const g = buildGraph(model([{ id: 'bi', type: 'Bidirectional', layer: { type: 'LSTM', units: 5 } }]));
    const layout = layoutParams(g);
    const p = initParams(layout, 1);
    const entry = (name: string) => layout.entries.find((e) => e.layer === 'bi' && e.name === name)!;
    for (const dir of ['forward', 'backward']) {
      const b = entry(`${dir}_bias`);
      expect(Array.from(p.subarray(b.offset, b.offset + 20))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, ...Array(10).fill(0)]);
      expect(entry(`${dir}_weight`).decl.decay).toBe(true);
      // Rows of the orthogonal [5, 20] recurrent kernel are orthonormal.
      const r = entry(`${dir}_recurrent_weight`);
      const row = (i: number) => p.subarray(r.offset + i * 20, r.offset + (i + 1) * 20);
      const dot = (u: Float32Array, v: Float32Array) => u.reduce((s, x, i) => s + x * v[i], 0);
      expect(dot(row(0), row(0))).toBeCloseTo(1, 4);
      expect(dot(row(0), row(3))).toBeCloseTo(0, 4);
    }
    const fw = entry('forward_weight');
    const bw = entry('backward_weight');
    expect(Array.from(p.subarray(fw.offset, fw.offset + 8))).not.toEqual(Array.from(p.subarray(bw.offset, bw.offset + 8)));
  });

  it('names the offending field, with the wrapped layer under layer.*', () => {
    const msgs = errorsOf(model([{ id: 'bi', type: 'Bidirectional', layer: { type: 'GRU', units: 0, activation: 'softmax', resetAfter: false }, mergeMode: 'mul' as never }]));
    expect(msgs.some((m) => m.startsWith('bi.mergeMode'))).toBe(true);
    const inner = errorsOf(model([{ id: 'bi', type: 'Bidirectional', layer: { type: 'GRU', units: 0, activation: 'softmax', resetAfter: false } }]));
    expect(inner.some((m) => m.startsWith('bi.layer.units'))).toBe(true);
    expect(inner.some((m) => m.startsWith('bi.layer.activation'))).toBe(true);
    expect(inner.some((m) => m.startsWith('bi.layer.resetAfter'))).toBe(true);
    const wrongType = errorsOf(model([{ id: 'bi', type: 'Bidirectional', layer: { type: 'Dense', units: 3 } as never }]));
    expect(wrongType.some((m) => m.startsWith('bi.layer.type'))).toBe(true);
    const flat = sequential('g', [{ id: 'in', type: 'Input', shape: [8] }, { id: 'bi', type: 'Bidirectional', layer: { type: 'LSTM', units: 3 } }], 'mse', { type: 'sgd' });
    expect(errorsOf(flat).some((m) => m.startsWith('bi.inputs') && m.includes('[timesteps, features]'))).toBe(true);
  });

  it('is in the palette, and the inspector fields address real spec fields', () => {
    expect(LAYER_TYPES).toContain('Bidirectional');
    const layer = newLayer('Bidirectional', 'bi');
    const spec = model([{ ...layer, inputs: undefined } as LayerInit]);
    expect(analyzeModel(spec).errors).toEqual([]);
    const keys = LAYER_FIELDS.Bidirectional.map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['layer.type', 'layer.units', 'layer.returnSequences', 'mergeMode']));
    expect(getField(layer, 'layer.units')).toBe(32);
  });
});
