/** Tests for the safetensors codec: exact round-trip, byte layout, and rejection of malformed files. */
import { describe, it, expect } from 'vitest';
import { MAX_HEADER_BYTES, SafetensorsError, decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors';

/** Builds a file from raw header text (padded to 8 with spaces unless told not to) and data bytes. */
function rawFile(header: string, data: Uint8Array | number[] = [], opts: { headerLength?: number } = {}): Uint8Array {
  const json = new TextEncoder().encode(header);
  const padded = Math.ceil(json.length / 8) * 8;
  const body = new Uint8Array(padded).fill(0x20);
  body.set(json);
  const out = new Uint8Array(8 + padded + data.length);
  const dv = new DataView(out.buffer);
  const len = opts.headerLength ?? padded;
  dv.setUint32(0, len % 2 ** 32, true);
  dv.setUint32(4, Math.floor(len / 2 ** 32), true);
  out.set(body, 8);
  out.set(data, 8 + padded);
  return out;
}

function fileWith(header: Record<string, unknown>, dataBytes: number): Uint8Array {
  return rawFile(JSON.stringify(header), new Uint8Array(dataBytes));
}

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

function decodeError(bytes: Uint8Array): SafetensorsError {
  try {
    decodeSafetensors(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    return e as SafetensorsError;
  }
  throw new Error('expected decodeSafetensors to throw');
}

describe('encodeSafetensors', () => {
  it('matches a hand-computed byte layout', () => {
    const bytes = encodeSafetensors([{ name: 'a', shape: [2], data: new Float32Array([1, -2]) }], {});
    // Header JSON is 85 bytes:
    // {"__metadata__":{"format":"pt"},  = 32
    // "a":{"dtype":"F32",               = 19
    // "shape":[2],                      = 12
    // "data_offsets":[0,8]}}            = 22   -> 85, padded with 3 spaces to 88.
    const json = '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    expect(json.length).toBe(85);
    const expected = new Uint8Array(8 + 88 + 8);
    expected.set([88, 0, 0, 0, 0, 0, 0, 0], 0);
    expected.set(new TextEncoder().encode(json + '   '), 8);
    expected.set([0x00, 0x00, 0x80, 0x3f], 96); // 1.0f little-endian
    expected.set([0x00, 0x00, 0x00, 0xc0], 100); // -2.0f little-endian
    expect(Array.from(bytes)).toEqual(Array.from(expected));
  });

  it('pads the header to a multiple of 8 and always writes format "pt"', () => {
    for (const name of ['w', 'weights', 'dense_1.weight', 'x'.repeat(13)]) {
      const bytes = encodeSafetensors([{ name, shape: [1], data: new Float32Array([0.5]) }], { step: '3' });
      const n = new DataView(bytes.buffer).getUint32(0, true);
      expect(n % 8).toBe(0);
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
      expect(header.__metadata__).toEqual({ format: 'pt', step: '3' });
    }
  });

  it('round-trips tensors and metadata exactly (including NaN, -0, infinities, empty tensors)', () => {
    const tensors = [
      { name: 'dense_1.weight', shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i * 0.1 - 0.55) },
      { name: 'dense_1.bias', shape: [4], data: new Float32Array([NaN, -0, Infinity, -Infinity]) },
      { name: 'empty', shape: [0, 5], data: new Float32Array(0) },
      { name: 'scalar', shape: [], data: new Float32Array([3.25]) },
      { name: 'ünïcode ✓', shape: [1], data: new Float32Array([1e-40]) },
    ];
    const meta = { epoch: '7', note: 'héllo "quoted"' };
    const decoded = decodeSafetensors(encodeSafetensors(tensors, meta));
    expect(decoded.metadata).toEqual({ format: 'pt', ...meta });
    expect([...decoded.tensors.keys()]).toEqual(tensors.map((t) => t.name));
    for (const t of tensors) {
      const d = decoded.tensors.get(t.name)!;
      expect(d.dtype).toBe('F32');
      expect(d.shape).toEqual(t.shape);
      expect(d.data).toBeInstanceOf(Float32Array);
      expect(new Uint8Array(d.data.buffer)).toEqual(new Uint8Array(t.data.buffer));
    }
  });

  it('decodes from an unaligned view into aligned copies', () => {
    const bytes = encodeSafetensors([{ name: 'a', shape: [3], data: new Float32Array([1, 2, 3]) }], {});
    const backing = new Uint8Array(bytes.length + 3);
    backing.set(bytes, 3);
    const d = decodeSafetensors(backing.subarray(3)).tensors.get('a')!;
    expect(Array.from(d.data)).toEqual([1, 2, 3]);
    expect(d.data.byteOffset).toBe(0);
    backing[backing.length - 1] = 0xff; // the copy is independent of the input
    expect(d.data[2]).toBe(3);
  });

  it('rejects bad input to the encoder', () => {
    const t = (name: string, shape: number[], n: number) => ({ name, shape, data: new Float32Array(n) });
    expect(() => encodeSafetensors([t('a', [2, 2], 3)], {})).toThrow('tensor "a": shape [2,2] needs 4 values but data has 3');
    expect(() => encodeSafetensors([t('a', [1], 1), t('a', [1], 1)], {})).toThrow('duplicate tensor name "a"');
    expect(() => encodeSafetensors([t('__metadata__', [1], 1)], {})).toThrow(/invalid tensor name/);
    expect(() => encodeSafetensors([t('a', [-1], 0)], {})).toThrow(/non-negative integers/);
    expect(() => encodeSafetensors([], { format: 'np' })).toThrow('metadata "format" must be "pt"');
    expect(() => encodeSafetensors([], { n: 3 } as unknown as Record<string, string>)).toThrow(
      'metadata value for key "n" must be a string, got a number (3)',
    );
  });
});

describe('decodeSafetensors rejects malformed files', () => {
  const valid = encodeSafetensors(
    [
      { name: 'dense_1.weight', shape: [4, 4], data: new Float32Array(16) },
      { name: 'dense_1.bias', shape: [4], data: new Float32Array(4) },
    ],
    {},
  );

  it('accepts the valid baseline and an empty file with only "{}"', () => {
    expect(decodeSafetensors(valid).tensors.size).toBe(2);
    const empty = decodeSafetensors(rawFile('{}'));
    expect(empty.tensors.size).toBe(0);
    expect(empty.metadata).toEqual({});
  });

  it('truncated before the length prefix ends', () => {
    expect(decodeError(valid.subarray(0, 5)).message).toBe(
      'file is truncated: 5 bytes, but the 8-byte header length prefix alone needs 8',
    );
  });

  it('truncated inside the data buffer', () => {
    expect(decodeError(valid.subarray(0, valid.length - 4)).message).toBe(
      'tensor "dense_1.bias": data_offsets [64, 80] extend past the end of the data buffer (76 bytes)',
    );
  });

  it('header length too small', () => {
    expect(decodeError(rawFile('{}', [], { headerLength: 1 })).message).toBe(
      'header length 1 is too small (a JSON object needs at least 2 bytes)',
    );
  });

  it('header length huge', () => {
    expect(decodeError(rawFile('{}', [], { headerLength: 2 ** 40 })).message).toBe(
      'not a safetensors file, or a damaged one: its header claims 1.1 TB, more than the 100 MB limit',
    );
    expect(MAX_HEADER_BYTES).toBe(100_000_000);
    // The number from a real report (a text file's first 8 bytes read as a length).
    expect(decodeError(rawFile('{}', [], { headerLength: 2338328219631577000 })).message).toBe(
      'not a safetensors file, or a damaged one: its header claims 2.3 EB, more than the 100 MB limit',
    );
  });

  it('header length beyond the file', () => {
    expect(decodeError(rawFile('{}', [], { headerLength: 1000 })).message).toBe(
      'header length 1000 runs past the end of the file (only 8 bytes follow the length prefix)',
    );
  });

  it('invalid UTF-8 in the header', () => {
    const bytes = rawFile('{"a":1}');
    bytes[10] = 0xff;
    expect(decodeError(bytes).message).toBe('header is not valid UTF-8');
  });

  it('bad JSON', () => {
    expect(decodeError(rawFile('{"a": {"dtype": "F32",')).message).toMatch(/^header is not valid JSON: /);
  });

  it('JSON array instead of object', () => {
    expect(decodeError(rawFile('[1, 2, 3]')).message).toBe('header must be a JSON object, got an array');
    expect(decodeError(rawFile('null')).message).toBe('header must be a JSON object, got null');
  });

  it('entry that is not an object / missing fields', () => {
    expect(decodeError(fileWith({ w: 5 }, 0)).message).toBe('tensor "w": header entry must be an object, got a number (5)');
    expect(decodeError(fileWith({ w: { shape: [1], data_offsets: [0, 4] } }, 4)).message).toBe(
      'tensor "w": header entry is missing "dtype"',
    );
    expect(decodeError(fileWith({ w: { dtype: 7, shape: [1], data_offsets: [0, 4] } }, 4)).message).toBe(
      'tensor "w": "dtype" must be a string, got a number (7)',
    );
    expect(decodeError(fileWith({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4)).message).toBe(
      'tensor "w": "data_offsets" must be two non-negative integers [begin, end], got [0]',
    );
    expect(decodeError(fileWith({ w: { dtype: 'F32', shape: '1', data_offsets: [0, 4] } }, 4)).message).toBe(
      'tensor "w": "shape" must be an array, got a string ("1")',
    );
  });

  it('unsupported dtype', () => {
    expect(decodeError(fileWith({ 'dense_1.weight': { dtype: 'I16', shape: [2], data_offsets: [0, 4] } }, 4)).message).toBe(
      'tensor "dense_1.weight": dtype "I16" is not supported (only F32, F16, BF16 or F64)',
    );
    expect(decodeError(fileWith({ 'dense_1.weight': { dtype: 'F16', shape: [2], data_offsets: [0, 8] } }, 8)).message).toBe(
      'tensor "dense_1.weight": data_offsets [0, 8] hold 4 values but shape [2] needs 2',
    );
  });

  it('negative or fractional shape', () => {
    expect(decodeError(fileWith({ w: f32([2, -1], 0, 0) }, 0)).message).toBe(
      'tensor "w": shape [2,-1] must contain only non-negative integers',
    );
    expect(decodeError(fileWith({ w: f32([1.5], 0, 4) }, 4)).message).toBe(
      'tensor "w": shape [1.5] must contain only non-negative integers',
    );
  });

  it('offsets out of bounds', () => {
    expect(decodeError(fileWith({ w: f32([4], 0, 16) }, 8)).message).toBe(
      'tensor "w": data_offsets [0, 16] extend past the end of the data buffer (8 bytes)',
    );
    expect(decodeError(fileWith({ w: f32([1], -4, 0) }, 4)).message).toBe(
      'tensor "w": "data_offsets" must be two non-negative integers [begin, end], got [-4,0]',
    );
  });

  it('begin > end', () => {
    expect(decodeError(fileWith({ w: f32([1], 8, 4) }, 8)).message).toBe('tensor "w": data_offsets [8, 4] have begin > end');
  });

  it('overlapping tensors', () => {
    expect(decodeError(fileWith({ a: f32([4], 0, 16), b: f32([4], 8, 24) }, 24)).message).toBe(
      'tensors "a" [0, 16] and "b" [8, 24] overlap',
    );
  });

  it('gap between tensors', () => {
    expect(decodeError(fileWith({ a: f32([2], 0, 8), b: f32([2], 12, 20) }, 20)).message).toBe(
      'gap in the data buffer: bytes [8, 12) before tensor "b" belong to no tensor',
    );
    expect(decodeError(fileWith({ a: f32([2], 4, 12) }, 12)).message).toBe(
      'gap in the data buffer: bytes [0, 4) before tensor "a" belong to no tensor',
    );
  });

  it('trailing bytes not covered by any tensor', () => {
    expect(decodeError(fileWith({ a: f32([2], 0, 8) }, 12)).message).toBe(
      'data buffer has 12 bytes but the tensors cover only [0, 8): 4 trailing bytes belong to no tensor',
    );
  });

  it('size mismatch with shape', () => {
    expect(decodeError(fileWith({ 'dense_1.weight': f32([4, 4], 0, 48) }, 48)).message).toBe(
      'tensor "dense_1.weight": data_offsets [0, 48] hold 12 values but shape [4,4] needs 16',
    );
    expect(decodeError(fileWith({ w: f32([1], 0, 3) }, 3)).message).toBe(
      'tensor "w": data_offsets [0, 3] span 3 bytes, not a whole number of 4-byte F32 values',
    );
  });

  it('non-string metadata', () => {
    expect(decodeError(fileWith({ __metadata__: { format: 'pt', epoch: 3 } }, 0)).message).toBe(
      'metadata value for key "epoch" must be a string, got a number (3)',
    );
    expect(decodeError(fileWith({ __metadata__: ['pt'] }, 0)).message).toBe(
      '"__metadata__" must be an object of strings, got an array',
    );
  });

  it('reads F16, BF16 and F64 tensors as F32: half widths exactly, F64 rounded to nearest', () => {
    // F16: 1, -2, 65504 (largest), 2^-24 (smallest subnormal), -0, inf, NaN.
    const half = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x7e00];
    // BF16: 1, -3.5, 2^-133 (subnormal), the largest finite.
    const bf = [0x3f80, 0xc060, 0x0001, 0x7f7f];
    const f64 = [0.1, 1 + 2 ** -24, 1 + 3 * 2 ** -24, 1e39, -1e-50];
    const data = new Uint8Array(half.length * 2 + bf.length * 2 + f64.length * 8);
    const dv = new DataView(data.buffer);
    half.forEach((h, i) => dv.setUint16(i * 2, h, true));
    bf.forEach((h, i) => dv.setUint16(half.length * 2 + i * 2, h, true));
    f64.forEach((v, i) => dv.setFloat64(half.length * 2 + bf.length * 2 + i * 8, v, true));
    const a = half.length * 2;
    const b = a + bf.length * 2;
    const file = fileWith({
      h: { dtype: 'F16', shape: [half.length], data_offsets: [0, a] },
      b: { dtype: 'BF16', shape: [bf.length], data_offsets: [a, b] },
      d: { dtype: 'F64', shape: [f64.length], data_offsets: [b, data.length] },
    }, 0);
    const bytes = new Uint8Array(file.length + data.length);
    bytes.set(file);
    bytes.set(data, file.length);
    const t = decodeSafetensors(bytes).tensors;
    expect([...t.values()].map((x) => x.dtype)).toEqual(['F32', 'F32', 'F32']);
    expect(Array.from(t.get('h')!.data)).toEqual([1, -2, 65504, 2 ** -24, -0, Infinity, NaN]);
    expect(Object.is(t.get('h')!.data[4], -0)).toBe(true);
    expect(Array.from(t.get('b')!.data)).toEqual([1, -3.5, 2 ** -133, 3.3895313892515355e38]);
    // 1 + 2^-24 is a tie: to even (1); 1 + 3 * 2^-24 rounds up to 1 + 2^-22; 1e39 is beyond float32 (infinite: imports refuse it).
    expect(Array.from(t.get('d')!.data)).toEqual([Math.fround(0.1), 1, 1 + 2 ** -22, Infinity, -0]);
  });
});
