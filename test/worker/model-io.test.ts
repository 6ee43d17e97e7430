/**
 * The worker's export and import tasks on real WebGPU (Dawn + SwiftShader): the spiral preset is
 * built as the worker builds it (loadModel), trained a few steps, then
 * - exported to safetensors: tensor names and shapes are the model's state_dict, values equal the
 *   weights the trainer holds;
 * - imported back (safetensors and TF.js): the parameters equal the exported ones bit for bit;
 * - a truncated file and a file of another model are rejected with the reason (every mismatch
 *   listed) before anything is written;
 * - int8: the float accuracy is the trainer's own evaluation, the int8 one is within 0.05 of it,
 *   and the float weights are back in place afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors';
import { modelStateDict } from '../../src/io/state-dict';
import { trainedModel } from '../../src/io/trained-model';
import { loadModel, resolveSource, type LoadedModel } from '../../src/worker/model-loader';
import { exportModel, ImportRejected, measureInt8, readImport } from '../../src/worker/model-io';
import type { FileBytes } from '../../src/worker/protocol';
import { gpu } from '../helpers/gpu';
import { tokenizerOf } from '../../src/io/tokenizer-json';
import { readMetadataProps } from '../../src/io/onnx/onnx-reader';

/** A safetensors file of F64 tensors (PyTorch's `.double()`). */
function f64File(tensors: { name: string; shape: number[]; data: Float64Array }[]): ArrayBuffer {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const t of tensors) {
    header[t.name] = { dtype: 'F64', shape: t.shape, data_offsets: [offset, offset + t.data.length * 8] };
    offset += t.data.length * 8;
  }
  const json = new TextEncoder().encode(JSON.stringify(header).padEnd(Math.ceil(JSON.stringify(header).length / 8) * 8, ' '));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    pos += t.data.byteLength;
  }
  return out.buffer;
}

let m: LoadedModel;
let trained: Float32Array;

beforeAll(async () => {
  const { device, pipelines } = await gpu();
  m = await loadModel(device, pipelines, resolveSource({ kind: 'preset', presetId: 'spiral-mlp' }), 't');
  await m.trainer.runSteps(0, 30);
  trained = await m.trainer.readParams();
});

const file = (files: FileBytes[], name: string) => files.find((f) => f.name === name)!;

