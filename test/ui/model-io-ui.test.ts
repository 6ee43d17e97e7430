/**
 * The page side of export and import, without a browser: how files become one download (single
 * file as is, several zipped), how dropped files become an import request (a .safetensors, a TF.js
 * model.json + .bin, or a .zip of either; anything else refused with the reason), and how answers
 * to superseded requests are dropped.
 */
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { downloadName, fileStem, packageFiles } from '../../src/ui/io/download';
import { initialIo, ioAnswer, ioRequest } from '../../src/ui/io/io-state';
import { chooseImport } from '../../src/ui/io/read-import';

const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
const fb = (name: string, s: string) => ({ name, bytes: bytes(s) });

describe('download packaging', () => {
  it('keeps a single file and zips several under <model>-<format>.zip', () => {
    expect(fileStem('Spiral MLP (2)')).toBe('spiral-mlp-2');
    const one = packageFiles([fb('model.onnx', 'onnx!')], 'Spiral', 'onnx');
    expect(one.name).toBe('model.onnx');
    expect(new TextDecoder().decode(one.data)).toBe('onnx!');
    const two = packageFiles([fb('model.json', '{"a":1}'), fb('group1-shard1of1.bin', 'BIN')], 'Spiral MLP', 'tfjs');
    expect(two.name).toBe('spiral-mlp-tfjs.zip');
    expect(downloadName([{ name: 'a' }, { name: 'b' }], 'Spiral MLP', 'tfjs')).toBe(two.name);
    const back = unzipSync(two.data);
    expect(Object.keys(back).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(new TextDecoder().decode(back['model.json'])).toBe('{"a":1}');
  });
});

describe('choosing what to import', () => {
  it('takes a safetensors file, a TF.js pair, and either inside a zip', () => {
    const st = chooseImport([fb('w.safetensors', 'x')]);
    expect(st.ok && st.source.kind === 'safetensors' && st.source.file.name).toBe('w.safetensors');
    const tf = chooseImport([fb('group1-shard1of1.bin', 'b'), fb('model.json', '{}')]);
    expect(tf.ok && tf.source.kind === 'tfjs' && tf.source.files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
    const zipped = zipSync({ 'model.py': new Uint8Array([1]), 'weights.safetensors': new Uint8Array([1, 2, 3]) });
    const z = chooseImport([{ name: 'spiral-safetensors.zip', bytes: zipped.slice().buffer }]);
    expect(z.ok && z.source.kind === 'safetensors' && [z.source.file.name, z.source.file.bytes.byteLength]).toEqual(['weights.safetensors', 3]);
    // The PyTorch bundle: the weights, not the training data.
    const bundle = zipSync({ 'data.safetensors': new Uint8Array([9]), 'weights.safetensors': new Uint8Array([1]) });
    const b = chooseImport([{ name: 'b.zip', bytes: bundle.slice().buffer }]);
    expect(b.ok && b.source.kind === 'safetensors' && b.source.file.name).toBe('weights.safetensors');
    // A CLI run folder (spec.json, or model.json in older runs, and log.json beside the weights): its JSON is our spec, not TF.js's.
    for (const spec of ['spec.json', 'model.json']) {
      const run = zipSync({ [spec]: new Uint8Array([1]), 'log.json': new Uint8Array([2]), 'weights.safetensors': new Uint8Array([1, 2]), 'optimizer-state.safetensors': new Uint8Array([3]) });
      const r = chooseImport([{ name: 'run.zip', bytes: run.slice().buffer }]);
      expect(r.ok && r.source.kind === 'safetensors' && r.source.file.name, spec).toBe('weights.safetensors');
    }
    // A .keras file is a zip too: it goes whole to the Keras importer.
    const keras = zipSync({ 'config.json': new Uint8Array([1]), 'metadata.json': new Uint8Array([1]), 'model.weights.h5': new Uint8Array([1]) });
    const k = chooseImport([{ name: 'model.keras', bytes: keras.slice().buffer }]);
    expect(k.ok && k.source.kind === 'keras' && k.source.file.name).toBe('model.keras');
    const o = chooseImport([fb('model.onnx', 'x')]);
    expect(o.ok && o.source.kind === 'onnx' && o.source.file.name).toBe('model.onnx');
    // A text model's download: the tokenizer (or class names) beside the weights is not a second model file.
    for (const [weights, kind] of [['model.keras', 'keras'], ['model.onnx', 'onnx'], ['weights.safetensors', 'safetensors']] as const) {
      const labelled = zipSync({ [weights]: new Uint8Array([1, 2]), 'tokenizer.json': new Uint8Array([123, 125]), 'classes.json': new Uint8Array([123, 125]) });
      const l = chooseImport([{ name: `text-${kind}.zip`, bytes: labelled.slice().buffer }]);
      expect(l.ok && l.source.kind === kind && 'file' in l.source && l.source.file.name, kind).toBe(weights);
    }
    const tfText = chooseImport([fb('group1-shard1of1.bin', 'b'), fb('model.json', '{}'), fb('tokenizer.json', '{}')]);
    expect(tfText.ok && tfText.source.kind === 'tfjs' && tfText.source.files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
  });

  it('refuses other files with the reason', () => {
    const txt = chooseImport([fb('notes.txt', 'hello')]);
    expect(txt).toEqual({ ok: false, message: '"notes.txt" is not a weights file: give a .safetensors file, a TF.js model.json with its .bin weights, a .keras or .onnx file, or a .zip holding one of them.' });
    const bad = chooseImport([{ name: 'x.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]).buffer }]);
    expect(!bad.ok && bad.message).toMatch(/^"x\.zip" is not a readable zip archive/);
    const two = chooseImport([fb('a.safetensors', 'a'), fb('b.safetensors', 'b')]);
    expect(!two.ok && two.message).toMatch(/Several \.safetensors files/);
    const onnx = chooseImport([fb('model.onnx', 'x'), fb('w.safetensors', 'y')]);
    expect(!onnx.ok && onnx.message).toBe('Several files with a .onnx file ("model.onnx", "w.safetensors"): give the .onnx file alone.');
  });
});

describe('io state', () => {
  it('drops answers to superseded requests and keeps the mismatch list', () => {
    let io = ioRequest(initialIo(), { kind: 'import-weights', id: 1, files: ['a'] });
    io = ioRequest(io, { kind: 'import-weights', id: 2, files: ['b'] });
    const stale = ioAnswer(io, { type: 'io-failed', id: 1, task: 'import-weights', message: 'old', problems: [] });
    expect(stale).toBe(io);
    io = ioAnswer(io, { type: 'io-failed', id: 2, task: 'import-weights', message: 'no', problems: ['p1', 'p2'] });
    expect(io.import).toEqual({ id: 2, files: ['b'], phase: 'failed', report: null, message: 'no', problems: ['p1', 'p2'] });
    io = ioRequest(io, { kind: 'export', id: 3, format: 'onnx' });
    io = ioAnswer(io, { type: 'exported', id: 3, format: 'onnx', files: [fb('model.onnx', 'x')] });
    expect(io.export?.phase).toBe('done');
    expect(io.export?.files?.[0].name).toBe('model.onnx');
    expect(io.export?.summary).toEqual({ names: ['model.onnx'], bytes: 1 });
    io = ioRequest(io, { kind: 'export-saved', id: 3 });
    expect(io.export?.files).toBeNull();
    expect(io.export?.phase).toBe('done');
  });
});
