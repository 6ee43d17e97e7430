/**
 * The per-layer tables of the export and import formats: each has a row for every layer type (the
 * tables' mapped types make a missing row a compile error; this checks the objects too), a row is
 * either the format's way of writing the layer or a named refusal, and a refusal, when a model
 * meets it, names the layer and the format. The formats' behaviour itself is guarded by
 * format-snapshots.test.ts and the consumer tests in test/export.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type LayerType, type ModelSpec } from '../../src/engine/spec';
import { isRefusal, refusals } from '../../src/io/layer-table';
import { trainedModel } from '../../src/io/trained-model';
import { STATE_DICT_LAYERS, type StateDictRow } from '../../src/io/torch/state-dict-layers';
import { PY_LAYERS, type PyTable } from '../../src/io/torch/model-py-layers';
import { KERAS_LAYERS, type KerasTable } from '../../src/io/keras/keras-layers';
import { ONNX_LAYERS, type OnnxTable } from '../../src/io/onnx/onnx-layers';
import { TFJS_LAYERS, type TfjsTable } from '../../src/io/tfjs/tfjs-layers';
import { TFJS_READ_LAYERS, type TfjsReadTable } from '../../src/io/tfjs/tfjs-layers-import';
import type { LayerTable } from '../../src/io/layer-table';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';

/** Every layer type (a missing or unknown key is a compile error). */
const ALL: Record<LayerType, true> = {
  Input: true,
  Dense: true,
  Activation: true,
  LeakyReLU: true,
  ELU: true,
  Add: true,
  Multiply: true,
  Concatenate: true,
  ZeroPadding2D: true,
  UpSampling2D: true,
  Flatten: true,
  Reshape: true,
  Conv2D: true,
  MaxPooling2D: true,
  AveragePooling2D: true,
  GlobalAveragePooling2D: true,
  Conv1D: true,
  MaxPooling1D: true,
  AveragePooling1D: true,
  Dropout: true,
  Embedding: true,
  SimpleRNN: true,
  LSTM: true,
  GRU: true,
  Bidirectional: true,
  LayerNormalization: true,
  BatchNormalization: true,
  PositionEmbedding: true,
  GlobalAveragePooling1D: true,
  MultiHeadAttention: true,
  GlobalMaxPooling1D: true,
  GlobalMaxPooling2D: true,
  SpatialDropout1D: true,
  SpatialDropout2D: true,
  GaussianNoise: true,
  PReLU: true,
};
const TYPES = Object.keys(ALL) as LayerType[];

/** Each table, the format's name as its refusals say it, and the layer types it refuses. */
const TABLES: { table: Record<LayerType, unknown>; format: string; refused: LayerType[] }[] = [
  { table: STATE_DICT_LAYERS, format: 'PyTorch state_dict', refused: [] },
  { table: PY_LAYERS, format: 'PyTorch model.py', refused: [] },
  { table: KERAS_LAYERS, format: 'Keras', refused: [] },
  { table: ONNX_LAYERS, format: 'ONNX', refused: [] },
  { table: TFJS_LAYERS, format: 'TensorFlow.js', refused: ['GRU'] },
  { table: TFJS_READ_LAYERS, format: 'TensorFlow.js import', refused: [] },
];

describe('per-layer format tables', () => {
  for (const { table, format, refused } of TABLES) {
    it(`${format}: a row for every layer type and nothing else; refuses ${refused.join(', ') || 'nothing'}`, () => {
      expect(Object.keys(table).sort()).toEqual([...TYPES].sort());
      for (const t of TYPES) expect(table[t], `${format} ${t}`).toBeTruthy();
      expect(refusals(table).map(([t]) => t)).toEqual(refused);
      for (const [, reason] of refusals(table)) expect(reason).toContain(format.split(' ')[0]);
    });
  }

  it('a table without a row for a layer type does not compile', () => {
    const { MultiHeadAttention: _a, ...a } = STATE_DICT_LAYERS;
    const { MultiHeadAttention: _b, ...b } = PY_LAYERS;
    const { MultiHeadAttention: _c, ...c } = KERAS_LAYERS;
    const { MultiHeadAttention: _d, ...d } = ONNX_LAYERS;
    const { MultiHeadAttention: _e, ...e } = TFJS_LAYERS;
    const { MultiHeadAttention: _f, ...f } = TFJS_READ_LAYERS;
    // Each line fails to compile without its @ts-expect-error: the row of MultiHeadAttention is missing.
    // @ts-expect-error -- state_dict
    const ta: LayerTable<StateDictRow> = a;
    // @ts-expect-error -- model.py
    const tb: PyTable = b;
    // @ts-expect-error -- Keras
    const tc: KerasTable = c;
    // @ts-expect-error -- ONNX
    const td: OnnxTable = d;
    // @ts-expect-error -- TF.js export
    const te: TfjsTable = e;
    // @ts-expect-error -- TF.js import
    const tf: TfjsReadTable = f;
    expect([ta, tb, tc, td, te, tf].every((t) => !('MultiHeadAttention' in t))).toBe(true);
  });

  it('TF.js import: every class-read row names its classes, every other row is a composite of our own export', () => {
    for (const t of TYPES) {
      const row = TFJS_READ_LAYERS[t];
      if (isRefusal(row)) continue;
      expect(Boolean(row.classes?.length && row.read) || row.composite !== undefined, t).toBe(true);
    }
  });
});

const spec = (layers: LayerSpec[]): ModelSpec => ({ format: SPEC_FORMAT, version: SPEC_VERSION, name: 'refused', layers, output: 'out', loss: 'sparse_categorical_crossentropy', optimizer: { type: 'adam' } });
const model = (s: ModelSpec) => trainedModel(s, new Float32Array(layoutParams(buildGraph(s)).total));

describe('a refusal met by a model names the layer and the format', () => {
  it('TF.js: GRU', () => {
    const s = spec([
      { id: 'x', type: 'Input', shape: [5, 3], inputs: [] },
      { id: 'my_gru', type: 'GRU', units: 4, inputs: ['x'] },
      { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['my_gru'] },
    ]);
    expect(() => exportTfjs(model(s))).toThrow('layer "my_gru": TensorFlow.js has no GRU with reset_after=true (the only GRU the playground trains); export to ONNX or Keras instead');
  });

  it('TF.js: GRU inside Bidirectional (the cell row refuses it)', () => {
    const s = spec([
      { id: 'x', type: 'Input', shape: [5, 3], inputs: [] },
      { id: 'bi', type: 'Bidirectional', layer: { type: 'GRU', units: 4 }, inputs: ['x'] },
      { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['bi'] },
    ]);
    expect(() => exportTfjs(model(s))).toThrow('layer "bi": TensorFlow.js has no GRU with reset_after=true (the only GRU the playground trains), also inside Bidirectional; export to ONNX or Keras instead');
  });
});
