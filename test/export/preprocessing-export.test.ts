/**
 * Feature / target scaling carried by every export (TrainedModel.preprocessing): a 4-feature
 * classifier and a regressor with target scaling, weights and biases random, features on very
 * different scales. Each consumer is fed RAW rows and must give the playground's predictions
 * (the float64 reference model on applyAffine(rows), then invertAffine for the regressor) within
 * 1e-5: the generated model.py in PyTorch (strict load), ONNX Runtime, Keras 3 and TF.js. The
 * same exports without the scaling, fed the same raw rows, miss by far more (so the checks can
 * fail). Also: the documents beside the weights, train.py's starting loss in the bundle, the TF.js
 * import taking the scaling layers back out, and the refusals.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import { referenceForward } from '../../src/engine/reference/model';
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type LossName, type ModelSpec } from '../../src/engine/spec';
import { applyAffine, type Preprocessing } from '../../src/data/scaling';
import type { Dataset } from '../../src/data/dataset';
import { trainedModel, type ExportFile, type TrainedModel } from '../../src/io/trained-model';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { exportInt8 } from '../../src/io/int8/export-int8';
import { exportTorchBundle } from '../../src/io/torch/bundle';
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { exportKeras } from '../../src/io/keras/export-keras';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs, TfjsImportError } from '../../src/io/tfjs/import-tfjs';
import { modelStateDict } from '../../src/io/state-dict';
import { PreprocessingExportError } from '../../src/io/preprocessing';
import { runPython } from '../helpers/python';
import { runTrainPy, torchPredict, writeFiles } from './pytorch-harness';
import { loadTfjs, maxAbsDiff, predictTfjs } from './tfjs-load';

const TOL = 1e-5;
const FAR = 1e-2;
const N = 7;

function lcg(n: number, seed: number, lo: number, hi: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((s >>> 8) / 16777216) * (hi - lo);
  });
}

const spec = (name: string, layers: LayerSpec[], loss: LossName): ModelSpec => ({ format: SPEC_FORMAT, version: SPEC_VERSION, name, layers, output: 'out', loss, optimizer: { type: 'sgd', lr: 0.01 } });

const CLASSIFIER = spec(
  'scaled classifier',
  [
    { id: 'x', type: 'Input', shape: [4], inputs: [] },
    { id: 'h', type: 'Dense', units: 8, activation: 'relu', inputs: ['x'] },
    { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['h'] },
  ],
  'sparse_categorical_crossentropy',
);
const REGRESSOR = spec(
  'scaled regressor',
  [
    { id: 'x', type: 'Input', shape: [4], inputs: [] },
    { id: 'h', type: 'Dense', units: 8, activation: 'tanh', inputs: ['x'] },
    { id: 'out', type: 'Dense', units: 1, inputs: ['h'] },
  ],
  'mse',
);

const FEATURES = { offset: [0, 100, 0.5, 700], scale: [1, 0.01, 2, 0.003] };
const TARGETS = { offset: [3], scale: [0.5] };

/** Raw rows: each feature around its offset, within ±1.5 scaled units. */
const RAW = (() => {
  const u = lcg(N * 4, 7, -1.5, 1.5);
  return Float32Array.from(u, (v, i) => FEATURES.offset[i % 4] + v / FEATURES.scale[i % 4]);
})();
const rawRows = (y: Float32Array | Int32Array = new Float32Array(N)): Dataset => ({ name: 'raw rows', task: 'regression', n: N, inputShape: [4], inputDtype: 'float32', x: RAW, y, targetShape: [1] });

function model(s: ModelSpec, seed: number, pre: Preprocessing | null): TrainedModel {
  const layout = layoutParams(buildGraph(s));
  const random = lcg(layout.total, seed, -0.8, 0.8);
  // Random weights and biases; the layout's alignment padding stays 0 (as an import leaves it).
  const params = new Float32Array(layout.total);
  for (const e of layout.entries) params.set(random.subarray(e.offset, e.offset + e.length), e.offset);
  return { ...trainedModel(s, params), preprocessing: pre };
}

