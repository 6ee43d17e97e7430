/** Tests for the procedural digits dataset: shapes, balance, determinism, class separation, difficulty. */
import { describe, it, expect } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { DIGIT_CLASS_NAMES, digits, digitToAscii } from '../../src/data/digits';
import { getDataset, loadDataset } from '../../src/data/registry';
import { nearestCentroidAccuracy } from './centroid';
import { checksum } from './checksum';

const D = 784;

function classMeans(ds: Dataset): Float64Array[] {
  const means = Array.from({ length: 10 }, () => new Float64Array(D));
  const counts = new Array(10).fill(0);
  for (let i = 0; i < ds.n; i++) {
    const c = ds.y[i];
    counts[c]++;
    for (let j = 0; j < D; j++) means[c][j] += ds.x[i * D + j];
  }
  for (let c = 0; c < 10; c++) for (let j = 0; j < D; j++) means[c][j] /= counts[c];
  return means;
}

/** Element-wise equality (much faster than toEqual on large typed arrays). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function dist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}

describe('procedural digits', () => {
  it('has 28x28x1 images in [0, 1], 10 named classes, balanced and shuffled', () => {
    const ds = digits({ n: 1003, seed: 1 });
    expect(ds.name).toBe('digits');
    expect(ds.task).toBe('classification');
    expect(ds.n).toBe(1003);
    expect(ds.inputShape).toEqual([28, 28, 1]);
    expect(ds.inputDtype).toBe('float32');
    expect(ds.targetShape).toEqual([]);
    expect(ds.numClasses).toBe(10);
    expect(ds.classNames).toEqual(DIGIT_CLASS_NAMES);
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(ds.y).toBeInstanceOf(Int32Array);
    expect(ds.x.length).toBe(1003 * D);
    expect(ds.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    const counts = new Array(10).fill(0);
    for (const c of ds.y) counts[c]++;
    expect(counts).toEqual([101, 101, 101, 100, 100, 100, 100, 100, 100, 100]);
    expect(new Set(ds.y.subarray(0, 30)).size).toBeGreaterThan(5);
    // Every image has ink: a stroke's worth of bright pixels.
    for (let i = 0; i < ds.n; i++) {
      let bright = 0;
      for (let j = 0; j < D; j++) if (ds.x[i * D + j] > 0.5) bright++;
      expect(bright).toBeGreaterThan(15);
    }
  });

  it('is deterministic per seed and pinned bit-for-bit (identical on every platform)', () => {
    const a = digits({ n: 200, seed: 7 });
    const b = digits({ n: 200, seed: 7 });
    const c = digits({ n: 200, seed: 8 });
    expect(same(a.x, b.x)).toBe(true);
    expect(same(a.y, b.y)).toBe(true);
    expect(same(a.x, c.x)).toBe(false);
    expect(checksum(a.x as Float32Array)).toBe(PINNED_X);
    expect(checksum(a.y as Int32Array)).toBe(PINNED_Y);
  });

  it('noise 0 leaves a clean background; noise adds speckle', () => {
    const clean = digits({ n: 50, seed: 3, noise: 0 });
    const noisy = digits({ n: 50, seed: 3, noise: 0.5 });
    const corner = (ds: Dataset) => {
      let s = 0;
      for (let i = 0; i < ds.n; i++) s += ds.x[i * D] + ds.x[i * D + 27] + ds.x[i * D + 27 * 28] + ds.x[i * D + D - 1];
      return s;
    };
    expect(corner(clean)).toBe(0);
    expect(corner(noisy)).toBeGreaterThan(1);
  });

  it('classes differ: class-mean images are far apart', () => {
    const means = classMeans(digits({ n: 5000, seed: 2 }));
    let minDist = Infinity;
    for (let a = 0; a < 10; a++) for (let b = a + 1; b < 10; b++) minDist = Math.min(minDist, dist(means[a], means[b]));
    // The closest pair (6 and 8) is about 2.0 apart (a single image is ~6 from its class mean).
    expect(minDist).toBeGreaterThan(1.5);
  });

  it('is learnable but not trivial: nearest centroid well above chance, well below 100%', () => {
    const train = digits({ n: 5000, seed: 11 });
    const test = digits({ n: 1000, seed: 12 });
    const acc = nearestCentroidAccuracy(train, test);
    expect(acc).toBeGreaterThan(0.55);
    expect(acc).toBeLessThan(0.9);
  });

  it('generates 10k images fast', () => {
    const t0 = performance.now();
    const ds = digits({ n: 10000, seed: 1 });
    const ms = performance.now() - t0;
    console.log(`digits: 10000 images in ${ms.toFixed(0)} ms`);
    expect(ds.n).toBe(10000);
    expect(ms).toBeLessThan(5000); // typically ~0.5 s; generous for loaded CI machines
  });

  it('renders as ASCII for debugging', () => {
    const art = digitToAscii(digits({ n: 1, seed: 1, noise: 0 }).x, 0);
    expect(art.split('\n')).toHaveLength(28);
    expect(art).toMatch(/[#%@]/);
  });

  it('registry entry: 10000 train / 2000 test by default, seeded', async () => {
    const entry = getDataset('digits');
    expect(entry.defaults).toEqual({ train: 10000, test: 2000, noise: 0.2 });
    expect(entry.kind).toBe('image');
    expect(entry.inputShape).toEqual([28, 28, 1]);
    const a = await loadDataset('digits', { n: 300, seed: 5 });
    const b = await loadDataset('digits', { n: 300, seed: 5 });
    expect(a.train.n).toBe(300);
    expect(a.test.n).toBe(2000);
    expect(same(a.train.x, b.train.x)).toBe(true);
    expect(same(a.test.x.subarray(0, a.train.x.length), a.train.x)).toBe(false);
  });
});

// checksum() of digits({ n: 200, seed: 7 }); a change here changes every digits dataset.
const PINNED_X = 0xd613a4be;
const PINNED_Y = 0x80416285;
