/** Tests for takeRows, splitDataset and epochPermutation. */
import { describe, it, expect } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { epochPermutation, splitDataset, takeRows } from '../../src/data/split';
import { plane } from '../../src/data/synthetic2d';

/** Rows tagged by their index: x = [i, -i], y = i, so each row's origin can be recovered. */
function tagged(n: number): Dataset {
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = -i;
    y[i] = i;
  }
  return { name: 'tagged', task: 'classification', n, inputShape: [2], inputDtype: 'float32', x, y, targetShape: [], numClasses: n };
}

describe('takeRows', () => {
  it('copies the requested rows in order, keeping metadata and array types', () => {
    const ds = tagged(10);
    const t = takeRows(ds, [3, 0, 3]);
    expect(t.n).toBe(3);
    expect(Array.from(t.x)).toEqual([3, -3, 0, -0, 3, -3]);
    expect(Array.from(t.y)).toEqual([3, 0, 3]);
    expect(t.x).toBeInstanceOf(Float32Array);
    expect(t.y).toBeInstanceOf(Int32Array);
    expect(t.inputShape).toEqual([2]);
    expect(t.name).toBe('tagged');
    (t.x as Float32Array)[0] = 99;
    expect(ds.x[6]).toBe(3); // a copy, not a view
  });

  it('handles regression targets and int32 inputs', () => {
    const reg = plane({ n: 5, noise: 0, seed: 1 });
    const t = takeRows(reg, new Uint32Array([4, 1]));
    expect(t.y).toBeInstanceOf(Float32Array);
    expect(Array.from(t.y)).toEqual([reg.y[4], reg.y[1]]);
    const tokens: Dataset = {
      name: 'tok', task: 'classification', n: 3, inputShape: [2], inputDtype: 'int32',
      x: new Int32Array([1, 2, 3, 4, 5, 6]), y: new Int32Array([0, 1, 0]), targetShape: [], numClasses: 2,
    };
    const tt = takeRows(tokens, [2, 0]);
    expect(tt.x).toBeInstanceOf(Int32Array);
    expect(Array.from(tt.x)).toEqual([5, 6, 1, 2]);
    expect(takeRows(tokens, []).n).toBe(0);
  });

  it('rejects out-of-range or non-integer indices', () => {
    expect(() => takeRows(tagged(3), [3])).toThrow(/index 3 at position 0 is not a row/);
    expect(() => takeRows(tagged(3), [-1])).toThrow(RangeError);
    expect(() => takeRows(tagged(3), [1.5])).toThrow(RangeError);
  });
});

describe('splitDataset', () => {
  it('has the right sizes, is disjoint and covers every row', () => {
    const ds = tagged(101);
    const { train, validation } = splitDataset(ds, 0.2, 7);
    expect(validation.n).toBe(20);
    expect(train.n).toBe(81);
    const seen = [...Array.from(train.y), ...Array.from(validation.y)];
    expect(new Set(seen).size).toBe(101);
    const valSet = new Set(validation.y);
    for (const r of train.y) expect(valSet.has(r)).toBe(false);
    // rows stay intact (x matches y)
    for (let i = 0; i < train.n; i++) expect(train.x[2 * i]).toBe(train.y[i]);
  });

  it('shuffles deterministically by seed', () => {
    const ds = tagged(100);
    const a = splitDataset(ds, 0.3, 1);
    const b = splitDataset(ds, 0.3, 1);
    const c = splitDataset(ds, 0.3, 2);
    expect(a.validation.y).toEqual(b.validation.y);
    expect(a.validation.y).not.toEqual(c.validation.y);
    expect(Array.from(a.validation.y)).not.toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('handles the 0 and 1 extremes and rejects bad fractions', () => {
    expect(splitDataset(tagged(10), 0, 1).validation.n).toBe(0);
    expect(splitDataset(tagged(10), 1, 1).train.n).toBe(0);
    expect(() => splitDataset(tagged(10), 1.5, 1)).toThrow(/fraction/);
    expect(() => splitDataset(tagged(10), NaN, 1)).toThrow(/fraction/);
  });
});

describe('epochPermutation', () => {
  it('is a permutation, deterministic per (seed, epoch), different across epochs and seeds', () => {
    const p = epochPermutation(50, 3, 0);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochPermutation(50, 3, 0)).toEqual(p);
    expect(epochPermutation(50, 3, 1)).not.toEqual(p);
    expect(epochPermutation(50, 4, 0)).not.toEqual(p);
    expect(() => epochPermutation(5, 1, -1)).toThrow(/epoch/);
  });
});
