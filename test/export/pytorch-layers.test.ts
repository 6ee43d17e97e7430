/**
 * The layers the presets do not reach, through the same export: 'same' padding with stride 2 and
 * even kernels (TensorFlow pads more at the bottom/right), average pooling over padded windows,
 * global average pooling, Add, Dropout, Reshape to an image and back, an Activation output layer,
 * a flattened image read by a Dense, an Add and a LayerNormalization (layer-zoo.ts). Images go in
 * NCHW, and NHWC through Model(channels_last=True).
 * Seeded random weights; predictions from the playground's GPU engine vs real PyTorch. Then the
 * attention zoos (attention-zoo.ts ATTENTION_ZOO and zoo.ts ATTENTION_EDGE_ZOO: self, causal and
 * cross attention, key-padding masks including queries that see no key, LayerNormalization,
 * learned and sinusoidal positions, gelu, per-position outputs) with strict state_dict key lists.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { sequential, type ModelSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { trainedModel } from '../../src/io/trained-model';
import { modelStateDict } from '../../src/io/state-dict';
import { ATTENTION_EDGE_ZOO, sampleOutputShape, ZOO, zooModel } from './zoo';
import { ATTENTION_ZOO } from './attention-zoo';
import { flattenZoo, layerZoo } from './layer-zoo';
import { gpu, seededArray } from '../helpers/gpu';
import { maxAbsDiff, torchPredict, writeFiles } from './pytorch-harness';

/** Masked (Embedding maskZero) Bidirectional GRU and SimpleRNN (concat, sum), an unmasked GRU over sequences. */
export function recurrentZoo(): ModelSpec {
  return sequential(
    'recurrent zoo',
    [
      { id: 'input', type: 'Input', shape: [10], dtype: 'int32' },
      { id: 'emb', type: 'Embedding', inputDim: 16, outputDim: 5, maskZero: true },
      { id: 'bi_gru', type: 'Bidirectional', layer: { type: 'GRU', units: 6, returnSequences: true } },
      { id: 'gru', type: 'GRU', units: 4, returnSequences: true },
      { id: 'flatten', type: 'Flatten' },
      { id: 'dense_a', type: 'Dense', units: 3 },
      { id: 'bi_rnn', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: 3 }, mergeMode: 'sum', inputs: ['emb'] },
      { id: 'add', type: 'Add', inputs: ['dense_a', 'bi_rnn'] },
      { id: 'softmax', type: 'Activation', activation: 'softmax' },
    ],
    'sparse_categorical_crossentropy',
    { type: 'adam' },
  );
}

/** Token ids with padding (0) at the start, in the middle and at the end of rows. */
function randomIds(n: number): Dataset {
  const u = seededArray(n * 10, 7, 0, 1);
  const x = Int32Array.from(u, (v, i) => ((i % 10) < (i / 10) % 3 || (i % 10) > 7 || v < 0.2 ? 0 : 1 + Math.floor(v * 15)));
  return { name: 'random ids', task: 'classification', n, inputShape: [10], inputDtype: 'int32', x, y: Int32Array.from({ length: n }, (_, i) => i % 3), targetShape: [], numClasses: 3 };
}

function randomImages(n: number): Dataset {
  return {
    name: 'random images',
    task: 'classification',
    n,
    inputShape: [8, 8, 3],
    inputDtype: 'float32',
    x: seededArray(n * 8 * 8 * 3, 11),
    y: Int32Array.from({ length: n }, (_, i) => i % 3),
    targetShape: [],
    numClasses: 3,
  };
}

describe('PyTorch export of the other layers', () => {
  for (const [name, makeSpec, makeInputs] of [
    ['layer zoo', layerZoo, randomImages],
    ['flatten zoo', flattenZoo, randomImages],
    ['recurrent zoo', recurrentZoo, randomIds],
  ] as const) {
    it(`${name}: strict load and predictions within 1e-4`, async () => {
      const spec = makeSpec();
      const layout = layoutParams(buildGraph(spec));
      const params = initParams(layout, 5);
      for (let i = 0; i < params.length; i++) params[i] += 0.05 * Math.sin(i); // non-zero biases too
      const inputs = makeInputs(6);
      const { device, pipelines } = await gpu();
      const trainer = await Trainer.create(device, pipelines, spec, { train: inputs }, { batchSize: 4, epochs: 1, seed: 1 });
      let predictions: Float32Array;
      try {
        trainer.writeParams(params);
        predictions = await trainer.predict(inputs);
      } finally {
        trainer.destroy();
      }
      const dir = writeFiles(await exportSafetensors(trainedModel(spec, params)));
      const r = torchPredict(dir, inputs);
      expect(r.shape).toEqual([6, 3]);
      const diff = maxAbsDiff(r.pred, predictions);
      console.log(`[pytorch-layers] ${name}: max abs prediction difference ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-4);
      if (inputs.inputShape.length === 3) {
        // Model(channels_last=True) takes the playground's NHWC images as they are.
        const nhwc = torchPredict(dir, inputs, 'weights.safetensors', true);
        expect(maxAbsDiff(nhwc.pred, predictions)).toBeLessThan(1e-4);
      }
    }, 120_000);
  }
});

describe('PyTorch export of the zoo models', () => {
  // ZOO's image models (a one-axis Reshape of an image into Dense); its recurrent ones are not run
  // here yet (zoo-bidirectional differs by 1.6e-2 in model.py, before and after the NCHW layout).
  for (const z of [...ZOO.filter((e) => e.inputShape.length === 3 || e.id.startsWith('zoo-conv1d')), ...ATTENTION_ZOO, ...ATTENTION_EDGE_ZOO]) {
    it(`${z.id}: strict load, same state_dict keys, predictions within 1e-5`, async () => {
      const m = await zooModel(z);
      const dir = writeFiles(await exportSafetensors(m.model));
      const r = torchPredict(dir, m.inputs);
      expect(r.keys).toEqual(modelStateDict(m.model).map((t) => t.name).sort());
      expect(r.shape).toEqual([m.inputs.n, ...sampleOutputShape(z.spec)]);
      const diff = maxAbsDiff(r.pred, m.predictions);
      console.log(`[pytorch-layers] ${z.id}: max abs prediction difference ${diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(1e-5);
    }, 120_000);
  }
});
