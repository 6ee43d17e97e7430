/**
 * Guards the export formats against refactors: for every preset and every export-corner model
 * (zoo.ts, attention-zoo.ts), with fixed seeded weights, the generated model.py text, the Keras
 * config.json and the TF.js model.json are compared with files under __snapshots__/formats, and the
 * binary files (safetensors, int8, ONNX, Keras HDF5, TF.js weights) and the TF.js round trip by
 * SHA-256. A refusal is snapshotted as its message. Regenerate with `npx vitest run -u` only when a
 * change of the exported files is intended (and proven harmless by the consumer tests).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import type { ModelSpec } from '../../src/engine/spec';
import type { Preprocessing } from '../../src/data/scaling';
import { PRESETS } from '../../src/presets/presets';
import { trainedModel, type ExportFile, type TrainedModel } from '../../src/io/trained-model';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { exportInt8 } from '../../src/io/int8/export-int8';
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { exportKeras } from '../../src/io/keras/export-keras';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs } from '../../src/io/tfjs/import-tfjs';
import { modelStateDict } from '../../src/io/state-dict';
import { ZOO, ATTENTION_EDGE_ZOO } from '../export/zoo-specs';
import { ATTENTION_ZOO } from '../export/attention-zoo';
import { textDataset } from '../../src/data/text/text-dataset';
import { datasetLabels } from '../../src/io/model-labels';

const sha = (b: Uint8Array | Float32Array): string => createHash('sha256').update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).digest('hex').slice(0, 16);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const file = (files: ExportFile[], name: string) => files.find((f) => f.name === name)!;

function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return -0.5 + (s >>> 8) / 16777216;
  });
}

function model(spec: ModelSpec, pre: Preprocessing | null = null): TrainedModel {
  const layout = layoutParams(buildGraph(spec));
  const params = new Float32Array(layout.total);
  const random = seeded(layout.total, 12345);
  for (const e of layout.entries) params.set(random.subarray(e.offset, e.offset + e.length), e.offset);
  return { ...trainedModel(spec, params), preprocessing: pre };
}

async function attempt<T>(f: () => T | Promise<T>): Promise<T | { refused: string }> {
  try {
    return await f();
  } catch (e) {
    return { refused: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const PRE: Preprocessing = { mode: 'standard', features: { offset: [0, 100, 0.5, 700], scale: [1, 0.01, 2, 0.003] }, targets: { offset: [3], scale: [0.5] } };
const SCALED: ModelSpec = {
  format: 'webgpu-playground/model',
  version: 1,
  name: 'scaled regressor',
  layers: [
    { id: 'x', type: 'Input', shape: [4], inputs: [] },
    { id: 'h', type: 'Dense', units: 8, activation: 'tanh', inputs: ['x'] },
    { id: 'out', type: 'Dense', units: 1, inputs: ['h'] },
  ],
  output: 'out',
  loss: 'mse',
  optimizer: { type: 'sgd', lr: 0.01 },
};

/** Every group's `name` attribute and every dataset's shape and hash (the file itself holds timestamps). */
async function h5Contents(bytes: Uint8Array): Promise<string[]> {
  const h5wasm = (await import('h5wasm')).default;
  const Module = await h5wasm.ready;
  const path = `/snapshot-${Math.random().toString(36).slice(2)}.h5`;
  Module.FS.writeFile(path, bytes);
  const file = new h5wasm.File(path, 'r');
  const out: string[] = [];
  type Node = { keys?: () => string[]; get?: (k: string) => unknown; attrs?: Record<string, { value: unknown }>; shape?: number[]; value?: unknown };
  const walk = (node: Node, at: string) => {
    if (node.keys && node.get) {
      const name = node.attrs?.name?.value;
      if (name !== undefined) out.push(`${at || '/'} name=${String(name)}`);
      for (const k of node.keys()) walk(node.get(`${k}`) as Node, `${at}/${k}`);
    } else out.push(`${at} [${(node.shape ?? []).join(',')}] ${sha(node.value as Float32Array)}`);
  };
  try {
    walk(file as unknown as Node, '');
  } finally {
    file.close();
    Module.FS.unlink(path);
  }
  return out;
}

