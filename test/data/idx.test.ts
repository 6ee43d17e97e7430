/** Tests for the IDX reader: hand-built files (raw and gzipped) and each kind of bad data. */
import { describe, it, expect } from 'vitest';
import { gunzip, isGzip } from '../../src/data/gunzip';
import {
  IdxError, datasetFromIdx, formatShape, idxImagesAndLabels, imageSizeFitError, parseIdx, readIdx,
} from '../../src/data/idx';
import { gzip, idxFile } from '../helpers/idx-files';

// Three 2x3 images and their labels.
const PIXELS = [
  0, 255, 51, 102, 153, 204,
  255, 0, 0, 0, 0, 255,
  1, 2, 3, 4, 5, 6,
];
const LABELS = [2, 0, 1];
const images = (): Uint8Array<ArrayBuffer> => idxFile(0x08, [3, 2, 3], PIXELS);
const labels = (): Uint8Array<ArrayBuffer> => idxFile(0x08, [3], LABELS);

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<Error> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('parseIdx / readIdx', () => {
  it('parses a hand-built uint8 file', () => {
    const a = parseIdx(images(), 'tiny-images');
    expect(a.magic).toBe(0x00000803);
    expect(a.dtype).toBe('uint8');
    expect(a.dims).toEqual([3, 2, 3]);
    expect(Array.from(a.data)).toEqual(PIXELS);
    expect(a.file).toBe('tiny-images');
  });

  it('parses big-endian multi-byte types', () => {
    const payload = [0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0xfe]; // int32 256, -2
    expect(Array.from(parseIdx(idxFile(0x0c, [2], payload), 'ints').data)).toEqual([256, -2]);
    const f = new Uint8Array(8);
    new DataView(f.buffer).setFloat32(0, 1.5, false);
    new DataView(f.buffer).setFloat32(4, -0.25, false);
    expect(Array.from(parseIdx(idxFile(0x0d, [2, 1], f), 'floats').data)).toEqual([1.5, -0.25]);
    expect(Array.from(parseIdx(idxFile(0x0b, [1], [0x80, 0x01]), 'shorts').data)).toEqual([-32767]);
  });

  it('reads gzipped bytes (CompressionStream) the same as raw ones', async () => {
    const gz = await gzip(images());
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(images())).toBe(false);
    expect(Array.from(await gunzip(gz, 1000))).toEqual(Array.from(images()));
    const fromGz = await readIdx(gz, 'tiny-images.gz');
    const fromRaw = await readIdx(images().buffer, 'tiny-images');
    expect(fromGz.dims).toEqual([3, 2, 3]);
    expect(Array.from(fromGz.data)).toEqual(Array.from(fromRaw.data));
  });

  it('rejects a truncated payload, naming the file and the sizes', () => {
    const full = idxFile(0x08, [60000, 28, 28], new Uint8Array(1000));
    const e = (() => { try { parseIdx(full, 'train-images-idx3-ubyte.gz'); } catch (err) { return err as Error; } return null; })();
    expect(e).toBeInstanceOf(IdxError);
    expect(e?.message).toBe(
      'train-images-idx3-ubyte.gz: truncated: header says 60000 x 28 x 28 = 47040000 bytes of data but the file has 1000 after the 16-byte header',
    );
  });

  it('rejects a truncated images file with "bytes of pixels"', async () => {
    const short = images().subarray(0, 16 + 10);
    const e = await errorOf(idxImagesAndLabels(short, labels(), 'tiny', undefined, { imagesFile: 'tiny-images.gz' }));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toBe('tiny-images.gz: truncated: header says 3 x 2 x 3 = 18 bytes of pixels but the file has 10 after the 16-byte header');
  });

  it('rejects trailing bytes', () => {
    const long = idxFile(0x08, [3], [1, 2, 3, 4, 5]);
    expect(() => parseIdx(long, 'labels.idx')).toThrow(
      'labels.idx: 2 unexpected trailing bytes: header says 3 = 3 bytes of data but the file has 5 after the 8-byte header',
    );
  });

  it('rejects a truncated header and an empty file', () => {
    expect(() => parseIdx(new Uint8Array(0), 'empty')).toThrow('empty: truncated: the file is empty, too short for the 4-byte IDX magic number');
    expect(() => parseIdx(idxFile(0x08, [3, 2, 3], []).subarray(0, 10), 'short-header')).toThrow(
      'short-header: truncated: the header declares 3 dimensions and needs 16 bytes but the file has 10',
    );
  });

  it('rejects a truncated gzip stream', async () => {
    const gz = await gzip(idxFile(0x08, [64, 64], new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff)));
    const e = await errorOf(readIdx(gz.subarray(0, gz.length - 12), 'cut.gz'));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toMatch(/^cut\.gz: corrupt or truncated gzip data/);
  });

  it('rejects wrong magic numbers', async () => {
    const int8Images = idxFile(0x09, [3, 2, 3], PIXELS);
    const e = await errorOf(idxImagesAndLabels(int8Images, labels(), 'train', undefined, { imagesFile: 'train-images-idx3-ubyte.gz' }));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toMatch(/^train-images-idx3-ubyte\.gz: wrong magic number 0x00000903; expected 0x00000803 for images/);
    // Labels handed in as images (the classic mix-up): 1 dimension instead of 3.
    const swapped = await errorOf(idxImagesAndLabels(labels(), images(), 'train'));
    expect(swapped.message).toMatch(/^train-images: wrong magic number 0x00000801; expected 0x00000803 for images/);
    expect(() => parseIdx(idxFile(0x07, [1], [0]), 'odd')).toThrow(/^odd: wrong magic number 0x00000701: unknown IDX data type 0x07/);
    expect(() => parseIdx(new TextEncoder().encode('<!doctype html><html>'), 'page')).toThrow(/^page: wrong magic number 0x3c21646f .*HTML page/);
  });

  it('rejects a label count that does not match the image count', async () => {
    const e = await errorOf(idxImagesAndLabels(images(), idxFile(0x08, [2], [0, 1]), 't10k'));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toBe('t10k-labels: 2 labels but 3 images (in t10k-images)');
  });

  it('rejects labels outside the class names', async () => {
    const e = await errorOf(idxImagesAndLabels(images(), labels(), 'tiny', ['a', 'b']));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toBe('tiny-labels: label 2 at index 0 is out of range: tiny has 2 classes (0..1)');
  });
});

