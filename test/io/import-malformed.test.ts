/**
 * A corpus of malformed safetensors files, generated from a valid export of a real model: each is
 * rejected by importSafetensors with a message that names what is wrong, and the project's model
 * (spec and weights) is left exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { ImportError, importSafetensors } from '../../src/io/import-safetensors';
import { weightsFile } from '../../src/io/torch/export-safetensors';
import { trainedModel } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';

// Data layout of the valid file: linear.weight [0, 80), linear_1.weight [80, 120),
// linear.bias [120, 160), linear_1.bias [160, 164).
const spec = findPreset('regression')!.spec;
const params = initParams(layoutParams(buildGraph(spec)), 3);
const project = trainedModel(spec, params);
const valid = weightsFile(project).data;

const headerLen = new DataView(valid.buffer, valid.byteOffset).getUint32(0, true);
const header = JSON.parse(new TextDecoder().decode(valid.subarray(8, 8 + headerLen))) as Record<string, Record<string, unknown>>;
const data = valid.subarray(8 + headerLen);

/** A file from header text (space-padded to 8) and data bytes; headerLength overrides the prefix. */
function build(text: string, body: Uint8Array = data, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(text);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + body.length).fill(0x20, 8, 8 + padded);
  const dv = new DataView(out.buffer);
  const n = headerLength ?? padded;
  dv.setUint32(0, n % 2 ** 32, true);
  dv.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  out.set(body, 8 + padded);
  return out;
}

/** The valid header with `edit` applied to a deep copy. */
function edited(edit: (h: Record<string, Record<string, unknown>>) => void, body: Uint8Array = data): Uint8Array {
  const h = structuredClone(header);
  edit(h);
  return build(JSON.stringify(h), body);
}

const bytes = (...b: number[]) => Uint8Array.from(b);
const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

