/** Tests for labelled-text Datasets (ids and bag-of-words) and the token-id range check. */
import { describe, it, expect } from 'vitest';
import { fitTextFeatures, textDataset, textDatasetSplits, tokenIdRangeError } from '../../src/data/text/text-dataset';

const texts = ['good movie', 'bad movie', 'good good fun', 'bad plot'];
const labels = [1, 0, 1, 0];

describe('textDataset', () => {
  it('ids: int32 [n, length], padded at the end', () => {
    const ds = textDataset(texts, labels, { mode: 'ids', vocabularySize: 10, length: 3, classNames: ['neg', 'pos'], name: 't' });
    expect(ds.inputDtype).toBe('int32');
    expect(ds.x).toBeInstanceOf(Int32Array);
    expect(ds.inputShape).toEqual([3]);
    expect(ds.n).toBe(4);
    expect(ds.numClasses).toBe(2);
    expect(ds.classNames).toEqual(['neg', 'pos']);
    expect(ds.name).toBe('t');
    // vocabulary: good 3, bad 2, movie 2 -> bad, good, movie ... ties alphabetical: good(3), bad(2), movie(2), fun, plot
    expect(Array.from(ds.x.subarray(0, 3))).toEqual([2, 4, 0]);
    expect(Array.from(ds.y)).toEqual(labels);
    expect(tokenIdRangeError(ds, 10)).toBeNull();
  });

  it('bow / binary / tfidf: float32 [n, vocabularySize]', () => {
    for (const mode of ['bow', 'binary', 'tfidf'] as const) {
      const ds = textDataset(texts, labels, { mode, vocabularySize: 8 });
      expect(ds.inputDtype).toBe('float32');
      expect(ds.x).toBeInstanceOf(Float32Array);
      expect(ds.inputShape).toEqual([8]);
      expect(ds.x.length).toBe(32);
      expect(ds.classNames).toEqual(['class 0', 'class 1']);
    }
    const bow = textDataset(texts, labels, { mode: 'bow', vocabularySize: 8 });
    expect(bow.x[2 * 8 + 2]).toBe(2); // "good good fun": good (id 2) twice
  });

  it('splits fit the vocabulary on the training texts only', () => {
    const { train, test } = textDatasetSplits(
      { texts, labels },
      { texts: ['great movie'], labels: [1] },
      { mode: 'ids', vocabularySize: 10, length: 2 },
    );
    expect(train.n).toBe(4);
    expect(Array.from(test.x)).toEqual([1, 4]); // "great" is unknown to the training vocabulary
    const f = fitTextFeatures(texts, { mode: 'tfidf', vocabularySize: 6 });
    expect(f.inputShape).toEqual([6]);
  });

  it('rejects bad options', () => {
    expect(() => textDataset(texts, [1, 0], { mode: 'bow', vocabularySize: 8 })).toThrow(/4 texts but 2 labels/);
    expect(() => textDataset(texts, labels, { mode: 'ids', vocabularySize: 8 })).toThrow(/length/);
    expect(() => textDataset(texts, [0, 1, 2, -1], { mode: 'bow', vocabularySize: 8 })).toThrow(/row 3/);
    expect(() => textDataset(texts, [0, 1, 2, 0], { mode: 'bow', vocabularySize: 8, classNames: ['a', 'b'] })).toThrow(/out of range/);
  });
});

describe('tokenIdRangeError', () => {
  it('names the row, position and id when an id is >= inputDim', () => {
    const ds = textDataset(texts, labels, { mode: 'ids', vocabularySize: 10, length: 3, name: 'reviews' });
    // ids in use: up to 6 (plot)
    expect(tokenIdRangeError(ds, 7)).toBeNull();
    const msg = tokenIdRangeError(ds, 5);
    expect(msg).toContain('dataset "reviews" row 2, position 2: token id 5 is >= the Embedding\'s vocabulary size (inputDim) 5');
    expect(msg).toContain('use inputDim >= 7');
  });

  it('reports negative ids and non-id datasets', () => {
    const neg = { name: 'n', n: 1, inputShape: [2], inputDtype: 'int32' as const, x: Int32Array.from([3, -2]) };
    expect(tokenIdRangeError(neg, 10)).toBe('dataset "n" row 0, position 1: token id -2 is negative; token ids must be in [0, 10)');
    const bow = textDataset(texts, labels, { mode: 'bow', vocabularySize: 8, name: 'b' });
    expect(tokenIdRangeError(bow, 8)).toMatch(/float32 inputs, not token ids/);
  });
});
