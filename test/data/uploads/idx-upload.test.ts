/** Uploaded IDX pairs: real Fashion-MNIST rows, either order, .gz, and every kind of bad file. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readIdx } from '../../../src/data/idx';
import { idxUploadDataset } from '../../../src/data/uploads/idx-upload';
import { splitRows, splitTestRows } from '../../../src/data/uploads/test-split';
import { gzip, idxFile } from '../../helpers/idx-files';

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const PIXELS = [0, 255, 51, 102, 153, 204, 255, 0, 0, 0, 0, 255, 1, 2, 3, 4, 5, 6];
const img = () => ({ name: 'tiny-images.idx', bytes: idxFile(0x08, [3, 2, 3], PIXELS) });
const lab = (labels = [2, 0, 1]) => ({ name: 'tiny-labels.idx', bytes: idxFile(0x08, [labels.length], labels) });

describe('idxUploadDataset', () => {
  it('scales pixels to [0, 1] with shape [H, W, 1], whatever the file order', async () => {
    for (const files of [[img(), lab()], [lab(), img()]]) {
      const ds = await idxUploadDataset(files);
      expect(ds.n).toBe(3);
      expect(ds.inputShape).toEqual([2, 3, 1]);
      expect(Array.from(ds.y)).toEqual([2, 0, 1]);
      expect(ds.x[1]).toBe(1);
      expect(ds.x[2]).toBeCloseTo(0.2, 6);
      expect(ds.numClasses).toBe(3);
      expect(ds.classNames).toEqual(['0', '1', '2']);
      expect(ds.name).toBe('tiny-images.idx');
    }
  });

  it('accepts gzip files', async () => {
    const ds = await idxUploadDataset([
      { name: 'a.gz', bytes: await gzip(idxFile(0x08, [3, 2, 3], PIXELS)) },
      { name: 'b.gz', bytes: await gzip(idxFile(0x08, [3], [2, 0, 1])) },
    ]);
    expect(ds.n).toBe(3);
    expect(Array.from(ds.y)).toEqual([2, 0, 1]);
  });

  it('rejects mismatched counts, wrong magic, truncated files, out-of-range labels and lone files', async () => {
    expect(await errorOf(idxUploadDataset([img(), lab([2, 0])]))).toBe('tiny-labels.idx: 2 labels but 3 images (in tiny-images.idx).');
    const bad = { name: 'notes.txt', bytes: new TextEncoder().encode('hello world, not idx') };
    expect(await errorOf(idxUploadDataset([img(), bad]))).toMatch(/^notes\.txt: wrong magic number 0x68656c6c/);
    const truncated = { name: 'cut-images.idx', bytes: img().bytes.slice(0, 20) };
    expect(await errorOf(idxUploadDataset([truncated, lab()]))).toBe(
      'cut-images.idx: truncated: header says 3 x 2 x 3 = 18 bytes of data but the file has 4 after the 16-byte header',
    );
    const cutGz = { name: 'cut.gz', bytes: (await gzip(img().bytes)).slice(0, 15) };
    expect(await errorOf(idxUploadDataset([cutGz, lab()]))).toMatch(/^cut\.gz: corrupt or truncated gzip data/);
    expect(await errorOf(idxUploadDataset([img(), lab([2, 0, 7])], { classNames: ['a', 'b', 'c'] }))).toBe(
      'tiny-labels.idx: label 7 at index 2 is out of range: tiny-images.idx has 3 classes (0..2)',
    );
    expect(await errorOf(idxUploadDataset([img()]))).toMatch(/^an IDX dataset is two files, images and labels .*got 1$/);
    expect(await errorOf(idxUploadDataset([img(), { ...img(), name: 'again.idx' }]))).toMatch(
      /^expected one image file \(magic 0x00000803.*found tiny-images\.idx: magic 0x00000803 \(uint8, 3 dimensions\); again\.idx: magic 0x00000803/,
    );
  });

  const FM = '/usr/share/datasets/fashion-mnist';
  it.skipIf(!existsSync(`${FM}/t10k-labels-idx1-ubyte.gz`))('reads real Fashion-MNIST rows and splits off a seeded test part in file order', async () => {
    const images = await readIdx(readFileSync(`${FM}/t10k-images-idx3-ubyte.gz`), 'img');
    const labels = await readIdx(readFileSync(`${FM}/t10k-labels-idx1-ubyte.gz`), 'lab');
    const n = 64;
    const head = (a: typeof images, bytesPerRow: number) => {
      const dims = [n, ...a.dims.slice(1)];
      return idxFile(0x08, dims, (a.data as Uint8Array).subarray(0, n * bytesPerRow));
    };
    const ds = await idxUploadDataset([{ name: 'l.idx', bytes: head(labels, 1) }, { name: 'i.idx', bytes: head(images, 784) }]);
    expect(ds.n).toBe(64);
    expect(Array.from(ds.y)).toEqual(Array.from(labels.data.subarray(0, 64)));
    const { train, test } = splitTestRows(ds);
    expect(train.n).toBe(58);
    expect(test.n).toBe(6);
    // Same seed, same split; both parts keep the file's order and its rows unchanged.
    const rows = splitRows(64);
    expect(splitRows(64)).toEqual(rows);
    expect([...rows.train, ...rows.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(rows.train).toEqual([...rows.train].sort((a, b) => a - b));
    rows.train.forEach((r, i) => {
      expect(train.y[i]).toBe(ds.y[r]);
      expect(train.x.subarray(i * 784, (i + 1) * 784)).toEqual(ds.x.subarray(r * 784, (r + 1) * 784));
    });
    rows.test.forEach((r, i) => expect(test.y[i]).toBe(labels.data[r]));
    expect(splitRows(64, 0.1, 2).test).not.toEqual(rows.test);
  });
});
