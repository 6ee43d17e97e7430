/** Tests for the text and sequence entries of the dataset registry. */
import { describe, it, expect } from 'vitest';
import { getDataset, isDatasetId, loadDataset } from '../../src/data/registry';
import { tokenIdRangeError } from '../../src/data/text/text-dataset';

describe('text and sequence registry entries', () => {
  it('are registered with shapes, classes and defaults', () => {
    const expected = {
      'topics-bow': [1000], 'topics-ids': [64], 'sentiment-ids': [40], 'sentiment-bow': [128], waves: [100, 1],
    } as const;
    for (const [id, shape] of Object.entries(expected)) {
      expect(isDatasetId(id)).toBe(true);
      if (!isDatasetId(id)) continue;
      const e = getDataset(id);
      expect(e.inputShape).toEqual(shape);
      expect(e.task).toBe('classification');
      expect(e.numClasses).toBe(id.startsWith('sentiment') ? 2 : 10);
      expect(e.defaults.train).toBe(5000);
      expect(e.defaults.test).toBe(1000);
      expect(e.description.length).toBeGreaterThan(20);
    }
  });

  it('load with the right shapes and dtypes, deterministically', async () => {
    const cases = [
      ['topics-bow', 'float32', 1000, 1000],
      ['topics-ids', 'int32', 64, 1000],
      ['sentiment-ids', 'int32', 40, 128],
      ['sentiment-bow', 'float32', 128, 128],
      ['waves', 'float32', 100, 0],
    ] as const;
    for (const [id, dtype, width, vocab] of cases) {
      const { train, test } = await loadDataset(id, { n: 300, seed: 2 });
      expect(train.n).toBe(300);
      expect(test.n).toBe(1000);
      expect(train.name).toBe(id);
      expect(train.inputDtype).toBe(dtype);
      expect(train.x).toBeInstanceOf(dtype === 'int32' ? Int32Array : Float32Array);
      expect(test.inputDtype).toBe(dtype);
      expect(train.inputShape).toEqual(getDataset(id).inputShape);
      expect(train.x.length).toBe(300 * width * (id === 'waves' ? 1 : 1));
      expect(test.x.length).toBe(1000 * width);
      expect(train.y).toBeInstanceOf(Int32Array);
      expect(train.classNames).toHaveLength(train.numClasses!);
      if (dtype === 'int32') {
        expect(tokenIdRangeError(train, vocab)).toBeNull();
        expect(tokenIdRangeError(test, vocab)).toBeNull();
      }
      const again = await loadDataset(id, { n: 300, seed: 2 });
      expect(again.train.x).toEqual(train.x);
      expect(again.test.y).toEqual(test.y);
      const other = await loadDataset(id, { n: 300, seed: 3 });
      expect(other.train.x).not.toEqual(train.x);
    }
  });

  it('sentiment-ids never truncates (the decisive clause is last) and uses few OOV ids', async () => {
    const { test } = await loadDataset('sentiment-ids', { n: 2000 });
    let oov = 0;
    for (let i = 0; i < test.n; i++) {
      expect(test.x[i * 40 + 39]).toBe(0); // last position is always padding
      for (let j = 0; j < 40; j++) if (test.x[i * 40 + j] === 1) oov++;
    }
    expect(oov).toBeLessThan(10);
  });

  it('topics-bow rows are L2-normalised tf-idf; default sizes generate quickly', async () => {
    const t0 = performance.now();
    const { train } = await loadDataset('topics-bow');
    const ms = performance.now() - t0;
    expect(train.n).toBe(5000);
    for (let i = 0; i < 5; i++) {
      let s = 0;
      for (let j = 0; j < 1000; j++) s += train.x[i * 1000 + j] ** 2;
      expect(s).toBeCloseTo(1, 5);
    }
    expect(ms).toBeLessThan(5000); // ~0.2 s measured
  });
});
