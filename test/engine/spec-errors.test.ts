/** Each kind of bad model spec gets its own clear error naming the layer and field. */
import { describe, it, expect } from 'vitest';
import { analyzeModel, buildGraph, formatSpecError, type SpecError } from '../../src/engine/graph';
import { sequential, type ModelSpec, type LayerSpec } from '../../src/engine/spec';
import { findPreset } from '../../src/presets/presets';
import { datasetFitError } from '../../src/engine/gpu-dataset';
import { planLoss } from '../../src/engine/loss-plan';
import { loadDataset } from '../../src/data/registry';

const base = () => structuredClone(findPreset('mlp-100')!.spec);

function withLayers(layers: LayerSpec[], output = layers[layers.length - 1].id, loss: ModelSpec['loss'] = 'sparse_categorical_crossentropy'): ModelSpec {
  return { ...base(), layers, output, loss };
}

function errorsOf(spec: ModelSpec): SpecError[] {
  const a = analyzeModel(spec);
  expect(a.graph).toBeNull();
  return a.errors;
}

describe('bad specs', () => {
  it('accepts every preset', () => {
    for (const id of ['mlp-100', 'mlp-1000', 'regression', 'spiral-mlp']) expect(analyzeModel(findPreset(id)!.spec).errors).toEqual([]);
  });

  it('unknown layer type', () => {
    const s = base();
    (s.layers[1] as { type: string }).type = 'Dence';
    const [e] = errorsOf(s);
    expect(e).toMatchObject({ layer: 'dense', field: 'type' });
    expect(e.message).toMatch(/unknown layer type "Dence"; known types: Input, Dense/);
  });

  it('zero or negative units', () => {
    for (const units of [0, -3, 2.5]) {
      const s = base();
      (s.layers[2] as { units: number }).units = units;
      const errs = errorsOf(s);
      expect(errs[0]).toMatchObject({ layer: 'dense_1', field: 'units' });
      expect(errs[0].message).toBe(`units must be a positive whole number (got ${units})`);
    }
  });

  it('incompatible shapes', () => {
    const add = withLayers([
      { id: 'in', type: 'Input', shape: [4], inputs: [] },
      { id: 'a', type: 'Dense', units: 3, inputs: ['in'] },
      { id: 'b', type: 'Dense', units: 5, inputs: ['in'] },
      { id: 'sum', type: 'Add', inputs: ['a', 'b'] },
      { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['sum'] },
    ]);
    expect(errorsOf(add)[0]).toEqual({ layer: 'sum', field: 'inputs', message: 'Add needs equal shapes, got [3] and [5]' });

    const image = withLayers([
      { id: 'in', type: 'Input', shape: [28, 28], inputs: [] },
      { id: 'fc', type: 'Dense', units: 10, activation: 'softmax', inputs: ['in'] },
    ]);
    // Dense works on the last axis (Keras), so the mismatch surfaces at the loss, with the same hint.
    // Sparse cross-entropy accepts [T, classes] (one label per position, a language model's output);
    // whether the labels fit is the dataset's question (gpu-dataset.ts).
    expect(errorsOf({ ...image, loss: 'categorical_crossentropy' })[0].message).toBe(
      'categorical_crossentropy needs an output of [classes] with at least 2 classes, got [28, 10]; add a Flatten (or a global pooling layer) before the last Dense, or use sparse_categorical_crossentropy for one class per position of a [T, classes] output',
    );
    expect(analyzeModel(image).errors).toEqual([]);
    expect(planLoss(buildGraph(image))).toMatchObject({ positions: 28, classes: 10, outputs: 280, targetWords: 28 });
    const cube = withLayers([
      { id: 'in', type: 'Input', shape: [4, 28, 28], inputs: [] },
      { id: 'fc', type: 'Dense', units: 10, activation: 'softmax', inputs: ['in'] },
    ]);
    expect(errorsOf(cube)[0].message).toMatch(/^sparse_categorical_crossentropy needs an output of \[classes\] with at least 2 classes, got \[4, 28, 10\]/);

    const reshape = withLayers([
      { id: 'in', type: 'Input', shape: [6], inputs: [] },
      { id: 'r', type: 'Reshape', targetShape: [4, 2], inputs: ['in'] },
      { id: 'f', type: 'Flatten', inputs: ['r'] },
      { id: 'fc', type: 'Dense', units: 2, activation: 'softmax', inputs: ['f'] },
    ]);
    expect(errorsOf(reshape)[0]).toMatchObject({ layer: 'r', field: 'targetShape', message: 'cannot reshape [6] (6 values) to [4, 2] (8 values)' });
  });

  it('a cycle', () => {
    const s = withLayers([
      { id: 'in', type: 'Input', shape: [4], inputs: [] },
      { id: 'a', type: 'Dense', units: 4, inputs: ['c'] },
      { id: 'b', type: 'Dense', units: 4, inputs: ['a'] },
      { id: 'c', type: 'Add', inputs: ['b', 'in'] },
      { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['c'] },
    ]);
    const [e] = errorsOf(s);
    expect(e.field).toBe('inputs');
    expect(e.message).toMatch(/is part of a cycle \(a -> b -> c/);
  });

  it('a missing input', () => {
    const s = base();
    s.layers[2].inputs = ['dense_9'];
    expect(errorsOf(s)).toContainEqual({ layer: 'dense_1', field: 'inputs', message: 'input "dense_9" does not exist' });
    const t = base();
    t.layers[2].inputs = [];
    expect(formatSpecError(errorsOf(t)[0])).toBe('layer "dense_1" inputs: is not connected: it needs 1 input');
  });

  it('a disconnected output', () => {
    const s = base();
    s.layers.push({ id: 'stray', type: 'Dense', units: 5, inputs: ['dense'] });
    expect(errorsOf(s)).toEqual([{ layer: 'stray', field: 'output', message: 'is disconnected: nothing connects it to the output layer "dense_2"' }]);
    const t = base();
    t.output = 'nowhere';
    expect(errorsOf(t)).toEqual([{ layer: null, field: 'output', message: 'the output layer "nowhere" does not exist' }]);
  });

  it('a loss that does not fit the output', () => {
    const s = base();
    s.loss = 'binary_crossentropy';
    expect(errorsOf(s)).toEqual([{ layer: 'dense_2', field: 'loss', message: 'binary_crossentropy needs a sigmoid output; this layer ends in "softmax"' }]);
    const r = structuredClone(findPreset('regression')!.spec);
    r.loss = 'sparse_categorical_crossentropy';
    expect(errorsOf(r)[0].message).toBe('sparse_categorical_crossentropy needs a softmax output; this layer ends in "linear"');
    const unknown = base();
    (unknown as { loss: string }).loss = 'categorical_hinge';
    expect(errorsOf(unknown)[0]).toMatchObject({ layer: null, field: 'loss' });
  });

  it('bad optimizer settings and a wrong format', () => {
    const s = base();
    s.optimizer = { type: 'adam', lr: -1, beta1: 1.5 };
    expect(errorsOf(s).map(formatSpecError)).toEqual(['optimizer.lr: must be a positive number (got -1)', 'optimizer.beta1: must be in [0, 1) (got 1.5)']);
    const f = { ...base(), format: 'keras' } as unknown as ModelSpec;
    expect(errorsOf(f)[0].field).toBe('format');
  });

  it('a dataset that does not fit the model says what does not fit', async () => {
    const spec = findPreset('mlp-100')!.spec;
    const a = analyzeModel(spec);
    const plan = planLoss(a.graph!);
    const spiral = (await loadDataset('spiral')).train;
    expect(datasetFitError(a.graph!, plan, spiral)).toMatch(/samples of shape \[2\] but the model's input "input" expects \[100\]/);
    const twoClass = sequential('t', [{ id: 'in', type: 'Input', shape: [2] }, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }], 'sparse_categorical_crossentropy', { type: 'adam' });
    const g = analyzeModel(twoClass).graph!;
    expect(datasetFitError(g, planLoss(g), spiral)).toMatch(/has 2 classes but the output layer "out" has 3 units/);
    const bad = { ...spiral, y: Int32Array.from(spiral.y, (v, i) => (i === 7 ? 2 : v)) };
    expect(datasetFitError(a.graph!, plan, { ...bad, inputShape: [100], x: new Float32Array(bad.n * 100), numClasses: 10 })).toBeNull();
    const twoOut = sequential('t2', [{ id: 'in', type: 'Input', shape: [2] }, { id: 'out', type: 'Dense', units: 2, activation: 'softmax' }], 'sparse_categorical_crossentropy', { type: 'adam' });
    const g2 = analyzeModel(twoOut).graph!;
    expect(datasetFitError(g2, planLoss(g2), bad)).toBe('dataset "spiral" row 7 has label 2, outside the 2 classes 0..1');
  });

  it('a token id beyond the Embedding vocabulary', () => {
    const spec = sequential(
      'tok',
      [{ id: 'in', type: 'Input', shape: [3], dtype: 'int32' }, { id: 'emb', type: 'Embedding', inputDim: 5, outputDim: 2 }, { id: 'f', type: 'Flatten' }, { id: 'out', type: 'Dense', units: 2, activation: 'softmax' }],
      'sparse_categorical_crossentropy',
      { type: 'adam' },
    );
    const g = analyzeModel(spec).graph!;
    const ds = { name: 'toks', task: 'classification' as const, n: 2, inputShape: [3], inputDtype: 'int32' as const, x: Int32Array.from([1, 2, 3, 4, 7, 0]), y: Int32Array.from([0, 1]), targetShape: [], numClasses: 2 };
    expect(datasetFitError(g, planLoss(g), ds)).toBe('dataset "toks" row 1 position 1 has token id 7, outside the vocabulary of Embedding "emb" (0..4); raise inputDim or rebuild the vocabulary');
    expect(datasetFitError(g, planLoss(g), { ...ds, x: Int32Array.from([1, 2, 3, 4, 4, 0]) })).toBeNull();
  });
});