describe('idxImagesAndLabels', () => {
  it('builds a channels-last dataset scaled to [0, 1]', async () => {
    const ds = await idxImagesAndLabels(await gzip(images()), labels(), 'tiny');
    expect(ds.name).toBe('tiny');
    expect(ds.task).toBe('classification');
    expect(ds.n).toBe(3);
    expect(ds.inputShape).toEqual([2, 3, 1]);
    expect(ds.inputDtype).toBe('float32');
    expect(ds.targetShape).toEqual([]);
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(ds.y).toBeInstanceOf(Int32Array);
    expect(Array.from(ds.x)).toEqual(PIXELS.map((v) => Math.fround(v / 255)));
    expect(Array.from(ds.y)).toEqual(LABELS);
    expect(ds.numClasses).toBe(3); // max label + 1
    expect(ds.classNames).toEqual(['0', '1', '2']);
  });

  it('uses classNames for numClasses and honours limit', async () => {
    const names = ['zero', 'one', 'two', 'three'];
    const ds = datasetFromIdx(parseIdx(images(), 'i'), parseIdx(labels(), 'l'), 'tiny', names, 2);
    expect(ds.numClasses).toBe(4);
    expect(ds.classNames).toEqual(names);
    expect(ds.n).toBe(2);
    expect(ds.x.length).toBe(12);
    expect(Array.from(ds.y)).toEqual([2, 0]);
  });
});

describe('imageSizeFitError', () => {
  it('accepts a matching shape and explains a mismatch', () => {
    const ds = { inputShape: [28, 28, 1] };
    expect(imageSizeFitError(ds, [28, 28, 1])).toBeNull();
    expect(imageSizeFitError(ds, [32, 32, 3])).toBe("images are 28x28x1 but the model's input expects 32x32x3");
    expect(imageSizeFitError(ds, [784])).toBe("images are 28x28x1 but the model's input expects 784");
    expect(formatShape([2, 3, 1])).toBe('2x3x1');
  });
});
