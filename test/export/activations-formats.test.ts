/**
 * The Keras 3 activations (leaky_relu, elu, selu, softplus, softsign, swish, hard_sigmoid,
 * exponential) through the export formats, on seeded untrained models whose playground (GPU)
 * predictions are the reference: an MLP with each one fused into a Dense and some as Activation
 * layers, and a CNN with them fused into Conv2D (NCHW in ONNX). ONNX (onnxruntime) and Keras 3
 * (keras.saving.load_model) must match within 1e-5 (1e-4 with convolutions); TF.js loads the
 * activations it has (elu, selu, softplus, softsign, swish) and matches within 1e-5, its import
 * reads them back, and it refuses leaky_relu, exponential and hard_sigmoid naming the layer and
 * the reason. The LeakyReLU and ELU layers (default and set parameters) go through all three.
 * (PyTorch's model.py / train.py / int8, which share model.py: activations-torch.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { SPEC_FORMAT, SPEC_VERSION, type Activation, type LayerSpec, type ModelSpec } from '../../src/engine/spec';
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { exportKeras } from '../../src/io/keras/export-keras';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs } from '../../src/io/tfjs/import-tfjs';
import { zooModel, type ZooEntry, type ZooModel } from './zoo';
import { expectSameOutputs, runZooInPython, type ConsumerResult } from './zoo-python';
import { loadTfjs, predictTfjsShaped } from './tfjs-load';

const spec = (name: string, layers: LayerSpec[]): ModelSpec => ({
  format: SPEC_FORMAT,
  version: SPEC_VERSION,
  name,
  layers,
  output: layers[layers.length - 1].id,
  loss: 'sparse_categorical_crossentropy',
  optimizer: { type: 'adam' },
});

/** Input[4] -> Dense(6, act) for each act in turn -> Activation(...) -> Dense(3, softmax). */
function mlp(id: string, acts: Activation[], asLayers: Activation[]): ZooEntry {
  const layers: LayerSpec[] = [{ id: 'x', type: 'Input', shape: [4], inputs: [] }];
  let prev = 'x';
  const add = (l: LayerSpec) => {
    layers.push(l);
    prev = l.id;
  };
  for (const a of acts) add({ id: `dense_${a}`, type: 'Dense', units: 6, activation: a, inputs: [prev] });
  for (const a of asLayers) add({ id: `act_${a}`, type: 'Activation', activation: a, inputs: [prev] });
  add({ id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: [prev] });
  return { id, rows: 5, inputShape: [4], spec: spec(id, layers) };
}