describe('worker export and import', () => {
  it('exports safetensors with the state_dict names, shapes and the current values', async () => {
    const files = await exportModel(m, 'safetensors');
    expect(files.map((f) => f.name).sort()).toEqual(['model.py', 'weights.safetensors']);
    const decoded = decodeSafetensors(new Uint8Array(file(files, 'weights.safetensors').bytes));
    const expected = modelStateDict(trainedModel(m.source.spec, trained));
    expect([...decoded.tensors.keys()].sort()).toEqual(expected.map((t) => t.name).sort());
    for (const t of expected) {
      const got = decoded.tensors.get(t.name)!;
      expect(got.shape, t.name).toEqual(t.shape);
      expect(Array.from(got.data as Float32Array), t.name).toEqual(Array.from(t.data));
    }
    // The dataset's class names travel in the metadata.
    expect(JSON.parse(decoded.metadata.class_names)).toEqual(m.raw.train.classNames);
    // Each file travels in a buffer of its own (transferable).
    expect(new Set(files.map((f) => f.bytes)).size).toBe(files.length);
  });

  it('imports its own safetensors, TF.js, Keras and ONNX exports bit for bit', async () => {
    const st = await exportModel(m, 'safetensors');
    const a = await readImport(m, { kind: 'safetensors', file: file(st, 'weights.safetensors') });
    expect(a.params.length).toBe(trained.length);
    expect(Array.from(a.params)).toEqual(Array.from(trained));
    expect(a.report).toEqual({ files: ['weights.safetensors'], format: 'safetensors', tensors: 6, params: 354 });

    const tf = await exportModel(m, 'tfjs');
    expect(tf.map((f) => f.name).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const b = await readImport(m, { kind: 'tfjs', files: tf });
    expect(Array.from(b.params)).toEqual(Array.from(trained));
    expect(b.report.tensors).toBe(6);

    const keras = await exportModel(m, 'keras');
    const k = await readImport(m, { kind: 'keras', file: file(keras, 'model.keras') });
    expect(Array.from(k.params)).toEqual(Array.from(trained));
    expect(k.report).toEqual({ files: ['model.keras'], format: 'keras', tensors: 6, params: 354 });
    const onnx = await exportModel(m, 'onnx');
    const o = await readImport(m, { kind: 'onnx', file: file(onnx, 'model.onnx') });
    expect(Array.from(o.params)).toEqual(Array.from(trained));
    expect(o.report).toEqual({ files: ['model.onnx'], format: 'onnx', tensors: 6, params: 354 });
    // A .keras file of another model lists every weight that does not fit.
    const e = await readImport({ ...m, source: { ...m.source, spec: { ...m.source.spec, layers: m.source.spec.layers.map((l) => (l.id === 'dense' ? { ...l, units: 8 } : l)) } } }, { kind: 'keras', file: file(keras, 'model.keras') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportRejected);
    expect((e as ImportRejected).message).toMatch(/^"model\.keras" does not match the model .*\(3 problems\):$/);
  });

  it('rejects a truncated file and a file of another model, listing every mismatch', async () => {
    const st = file(await exportModel(m, 'safetensors'), 'weights.safetensors');
    const cut = { name: 'cut.safetensors', bytes: st.bytes.slice(0, st.bytes.byteLength - 10) };
    const e1 = await readImport(m, { kind: 'safetensors', file: cut }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ImportRejected);
    expect((e1 as ImportRejected).message).toMatch(/"cut\.safetensors" is not usable: .*/);
    expect((e1 as ImportRejected).problems).toEqual([]);

    // Another model: the first layer has 20 units instead of 16, and an extra tensor.
    const tensors = [...decodeSafetensors(new Uint8Array(st.bytes)).tensors].map(([name, t]) => ({ name, shape: [...t.shape], data: t.data as Float32Array }));
    const first = tensors.find((t) => t.shape.length === 2 && t.shape[1] === 2)!;
    const other = tensors.map((t) => (t === first ? { name: t.name, shape: [20, 2], data: new Float32Array(40) } : t));
    other.push({ name: 'extra.weight', shape: [3], data: new Float32Array(3) });
    const bytes = encodeSafetensors(other, { format: 'pt' });
    const e2 = await readImport(m, { kind: 'safetensors', file: { name: 'other.safetensors', bytes: bytes.slice().buffer } }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ImportRejected);
    expect((e2 as ImportRejected).message).toMatch(/"other\.safetensors" does not match the model .*\(2 problems\)/);
    expect((e2 as ImportRejected).problems).toEqual([
      `"${first.name}": the file has shape [20,2], the model needs [16,2]`,
      'unexpected "extra.weight" [3]: the model has no such parameter',
    ]);

    // A TF.js model whose .bin is short by one float.
    const tf = await exportModel(m, 'tfjs');
    const short = tf.map((f) => (f.name.endsWith('.bin') ? { name: f.name, bytes: f.bytes.slice(0, f.bytes.byteLength - 4) } : f));
    const e3 = await readImport(m, { kind: 'tfjs', files: short }).catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(ImportRejected);
    expect((e3 as ImportRejected).problems.join('\n')).toMatch(/the \.bin is too short/);

    // A file with a NaN weight.
    const nan = tensors.map((t) => (t === first ? { ...t, data: Float32Array.from(t.data, (v, i) => (i === 3 ? NaN : v)) } : t));
    const e4 = await readImport(m, { kind: 'safetensors', file: { name: 'nan.safetensors', bytes: encodeSafetensors(nan, { format: 'pt' }).slice().buffer } }).catch((e: unknown) => e);
    expect((e4 as ImportRejected).message).toMatch(/1 weight that is not a finite number/);

    // An F64 file whose weight is beyond float32's range (infinite once rounded).
    const big = tensors.map((t) => ({ ...t, data: Float64Array.from(t.data, (v, i) => (t === first && i === 3 ? 1e39 : v)) }));
    const e5 = await readImport(m, { kind: 'safetensors', file: { name: 'f64.safetensors', bytes: f64File(big) } }).catch((e: unknown) => e);
    expect((e5 as ImportRejected).message).toMatch(/"f64\.safetensors" holds 1 weight that is not a finite number/);

    // Nothing was written.
    expect(Array.from(await m.trainer.readParams())).toEqual(Array.from(trained));
  });

  it('measures float and int8 test accuracy and puts the float weights back', async () => {
    const float = await m.trainer.evaluate(m.data.test);
    const r = await measureInt8(m, 7);
    expect(r.id).toBe(7);
    expect(r.count).toBe(m.data.test.n);
    expect(r.float.accuracy).toBe(float.accuracy);
    expect(r.float.loss).toBe(float.loss);
    expect(Math.abs(r.int8.accuracy - r.float.accuracy)).toBeLessThanOrEqual(0.05);
    expect(r.int8Bytes).toBeLessThan(r.floatBytes);
    expect(Array.from(await m.trainer.readParams())).toEqual(Array.from(trained));
  });

  it('exports every format from the worker (the bundle with the training split)', async () => {
    const names = async (f: Parameters<typeof exportModel>[1]) => (await exportModel(m, f, 0.5)).map((x) => x.name).sort();
    expect(await names('int8')).toEqual(['model.py', 'weights-int8.safetensors']);
    expect(await names('onnx')).toEqual(['model.onnx']);
    expect(await names('keras')).toEqual(['model.keras']);
    const bundle = await exportModel(m, 'pytorch-bundle', 0.5);
    expect(bundle.map((x) => x.name).sort()).toEqual(['README.md', 'data.safetensors', 'model.py', 'optimizer.safetensors', 'train.json', 'train.py', 'weights.safetensors']);
    const data = decodeSafetensors(new Uint8Array(file(bundle, 'data.safetensors').bytes));
    expect(data.tensors.get('x_train')!.shape).toEqual([m.data.train.n, 2]);
    const config = JSON.parse(new TextDecoder().decode(file(bundle, 'train.json').bytes));
    expect(config.lastLoss).toBe(0.5);
    // The optimizer's state after the steps above (30, capped at one epoch): Adam's slots beside every weight.
    expect(config.step).toBe(m.trainer.globalStep);
    expect(config.step).toBeGreaterThan(0);
    const opt = decodeSafetensors(new Uint8Array(file(bundle, 'optimizer.safetensors').bytes));
    const weights = decodeSafetensors(new Uint8Array(file(bundle, 'weights.safetensors').bytes));
    expect([...opt.tensors.keys()].sort()).toEqual([...weights.tensors.keys()].flatMap((k) => [`m.${k}`, `v.${k}`]).sort());
    expect(opt.metadata.step).toBe(String(config.step));
  });
});

describe('worker export of a text model', () => {
  it('carries the dataset tokenizer: tokenizer.json beside the weights, in the metadata and in ONNX metadata_props', async () => {
    const { device, pipelines } = await gpu();
    const t = await loadModel(device, pipelines, resolveSource({ kind: 'preset', presetId: 'bow-text' }), 't');
    try {
      const want = tokenizerOf(t.raw.train)!;
      expect(want.kind).toBe('bag-of-words');
      const files = await exportModel(t, 'safetensors');
      expect(files.map((f) => f.name).sort()).toEqual(['model.py', 'tokenizer.json', 'weights.safetensors']);
      expect(JSON.parse(new TextDecoder().decode(file(files, 'tokenizer.json').bytes))).toEqual(want);
      expect(JSON.parse(decodeSafetensors(new Uint8Array(file(files, 'weights.safetensors').bytes)).metadata.tokenizer)).toEqual(want);
      const onnx = await exportModel(t, 'onnx');
      expect(onnx.map((f) => f.name)).toEqual(['model.onnx']);
      expect(JSON.parse(readMetadataProps(new Uint8Array(onnx[0].bytes))['webgpu-playground:tokenizer'])).toEqual(want);
    } finally {
      t.trainer.destroy();
    }
  }, 300_000);
});
