/**
 * Fuzz: TF.js layers-model import (src/io/tfjs/import-tfjs.ts with topology-to-spec.ts and
 * composite-import.ts). Inputs are the project's own exports (exportTfjs, no GPU needed) of small
 * models (dense, conv, recurrent, attention composites), mutated: model.json edited at random paths
 * (topology, weights manifest, playground metadata) with hostile values and the format's own
 * vocabulary, the .bin truncated, extended or flipped, files dropped, renamed or duplicated.
 * Contract: importTfjs returns a spec the engine accepts with a parameter vector of its size, or
 * throws TfjsImportError listing its problems (each non-empty, none an internal failure's text).
 */
import { describe, expect, it } from 'vitest';
import { analyzeModel, buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type ModelSpec } from '../../src/engine/spec';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs, TfjsImportError, type ImportedModel } from '../../src/io/tfjs/import-tfjs';
import { trainedModel, type ExportFile } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';
import { ATTENTION_ZOO } from '../export/attention-zoo';
import { applyByteEdits, applyJsonEdits, byteEdits, checkMessage, fc, fuzz, jsonEdits, jsonText, throwsOneOf } from './harness';

const spec = (name: string, layers: LayerSpec[], output: string): ModelSpec => ({
  format: SPEC_FORMAT, version: SPEC_VERSION, name, layers, output, loss: 'sparse_categorical_crossentropy', optimizer: { type: 'adam' },
});