const ALL: Activation[] = ['leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'hard_sigmoid', 'exponential'];
const TFJS_OK: Activation[] = ['elu', 'selu', 'softplus', 'softsign', 'swish'];
const TFJS_REFUSED: Activation[] = ['leaky_relu', 'exponential', 'hard_sigmoid'];

const CNN: ZooEntry = {
  id: 'act-cnn',
  rows: 3,
  inputShape: [6, 6, 2],
  spec: spec('act cnn', [
    { id: 'x', type: 'Input', shape: [6, 6, 2], inputs: [] },
    { id: 'c1', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', activation: 'leaky_relu', inputs: ['x'] },
    { id: 'c2', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', activation: 'hard_sigmoid', inputs: ['c1'] },
    { id: 'c3', type: 'Conv2D', filters: 3, kernelSize: 3, activation: 'selu', inputs: ['c2'] },
    { id: 'a', type: 'Activation', activation: 'swish', inputs: ['c3'] },
    { id: 'c4', type: 'Conv2D', filters: 2, kernelSize: 1, activation: 'softplus', inputs: ['a'] },
    { id: 'f', type: 'Flatten', inputs: ['c4'] },
    { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['f'] },
  ]),
};

/** The LeakyReLU and ELU layers, default and set parameters, after a Dense and after a Conv2D. */
const LAYERS_MODEL: ZooEntry = {
  id: 'act-layers',
  rows: 3,
  inputShape: [5, 5, 2],
  spec: spec('act layers', [
    { id: 'x', type: 'Input', shape: [5, 5, 2], inputs: [] },
    { id: 'c', type: 'Conv2D', filters: 3, kernelSize: 3, inputs: ['x'] },
    { id: 'leaky_conv', type: 'LeakyReLU', inputs: ['c'] },
    { id: 'elu_conv', type: 'ELU', alpha: 0.5, inputs: ['leaky_conv'] },
    { id: 'f', type: 'Flatten', inputs: ['elu_conv'] },
    { id: 'd', type: 'Dense', units: 6, inputs: ['f'] },
    { id: 'leaky', type: 'LeakyReLU', negativeSlope: 0.05, inputs: ['d'] },
    { id: 'd2', type: 'Dense', units: 6, inputs: ['leaky'] },
    { id: 'elu', type: 'ELU', inputs: ['d2'] },
    { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['elu'] },
  ]),
};

const MODELS: ZooEntry[] = [mlp('act-mlp', ALL, ['swish', 'leaky_relu', 'hard_sigmoid', 'elu']), CNN, LAYERS_MODEL];

for (const [consumer, exporter, ext, script] of [
  ['onnxruntime', exportOnnx, 'onnx', 'test/export/py/onnx_predict.py'],
  ['Keras 3', exportKeras, 'keras', 'test/export/py/keras_predict.py'],
] as const) {
  describe(`activations: ${ext} export matches the playground in ${consumer}`, () => {
    const models = new Map<string, ZooModel>();
    let results: Record<string, ConsumerResult> = {};
    beforeAll(async () => {
      for (const z of MODELS) models.set(z.id, await zooModel(z));
      results = await runZooInPython([...models.values()], exporter, ext, script);
    }, 600_000);
    for (const z of MODELS) {
      it(z.id, () => {
        const m = models.get(z.id)!;
        // The comparison means something: the outputs are not uniform.
        expect(Math.max(...m.predictions) - Math.min(...m.predictions)).toBeGreaterThan(1e-3);
        expectSameOutputs(`${ext} ${z.id}`, results[z.id], m, m.conv ? 1e-4 : 1e-5);
      });
    }
  });
}

describe('activations: TF.js export', () => {
  it('carries elu, selu, softplus, softsign and swish: TensorFlow.js predictions within 1e-5, and the import reads them back', async () => {
    await tf.setBackend('cpu');
    const z = mlp('act-tfjs', TFJS_OK, ['swish', 'elu']);
    const m = await zooModel(z);
    const files = exportTfjs(m.model);
    const loaded = await loadTfjs(files);
    try {
      const { y, shape } = predictTfjsShaped(loaded, m.inputs);
      expectSameOutputs('tfjs act-tfjs', { y, shape }, m, 1e-5);
    } finally {
      loaded.dispose();
    }
    const back = importTfjs(files);
    const acts = (s: ModelSpec) => s.layers.map((l) => ('activation' in l ? l.activation : undefined)).filter(Boolean);
    expect(acts(back.spec)).toEqual(acts(z.spec));
  }, 120_000);

  it('carries the LeakyReLU and ELU (alpha 1 only) layers with their parameters, and the import reads them back', async () => {
    await tf.setBackend('cpu');
    const eluAlpha1 = { ...LAYERS_MODEL.spec, layers: LAYERS_MODEL.spec.layers.map((l) => (l.id === 'elu_conv' ? { ...l, alpha: 1 } : l)) };
    expect(() => exportTfjs({ spec: LAYERS_MODEL.spec, params: new Float32Array(1 << 12) } as never)).toThrow(/layer "elu_conv": TensorFlow\.js's ELU layer only supports alpha 1 \(got 0\.5\)/);
    const m = await zooModel({ ...LAYERS_MODEL, spec: eluAlpha1 });
    const files = exportTfjs(m.model);
    const loaded = await loadTfjs(files);
    try {
      const { y, shape } = predictTfjsShaped(loaded, m.inputs);
      expectSameOutputs('tfjs act-layers', { y, shape }, m, 1e-4);
    } finally {
      loaded.dispose();
    }
    const params = (s: ModelSpec) => s.layers.filter((l) => l.type === 'LeakyReLU' || l.type === 'ELU').map((l) => [l.type, 'negativeSlope' in l ? l.negativeSlope : 'alpha' in l ? l.alpha : undefined]);
    expect(params(importTfjs(files).spec)).toEqual([['LeakyReLU', 0.3], ['ELU', 1], ['LeakyReLU', 0.05], ['ELU', 1]]);
  }, 120_000);

  for (const a of TFJS_REFUSED) {
    it(`refuses ${a}, naming the layer and the reason`, () => {
      const s = mlp(`act-${a}`, ['elu', a], []).spec;
      expect(() => exportTfjs({ spec: s, params: new Float32Array(1 << 12) } as never)).toThrow(new RegExp(`layer "dense_${a}": activation "${a}" cannot be exported to TF\\.js: `));
    });
  }
});
