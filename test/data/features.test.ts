/** Tests for the feature-clusters generator: shapes, balance, determinism, learnability. */
import { describe, it, expect } from 'vitest';
import { featureClusters } from '../../src/data/features';
import { nearestCentroidAccuracy } from './centroid';
import { checksum } from './checksum';

describe('featureClusters', () => {
  it('has the requested shape, dtype and balanced classes', () => {
    const ds = featureClusters({ n: 1003, features: 100, seed: 1 });
    expect(ds.task).toBe('classification');
    expect(ds.name).toBe('features-100');
    expect(ds.inputShape).toEqual([100]);
    expect(ds.targetShape).toEqual([]);
    expect(ds.numClasses).toBe(10);
    expect(ds.classNames).toHaveLength(10);
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(ds.x.length).toBe(1003 * 100);
    expect(ds.y).toBeInstanceOf(Int32Array);
    const counts = new Array(10).fill(0);
    for (const c of ds.y) counts[c]++;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b)).toBe(1003);
    expect(ds.x.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('is deterministic by seed and stream; pinned checksum', () => {
    const a = featureClusters({ n: 50, features: 20, seed: 3 });
    const b = featureClusters({ n: 50, features: 20, seed: 3 });
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    expect([checksum(a.x), checksum(a.y)]).toEqual([853932331, 3653594724]);
    expect(featureClusters({ n: 50, features: 20, seed: 4 }).x).not.toEqual(a.x);
    expect(featureClusters({ n: 50, features: 20, seed: 3, stream: 'test' }).x).not.toEqual(a.x);
  });

  it('is learnable but not trivial: nearest centroid well above chance, below 100% (100 features)', () => {
    const train = featureClusters({ n: 2000, features: 100, seed: 1, stream: 'train' });
    const test = featureClusters({ n: 1000, features: 100, seed: 1, stream: 'test' });
    const acc = nearestCentroidAccuracy(train, test);
    expect(acc).toBeGreaterThan(0.6);
    expect(acc).toBeLessThan(1);
    // The class structure is shared across streams, noise is not: a different seed's classes don't help.
    const otherTrain = featureClusters({ n: 2000, features: 100, seed: 2, stream: 'train' });
    expect(nearestCentroidAccuracy(otherTrain, test)).toBeLessThan(0.3);
  });

  it('is learnable at 1000 features too', () => {
    const train = featureClusters({ n: 1000, features: 1000, seed: 1, stream: 'train' });
    const test = featureClusters({ n: 300, features: 1000, seed: 1, stream: 'test' });
    const acc = nearestCentroidAccuracy(train, test);
    expect(acc).toBeGreaterThan(0.6);
    expect(acc).toBeLessThan(1);
  });

  it('more noise makes it harder', () => {
    const easy = nearestCentroidAccuracy(
      featureClusters({ n: 1000, features: 100, seed: 5, stream: 'a', noise: 1 }),
      featureClusters({ n: 500, features: 100, seed: 5, stream: 'b', noise: 1 }),
    );
    const hard = nearestCentroidAccuracy(
      featureClusters({ n: 1000, features: 100, seed: 5, stream: 'a', noise: 2 }),
      featureClusters({ n: 500, features: 100, seed: 5, stream: 'b', noise: 2 }),
    );
    expect(hard).toBeLessThan(easy - 0.1);
  });

  it('validates options', () => {
    expect(() => featureClusters({ n: 0, features: 10, seed: 1 })).toThrow(/n must be/);
    expect(() => featureClusters({ n: 10, features: 0, seed: 1 })).toThrow(/features must be/);
    expect(() => featureClusters({ n: 10, features: 10, classes: 1, seed: 1 })).toThrow(/classes must be/);
  });
});
