/**
 * The tokenizer and class names every export carries (src/io/model-labels.ts): where each format
 * puts them (safetensors and ONNX metadata strings, TF.js userDefinedMetadata, the .keras archive,
 * tokenizer.json beside multi-file exports), that every import reads such an export back to the
 * same weights (the new metadata is ignored, not an error), and that a tokenizer or class list that
 * does not fit the model is refused on export with the reason, or left out when it comes from a
 * dataset the model does not fit.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import type { ModelSpec } from '../../src/engine/spec';
import { textDataset } from '../../src/data/text/text-dataset';
import { datasetLabels, exportTokenizer, labelMetadata } from '../../src/io/model-labels';
import { parseTokenizer, TOKENIZER_FILE } from '../../src/io/tokenizer-json';
import { trainedModel, type TrainedModel } from '../../src/io/trained-model';
import { decodeSafetensors } from '../../src/io/safetensors';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { importOnnx } from '../../src/io/onnx/import-onnx';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs } from '../../src/io/tfjs/import-tfjs';
import { exportKeras } from '../../src/io/keras/export-keras';
import { importKeras } from '../../src/io/keras/import-keras';
import { importSafetensors } from '../../src/io/import-safetensors';
import { readMetadataProps } from '../../src/io/onnx/onnx-reader';

const SPEC: ModelSpec = {
  format: 'webgpu-playground/model',
  version: 1,
  name: 'labels',
  layers: [
    { id: 'x', type: 'Input', shape: [5], dtype: 'int32', inputs: [] },
    { id: 'emb', type: 'Embedding', inputDim: 10, outputDim: 3, maskZero: true, inputs: ['x'] },
    { id: 'pool', type: 'GlobalAveragePooling1D', inputs: ['emb'] },
    { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pool'] },
  ],
  output: 'out',
  loss: 'sparse_categorical_crossentropy',
  optimizer: { type: 'adam', lr: 0.001 },
};
const DATA = textDataset(['good fun film', 'bad dull film', 'a so-so film'], [0, 1, 2], { mode: 'ids', vocabularySize: 10, length: 5, classNames: ['good', 'bad', 'meh'] });

function model(): TrainedModel {
  const layout = layoutParams(buildGraph(SPEC));
  const params = Float32Array.from({ length: layout.total }, (_, i) => Math.sin(i + 1) * 0.3);
  return { ...trainedModel(SPEC, params), ...datasetLabels(DATA, SPEC) };
}

describe('model labels in every export', () => {
  it('are written where each format keeps metadata, and every import reads the export back', async () => {
    const m = model();
    const tok = exportTokenizer(m)!;
    const plain = { ...m, tokenizer: null, classNames: null };
    expect(tok.class_names).toEqual(['good', 'bad', 'meh']);
    expect(tok.sequence_length).toBe(5);

    const st = await exportSafetensors(m);
    expect(st.map((f) => f.name)).toEqual(['weights.safetensors', 'model.py', TOKENIZER_FILE]);
    const meta = decodeSafetensors(st[0].data).metadata;
    expect(parseTokenizer(JSON.parse(meta.tokenizer))).toEqual(tok);
    expect(JSON.parse(meta.class_names)).toEqual(['good', 'bad', 'meh']);
    expect(meta.format).toBe('pt');
    // Each import gives the same weights as from the export without labels.
    const plainSt = await exportSafetensors(plain);
    expect(Array.from(importSafetensors(SPEC, st[0].data).params)).toEqual(Array.from(importSafetensors(SPEC, plainSt[0].data).params));

    const onnx = exportOnnx(m);
    expect(onnx.map((f) => f.name)).toEqual(['model.onnx']);
    const props = readMetadataProps(onnx[0].data);
    expect(JSON.parse(props['webgpu-playground:tokenizer'])).toEqual(tok);
    expect(JSON.parse(props['webgpu-playground:class_names'])).toEqual(['good', 'bad', 'meh']);
    expect(props['webgpu-playground:loss']).toBe('sparse_categorical_crossentropy');
    expect(Array.from(importOnnx(SPEC, onnx[0].data).params)).toEqual(Array.from(importOnnx(SPEC, exportOnnx(plain)[0].data).params));

    const tf = exportTfjs(m);
    expect(tf.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin', TOKENIZER_FILE]);
    const udm = JSON.parse(new TextDecoder().decode(tf[0].data)).userDefinedMetadata;
    expect(udm.tokenizer).toEqual(tok);
    expect(udm.class_names).toEqual(['good', 'bad', 'meh']);
    expect(Array.from(importTfjs(tf, { into: SPEC }).params)).toEqual(Array.from(importTfjs(exportTfjs(plain), { into: SPEC }).params));

    const keras = await exportKeras(m);
    expect(keras.map((f) => f.name)).toEqual(['model.keras']);
    const zip = unzipSync(keras[0].data);
    expect(JSON.parse(new TextDecoder().decode(zip[TOKENIZER_FILE]))).toEqual(tok);
    expect(JSON.parse(new TextDecoder().decode(zip['metadata.json'])).class_names).toEqual(['good', 'bad', 'meh']);
    expect(Array.from((await importKeras(SPEC, keras[0].data)).params)).toEqual(Array.from((await importKeras(SPEC, (await exportKeras(plain))[0].data)).params));
  });

  it('a model without labels exports no label file or metadata', async () => {
    const plain = { ...model(), tokenizer: null, classNames: null };
    expect((await exportSafetensors(plain)).map((f) => f.name)).toEqual(['weights.safetensors', 'model.py']);
    expect(labelMetadata(plain)).toEqual({});
    expect(new TextDecoder().decode((await exportSafetensors(plain))[1].data)).not.toMatch(/predict_text/);
  });

  it('refuses a tokenizer or class list that does not fit the model, and leaves out a dataset\'s that does not', () => {
    const m = model();
    const longer = { ...m, tokenizer: { ...m.tokenizer!, sequence_length: 7 } };
    expect(() => exportSafetensors(longer)).toThrow(/cannot export the tokenizer with this model: 7 token ids do not fit the Input int32 \[5\]/);
    expect(() => exportOnnx({ ...m, classNames: ['a', 'b'] })).toThrow(/cannot export the class names with this model: 2 names for 3 output classes/);
    const wide: ModelSpec = { ...SPEC, layers: SPEC.layers.map((l) => (l.id === 'out' ? { ...l, units: 4 } : l)) };
    const labels = datasetLabels(DATA, wide);
    expect(labels.classNames).toBeNull();
    expect(labels.tokenizer?.class_names).toBeNull();
    const short: ModelSpec = { ...SPEC, layers: SPEC.layers.map((l) => (l.id === 'x' ? { ...l, shape: [4] } : l)) };
    expect(datasetLabels(DATA, short).tokenizer).toBeNull();
  });
});
