/**
 * safetensors encode/decode for float32 tensors (and int8 ones for the quantized export). Layout: u64 little-endian header length N, then
 * N bytes of UTF-8 JSON (space-padded to a multiple of 8), then the byte buffer. The header maps
 * tensor names to {dtype, shape, data_offsets: [begin, end)} (offsets relative to the buffer),
 * plus an optional "__metadata__" string->string map. decodeSafetensors treats its input as
 * untrusted: every structural problem is a SafetensorsError with a message naming the culprit.
 */

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

/** The dtypes this codec writes (F32, I8) and reads (also F16, BF16 and F64, widened or rounded to F32). */
export type SupportedDtype = 'F32' | 'I8' | 'F16' | 'BF16' | 'F64';

/** Float dtypes read as F32: F16 and BF16 widen exactly, F64 rounds to the nearest F32 (a value beyond F32's range becomes infinite, which imports refuse). */
const FLOAT_DTYPES: readonly SupportedDtype[] = ['F32', 'F16', 'BF16', 'F64'];

export interface TensorToEncode {
  readonly name: string;
  readonly shape: readonly number[];
  /** Float32Array is written as F32, Int8Array as I8. */
  readonly data: Float32Array | Int8Array;
}

export interface DecodedTensor {
  readonly shape: number[];
  readonly dtype: 'F32';
  readonly data: Float32Array;
}

export interface DecodedInt8Tensor {
  readonly shape: number[];
  readonly dtype: 'I8';
  readonly data: Int8Array;
}

export interface DecodedSafetensors {
  /** In file (data offset) order. */
  readonly tensors: Map<string, DecodedTensor>;
  readonly metadata: Record<string, string>;
}

/** A file that may mix F32 and I8 tensors (the int8-quantized export). */
export interface DecodedMixedSafetensors {
  readonly tensors: Map<string, DecodedTensor | DecodedInt8Tensor>;
  readonly metadata: Record<string, string>;
}

/** Every dtype the safetensors format defines, with its size in bytes (to name foreign ones). */
const KNOWN_DTYPES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

/** Largest header accepted by decodeSafetensors (same limit as the reference Rust crate). */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)})`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${String(value)})`;
}

/**
 * JSON text of an untrusted header value for a message: cut to 80 characters, and never throwing
 * (JSON.stringify overflows the stack on deeply nested arrays, which JSON.parse accepts).
 */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[...]' : describe(value);
  }
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Sets an own enumerable property, safe for keys like "__proto__" from untrusted input. */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Little-endian bytes of a Float32Array (a view when the host is little-endian). */
function float32Bytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) dv.setFloat32(i * 4, data[i], true);
  return out;
}

/** An IEEE half-precision value from its 16 bits (exact in float32). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Float32 values of `count` little-endian F16, BF16 or F64 values. */
function readWidened(bytes: Uint8Array, count: number, dtype: 'F16' | 'BF16' | 'F64'): Float32Array {
  const out = new Float32Array(count);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'F64') {
    for (let i = 0; i < count; i++) out[i] = dv.getFloat64(i * 8, true); // Float32Array stores round to nearest, ties to even
  } else if (dtype === 'BF16') {
    const bits = new Uint32Array(out.buffer); // native order on both sides: the upper 16 bits of a float32
    for (let i = 0; i < count; i++) bits[i] = dv.getUint16(i * 2, true) << 16;
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(dv.getUint16(i * 2, true));
  }
  return out;
}

/** A byte count in decimal units for a message ("2.3 EB", "100 MB"). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  if (i === 0) return `${n} bytes`;
  return `${v >= 100 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')} ${units[i]}`;
}

/** Float32 values from little-endian bytes, copied into a new (aligned) array. */
function readFloat32(bytes: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(out.buffer).set(bytes.subarray(0, count * 4));
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
  }
  return out;
}

/**
 * Encodes float32 tensors (stored in the given order, contiguous from offset 0) and string
 * metadata. "__metadata__" always contains "format": "pt" (a different "format" is an error).
 */