const SPECS: ModelSpec[] = [
  findPreset('regression')!.spec,
  spec('tiny cnn', [
    { id: 'img', type: 'Input', shape: [6, 6, 1], inputs: [] },
    { id: 'conv', type: 'Conv2D', filters: 2, kernelSize: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', inputs: ['img'] },
    { id: 'pool', type: 'MaxPooling2D', poolSize: [2, 2], inputs: ['conv'] },
    { id: 'flat', type: 'Flatten', inputs: ['pool'] },
    { id: 'drop', type: 'Dropout', rate: 0.2, inputs: ['flat'] },
    { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['drop'] },
  ] as LayerSpec[], 'out'),
  spec('tiny lstm', [
    { id: 'ids', type: 'Input', shape: [5], dtype: 'int32', inputs: [] },
    { id: 'emb', type: 'Embedding', inputDim: 9, outputDim: 3, maskZero: true, inputs: ['ids'] },
    { id: 'lstm', type: 'LSTM', units: 4, inputs: ['emb'] },
    { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['lstm'] },
  ] as LayerSpec[], 'out'),
  ...ATTENTION_ZOO.filter((z) => ['att-self-layernorm', 'att-causal-sinusoidal', 'att-padding-mask', 'att-bidirectional-masked'].includes(z.id)).map((z) => z.spec),
];

const SEEDS = SPECS.map((s, i) => {
  const files = exportTfjs(trainedModel(s, initParams(layoutParams(buildGraph(s)), i + 1)));
  return { spec: s, json: JSON.parse(new TextDecoder().decode(files[0].data)) as Record<string, unknown>, bin: files[1].data, binName: files[1].name };
});

/** Words of the format, so edits reach deeper checks than a type mismatch. */
const VOCABULARY = [
  'layers-model', 'Model', 'Functional', 'Sequential', 'InputLayer', 'Dense', 'Conv2D', 'LSTM', 'GRU', 'SimpleRNN', 'Bidirectional', 'Embedding', 'Dropout', 'Flatten', 'Reshape',
  'LayerNormalization', 'MultiHeadAttention', 'PositionEmbedding', 'GlobalAveragePooling1D', 'float32', 'int32', 'float16', 'uint8', 'softmax', 'sigmoid', 'relu', 'same', 'valid',
  'channels_first', 'group1-shard1of1.bin', 'model.json', 'mse', 'adam', 'sgd', [null, 2], [null, 0], [null, 2 ** 31], [null, 1e9, 1e9], [[['dense', 0, 0, {}]]], [[['nope', 0, 0, {}]]],
  { type: 'adam', lr: -1 }, { dtype: 'float32', name: 'x', shape: [2 ** 30, 2 ** 30] }, { name: 'dense/kernel', shape: [1], dtype: 'float32' }, 65536, 1_000_000, 2 ** 26, 2 ** 28, 2 ** 30,
  [null, 20_000], [null, 40_000], [null, 7, 30_000],
];

interface Case {
  seed: number;
  files: ExportFile[];
  into: boolean;
}

const tfjsCase: fc.Arbitrary<Case> = fc
  .record({
    seed: fc.nat({ max: SEEDS.length - 1 }),
    json: fc.option(jsonEdits(3, VOCABULARY), { nil: undefined, freq: 4 }),
    bin: fc.option(byteEdits(2), { nil: undefined, freq: 2 }),
    files: fc.nat({ max: 9 }),
    into: fc.boolean(),
    rawJson: fc.option(byteEdits(2), { nil: undefined, freq: 8 }),
  })
  .map(({ seed, json, bin, files, into, rawJson }) => {
    const s = SEEDS[seed];
    const doc = json ? applyJsonEdits(s.json, json) : s.json;
    let jsonBytes: Uint8Array = new TextEncoder().encode(jsonText(doc));
    if (rawJson) jsonBytes = applyByteEdits(jsonBytes, rawJson);
    const binBytes = bin ? applyByteEdits(s.bin, bin) : s.bin;
    const m = { name: 'model.json', data: jsonBytes };
    const b = { name: s.binName, data: binBytes };
    // Most cases keep the two files; some drop, rename or duplicate one.
    const list: ExportFile[][] = [
      [m, b], [m, b], [m, b], [m, b], [m, b], [b, m],
      [m],
      [{ name: 'dir/other.json', data: jsonBytes }, { name: `dir/${s.binName}`, data: binBytes }],
      [m, b, { name: 'copy/model.json', data: jsonBytes }],
      [m, b, { name: 'extra.bin', data: binBytes }],
    ];
    return { seed, files: list[files], into };
  });

function checkImported(r: ImportedModel, c: Case): void {
  const a = analyzeModel(r.spec);
  expect(a.graph, `imported spec is valid: ${a.errors.map((e) => e.message).join('; ')}`).not.toBeNull();
  expect(r.params).toBeInstanceOf(Float32Array);
  expect(r.params.length).toBe(layoutParams(a.graph!).total);
  if (c.into) expect(r.spec).toBe(SEEDS[c.seed].spec);
}

const show = (c: Case) =>
  `seed ${SPECS[c.seed].name}, into ${c.into}, files ${c.files.map((f) => `${f.name} (${f.data.length} bytes)`).join(', ')}; model.json: ${new TextDecoder().decode(c.files.find((f) => f.name.endsWith('.json'))?.data ?? new Uint8Array()).slice(0, 3000)}`;

describe('fuzz: TF.js import', () => {
  it('importTfjs: a valid spec with its parameters, or TfjsImportError', () =>
    fuzz('tfjs.import', tfjsCase, (c) => importTfjs(c.files, c.into ? { into: SEEDS[c.seed].spec } : {}), {
      runs: 1500,
      errors: {
        ...throwsOneOf(TfjsImportError),
        accepts: (e) => {
          if (!(e instanceof TfjsImportError)) return false;
          // Every listed problem is a real message, not an internal failure passed on.
          expect(e.problems.length).toBeGreaterThan(0);
          for (const p of e.problems) checkMessage(p, 'a listed problem');
          return true;
        },
      },
      check: checkImported,
      show,
    }));

  it('importTfjs: an unmodified export always imports back to the same parameters', () => {
    for (const s of SEEDS) {
      const r = importTfjs([{ name: 'model.json', data: new TextEncoder().encode(JSON.stringify(s.json)) }, { name: s.binName, data: s.bin }]);
      expect(r.params.length, s.spec.name).toBe(layoutParams(buildGraph(s.spec)).total);
    }
  });
});