/** A tiny word-id classifier with its dataset's tokenizer and class names (every format writes them). */
const TEXT_SPEC: ModelSpec = {
  format: 'webgpu-playground/model',
  version: 1,
  name: 'tiny text classifier',
  layers: [
    { id: 'x', type: 'Input', shape: [6], dtype: 'int32', inputs: [] },
    { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 4, maskZero: true, inputs: ['x'] },
    { id: 'pool', type: 'GlobalAveragePooling1D', inputs: ['emb'] },
    { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pool'] },
  ],
  output: 'out',
  loss: 'sparse_categorical_crossentropy',
  optimizer: { type: 'adam', lr: 0.001 },
};
const TEXT_DATA = textDataset(['the cat sat', "the dog's mat", 'a bird, a cat!'], [0, 1, 2], { mode: 'ids', vocabularySize: 12, length: 6, classNames: ['cats', 'dogs', 'birds'] });
const SPIRAL = PRESETS.find((p) => p.id === 'spiral-mlp')!.spec;

const CASES: { id: string; model: () => TrainedModel }[] = [
  ...PRESETS.map((p) => ({ id: `preset-${p.id}`, model: () => model(p.spec) })),
  ...[...ZOO, ...ATTENTION_ZOO, ...ATTENTION_EDGE_ZOO].map((z) => ({ id: z.id, model: () => model(z.spec) })),
  { id: 'scaled-regressor', model: () => model(SCALED, PRE) },
  { id: 'text-tokenizer', model: () => ({ ...model(TEXT_SPEC), ...datasetLabels(TEXT_DATA, TEXT_SPEC) }) },
  { id: 'class-names', model: () => ({ ...model(SPIRAL), classNames: ['inner arm', 'outer arm'] }) },
];

const DIR = '__snapshots__/formats';

/** JSON with one key per line but arrays of plain values on one line (shorter files, readable diffs). */
const pretty = (v: unknown): string => `${JSON.stringify(v, null, 1).replace(/\[[^[\]{}]*\]/g, (a) => a.replace(/\s*\n\s*/g, ' ').replace(/\[ /, '[').replace(/ \]$/, ']'))}\n`;

describe('export formats unchanged (snapshots of every preset and zoo model)', () => {
  for (const c of CASES) {
    it(c.id, async () => {
      const m = c.model();
      const summary: Record<string, unknown> = {};
      const torch = await attempt(() => exportSafetensors(m));
      if ('refused' in torch) summary.torch = torch;
      else {
        await expect(text(file(torch, 'model.py').data)).toMatchFileSnapshot(`${DIR}/${c.id}.model.py`);
        summary.torch = torch.map((f) => `${f.name} ${sha(f.data)}`);
        summary.stateDict = modelStateDict(m).map((t) => `${t.name} [${t.shape.join(',')}] ${sha(t.data)}`);
      }
      const int8 = await attempt(() => exportInt8(m));
      summary.int8 = 'refused' in int8 ? int8 : int8.map((f) => `${f.name} ${sha(f.data)}`);
      const onnx = await attempt(() => exportOnnx(m));
      summary.onnx = 'refused' in onnx ? onnx : onnx.map((f) => `${f.name} ${sha(f.data)}`);
      const keras = await attempt(() => exportKeras(m));
      if ('refused' in keras) summary.keras = keras;
      else {
        const zip = unzipSync(keras[0].data);
        summary.keras = { config: JSON.parse(text(zip['config.json'])), h5: await h5Contents(zip['model.weights.h5']) };
        // A text model's tokenizer beside config.json, a classifier's names in metadata.json (models with labels only).
        const names = (JSON.parse(text(zip['metadata.json'])) as { class_names?: string[] }).class_names;
        const extra = [...Object.keys(zip).filter((n) => !['config.json', 'metadata.json', 'model.weights.h5'].includes(n)).map((n) => `${n} ${sha(zip[n])}`), ...(names ? [`metadata.json class_names: ${names.join(' | ')}`] : [])];
        if (extra.length || keras.length > 1) summary.kerasLabels = [...extra, ...keras.slice(1).map((f) => `beside: ${f.name}`)];
      }
      const tfjs = await attempt(() => exportTfjs(m));
      if ('refused' in tfjs) summary.tfjs = tfjs;
      else {
        const back = await attempt(() => importTfjs(tfjs));
        summary.tfjs = {
          modelJson: JSON.parse(text(file(tfjs, 'model.json').data)),
          bin: tfjs.filter((f) => f.name !== 'model.json').map((f) => `${f.name} ${sha(f.data)}`),
          import: 'refused' in back ? back : { spec: back.spec, params: sha(back.params), preprocessing: back.preprocessing ?? null },
        };
      }
      await expect(pretty(summary)).toMatchFileSnapshot(`${DIR}/${c.id}.formats.json`);
    });
  }
});