const CORPUS: [string, Uint8Array, RegExp][] = [
  ['empty file', new Uint8Array(0), /file is truncated: 0 bytes/],
  ['truncated inside the length prefix', valid.subarray(0, 5), /file is truncated: 5 bytes/],
  ['truncated inside the header', valid.subarray(0, 8 + 20), /header length \d+ runs past the end of the file/],
  ['truncated inside the data', valid.subarray(0, valid.length - 3), /tensor "linear_1.bias": data_offsets \[\d+, \d+\] extend past the end of the data buffer/],
  ['huge header length', build('{}', new Uint8Array(0), 2 ** 40), /not a safetensors file, or a damaged one: its header claims 1.1 TB, more than the 100 MB limit/],
  ['header length 2^64-1', concat(bytes(255, 255, 255, 255, 255, 255, 255, 255), valid.subarray(8)), /its header claims 18.4 EB, more than the 100 MB limit/],
  ['header length too small', build('{}', new Uint8Array(0), 1), /header length 1 is too small/],
  ['wrong magic: a ZIP (.keras) file', concat(bytes(0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0), new Uint8Array(64)), /not a safetensors file: it starts like a ZIP archive/],
  ['wrong magic: a TF.js model.json', new TextEncoder().encode('{"format": "layers-model", "modelTopology": {}}'), /not a safetensors file: it starts like a JSON document/],
  ['wrong magic: an HDF5 file', concat(bytes(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a), new Uint8Array(64)), /not a safetensors file: it starts like an HDF5 file/],
  ['wrong magic: a torch.save pickle', concat(bytes(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46), new Uint8Array(64)), /not a safetensors file: it starts like a Python pickle/],
  ['bad JSON', build(JSON.stringify(header).slice(0, -1)), /header is not valid JSON/],
  ['JSON array header', build('[1,2]', new Uint8Array(0)), /header must be a JSON object, got an array/],
  ['invalid UTF-8 header', (() => { const b = valid.slice(); b[12] = 0xff; return b; })(), /header is not valid UTF-8/],
  ['leading whitespace before the JSON', build(` ${JSON.stringify(header)}`), /header must start with "\{"/],
  ['offsets out of bounds', edited((h) => (h['linear_1.bias'].data_offsets = [160, 1024])), /tensor "linear_1.bias": data_offsets \[160, 1024\] extend past the end of the data buffer \(164 bytes\)/],
  ['overlapping tensors', edited((h) => (h['linear.bias'].data_offsets = [0, 40])), /tensors "linear.bias" \[0, 40\] and "linear.weight" \[0, 80\] overlap/],
  ['gap between tensors', edited((h) => { h['linear_1.bias'].data_offsets = [164, 168]; }, concat(data, new Uint8Array(4))), /gap in the data buffer: bytes \[160, 164\) before tensor "linear_1.bias"/],
  ['trailing bytes', build(JSON.stringify(header), concat(data, new Uint8Array(8))), /8 trailing bytes belong to no tensor/],
  ['wrong dtype I32', edited((h) => (h['linear.weight'].dtype = 'I32')), /tensor "linear.weight": dtype "I32" is not supported \(only F32, F16, BF16 or F64\)/],
  ['F16 with an F32-sized span', edited((h) => (h['linear.weight'].dtype = 'F16')), /tensor "linear.weight": data_offsets \[0, 80\] hold 40 values but shape \[10,2\] needs 20/],
  ['unknown dtype', edited((h) => (h['linear.weight'].dtype = 'F33')), /tensor "linear.weight": dtype "F33" is not a safetensors dtype/],
  ['int8 tensor where F32 is needed', edited((h) => (h['linear.weight'].dtype = 'I8')), /tensor "linear.weight": dtype "I8" is not supported \(only F32, F16, BF16 or F64\)/],
  ['dtype not a string', edited((h) => (h['linear.weight'].dtype = 32)), /"dtype" must be a string, got a number \(32\)/],
  ['shape and size disagree', edited((h) => (h['linear.weight'].shape = [10, 3])), /tensor "linear.weight": data_offsets \[0, 80\] hold 20 values but shape \[10,3\] needs 30/],
  ['negative shape', edited((h) => (h['linear.weight'].shape = [-10, -2])), /shape \[-10,-2\] must contain only non-negative integers/],
  ['data_offsets not a pair', edited((h) => (h['linear.weight'].data_offsets = [0])), /"data_offsets" must be two non-negative integers/],
  ['begin > end', edited((h) => (h['linear.bias'].data_offsets = [120, 80])), /data_offsets \[120, 80\] have begin > end/],
  ['entry not an object', edited((h) => ((h as Record<string, unknown>)['linear.bias'] = 'oops')), /tensor "linear.bias": header entry must be an object/],
  ['entry missing data_offsets', edited((h) => delete h['linear.bias'].data_offsets), /header entry is missing "data_offsets"/],
  ['non-string metadata', edited((h) => (h.__metadata__.epoch = 3)), /metadata value for key "epoch" must be a string, got a number \(3\)/],
  ['metadata not an object', edited((h) => ((h as Record<string, unknown>).__metadata__ = ['pt'])), /"__metadata__" must be an object of strings/],
  ['shape mismatch with the model (transposed kernel)', edited((h) => (h['linear.weight'].shape = [2, 10])), /"linear.weight": the file has shape \[2,10\], the model needs \[10,2\]/],
  ['missing tensor', edited((h) => delete h['linear_1.bias'], data.subarray(0, 160).slice()), /missing "linear_1.bias": the model needs a tensor of shape \[1\]/],
  ['unexpected tensor', edited((h) => (h['extra.weight'] = { dtype: 'F32', shape: [1], data_offsets: [164, 168] }), concat(data, new Uint8Array(4))), /unexpected "extra.weight" \[1\]: the model has no such parameter/],
];

describe('importSafetensors rejects a corpus of malformed files', () => {
  const before = { spec: JSON.stringify(spec), params: Float32Array.from(project.params) };

  it('accepts the valid file it was generated from (same weights back)', () => {
    const m = importSafetensors(spec, valid);
    expect(Array.from(m.params)).toEqual(Array.from(params));
  });

  it(`has at least 20 cases (${CORPUS.length})`, () => expect(CORPUS.length).toBeGreaterThanOrEqual(20));

  for (const [name, file, re] of CORPUS) {
    it(name, () => {
      let err: unknown = null;
      try {
        importSafetensors(spec, file, 'weights.safetensors');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ImportError);
      const msg = (err as Error).message;
      expect(msg.startsWith('weights.safetensors is not usable: ')).toBe(true);
      expect(msg).toMatch(re);
      expect(JSON.stringify(spec)).toBe(before.spec);
      expect(project.params).toEqual(before.params);
    });
  }

  it('lists every mismatch at once', () => {
    const file = edited((h) => {
      h['linear.weight'].shape = [2, 10];
      h['linear_1.weight'].shape = [10, 1];
    });
    expect(() => importSafetensors(spec, file)).toThrow(
      /\(2 problems\):\n {2}- "linear.weight": the file has shape \[2,10\], the model needs \[10,2\]\n {2}- "linear_1.weight": the file has shape \[10,1\], the model needs \[1,10\]/,
    );
  });
});
