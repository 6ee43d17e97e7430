/** The character corpus: vocabulary, next-character windows, contiguous held-out parts, the unigram baseline. */
import { describe, expect, it } from 'vitest';
import { buildCharVocabulary, charCorpus, charWindows, unigramEntropy, UNKNOWN_CHAR } from '../../src/data/text/char-corpus';
import { loadDataset } from '../../src/data/registry';
import { README_TEXT } from '../../src/data/text/readme-text';
import { readFileSync } from 'node:fs';

describe('character corpus', () => {
  it('vocabulary: id 0 unknown, then by frequency (ties by code point), capped at the capacity', () => {
    const v = buildCharVocabulary('bbaac😀😀😀', 4);
    expect(v.chars).toEqual([UNKNOWN_CHAR, '😀', 'a', 'b']);
    expect(Array.from(v.encode('abcz😀'))).toEqual([2, 3, 0, 0, 1]);
    expect(v.decode([1, 2, 0])).toBe(`😀a${UNKNOWN_CHAR}`);
    expect(() => buildCharVocabulary('abc', 1)).toThrow(/at least 2 ids/);
  });

  it('windows: x = ids[i..i+T), y = ids[i+1..i+T+1)', () => {
    const w = charWindows(Int32Array.from([1, 2, 3, 4, 5, 6]), 3);
    expect(w.n).toBe(3);
    expect(Array.from(w.x)).toEqual([1, 2, 3, 2, 3, 4, 3, 4, 5]);
    expect(Array.from(w.y)).toEqual([2, 3, 4, 3, 4, 5, 4, 5, 6]);
    expect(charWindows(Int32Array.from([1, 2, 3]), 3).n).toBe(0);
  });

  it('splits in order: train | validation | test, vocabulary from the training part only', () => {
    const text = 'abcdefghij'.repeat(12) + 'X'.repeat(30); // 150 characters: the held-out 30 are all X
    const c = charCorpus(text, { context: 4, capacity: 16, name: 't' });
    expect(c.text.train + c.text.validation + c.text.test).toBe(text);
    expect([c.text.train.length, c.text.validation.length, c.text.test.length]).toEqual([120, 15, 15]);
    expect([c.train.n, c.validation.n, c.test.n]).toEqual([116, 11, 11]);
    expect(c.test.targetShape).toEqual([4]);
    expect(c.vocabulary.id('X')).toBe(0); // only in held-out text: unknown
    expect(c.train.classNames).toHaveLength(16);
    expect(() => charCorpus('short text', { context: 64, capacity: 16, name: 't' })).toThrow(/needs at least 65 for one window of 64/);
  });

  it('the unigram entropy of a uniform 4-letter stream is ln 4', () => {
    expect(unigramEntropy([1, 2, 3, 4, 4, 3, 2, 1])).toBeCloseTo(Math.log(4), 12);
  });

  it('readme-chars is the README (the file on disk), 64-character windows over 96 ids', async () => {
    expect(README_TEXT).toBe(readFileSync('README.md', 'utf8'));
    const s = await loadDataset('readme-chars');
    expect(s.validation).toBeDefined();
    expect(s.train.inputShape).toEqual([64]);
    expect(s.train.y.length).toBe(s.train.n * 64);
    expect(s.train.numClasses).toBe(96);
    expect(s.train.n + s.validation!.n + s.test.n).toBe([...README_TEXT].length - 3 * 64);
  });
});