export function encodeSafetensors(tensors: readonly TensorToEncode[], metadata: Record<string, string> = {}): Uint8Array {
  const meta: Record<string, string> = { format: 'pt' };
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new SafetensorsError(`metadata value for key "${key}" must be a string, got ${describe(value)}`);
    if (key === 'format' && value !== 'pt') throw new SafetensorsError(`metadata "format" must be "pt", got "${value}"`);
    setOwn(meta, key, value);
  }
  const header: Record<string, unknown> = { [METADATA_KEY]: meta };
  const seen = new Set<string>();
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '' || t.name === METADATA_KEY) throw new SafetensorsError(`invalid tensor name ${JSON.stringify(t.name)}`);
    if (seen.has(t.name)) throw new SafetensorsError(`duplicate tensor name "${t.name}"`);
    seen.add(t.name);
    for (const d of t.shape) {
      if (!Number.isSafeInteger(d) || d < 0) throw new SafetensorsError(`tensor "${t.name}": shape ${shapeText(t.shape)} must hold non-negative integers`);
    }
    const count = elementCount(t.shape);
    if (count !== t.data.length) {
      throw new SafetensorsError(`tensor "${t.name}": shape ${shapeText(t.shape)} needs ${count} values but data has ${t.data.length}`);
    }
    const bytesPer = t.data instanceof Int8Array ? 1 : 4;
    setOwn(header, t.name, { dtype: bytesPer === 1 ? 'I8' : 'F32', shape: [...t.shape], data_offsets: [offset, offset + count * bytesPer] });
    offset += count * bytesPer;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, headerLen % 0x100000000, true);
  dv.setUint32(4, Math.floor(headerLen / 0x100000000), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let pos = 8 + headerLen;
  for (const t of tensors) {
    const bytes = t.data instanceof Int8Array ? new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.length) : float32Bytes(t.data);
    out.set(bytes, pos);
    pos += bytes.length;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: SupportedDtype;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, raw: unknown, accepted: readonly SupportedDtype[]): Entry {
  const where = `tensor "${name}"`;
  if (!isPlainObject(raw)) throw new SafetensorsError(`${where}: header entry must be an object, got ${describe(raw)}`);
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!(field in raw)) throw new SafetensorsError(`${where}: header entry is missing "${field}"`);
  }
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') throw new SafetensorsError(`${where}: "dtype" must be a string, got ${describe(dtype)}`);
  if (!Array.isArray(shape)) throw new SafetensorsError(`${where}: "shape" must be an array, got ${describe(shape)}`);
  if (!Array.isArray(offsets)) throw new SafetensorsError(`${where}: "data_offsets" must be an array, got ${describe(offsets)}`);
  if (!(accepted as readonly string[]).includes(dtype)) {
    const known = Object.prototype.hasOwnProperty.call(KNOWN_DTYPES, dtype);
    const list = accepted.length > 1 ? `${accepted.slice(0, -1).join(', ')} or ${accepted[accepted.length - 1]}` : accepted[0];
    throw new SafetensorsError(`${where}: dtype "${dtype}" is ${known ? 'not supported' : 'not a safetensors dtype'} (only ${list})`);
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new SafetensorsError(`${where}: shape ${preview(shape)} must contain only non-negative integers`);
    }
  }
  if (offsets.length !== 2 || !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)) {
    throw new SafetensorsError(`${where}: "data_offsets" must be two non-negative integers [begin, end], got ${preview(offsets)}`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end) throw new SafetensorsError(`${where}: data_offsets [${begin}, ${end}] have begin > end`);
  return { name, dtype: dtype as SupportedDtype, shape: shape as number[], begin, end };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (!isPlainObject(raw)) throw new SafetensorsError(`"__metadata__" must be an object of strings, got ${describe(raw)}`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new SafetensorsError(`metadata value for key "${key}" must be a string, got ${describe(value)}`);
    setOwn(out, key, value);
  }
  return out;
}

/** What a file that is not safetensors at all looks like, from its first bytes (or null). */
function foreignFormat(bytes: Uint8Array): string | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (a .keras file?)';
  if (starts([0x89, 0x48, 0x44, 0x46])) return 'an HDF5 file (a Keras .h5 file?)';
  if (starts([0x1f, 0x8b])) return 'a gzip file';
  if (starts([0x80]) && (bytes[1] ?? 0) <= 5) return 'a Python pickle (a torch.save .pt/.pth file?)';
  const first = bytes[0];
  if (first === 0x7b || first === 0x5b) return 'a JSON document (a TF.js model.json?)';
  return null;
}

