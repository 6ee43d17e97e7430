/**
 * TF.js import: export -> import gives back the same model (layers, parameters bit for bit) and
 * the same predictions on the playground's own engine, also for the attention-era layers the
 * export writes as groups of core layers (read back through their metadata); malformed,
 * mismatching or tampered files are rejected with a message naming every problem.
 */
import { describe, expect, it } from 'vitest';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs, TfjsImportError } from '../../src/io/tfjs/import-tfjs';
import { trainedModel, type ExportFile } from '../../src/io/trained-model';
import { Trainer } from '../../src/engine/trainer';
import { findPreset } from '../../src/presets/presets';
import type { ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';
import { initParams, layoutParams } from '../../src/engine/params';
import { buildGraph } from '../../src/engine/graph';
import { gpu } from '../helpers/gpu';
import { trainPreset } from '../helpers/trained-preset';
import { maxAbsDiff } from './tfjs-load';
import { ATTENTION_ZOO } from './attention-zoo';
import { ZOO, ZOO_BATCH, zooModel } from './zoo';
import type { LayerSpec } from '../../src/engine/spec';

/** The engine's predictions with the batch size the reference was computed with (the same pipelines: compiled once when the reference was not cached). */
async function enginePredict(spec: ModelSpec, params: Float32Array, inputs: Dataset, batchSize = ZOO_BATCH): Promise<Float32Array> {
  const { device, pipelines } = await gpu();
  const trainer = await Trainer.create(device, pipelines, spec, { train: inputs }, { batchSize, epochs: 1, seed: 1 });
  try {
    trainer.writeParams(params);
    return await trainer.predict(inputs);
  } finally {
    trainer.destroy();
  }
}

/** Layers without ids' order noise: what must survive the trip. */
const shapeOf = (spec: ModelSpec) => JSON.stringify(buildGraph(spec).nodes.map((n) => [n.spec.id, n.spec.type, n.out.shape, n.inputs.map((i) => i.spec.id)]));

/** The hyperparameters of the attention-era layers, defaults filled in: these must survive the trip too. */
const attentionFields = (spec: ModelSpec) =>
  spec.layers.flatMap((l: LayerSpec) => {
    if (l.type === 'MultiHeadAttention') return [[l.id, l.numHeads, l.keyDim ?? null, l.causal === true, l.dropout ?? 0, l.useBias !== false]];
    if (l.type === 'PositionEmbedding') return [[l.id, l.mode ?? 'learned']];
    if (l.type === 'LayerNormalization') return [[l.id, l.epsilon ?? 1e-3]];
    if (l.type === 'Embedding') return [[l.id, l.maskZero === true]];
    if (l.type === 'Bidirectional') return [[l.id, l.layer.type, l.layer.units, l.layer.returnSequences === true, l.mergeMode ?? 'concat']];
    return [];
  });

describe('TF.js import round-trip', () => {
  for (const id of ['mlp-100', 'cnn', 'lstm-topics', 'regression', 'transformer-sentiment', 'char-lm']) {
    it(`${id}: export, import, same layers, parameters and predictions`, async () => {
      const t = await trainPreset(id);
      const back = importTfjs(exportTfjs(t.model));
      expect(shapeOf(back.spec)).toBe(shapeOf(t.model.spec));
      expect(attentionFields(back.spec)).toEqual(attentionFields(t.model.spec));
      expect(back.spec.loss).toBe(t.model.spec.loss);
      expect(back.spec.optimizer).toEqual(t.model.spec.optimizer);
      expect(Array.from(back.params)).toEqual(Array.from(t.model.params));
      const pred = await enginePredict(back.spec, back.params, t.inputs, t.preset.train.batchSize);
      const diff = maxAbsDiff(pred, t.predictions);
      console.log(`tfjs import round-trip ${id}: max abs prediction diff ${diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(1e-6);
    }, 300_000);
  }
});

describe('TF.js import round-trip of the zoo models of the newer layers', () => {
  for (const z of ZOO.filter((e) => ['zoo-multiply', 'zoo-concatenate', 'zoo-zero-padding', 'zoo-upsampling', 'zoo-conv1d', 'zoo-conv2d-dilated', 'zoo-global-max', 'zoo-prelu', 'zoo-batchnorm'].includes(e.id))) {
    it(`${z.id}: same layers, parameters and predictions`, async () => {
      const m = await zooModel(z);
      const back = importTfjs(exportTfjs(m.model));
      expect(shapeOf(back.spec)).toBe(shapeOf(m.model.spec));
      expect(Array.from(back.params)).toEqual(Array.from(m.model.params));
      const diff = maxAbsDiff(await enginePredict(back.spec, back.params, m.inputs), m.predictions);
      console.log(`tfjs import round-trip ${z.id}: max abs prediction diff ${diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(1e-6);
    }, 120_000);
  }
});

describe('TF.js import round-trip of the random training-only layers', () => {
  it('zoo-noise: SpatialDropout1D and GaussianNoise come back with their settings; SpatialDropout2D, written as tfjs Dropout(noise_shape [batch, 1, 1, C]), comes back as that Dropout', async () => {
    const z = ZOO.find((e) => e.id === 'zoo-noise')!;
    const m = await zooModel(z);
    const files = exportTfjs(m.model);
    const json = JSON.parse(new TextDecoder().decode(files.find((f) => f.name === 'model.json')!.data)) as { modelTopology: { config: { layers: { name: string; class_name: string; config: Record<string, unknown> }[] } } };
    const sd2 = json.modelTopology.config.layers.find((l) => l.name === 'sd2')!;
    expect([sd2.class_name, sd2.config.rate, sd2.config.noise_shape]).toEqual(['Dropout', 0.3, [null, 1, 1, 3]]);
    const back = importTfjs(files);
    const byId = new Map(back.spec.layers.map((l) => [l.id, l]));
    expect(byId.get('sd1')).toMatchObject({ type: 'SpatialDropout1D', rate: 0.25 });
    expect(byId.get('noisy')).toMatchObject({ type: 'GaussianNoise', stddev: 0.2 });
    expect(byId.get('sd2')).toMatchObject({ type: 'Dropout', rate: 0.3 });
    expect(Array.from(back.params)).toEqual(Array.from(m.model.params));
    const diff = maxAbsDiff(await enginePredict(back.spec, back.params, m.inputs), m.predictions);
    console.log(`tfjs import round-trip zoo-noise: max abs prediction diff ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-6);
  }, 120_000);
});

describe('TF.js import round-trip of the attention zoo', () => {
  for (const z of ATTENTION_ZOO) {
    it(`${z.id}: same layers, hyperparameters, parameters and predictions`, async () => {
      const m = await zooModel(z);
      const back = importTfjs(exportTfjs(m.model));
      expect(shapeOf(back.spec)).toBe(shapeOf(z.spec));
      expect(attentionFields(back.spec)).toEqual(attentionFields(z.spec));
      expect(Array.from(back.params)).toEqual(Array.from(m.model.params));
      const diff = maxAbsDiff(await enginePredict(back.spec, back.params, m.inputs), m.predictions);
      console.log(`tfjs import round-trip ${z.id}: max abs prediction diff ${diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(1e-6);
    }, 120_000);
  }
});

describe('TF.js import checks the attention layers written as groups of core layers', () => {
  const zoo = ATTENTION_ZOO.find((z) => z.id === 'att-padding-mask')!;
  const good = exportTfjs(trainedModel(zoo.spec, initParams(layoutParams(buildGraph(zoo.spec)), 3)));
  const json = () => JSON.parse(new TextDecoder().decode(good[0].data));
  const withJson = (j: unknown): ExportFile[] => [{ name: 'model.json', data: new TextEncoder().encode(JSON.stringify(j)) }, good[1]];
  const problems = (files: ExportFile[]): string[] => {
    try {
      importTfjs(files);
    } catch (e) {
      expect(e).toBeInstanceOf(TfjsImportError);
      return (e as TfjsImportError).problems;
    }
    throw new Error('import succeeded');
  };
  const layer = (j: { modelTopology: { config: { layers: { name: string; config: Record<string, unknown> }[] } } }, name: string) => j.modelTopology.config.layers.find((l) => l.name === name)!;

  it('the export lists its composites and the good file imports', () => {
    const meta = json().userDefinedMetadata.playground.composites as { name: string; layer: { type: string } }[];
    expect(meta.map((c) => [c.name, c.layer.type])).toEqual([
      ['pos', 'PositionEmbedding'],
      ['mha', 'MultiHeadAttention'],
      ['pool', 'GlobalAveragePooling1D'],
    ]);
    expect(importTfjs(good).spec.layers.map((l) => l.type)).toEqual(zoo.spec.layers.map((l) => l.type));
  });

  it('a changed inner layer (no longer what TensorFlow.js would run as the playground layer)', () => {
    const j = json();
    layer(j, 'mha__scaled_0').config.scale = 1;
    expect(problems(withJson(j))).toContain('layer "mha__scaled_0" (part of MultiHeadAttention "mha"): differs from what the playground writes for it');
  });

  it('a changed constant of the export (the key-padding table)', () => {
    const j = json();
    const w = j.weightsManifest[0].weights as { name: string; shape: number[] }[];
    let off = 0;
    for (const x of w) {
      if (x.name === 'mha__key_bias/embeddings') break;
      off += x.shape.reduce((a, b) => a * b, 1) * 4;
    }
    const bin = good[1].data.slice();
    new DataView(bin.buffer).setFloat32(off, 0, true);
    expect(problems([good[0], { name: 'group1-shard1of1.bin', data: bin }])).toContain('weight "mha__key_bias/embeddings": a constant of the playground\'s export (position ids or a mask table) was changed');
  });

  it('a composite with a wrong field, and one of an unknown type', () => {
    const j = json();
    j.userDefinedMetadata.playground.composites[1].layer.numHeads = 'two';
    j.userDefinedMetadata.playground.composites[2].layer.type = 'Attention';
    const p = problems(withJson(j));
    expect(p).toContain('layer "mha" (MultiHeadAttention) numHeads: must be a number (got "two")');
    expect(p).toContain('layer "pool": composite of type "Attention" is not one the playground writes');
  });

  it('hyperparameters that disagree with the layers (causal in the metadata, not in the file)', () => {
    const j = json();
    j.userDefinedMetadata.playground.composites[1].layer.causal = true;
    expect(problems(withJson(j)).join('\n')).toMatch(/layer "mha" \(MultiHeadAttention\): its inputs or inner layers are not the ones the playground writes/);
  });

  it('without the metadata, the core layers are not mistaken for the playground layers', () => {
    const j = json();
    delete j.userDefinedMetadata.playground.composites;
    const p = problems(withJson(j));
    expect(p).toContain('layer "mha__scores_0": layer class "Dot" is not supported by the playground');
  });
});

describe('TF.js import rejects malformed files with clear messages', () => {
  const spec = findPreset('mlp-100')!.spec;
  const layout = layoutParams(buildGraph(spec));
  const good = exportTfjs(trainedModel(spec, initParams(layout, 3)));
  const json = () => JSON.parse(new TextDecoder().decode(good[0].data));
  const withJson = (j: unknown, bin = good[1].data): ExportFile[] => [
    { name: 'model.json', data: new TextEncoder().encode(JSON.stringify(j)) },
    { name: 'group1-shard1of1.bin', data: bin },
  ];
  const problems = (files: ExportFile[], into?: ModelSpec): string[] => {
    try {
      importTfjs(files, { into });
    } catch (e) {
      expect(e).toBeInstanceOf(TfjsImportError);
      return (e as TfjsImportError).problems;
    }
    throw new Error('import succeeded');
  };

  it('accepts the good file', () => {
    expect(importTfjs(good).params.length).toBe(layout.total);
  });

  it('a .bin too short', () => {
    const p = problems(withJson(json(), good[1].data.subarray(0, good[1].data.length - 4)));
    expect(p.join('\n')).toMatch(/holds 45092 bytes but the manifest needs 45096 \(the \.bin is too short\)/);
  });

  it('a .bin too long', () => {
    const long = new Uint8Array(good[1].data.length + 8);
    long.set(good[1].data);
    expect(problems(withJson(json(), long)).join('\n')).toMatch(/the \.bin is too long/);
  });

  it('a missing weight file', () => {
    expect(problems([{ name: 'model.json', data: good[0].data }]).join('\n')).toMatch(/weight file "group1-shard1of1.bin" is missing/);
  });

  it('an unknown dtype', () => {
    const j = json();
    j.weightsManifest[0].weights[1].dtype = 'float16';
    expect(problems(withJson(j))).toContain('weight "dense/bias": dtype "float16" is not supported (only float32)');
  });

  it('a manifest shape that does not match the topology, and a missing weight', () => {
    const j = json();
    j.weightsManifest[0].weights[0].shape = [100, 32];
    j.weightsManifest[0].weights = j.weightsManifest[0].weights.filter((w: { name: string }) => w.name !== 'dense_2/bias');
    const p = problems(withJson(j));
    expect(p).toContain('weight "dense/kernel": the file has shape [100, 32], the model needs [100, 64]');
    expect(p).toContain('weight "dense_2/bias" [10] is missing from the file');
  });

  it('weights that do not fit the model they are loaded into (listed name by name)', () => {
    const other: ModelSpec = { ...spec, layers: spec.layers.map((l) => (l.id === 'dense_1' ? { ...l, units: 32 } : l)) };
    const p = problems(good, other);
    expect(p).toEqual([
      'weight "dense_1/kernel": the file has shape [64, 64], the model needs [64, 32]',
      'weight "dense_1/bias": the file has shape [64], the model needs [32]',
      'weight "dense_2/kernel": the file has shape [64, 10], the model needs [32, 10]',
    ]);
  });

  it('loads into a matching model by name', () => {
    const r = importTfjs(good, { into: spec });
    expect(Array.from(r.params)).toEqual(Array.from(importTfjs(good).params));
  });

  it('an unsupported layer and a bad field, all listed', () => {
    const j = json();
    j.modelTopology.config.layers[1].class_name = 'ConvLSTM2D';
    j.modelTopology.config.layers[2].config.activation = 'mish';
    const p = problems(withJson(j));
    expect(p).toContain('layer "dense": layer class "ConvLSTM2D" is not supported by the playground');
    expect(p.join('\n')).toMatch(/layer "dense_1" \(Dense\) activation: unsupported activation "mish"/);
  });

  it('not JSON, and no model.json', () => {
    expect(problems([{ name: 'model.json', data: new Uint8Array([0x7b, 0x7b]) }])[0]).toMatch(/model.json is not valid UTF-8 JSON/);
    expect(problems([{ name: 'weights.bin', data: new Uint8Array(4) }])).toEqual(['no model.json among the files']);
  });
});
