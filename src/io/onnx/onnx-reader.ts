/**
 * A minimal, bounded protocol-buffers reader for the one thing an ONNX import needs: the graph's
 * initializers (ModelProto.graph = 7, GraphProto.initializer = 5; TensorProto dims = 1,
 * data_type = 2, float_data = 4, name = 8, raw_data = 9, double_data = 10, data_location = 14).
 * Untrusted input: every length is checked against the buffer before it is used, varints stop at
 * 10 bytes, unknown fields are skipped by wire type (groups refused), and no value is decoded
 * until the caller asks for a named tensor (its size then known to be what the model needs).
 */
export class OnnxReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxReadError';
  }
}

export const ONNX_FLOAT = 1;
export const ONNX_DOUBLE = 11;

export interface OnnxInitializer {
  name: string;
  dims: number[];
  dataType: number;
  /** True when the values live in another file (data_location EXTERNAL). */
  external: boolean;
  /** Values: float32 or float64 (raw_data or float_data / double_data), read on demand; null for other types. */
  values(): Float32Array | Float64Array | null;
}

class Cursor {
  pos: number;
  constructor(
    readonly b: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OnnxReadError('truncated varint');
      const byte = this.b[this.pos++];
      result += (byte & 0x7f) * mul;
      mul *= 128;
      if (byte < 0x80) return result;
    }
    throw new OnnxReadError('varint longer than 10 bytes');
  }

  /** [start, end) of a length-delimited field. */
  span(): [number, number] {
    const len = this.varint();
    if (len > this.end - this.pos) throw new OnnxReadError(`a field of ${len} bytes runs past the end of its message`);
    const s = this.pos;
    this.pos += len;
    return [s, this.pos];
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 2) this.span();
    else if (wire === 5) this.advance(4);
    else throw new OnnxReadError(`unsupported protobuf wire type ${wire}`);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new OnnxReadError('truncated fixed-size field');
    this.pos += n;
  }
}

/** Calls `each(field, wire, cursor)` for every field of the message in [start, end). */
function fields(b: Uint8Array, start: number, end: number, each: (field: number, wire: number, c: Cursor) => boolean): void {
  const c = new Cursor(b, start, end);
  while (c.pos < end) {
    const key = c.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (!each(field, wire, c)) c.skip(wire);
  }
}

function tensor(b: Uint8Array, start: number, end: number): OnnxInitializer {
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  let raw: [number, number] | null = null;
  let packed: [number, number][] = [];
  let external = false;
  fields(b, start, end, (f, wire, c) => {
    if (f === 1 && wire === 0) dims.push(c.varint());
    else if (f === 1 && wire === 2) {
      const [s, e] = c.span();
      const inner = new Cursor(b, s, e);
      while (inner.pos < e) dims.push(inner.varint());
    } else if (f === 2 && wire === 0) dataType = c.varint();
    else if (f === 8 && wire === 2) {
      const [s, e] = c.span();
      name = new TextDecoder().decode(b.subarray(s, e));
    } else if (f === 9 && wire === 2) raw = c.span();
    else if ((f === 4 || f === 10) && wire === 2) packed.push(c.span());
    else if ((f === 4 && wire === 5) || (f === 10 && wire === 1)) throw new OnnxReadError(`tensor "${name}": unpacked float_data / double_data is not read`);
    else if (f === 14 && wire === 0) external = c.varint() === 1;
    else return false;
    return true;
  });
  if (dims.some((d) => !Number.isSafeInteger(d))) throw new OnnxReadError(`tensor "${name}": a dimension is too large`);
  const values = (): Float32Array | Float64Array | null => {
    const size = dataType === ONNX_FLOAT ? 4 : dataType === ONNX_DOUBLE ? 8 : 0;
    if (!size || external) return null;
    const parts = raw ? [raw] : packed;
    const bytes = parts.reduce((a, [s, e]) => a + e - s, 0);
    if (bytes % size) return null;
    const out = size === 4 ? new Float32Array(bytes / 4) : new Float64Array(bytes / 8);
    let i = 0;
    for (const [s, e] of parts) {
      const dv = new DataView(b.buffer, b.byteOffset + s, e - s);
      for (let p = 0; p < e - s; p += size) out[i++] = size === 4 ? dv.getFloat32(p, true) : dv.getFloat64(p, true);
    }
    return out;
  };
  packed = raw ? [] : packed;
  return { name, dims, dataType, external, values };
}

/** Every initializer of an ONNX ModelProto, by name (the first of a repeated name). */
export function readInitializers(bytes: Uint8Array): Map<string, OnnxInitializer> {
  const out = new Map<string, OnnxInitializer>();
  let graphs = 0;
  fields(bytes, 0, bytes.length, (f, wire, c) => {
    if (f !== 7 || wire !== 2) return false;
    graphs++;
    const [gs, ge] = c.span();
    fields(bytes, gs, ge, (gf, gw, gc) => {
      if (gf !== 5 || gw !== 2) return false;
      const [ts, te] = gc.span();
      const t = tensor(bytes, ts, te);
      if (!out.has(t.name)) out.set(t.name, t);
      return true;
    });
    return true;
  });
  if (graphs === 0) throw new OnnxReadError('no graph in the file (not an ONNX model?)');
  return out;
}

/** The ModelProto's metadata_props (field 14: key 1, value 2), the first of a repeated key; UTF-8 checked. */
export function readMetadataProps(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  fields(bytes, 0, bytes.length, (f, wire, c) => {
    if (f !== 14 || wire !== 2) return false;
    const [s, e] = c.span();
    let key = '';
    let value = '';
    fields(bytes, s, e, (pf, pw, pc) => {
      if ((pf !== 1 && pf !== 2) || pw !== 2) return false;
      const [a, z] = pc.span();
      let text: string;
      try {
        text = utf8.decode(bytes.subarray(a, z));
      } catch {
        throw new OnnxReadError('a metadata_props entry is not valid UTF-8');
      }
      if (pf === 1) key = text;
      else value = text;
      return true;
    });
    if (!(key in out)) out[key] = value;
    return true;
  });
  return out;
}