/** Decodes and fully validates an untrusted safetensors file holding float tensors (F16, BF16 and F64 ones come back as F32). */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  return decode(bytes, FLOAT_DTYPES) as DecodedSafetensors;
}

/** Like decodeSafetensors, also accepting I8 tensors (the int8-quantized export). */
export function decodeMixedSafetensors(bytes: Uint8Array): DecodedMixedSafetensors {
  return decode(bytes, [...FLOAT_DTYPES, 'I8']);
}

function decode(bytes: Uint8Array, accepted: readonly SupportedDtype[]): DecodedMixedSafetensors {
  if (bytes.length < 8) {
    throw new SafetensorsError(`file is truncated: ${bytes.length} bytes, but the 8-byte header length prefix alone needs 8`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = dv.getUint32(0, true) + dv.getUint32(4, true) * 0x100000000;
  if (headerLen > MAX_HEADER_BYTES || 8 + headerLen > bytes.length) {
    const foreign = foreignFormat(bytes);
    if (foreign) throw new SafetensorsError(`not a safetensors file: it starts like ${foreign}`);
  }
  if (headerLen < 2) throw new SafetensorsError(`header length ${headerLen} is too small (a JSON object needs at least 2 bytes)`);
  if (headerLen > MAX_HEADER_BYTES) {
    throw new SafetensorsError(
      `not a safetensors file, or a damaged one: its header claims ${formatBytes(headerLen)}, more than the ${formatBytes(MAX_HEADER_BYTES)} limit`,
    );
  }
  if (8 + headerLen > bytes.length) {
    throw new SafetensorsError(`header length ${headerLen} runs past the end of the file (only ${bytes.length - 8} bytes follow the length prefix)`);
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError(`header must be a JSON object, got ${describe(header)}`);
  if (bytes[8] !== 0x7b) throw new SafetensorsError('header must start with "{" (no leading whitespace), as the safetensors format requires');

  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = parseMetadata(raw);
    else entries.push(parseEntry(name, raw, accepted));
  }

  const dataLen = bytes.length - 8 - headerLen;
  for (const e of entries) {
    if (e.end > dataLen) {
      throw new SafetensorsError(
        `tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] extend past the end of the data buffer (${dataLen} bytes)`,
      );
    }
    const span = e.end - e.begin;
    const needed = elementCount(e.shape);
    const per = KNOWN_DTYPES[e.dtype];
    if (span % per !== 0) {
      throw new SafetensorsError(`tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] span ${span} bytes, not a whole number of ${per}-byte ${e.dtype} values`);
    }
    if (span / per !== needed) {
      throw new SafetensorsError(
        `tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] hold ${span / per} values but shape ${shapeText(e.shape)} needs ${needed}`,
      );
    }
  }

  // The tensors must tile the data buffer exactly: sorted by offset, each starts where the last ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous: Entry | null = null;
  for (const e of sorted) {
    if (e.begin < expected && previous) {
      throw new SafetensorsError(
        `tensors "${previous.name}" [${previous.begin}, ${previous.end}] and "${e.name}" [${e.begin}, ${e.end}] overlap`,
      );
    }
    if (e.begin > expected) {
      throw new SafetensorsError(`gap in the data buffer: bytes [${expected}, ${e.begin}) before tensor "${e.name}" belong to no tensor`);
    }
    expected = e.end;
    previous = e;
  }
  if (expected !== dataLen) {
    throw new SafetensorsError(`data buffer has ${dataLen} bytes but the tensors cover only [0, ${expected}): ${dataLen - expected} trailing bytes belong to no tensor`);
  }

  const dataStart = 8 + headerLen;
  const tensors = new Map<string, DecodedTensor | DecodedInt8Tensor>();
  for (const e of sorted) {
    const raw = bytes.subarray(dataStart + e.begin, dataStart + e.end);
    if (e.dtype === 'I8') tensors.set(e.name, { shape: [...e.shape], dtype: 'I8', data: Int8Array.from(raw, (b) => (b << 24) >> 24) });
    else if (e.dtype === 'F32') tensors.set(e.name, { shape: [...e.shape], dtype: 'F32', data: readFloat32(raw, (e.end - e.begin) / 4) });
    else tensors.set(e.name, { shape: [...e.shape], dtype: 'F32', data: readWidened(raw, (e.end - e.begin) / KNOWN_DTYPES[e.dtype], e.dtype) });
  }
  return { tensors, metadata };
}
