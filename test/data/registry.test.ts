/** Tests for the built-in dataset registry. */
import { describe, it, expect } from 'vitest';
import { DATASET_IDS, getDataset, isDatasetId, listDatasets, loadDataset, type DatasetId } from '../../src/data/registry';

describe('dataset registry', () => {
  it('lists exactly the built-in ids with labels, descriptions and defaults', () => {
    const expected: DatasetId[] = [
      'circles', 'xor', 'gaussians', 'spiral', 'plane', 'gaussian-bump', 'features-100', 'features-1000', 'fashion-mnist', 'digits', 'topics-bow', 'topics-ids', 'sentiment-ids', 'sentiment-bow', 'waves',
      'readme-chars',
    ];
    expect(DATASET_IDS).toEqual(expected);
    const list = listDatasets();
    expect(list.map((d) => d.id)).toEqual(expected);
    for (const d of list) {
      expect(d.label.length).toBeGreaterThan(0);
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.defaults.train).toBeGreaterThan(0);
      expect(d.defaults.test).toBeGreaterThan(0);
    }
    expect(getDataset('circles').defaults).toEqual({ train: 1000, test: 500, noise: 0.1 });
    expect(getDataset('features-100').defaults.train).toBe(5000);
    expect(getDataset('features-1000').defaults.test).toBe(1000);
    expect(isDatasetId('spiral')).toBe(true);
    expect(isDatasetId('toString')).toBe(false);
    expect(isDatasetId('mnist')).toBe(false);
    expect(isDatasetId('digits')).toBe(true);
  });

  it('image datasets: shapes, kinds and defaults', () => {
    const fm = getDataset('fashion-mnist');
    expect(fm.label).toBe('Fashion-MNIST');
    expect(fm.defaults).toEqual({ train: 60000, test: 10000, noise: 0 });
    expect(fm.inputShape).toEqual([28, 28, 1]);
    expect(fm.numClasses).toBe(10);
    expect(fm.kind).toBe('image');
    expect(fm.source).toBe('files');
    const dg = getDataset('digits');
    expect(dg.defaults.train).toBe(10000);
    expect(dg.defaults.test).toBe(2000);
    expect(dg.kind).toBe('image');
    expect(dg.source).toBeUndefined();
    expect(getDataset('circles').kind).toBeUndefined();
  });

  it('loads 2D datasets with default sizes and matching metadata', async () => {
    for (const id of ['circles', 'xor', 'gaussians', 'spiral', 'plane', 'gaussian-bump'] as const) {
      const entry = getDataset(id);
      const { train, test } = await entry.load();
      expect(train.n).toBe(1000);
      expect(test.n).toBe(500);
      expect(train.name).toBe(id);
      expect(train.task).toBe(entry.task);
      expect(train.inputShape).toEqual(entry.inputShape);
      expect(train.targetShape).toEqual(entry.task === 'classification' ? [] : [1]);
      expect(test.x).not.toEqual(train.x.subarray(0, test.x.length));
    }
  });

  it('honours seed, n and noise; same options give identical data', async () => {
    const a = await loadDataset('spiral', { seed: 3, n: 200, noise: 0.3 });
    const b = await loadDataset('spiral', { seed: 3, n: 200, noise: 0.3 });
    const c = await loadDataset('spiral', { seed: 4, n: 200, noise: 0.3 });
    expect(a.train.n).toBe(200);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.x).toEqual(b.test.x);
    expect(a.train.x).not.toEqual(c.train.x);
  });

  it('features-100: train and test share class structure', async () => {
    const { train, test } = await loadDataset('features-100', { n: 500 });
    expect(train.n).toBe(500);
    expect(test.n).toBe(1000);
    expect(train.inputShape).toEqual([100]);
    expect(train.numClasses).toBe(10);
    expect(train.name).toBe('features-100');
  });

  it('features-1000 loads with its shape (small n to stay fast)', async () => {
    const { train, test } = await loadDataset('features-1000', { n: 100, seed: 2 });
    expect(train.x.length).toBe(100 * 1000);
    expect(test.n).toBe(1000);
    expect(train.inputShape).toEqual([1000]);
  });
});
