/**
 * Fuzz: IDX files, raw and gzip (src/data/idx.ts parseIdx / readIdx, src/data/gunzip.ts), and the
 * uploaded image/label pair (src/data/uploads/idx-upload.ts). Inputs are valid files built with
 * test/helpers/idx-files.ts (uint8 images and labels, int16, float32, float64), mutated in their
 * structure (magic type code, number of dimensions, dimension sizes set to hostile u32 values,
 * payload truncated or extended) and byte by byte, raw and after gzip (so the CRC, lengths and
 * deflate stream break too).
 * Contract: the parsed array holds exactly product(dims) values of its dtype (the dataset: values
 * in [0, 1] and labels below the class count), or the call throws IdxError with a message.
 */
import { describe, expect, it } from 'vitest';
import { IdxError, parseIdx, readIdx, type IdxArray } from '../../src/data/idx';
import { idxUploadDataset } from '../../src/data/uploads/idx-upload';
import { gzip, idxFile } from '../helpers/idx-files';
import { applyByteEdits, byteEdits, fc, fuzz, showBytes, throwsOneOf } from './harness';

const images = (n: number, r: number, c: number) => idxFile(0x08, [n, r, c], Array.from({ length: n * r * c }, (_, i) => (i * 37) % 256));
const labels = (n: number, k: number) => idxFile(0x08, [n], Array.from({ length: n }, (_, i) => i % k));

const RAW: Uint8Array[] = [
  images(4, 3, 5),
  labels(4, 3),
  idxFile(0x09, [2, 3], [1, 255, 3, 128, 5, 6]),
  idxFile(0x0b, [2, 2], [0, 1, 255, 255, 128, 0, 0, 7]),
  idxFile(0x0c, [1], [0x80, 0, 0, 1]),
  idxFile(0x0d, [2], [0x3f, 0x80, 0, 0, 0x7f, 0x80, 0, 0]),
  idxFile(0x0e, [1], [0x7f, 0xf8, 0, 0, 0, 0, 0, 1]),
  idxFile(0x08, [0], []),
];
const GZ: Uint8Array[] = await Promise.all(RAW.map((f) => gzip(f as Uint8Array<ArrayBuffer>)));

const HOSTILE_U32 = [0, 1, 2, 255, 256, 65_535, 2 ** 24, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 600_000_000];
const TYPE_CODES = [0x00, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0xff];

/** Structural edits of an IDX file: magic bytes, ndims, one dimension, the payload's length. */
const structural = fc
  .record({
    file: fc.constantFrom(...RAW),
    b0: fc.constantFrom(0, 0, 0, 0, 1, 0x1f, 0x3c),
    type: fc.option(fc.constantFrom(...TYPE_CODES), { nil: undefined }),
    ndims: fc.option(fc.constantFrom(0, 1, 2, 3, 4, 255), { nil: undefined }),
    dim: fc.option(fc.tuple(fc.nat({ max: 3 }), fc.constantFrom(...HOSTILE_U32)), { nil: undefined }),
    payload: fc.integer({ min: -8, max: 8 }),
  })
  .map(({ file, b0, type, ndims, dim, payload }) => {
    let out = Uint8Array.from(file);
    out[0] = b0;
    if (type !== undefined) out[2] = type;
    if (ndims !== undefined) out[3] = ndims;
    if (dim) {
      const at = 4 + 4 * dim[0];
      if (at + 4 <= out.length) new DataView(out.buffer).setUint32(at, dim[1], false);
    }
    if (payload < 0) out = out.slice(0, Math.max(0, out.length + payload));
    else if (payload > 0) out = Uint8Array.from([...out, ...new Array<number>(payload).fill(7)]);
    return out;
  });

const rawIdx: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: structural },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...RAW), byteEdits(3)).map(([f, e]) => applyByteEdits(f, e)) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 24 }) },
);

/** gzip input: a mutated file compressed, a compressed file mutated, or a bare gzip header. */
const gzIdx: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...GZ), byteEdits(2)).map(([f, e]) => applyByteEdits(f, e)) },
  { weight: 1, arbitrary: fc.constantFrom(...GZ) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 24 }).map((b) => Uint8Array.from([0x1f, 0x8b, 8, 0, ...b])) },
);

function checkArray(a: IdxArray): void {
  const count = a.dims.reduce((x, y) => x * y, 1);
  expect(a.data.length, `data of ${a.dims.join('x')}`).toBe(count);
  expect(a.dims.length).toBe(a.magic & 0xff);
  expect((a.magic >>> 8) & 0xff).toBe(a.typeCode);
}

describe('fuzz: IDX', () => {
  it('parseIdx: product(dims) values, or IdxError', () =>
    fuzz('idx.parse', rawIdx, (b) => parseIdx(b, 'train-images-idx3-ubyte'), { runs: 1500, errors: throwsOneOf(IdxError), check: checkArray, show: showBytes }));

  it('readIdx (gzip): product(dims) values, or IdxError', () =>
    fuzz('idx.readGz', gzIdx, (b) => readIdx(b, 'train-labels-idx1-ubyte.gz'), { runs: 600, errors: throwsOneOf(IdxError), check: checkArray, show: showBytes }));

  it('readIdx: a gzip file whose header declares more than the upload limit is refused without inflating it', async () => {
    // 600 million labels declared, 1 MiB of zeros present: refused from the header.
    const declared = idxFile(0x08, [600_000_000], new Uint8Array(1 << 20));
    const gz = await gzip(declared);
    await fuzz('idx.gzHeaderCap', fc.constant(gz), (b) => readIdx(b, 'labels.gz'), { runs: 1, errors: throwsOneOf(IdxError), bothOutcomes: false, memBytes: 64 * 2 ** 20 });
  });

  const pair = fc
    .record({
      images: fc.oneof(fc.constant(RAW[0]), rawIdx),
      labels: fc.oneof(fc.constant(RAW[1]), rawIdx),
      gz: fc.boolean(),
      swap: fc.boolean(),
      classes: fc.option(fc.constantFrom<string[]>(['a', 'b', 'c'], ['only'], []), { nil: undefined }),
    });
  it('idxUploadDataset: values in [0, 1] with labels below the class count, or IdxError', () =>
    fuzz(
      'idx.upload',
      pair,
      async (p) => {
        const files = [
          { name: 'train-images-idx3-ubyte', bytes: p.gz ? await gzip(p.images as Uint8Array<ArrayBuffer>) : p.images },
          { name: 'train-labels-idx1-ubyte', bytes: p.gz ? await gzip(p.labels as Uint8Array<ArrayBuffer>) : p.labels },
        ];
        return idxUploadDataset(p.swap ? files.reverse() : files, p.classes ? { classNames: p.classes } : {});
      },
      {
        runs: 600,
        errors: throwsOneOf(IdxError),
        check: (d) => {
          const [rows, cols, ch] = d.inputShape;
          expect(ch).toBe(1);
          expect(d.x.length).toBe(d.n * rows * cols);
          expect(d.y.length).toBe(d.n);
          for (const v of d.x) expect(v >= 0 && v <= 1).toBe(true);
          for (const c of d.y) expect(c >= 0 && c < d.numClasses!).toBe(true);
        },
        show: (p) => `gz ${p.gz}, swap ${p.swap}, classes ${JSON.stringify(p.classes)}, images ${showBytes(p.images, 40)}, labels ${showBytes(p.labels, 40)}`,
      },
    ));
});
