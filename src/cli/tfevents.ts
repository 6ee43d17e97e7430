/**
 * TensorBoard event files, written by hand: a TFRecord stream (per record: the data's length as a
 * u64 LE, the masked CRC32C of those 8 bytes, the data, the masked CRC32C of the data) of Event
 * protocol buffers. The first event holds file_version "brain.Event:2"; each scalar is an Event
 * { wall_time, step, summary { value { tag, simple_value } } }, which TensorBoard's readers
 * (EventAccumulator's Scalars, the scalars dashboard) take as a scalar series; a histogram is a
 * value { tag, histo: HistogramProto } (EventAccumulator's Histograms, the histograms and
 * distributions dashboards). The Summary is
 * encoded with the ONNX exporter's protobuf writer; the Event's double wall_time is added by hand.
 * File names follow TensorFlow's: events.out.tfevents.<10-digit seconds>.<host>.<pid>.<n>.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ProtoWriter } from '../io/onnx/protobuf';
import { ensureWritableDir } from './out-dir';

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), as TFRecord uses: crc32c("123456789") = 0xe3069283. */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 and add 0xa282ead8 (mod 2^32). */
export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord: length, its masked CRC, the data, the data's masked CRC. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** An Event message: wall_time (field 1, double), step (field 2) and the rest from `body`. */
function event(wallTime: number, step: number, body: ProtoWriter): Uint8Array {
  const head = new Uint8Array(9);
  head[0] = (1 << 3) | 1; // field 1, wire type 1 (64-bit)
  new DataView(head.buffer).setFloat64(1, wallTime, true);
  const rest = body.int(2, step).finish();
  const out = new Uint8Array(head.length + rest.length);
  out.set(head);
  out.set(rest, head.length);
  return out;
}

export function fileVersionEvent(wallTime: number): Uint8Array {
  return event(wallTime, 0, new ProtoWriter().string(3, 'brain.Event:2'));
}

export function scalarEvent(tag: string, value: number, step: number, wallTime: number): Uint8Array {
  const v = new ProtoWriter().string(1, tag).float(2, value);
  return event(wallTime, step, new ProtoWriter().message(5, new ProtoWriter().message(1, v)));
}

/** A distribution: bins [edges[k], edges[k+1]) with their counts (edges.length = counts.length + 1). */
export interface HistogramData {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  edges: readonly number[];
  counts: readonly number[];
}

/** HistogramProto: min 1, max 2, num 3, sum 4, sum_squares 5 (doubles), bucket_limit 6 and bucket 7 (packed doubles); a bucket's limit is its right edge. */
export function histogramProto(h: HistogramData): Uint8Array {
  const packed = (values: readonly number[]) => {
    const b = new Uint8Array(values.length * 8);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat64(i * 8, v, true));
    return b;
  };
  const scalars = [h.min, h.max, h.num, h.sum, h.sumSquares];
  const head = new Uint8Array(scalars.length * 9);
  const view = new DataView(head.buffer);
  scalars.forEach((v, i) => {
    head[i * 9] = ((i + 1) << 3) | 1; // fields 1..5, wire type 1 (64-bit)
    view.setFloat64(i * 9 + 1, v, true);
  });
  const tail = new ProtoWriter().bytes(6, packed(h.edges.slice(1))).bytes(7, packed(h.counts)).finish();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

export function histogramEvent(tag: string, h: HistogramData, step: number, wallTime: number): Uint8Array {
  const v = new ProtoWriter().string(1, tag).bytes(5, histogramProto(h));
  return event(wallTime, step, new ProtoWriter().message(5, new ProtoWriter().message(1, v)));
}

let fileCounter = 0;

/** One event file in `dir`, created with its file_version record; scalars are appended in batches. */
export class EventFileWriter {
  readonly path: string;
  private pending: Uint8Array[] = [];

  constructor(dir: string, now = Date.now()) {
    ensureWritableDir(dir);
    const seconds = String(Math.floor(now / 1000)).padStart(10, '0');
    this.path = join(dir, `events.out.tfevents.${seconds}.${hostname()}.${process.pid}.${fileCounter++}`);
    writeFileSync(this.path, tfRecord(fileVersionEvent(now / 1000)));
  }

  scalar(tag: string, value: number, step: number, wallTime = Date.now() / 1000): void {
    if (Number.isFinite(value)) this.pending.push(tfRecord(scalarEvent(tag, value, step, wallTime)));
  }

  histogram(tag: string, h: HistogramData, step: number, wallTime = Date.now() / 1000): void {
    if ([h.min, h.max, h.sum, h.sumSquares].every(Number.isFinite)) this.pending.push(tfRecord(histogramEvent(tag, h, step, wallTime)));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    appendFileSync(this.path, Buffer.concat(this.pending));
    this.pending = [];
  }
}
