/**
 * The tokenizer document (src/io/tokenizer-json.ts): a tiny encoder written here from the JSON's
 * fields alone (what a user outside the playground would write) gives exactly the rows the
 * playground's own encoding gives (encode-text.ts for word ids and bag-of-words, the character
 * vocabulary and the generation window for char-lm) on raw strings with punctuation, case,
 * typographic apostrophes, unknown words and non-ASCII letters; the document survives a JSON round
 * trip through parseTokenizer, which refuses broken documents with the field named.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/registry';
import { encodeText } from '../../src/data/text/encode-text';
import { textDataset } from '../../src/data/text/text-dataset';
import { CharVocabulary } from '../../src/data/text/char-corpus';
import type { Dataset } from '../../src/data/dataset';
import { parseTokenizer, tokenizerOf, type TokenizerDoc } from '../../src/io/tokenizer-json';
import { encodeWith } from '../helpers/tokenizer-encode';

const TEXTS = [
  'A wonderful, WONDERFUL film!',
  "Don't watch it: 'terrible' and boring…",
  'Ünïcode wörds, 42 numbers and the café’s menu',
  'zzzunknownword qqq the the the',
  'x '.repeat(200),
];

function roundTrip(ds: Dataset): TokenizerDoc {
  const doc = tokenizerOf(ds);
  if (!doc) throw new Error(`${ds.name} has no tokenizer`);
  return parseTokenizer(JSON.parse(JSON.stringify(doc)));
}

describe('tokenizer.json: an encoder driven by the document equals the playground encoding', () => {
  for (const id of ['sentiment-ids', 'topics-ids', 'topics-bow', 'sentiment-bow'] as const) {
    it(id, async () => {
      const { test } = await loadDataset(id);
      const doc = roundTrip(test);
      expect(doc.kind).toBe(id.endsWith('ids') ? 'words' : 'bag-of-words');
      expect(doc.class_names).toEqual(test.classNames);
      expect(doc.vocab.slice(0, 2)).toEqual(['<pad>', '<oov>']);
      // A text of the vocabulary's own words, upper-cased and punctuated, besides the fixed ones.
      const own = doc.vocab.slice(2, 14).map((w, i) => (i % 2 ? w.toUpperCase() : `${w},`)).join(' ');
      let known = 0;
      for (const text of [...TEXTS, own]) {
        const want = encodeText(test, text);
        if (typeof want === 'string') throw new Error(want);
        const got = encodeWith(doc, text);
        // Bit-identical (float32 for bag-of-words), not approximately equal.
        expect(got).toEqual(Array.from(want.x));
        known += doc.kind === 'words' ? got.filter((v) => v > 1).length : got.slice(2).filter((v) => v > 0).length;
      }
      expect(known).toBeGreaterThanOrEqual(12); // the vocabulary's words are found: not only padding and OOV
    });
  }

  it('binary bag-of-words and the first rows of a dataset', () => {
    const texts = ['the cat sat', 'the dog sat on the mat', 'a cat, a dog'];
    const ds = textDataset(texts, [0, 1, 0], { mode: 'binary', vocabularySize: 8, classNames: ['neg', 'pos'] });
    const doc = roundTrip(ds);
    expect(doc.features).toMatchObject({ mode: 'binary', width: 8, idf: null, normalize: null });
    texts.forEach((t, i) => expect(encodeWith(doc, t)).toEqual(Array.from(ds.x.subarray(i * 8, i * 8 + 8))));
  });

  it('char-lm: the generation window (last T characters, padded with 0 after them)', async () => {
    const { train } = await loadDataset('readme-chars');
    const doc = roundTrip(train);
    expect(doc).toMatchObject({ kind: 'chars', sequence_length: 64, truncation: 'start', output: 'next-char', lowercase: false });
    const vocabulary = CharVocabulary.fromTable(train.classNames!);
    for (const text of [...TEXTS, 'Train a network in the browser — 🙂 emoji are one character']) {
      const ids = Array.from(vocabulary.encode(text)).slice(-64);
      const window = new Int32Array(64);
      window.set(ids);
      expect(encodeWith(doc, text)).toEqual(Array.from(window));
    }
  });

  it('non-text datasets have no tokenizer', async () => {
    const { test } = await loadDataset('spiral');
    expect(tokenizerOf(test)).toBeNull();
  });
});

describe('parseTokenizer refuses broken documents', () => {
  it('names each bad field', async () => {
    const { test } = await loadDataset('sentiment-ids');
    const good = JSON.parse(JSON.stringify(tokenizerOf(test))) as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>, message: RegExp) => expect(() => parseTokenizer({ ...good, ...patch }, 'tokenizer.json')).toThrow(message);
    bad({ format: 'x' }, /format must be "webgpu-playground-tokenizer"/);
    bad({ kind: 'bytes' }, /kind must be/);
    bad({ sequence_length: 0 }, /sequence_length must be a positive whole number/);
    bad({ vocab: ['<pad>', 3] }, /vocab\[1\] must be a string/);
    bad({ unk_id: 999 }, /unk_id must be a whole number below the vocabulary size/);
    bad({ pattern: '([' }, /pattern .* is not a valid regular expression/);
    bad({ features: { mode: 'count' } }, /features must be null/);
    bad({ class_names: 'pos' }, /class_names must be a list of strings/);
    expect(() => parseTokenizer([], 'x')).toThrow(/x must be a JSON object/);
    expect(parseTokenizer(good)).toEqual(good);
  });
});
