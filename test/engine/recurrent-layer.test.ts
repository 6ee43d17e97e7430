import { buildGraph, maskSource } from '../../src/engine/graph';
/**
 * Embedding + recurrent layers inside whole models: the gradient of one GPU training step against
 * float64 finite differences of the reference model, plus shape inference and field errors.
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck } from '../helpers/gradcheck';
import { analyzeModel } from '../../src/engine/graph';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';


const T = 6;
const V = 11;

function tokenDataset(n: number, classes: number, seed: number): Dataset {
  const x = Int32Array.from({ length: n * T }, (_, i) => (i * 7 + seed * 3 + ((i * i) % 5)) % V);
  const y = Int32Array.from({ length: n }, (_, i) => (i * 2 + seed) % classes);
  return { name: 'tokens', task: 'classification', n, inputShape: [T], inputDtype: 'int32', x, y, targetShape: [], numClasses: classes };
}

function model(rnn: LayerInit, extra: LayerInit[] = [], maskZero = false): ModelSpec {
  return sequential(
    'seq',
    [{ id: 'in', type: 'Input', shape: [T], dtype: 'int32' }, { id: 'emb', type: 'Embedding', inputDim: V, outputDim: 4, maskZero }, rnn, ...extra, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }],
    'sparse_categorical_crossentropy',
    { type: 'sgd' },
  );
}

const gradCheck = (spec: ModelSpec, batch: number) => modelGradCheck(spec, tokenDataset(batch, 3, 5));

describe('whole-model gradient checks with Embedding and recurrent layers', () => {
  const cases: [string, LayerInit, LayerInit[]][] = [
    ['LSTM(5)', { id: 'rnn', type: 'LSTM', units: 5 }, []],
    ['GRU(5)', { id: 'rnn', type: 'GRU', units: 5 }, []],
    ['SimpleRNN(5)', { id: 'rnn', type: 'SimpleRNN', units: 5 }, []],
    ['GRU(5, returnSequences) + Flatten', { id: 'rnn', type: 'GRU', units: 5, returnSequences: true }, [{ id: 'flat', type: 'Flatten' }]],
    ['LSTM(5, returnSequences) + Flatten', { id: 'rnn', type: 'LSTM', units: 5, returnSequences: true }, [{ id: 'flat', type: 'Flatten' }]],
  ];
  for (const [name, rnn, extra] of cases) {
    it(`Input [${T}] int32 -> Embedding(${V}, 4) -> ${name} -> Dense(3, softmax), every parameter`, async () => {
      const { worst, checked, names } = await gradCheck(model(rnn, extra), 5);
      expect(names.has('rnn.recurrent_weight')).toBe(true);
      expect(checked).toBeGreaterThan(V * 4);
      expect(worst).toBeLessThan(2e-3);
    });
  }

  // The token dataset has id 0 at several positions, so masked steps occur mid-sequence.
  for (const type of ['LSTM', 'GRU', 'SimpleRNN'] as const) {
    it(`Embedding(maskZero) -> ${type}: padded steps carry the state, gradients match`, async () => {
      const spec = model({ id: 'rnn', type, units: 5 }, [], true);
      const graph = buildGraph(spec);
      expect(maskSource(graph.byId.get('rnn')!)).toBe('in');
      expect(maskSource(buildGraph(model({ id: 'rnn', type, units: 5 })).byId.get('rnn')!)).toBeUndefined();
      expect(tokenDataset(5, 3, 5).x.filter((v) => v === 0).length).toBeGreaterThan(0);
      const { worst } = await gradCheck(spec, 5);
      expect(worst).toBeLessThan(2e-3);
    });
  }
});

describe('shape inference and field errors', () => {
  const errorsOf = (spec: ModelSpec) => analyzeModel(spec).errors.map((e) => `${e.layer}.${e.field}: ${e.message}`);

  it('infers [T, outputDim] for Embedding and [units] / [T, units] for recurrent layers', () => {
    const a = analyzeModel(model({ id: 'rnn', type: 'LSTM', units: 5, returnSequences: true }, [{ id: 'flat', type: 'Flatten' }]));
    expect(a.errors).toEqual([]);
    expect(a.shapes.get('emb')).toEqual({ shape: [T, 4], dtype: 'float32' });
    expect(a.shapes.get('rnn')).toEqual({ shape: [T, 5], dtype: 'float32' });
    const b = analyzeModel(model({ id: 'rnn', type: 'GRU', units: 7 }));
    expect(b.shapes.get('rnn')?.shape).toEqual([7]);
    // LSTM(5) over 4 features: 4*20 + 5*20 + 20; GRU(7): 4*21 + 7*21 + 2*21.
    expect(analyzeModel(model({ id: 'rnn', type: 'LSTM', units: 5 })).paramCounts.get('rnn')).toBe(200);
    expect(b.paramCounts.get('rnn')).toBe(273);
  });

  it('names the offending field', () => {
    const floatIn = sequential('f', [{ id: 'in', type: 'Input', shape: [T] }, { id: 'emb', type: 'Embedding', inputDim: V, outputDim: 4 }, { id: 'd', type: 'Dense', units: 2 }], 'mse', { type: 'sgd' });
    expect(errorsOf(floatIn).some((m) => m.startsWith('emb.inputs') && m.includes('int32'))).toBe(true);
    const flatToRnn = sequential('g', [{ id: 'in', type: 'Input', shape: [8] }, { id: 'rnn', type: 'LSTM', units: 3 }], 'mse', { type: 'sgd' });
    expect(errorsOf(flatToRnn).some((m) => m.startsWith('rnn.inputs') && m.includes('[timesteps, features]'))).toBe(true);
    const bad = model({ id: 'rnn', type: 'GRU', units: 0, activation: 'softmax', resetAfter: false });
    const msgs = errorsOf(bad);
    expect(msgs.some((m) => m.startsWith('rnn.units'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('rnn.activation'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('rnn.resetAfter'))).toBe(true);
    const badEmb = sequential('h', [{ id: 'in', type: 'Input', shape: [T], dtype: 'int32' }, { id: 'emb', type: 'Embedding', inputDim: 0, outputDim: 2.5 }], 'mse', { type: 'sgd' });
    const m2 = errorsOf(badEmb);
    expect(m2.some((m) => m.startsWith('emb.inputDim'))).toBe(true);
    expect(m2.some((m) => m.startsWith('emb.outputDim'))).toBe(true);
  });
});
