/**
 * Tests for the Fashion-MNIST loader: the real files (Debian package dataset-fashion-mnist, or
 * $FASHION_MNIST_DIR) and the error paths, with a temporary directory and a fake fetch.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import {
  DatasetFilesMissingError, FASHION_MNIST_CLASSES, FASHION_MNIST_FILES, clearFashionMnistCache, directorySource,
  fashionMnistDir, fetchSource, loadFashionMnist,
} from '../../src/data/fashion-mnist';
import { IdxError } from '../../src/data/idx';
import { loadDataset } from '../../src/data/registry';
import { checksum } from './checksum';

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject');
}

const dir = fashionMnistDir();
const haveFiles = existsSync(join(dir, FASHION_MNIST_FILES.testLabels));
const SKIP_REASON = `skipped: Fashion-MNIST files not found in ${dir} (apt-get install dataset-fashion-mnist, or set FASHION_MNIST_DIR)`;
if (!haveFiles) console.warn(SKIP_REASON);

/** Writes a valid, tiny Fashion-MNIST-shaped set of files (raw, not gzipped) into `d`. */
async function writeTinyFiles(d: string, n: number): Promise<void> {
  const img = (count: number) => {
    const b = new Uint8Array(16 + count * 784);
    const v = new DataView(b.buffer);
    v.setUint32(0, 0x803);
    v.setUint32(4, count);
    v.setUint32(8, 28);
    v.setUint32(12, 28);
    for (let i = 16; i < b.length; i++) b[i] = i & 0xff;
    return b;
  };
  const lab = (count: number) => {
    const b = new Uint8Array(8 + count);
    const v = new DataView(b.buffer);
    v.setUint32(0, 0x801);
    v.setUint32(4, count);
    for (let i = 0; i < count; i++) b[8 + i] = i % 10;
    return b;
  };
  await writeFile(join(d, FASHION_MNIST_FILES.trainImages), img(n));
  await writeFile(join(d, FASHION_MNIST_FILES.trainLabels), lab(n));
  await writeFile(join(d, FASHION_MNIST_FILES.testImages), img(n));
  await writeFile(join(d, FASHION_MNIST_FILES.testLabels), lab(n - 1)); // deliberately one short
}

describe('Fashion-MNIST (real files)', () => {
  it.skipIf(!haveFiles)(`loads 60000 train / 10000 test 28x28x1 images with 10 classes${haveFiles ? '' : ` (${SKIP_REASON})`}`, async () => {
    clearFashionMnistCache();
    const t0 = performance.now();
    const { train, test } = await loadFashionMnist();
    const ms = performance.now() - t0;
    console.log(`Fashion-MNIST full load from ${dir}: ${ms.toFixed(0)} ms`);
    expect(train.n).toBe(60000);
    expect(test.n).toBe(10000);
    for (const ds of [train, test]) {
      expect(ds.name).toBe('fashion-mnist');
      expect(ds.inputShape).toEqual([28, 28, 1]);
      expect(ds.numClasses).toBe(10);
      expect(ds.classNames).toEqual(FASHION_MNIST_CLASSES);
      expect(ds.x).toBeInstanceOf(Float32Array);
      expect(ds.x.length).toBe(ds.n * 784);
      const counts = new Array(10).fill(0);
      for (const c of ds.y) counts[c]++;
      expect(counts).toEqual(new Array(10).fill(ds.n / 10)); // Fashion-MNIST is exactly balanced
    }
    // Pinned against an independent Python read of the same files.
    expect(checksum(train.x.subarray(0, 784) as Float32Array)).toBe(0x7abcc5f4);
    expect(Array.from(train.y.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(checksum(train.y.subarray(0, 10) as Int32Array)).toBe(0xa52aab28);
    expect(checksum(test.x.subarray(0, 784) as Float32Array)).toBe(0x6244feb6);
    expect(Array.from(test.y.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    let min = Infinity;
    let max = -Infinity;
    const x = train.x;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it.skipIf(!haveFiles)(`limits, caches, and loads through the registry${haveFiles ? '' : ` (${SKIP_REASON})`}`, async () => {
    const t0 = performance.now();
    const { train, test } = await loadFashionMnist({ trainLimit: 1000, testLimit: 500 });
    console.log(`Fashion-MNIST limited load (cached files): ${(performance.now() - t0).toFixed(0)} ms`);
    expect(train.n).toBe(1000);
    expect(test.n).toBe(500);
    expect(checksum(train.x.subarray(0, 784) as Float32Array)).toBe(0x7abcc5f4);
    const viaRegistry = await loadDataset('fashion-mnist', { n: 2000 });
    expect(viaRegistry.train.n).toBe(2000);
    expect(viaRegistry.test.n).toBe(10000);
    const uncached = await loadFashionMnist({ trainLimit: 10, testLimit: 10, cache: false, source: directorySource(dir) });
    expect(Array.from(uncached.train.y)).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
  });
});

describe('Fashion-MNIST errors', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'fmnist-test-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('says how to get the files when they are missing', async () => {
    const empty = join(tmp, 'nothing-here');
    const e = await rejection(loadFashionMnist({ dir: empty }));
    expect(e).toBeInstanceOf(DatasetFilesMissingError);
    expect(e.message).toContain(`missing from ${empty}`);
    expect(e.message).toContain('apt-get install dataset-fashion-mnist');
    expect(e.message).toContain('FASHION_MNIST_DIR');
    expect(e.message).toContain('"digits"');
  });

  it('honours an explicit directory and reports bad files by name', async () => {
    const d = join(tmp, 'tiny');
    await mkdir(d);
    await writeTinyFiles(d, 5);
    const e = await rejection(loadFashionMnist({ dir: d, cache: false }));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toBe('t10k-labels-idx1-ubyte.gz: 4 labels but 5 images (in t10k-images-idx3-ubyte.gz)');
    await writeTinyFiles(d, 5);
    await copyFile(join(d, FASHION_MNIST_FILES.trainLabels), join(d, FASHION_MNIST_FILES.testLabels));
    const ok = await loadFashionMnist({ dir: d, cache: false, trainLimit: 3 });
    expect(ok.train.n).toBe(3);
    expect(ok.test.n).toBe(5);
  });

  it('browser source: explains a 404 and an HTML fallback page', async () => {
    const notFound = fetchSource('/datasets/fashion-mnist/', async () => new Response('Not found: nope', { status: 404 }));
    const e1 = await rejection(loadFashionMnist({ source: notFound }));
    expect(e1).toBeInstanceOf(DatasetFilesMissingError);
    expect(e1.message).toContain('HTTP 404');
    expect(e1.message).toContain('vite-datasets-plugin');
    expect(e1.message).toContain('apt-get install dataset-fashion-mnist');
    const html = fetchSource('/datasets/fashion-mnist/', async () =>
      new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    const e2 = await rejection(loadFashionMnist({ source: html }));
    expect(e2).toBeInstanceOf(DatasetFilesMissingError);
    expect(e2.message).toContain('HTML page');
  });
});
