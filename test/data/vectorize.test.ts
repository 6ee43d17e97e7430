/** Tests for bag-of-words vectors: counts, binary and tf-idf against hand-computed values. */
import { describe, it, expect } from 'vitest';
import { buildVocabulary, Vocabulary } from '../../src/data/tokenizer';
import { fitVectorizer, smoothIdf, Vectorizer } from '../../src/data/vectorize';

// Vocabulary in a fixed order: ids 2 = a, 3 = b, 4 = c.
const vocab = new Vocabulary(['a', 'b', 'c']);
const docs = ['a b a', 'b c', 'a d'];

describe('vectorize', () => {
  it('counts and binary presence, one column per id (0 = PAD, 1 = OOV)', () => {
    const counts = new Vectorizer(vocab, 'count').transform(docs);
    expect(Array.from(counts)).toEqual([
      0, 0, 2, 1, 0,
      0, 0, 0, 1, 1,
      0, 1, 1, 0, 0,
    ]);
    const binary = new Vectorizer(vocab, 'binary').transform(docs);
    expect(Array.from(binary.subarray(0, 5))).toEqual([0, 0, 1, 1, 0]);
  });

  it('tf-idf matches hand-computed scikit-learn values on 3 documents', () => {
    const idf = smoothIdf(docs, vocab);
    // n = 3; df: oov 1, a 2, b 2, c 1 -> idf = ln(4 / (1 + df)) + 1
    const idf1 = Math.log(4 / 2) + 1; // 1.6931471805599454
    const idf2 = Math.log(4 / 3) + 1; // 1.2876820724517808
    expect(idf[1]).toBeCloseTo(idf1, 14);
    expect(idf[2]).toBeCloseTo(idf2, 14);
    expect(idf[3]).toBeCloseTo(idf2, 14);
    expect(idf[4]).toBeCloseTo(idf1, 14);
    const x = new Vectorizer(vocab, 'tfidf', idf).transform(docs);
    // doc 0: a = 2 * idf2, b = idf2 -> normalised (2, 1) / sqrt(5)
    expect(x[2]).toBeCloseTo(2 / Math.sqrt(5), 6); // 0.894427
    expect(x[3]).toBeCloseTo(1 / Math.sqrt(5), 6); // 0.447214
    // doc 1: b = idf2, c = idf1 -> (idf2, idf1) / hypot
    const h = Math.hypot(idf2, idf1);
    expect(x[5 + 3]).toBeCloseTo(idf2 / h, 6); // 0.605349
    expect(x[5 + 4]).toBeCloseTo(idf1 / h, 6); // 0.795961
    expect(x[5 + 3]).toBeCloseTo(0.6053485, 6);
    // doc 2: oov (d) = idf1, a = idf2
    expect(x[10 + 1]).toBeCloseTo(idf1 / h, 6);
    expect(x[10 + 2]).toBeCloseTo(idf2 / h, 6);
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let j = 0; j < 5; j++) s += x[r * 5 + j] ** 2;
      expect(s).toBeCloseTo(1, 6);
    }
  });

  it('an empty document is an all-zero row; fitVectorizer builds the vocabulary and fixed width', () => {
    const v = fitVectorizer(['x y y', 'z'], { mode: 'tfidf', vocabularySize: 10 });
    expect(v.vocabulary.idToWord).toEqual(['<pad>', '<oov>', 'y', 'x', 'z']);
    expect(v.numFeatures).toBe(10);
    const x = v.transform(['', 'y']);
    expect(x.length).toBe(20);
    expect(Array.from(x.subarray(0, 10)).every((t) => t === 0)).toBe(true);
    expect(x[10 + 2]).toBeCloseTo(1, 6);
    expect(() => new Vectorizer(vocab, 'tfidf')).toThrow(/idf/);
    expect(buildVocabulary(['q'], 3).size).toBe(3);
  });
});
