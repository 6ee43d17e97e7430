/**
 * Builds an ONNX ModelProto (IR version 8, default-domain opset 17) from nodes, initializers and
 * typed graph inputs/outputs, with the field numbers of onnx.proto. Names are made unique here,
 * so the exporter can ask for readable ones ("dense/Gemm") without tracking collisions.
 */
import { ProtoWriter } from './protobuf';

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

/** TensorProto.DataType values used here. */
export const DT = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type DataType = (typeof DT)[keyof typeof DT];

/** AttributeProto.AttributeType values. */
const AT = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export type Attr =
  | { name: string; int: number }
  | { name: string; ints: readonly number[] }
  | { name: string; float: number }
  | { name: string; floats: readonly number[] }
  | { name: string; string: string }
  | { name: string; strings: readonly string[] };

function attribute(a: Attr): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  if ('int' in a) w.int(3, a.int).int(20, AT.INT);
  else if ('ints' in a) w.ints(8, a.ints).int(20, AT.INTS);
  else if ('float' in a) w.float(2, a.float).int(20, AT.FLOAT);
  else if ('floats' in a) {
    for (const f of a.floats) w.float(7, f);
    w.int(20, AT.FLOATS);
  } else if ('string' in a) w.string(4, a.string).int(20, AT.STRING);
  else w.strings(9, a.strings).int(20, AT.STRINGS);
  return w;
}

/** A symbolic ('N') or fixed dimension. */
export type Dim = number | string;

function valueInfo(name: string, elemType: DataType, dims: readonly Dim[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, elemType).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function leBytes(data: Float32Array | Int32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(data.byteLength);
  if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  else {
    const dv = new DataView(out.buffer);
    data.forEach((v: number | bigint, i: number) => {
      if (data instanceof Float32Array) dv.setFloat32(i * 4, v as number, true);
      else if (data instanceof Int32Array) dv.setInt32(i * 4, v as number, true);
      else dv.setBigInt64(i * 8, v as bigint, true);
    });
  }
  return out;
}

export class OnnxGraph {
  private nodes: ProtoWriter[] = [];
  private inits: ProtoWriter[] = [];
  private inputs: ProtoWriter[] = [];
  private outputs: ProtoWriter[] = [];
  private used = new Set<string>();

  /** A fresh tensor name based on `hint`. */
  name(hint: string): string {
    let n = hint;
    for (let i = 1; this.used.has(n); i++) n = `${hint}_${i}`;
    this.used.add(n);
    return n;
  }

  input(hint: string, elemType: DataType, dims: readonly Dim[]): string {
    const n = this.name(hint);
    this.inputs.push(valueInfo(n, elemType, dims));
    return n;
  }

  output(name: string, elemType: DataType, dims: readonly Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** A constant tensor (initializer) from float32, int32 or int64 data. */
  init(hint: string, data: Float32Array | Int32Array | BigInt64Array, dims: readonly number[]): string {
    const n = this.name(hint);
    const dt = data instanceof Float32Array ? DT.FLOAT : data instanceof Int32Array ? DT.INT32 : DT.INT64;
    this.inits.push(new ProtoWriter().ints(1, dims).int(2, dt).string(8, n).bytes(9, leBytes(data)));
    return n;
  }

  /** An int64 constant (shapes, axes, indices). */
  int64(hint: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.init(hint, BigInt64Array.from(values.map((v) => BigInt(v))), dims);
  }

  /** Adds a node; returns its output names (`outputs` of them, '' entries in `inputs` are omitted optionals). */
  node(op: string, inputs: readonly string[], hint: string, attrs: readonly Attr[] = [], outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, (_, i) => this.name(outputs === 1 ? `${hint}` : `${hint}:${i}`));
    const w = new ProtoWriter().strings(1, inputs).strings(2, outs).string(3, this.name(`${hint}/${op}`)).string(4, op);
    for (const a of attrs) w.message(5, attribute(a));
    this.nodes.push(w);
    return outs;
  }

  /** A one-output node. */
  op(op: string, inputs: readonly string[], hint: string, attrs: readonly Attr[] = []): string {
    return this.node(op, inputs, hint, attrs, 1)[0];
  }

  toModel(graphName: string, metadata: Record<string, string> = {}): Uint8Array {
    const g = new ProtoWriter();
    for (const n of this.nodes) g.message(1, n);
    g.string(2, graphName);
    for (const t of this.inits) g.message(5, t);
    for (const i of this.inputs) g.message(11, i);
    for (const o of this.outputs) g.message(12, o);
    const m = new ProtoWriter()
      .int(1, ONNX_IR_VERSION)
      .string(2, 'webgpu-playground')
      .string(3, '0.1.0')
      .message(7, g)
      .message(8, new ProtoWriter().string(1, '').int(2, ONNX_OPSET));
    for (const [k, v] of Object.entries(metadata)) m.message(14, new ProtoWriter().string(1, k).string(2, v));
    return m.finish();
  }
}