const CASES = [
  { id: 'classifier', model: model(CLASSIFIER, 11, { mode: 'standard', features: FEATURES, targets: null }), outputs: 3 },
  { id: 'regressor', model: model(REGRESSOR, 12, { mode: 'standard', features: FEATURES, targets: TARGETS }), outputs: 1 },
];
/** The safetensors export (synchronous). */
const st = (m: TrainedModel) => exportSafetensors(m) as ExportFile[];
const plain = (m: TrainedModel): TrainedModel => ({ ...m, preprocessing: null });

/** The playground's predictions for the raw rows: the model on the scaled rows, outputs back in raw units. */
function expected(m: TrainedModel): Float64Array {
  const y = referenceForward(buildGraph(m.spec), m.layout, m.params, applyAffine(RAW, 4, m.preprocessing!.features!), N);
  const t = m.preprocessing!.targets;
  return t ? y.map((v, i) => v / t.scale[i % t.scale.length] + t.offset[i % t.offset.length]) : y;
}

const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(path.join(tmpdir(), p));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const file = (files: ExportFile[], name: string) => files.find((f) => f.name === name)!;
const text = (f: ExportFile) => new TextDecoder().decode(f.data);

function safetensorsMetadata(data: Uint8Array): Record<string, string> {
  const len = Number(new DataView(data.buffer, data.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(data.subarray(8, 8 + len))).__metadata__;
}

/** Runs one Python predict script on several exported files with the raw rows; returns each output. */
function pythonPredict(script: string, ext: string, exports: Record<string, Uint8Array>): Record<string, { y: number[]; layers?: string[]; error?: string }> {
  const dir = tmp('pre-py-');
  const x = path.join(dir, 'x.bin');
  writeFileSync(x, new Uint8Array(RAW.buffer, RAW.byteOffset, RAW.byteLength));
  const models = Object.entries(exports).map(([id, data]) => {
    writeFileSync(path.join(dir, `${id}${ext}`), data);
    return { id, path: path.join(dir, `${id}${ext}`), x, dtype: 'float32', shape: [N, 4] };
  });
  return runPython(script, { models }, { timeoutMs: 300_000 });
}

describe('exports carry the scaling: consumers fed raw rows give the playground predictions', () => {
  for (const c of CASES) {
    const want = expected(c.model);

    it(`${c.id}: model.py in PyTorch (strict load) takes raw rows`, () => {
      const files = st(c.model);
      const pred = torchPredict(writeFiles(files, tmp('pre-torch-')), rawRows()).pred;
      const without = torchPredict(writeFiles(st(plain(c.model)), tmp('pre-torch0-')), rawRows()).pred;
      expect(pred.length).toBe(N * c.outputs);
      console.log(`${c.id} pytorch: max |diff| ${maxAbsDiff(pred, want).toExponential(2)}, without the scaling ${maxAbsDiff(without, want).toExponential(2)}`);
      expect(maxAbsDiff(pred, want)).toBeLessThan(TOL);
      expect(maxAbsDiff(without, want)).toBeGreaterThan(FAR);
      // The state_dict is unchanged (the scaling buffers are not persistent): torch_predict loaded it strictly.
      expect(torchPredict(writeFiles(files, tmp('pre-torch-')), rawRows()).keys).toEqual(modelStateDict(c.model).map((t) => t.name).sort());
      const doc = JSON.parse(text(file(files, 'preprocessing.json')));
      expect(doc.features).toEqual({ columns: [0, 1, 2, 3], ...FEATURES });
      expect(doc.targets).toEqual(c.model.preprocessing!.targets ? { outputs: [0], ...TARGETS } : null);
      expect(JSON.parse(safetensorsMetadata(file(files, 'weights.safetensors').data).preprocessing)).toEqual(doc);
      const py = text(file(files, 'model.py'));
      expect(py).toContain('FEATURE_OFFSET = [0.0, 100.0, 0.5, 700.0]');
      expect(py).toContain('FEATURE_SCALE = [1.0, 0.01, 2.0, 0.003]');
      expect(py.includes('TARGET_SCALE = [0.5]')).toBe(c.id === 'regressor');
    });

    it(`${c.id}: ONNX Runtime takes raw rows`, () => {
      const r = pythonPredict('test/export/py/onnx_predict.py', '.onnx', { scaled: exportOnnx(c.model)[0].data, plain: exportOnnx(plain(c.model))[0].data });
      expect(r.scaled.error).toBeUndefined();
      console.log(`${c.id} onnxruntime: max |diff| ${maxAbsDiff(r.scaled.y, want).toExponential(2)}, without the scaling ${maxAbsDiff(r.plain.y, want).toExponential(2)}`);
      expect(r.scaled.y.length).toBe(N * c.outputs);
      expect(maxAbsDiff(r.scaled.y, want)).toBeLessThan(TOL);
      expect(maxAbsDiff(r.plain.y, want)).toBeGreaterThan(FAR);
    });

    it(`${c.id}: Keras 3 takes raw rows (Normalization layers)`, async () => {
      const r = pythonPredict('test/export/py/keras_predict.py', '.keras', { scaled: (await exportKeras(c.model))[0].data, plain: (await exportKeras(plain(c.model)))[0].data });
      expect(r.scaled.error).toBeUndefined();
      console.log(`${c.id} keras: max |diff| ${maxAbsDiff(r.scaled.y, want).toExponential(2)}, without the scaling ${maxAbsDiff(r.plain.y, want).toExponential(2)}`);
      expect(r.scaled.layers).toContain('preprocess');
      expect(r.scaled.layers!.includes('postprocess')).toBe(c.id === 'regressor');
      expect(r.scaled.y.length).toBe(N * c.outputs);
      expect(maxAbsDiff(r.scaled.y, want)).toBeLessThan(TOL);
      expect(maxAbsDiff(r.plain.y, want)).toBeGreaterThan(FAR);
    }, 120_000);

    it(`${c.id}: TF.js takes raw rows, and its import takes the scaling layers back out`, async () => {
      const files = exportTfjs(c.model);
      const pred = predictTfjs(await loadTfjs(files), rawRows());
      const without = predictTfjs(await loadTfjs(exportTfjs(plain(c.model))), rawRows());
      console.log(`${c.id} tfjs: max |diff| ${maxAbsDiff(pred, want).toExponential(2)}, without the scaling ${maxAbsDiff(without, want).toExponential(2)}`);
      expect(pred.length).toBe(N * c.outputs);
      expect(maxAbsDiff(pred, want)).toBeLessThan(TOL);
      expect(maxAbsDiff(without, want)).toBeGreaterThan(FAR);
      const meta = JSON.parse(text(file(files, 'model.json'))).userDefinedMetadata.playground.preprocessing;
      expect(meta.features).toEqual(FEATURES);

      const back = importTfjs(files);
      expect(back.spec.layers.map((l) => [l.id, l.type])).toEqual(c.model.spec.layers.map((l) => [l.id, l.type]));
      expect(Array.from(back.params)).toEqual(Array.from(c.model.params));
      expect(back.preprocessing).toEqual(c.model.preprocessing);
      expect(importTfjs(files, { into: c.model.spec }).preprocessing).toEqual(c.model.preprocessing);
      // A scaling weight changed in the .bin: refused, not silently imported.
      const bin = file(files, 'group1-shard1of1.bin').data.slice();
      const f = new Float32Array(bin.buffer);
      f[f.length - 1] += 1;
      expect(() => importTfjs([file(files, 'model.json'), { name: 'group1-shard1of1.bin', data: bin }])).toThrow(TfjsImportError);
    });
  }

  it('int8: the same model.py and documents beside the int8 weights', () => {
    const m = CASES[1].model;
    const files = exportInt8(m) as ExportFile[];
    expect(text(file(files, 'model.py'))).toBe(text(file(st(m), 'model.py')));
    expect(text(file(files, 'preprocessing.json'))).toBe(text(file(st(m), 'preprocessing.json')));
    expect(JSON.parse(safetensorsMetadata(file(files, 'weights-int8.safetensors').data).preprocessing).targets.scale).toEqual([0.5]);
  });

  it('bundle: raw x_train, scaled y_train; train.py starts at the playground loss', () => {
    const m = CASES[1].model;
    const yRaw = Float32Array.from(lcg(N, 5, -2, 2), (v) => v / TARGETS.scale[0] + TARGETS.offset[0]);
    const files = exportTorchBundle(m, { train: rawRows(yRaw), batchSize: N, epochs: 1, seed: 1 });
    const dir = writeFiles(files, tmp('pre-bundle-'));
    const ySc = applyAffine(yRaw, 1, TARGETS);
    const out = referenceForward(buildGraph(m.spec), m.layout, m.params, applyAffine(RAW, 4, FEATURES), N);
    const mse = out.reduce((a, v, i) => a + (v - ySc[i]) ** 2, 0) / N;
    const s = runTrainPy(dir, ['train.py', '--epochs', '1', '--json', '--out', path.join(dir, 'continued.safetensors')]);
    console.log(`bundle: train.py initial loss ${s.initial_loss}, reference (scaled units) ${mse}`);
    expect(Math.abs(s.initial_loss - mse)).toBeLessThan(1e-5 * Math.max(1, mse));
    // With the rows stored scaled or the targets raw, the starting loss would be far off.
    const rawMse = out.reduce((a, v, i) => a + (v / 0.5 + 3 - yRaw[i]) ** 2, 0) / N;
    expect(Math.abs(rawMse - mse)).toBeGreaterThan(FAR);
    const data = readFileSync(path.join(dir, 'data.safetensors'));
    expect(JSON.parse(safetensorsMetadata(data).preprocessing).features.offset).toEqual(FEATURES.offset);
  }, 300_000);

  it('refuses scaling a model cannot take, naming the reason', async () => {
    const wrongWidth = { ...CASES[0].model, preprocessing: { mode: 'standard' as const, features: { offset: [0, 0, 0], scale: [1, 1, 1] }, targets: null } };
    const targetsOnClassifier = { ...CASES[0].model, preprocessing: { mode: 'minmax' as const, features: null, targets: { offset: [0, 0, 0], scale: [1, 1, 1] } } };
    const zeroScale = { ...CASES[1].model, preprocessing: { mode: 'minmax' as const, features: { offset: [0, 0, 0, 0], scale: [1, 0, 1, 1] }, targets: null } };
    for (const bad of [wrongWidth, targetsOnClassifier, zeroScale]) {
      expect(() => st(bad)).toThrow(PreprocessingExportError);
      expect(() => exportOnnx(bad)).toThrow(PreprocessingExportError);
      expect(() => exportTfjs(bad)).toThrow(PreprocessingExportError);
      await expect(exportKeras(bad)).rejects.toThrow(PreprocessingExportError);
    }
    expect(() => exportOnnx(wrongWidth)).toThrow(/3 offsets and 3 scales for 4 values/);
    // Identity scaling ('none', or no parts) exports exactly what no scaling does.
    const none = { ...CASES[1].model, preprocessing: { mode: 'none' as const, features: null, targets: null } };
    expect(exportOnnx(none)[0].data).toEqual(exportOnnx(plain(CASES[1].model))[0].data);
    expect(st(none).map((f) => f.data)).toEqual(st(plain(CASES[1].model)).map((f) => f.data));
  });
});
