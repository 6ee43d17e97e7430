/**
 * A minimal protocol-buffers writer: enough to emit ONNX (varint, 64-bit-safe negative int64,
 * fixed32 float, length-delimited bytes/strings/sub-messages). Hand-written on purpose: we only
 * write a dozen ONNX message types, so this ~70-line encoder replaces protobufjs plus a generated
 * onnx.proto bundle (hundreds of KB in the app) and stays easy to audit. Repeated scalars are
 * written unpacked (one tag per value), which every proto2/proto3 parser accepts.
 */
const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

export class ProtoWriter {
  private chunks: number[] = [];
  private parts: Uint8Array[] = [];

  private flushBytes(): void {
    if (this.chunks.length) {
      this.parts.push(Uint8Array.from(this.chunks));
      this.chunks = [];
    }
  }

  private rawVarint(v: bigint): void {
    // int64 semantics: negatives as their 64-bit two's complement (10 bytes).
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.chunks.push(Number(x));
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire));
  }

  /** int32/int64/enum/bool field. */
  int(field: number, value: number | bigint | boolean): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value));
    return this;
  }

  ints(field: number, values: readonly (number | bigint)[]): this {
    for (const v of values) this.int(field, v);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(...b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.rawVarint(BigInt(data.length));
    this.flushBytes();
    this.parts.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  strings(field: number, values: readonly string[]): this {
    for (const s of values) this.string(field, s);
    return this;
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  finish(): Uint8Array {
    this.flushBytes();
    const total = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(total);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}
