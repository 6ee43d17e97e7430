import { describe, expect, it } from 'vitest';
import { textDatasetSplits } from '../../src/data/text/text-dataset';
import { decodeIds, describeTextRow, encodeText } from '../../src/data/text/encode-text';

const train = {
  texts: ['the film was good', 'the film was not good', 'a bad film', 'good acting and a good story', 'bad bad bad'],
  labels: [1, 0, 0, 1, 0],
};
const test = { texts: ['good film'], labels: [1] };

describe('a typed text is encoded exactly like the training texts', () => {
  for (const mode of ['ids', 'bow', 'binary', 'tfidf'] as const) {
    it(`${mode}: every training text encodes to its own row`, () => {
      const { train: ds } = textDatasetSplits(train, test, { mode, vocabularySize: 12, length: 6, classNames: ['neg', 'pos'] });
      const width = ds.inputShape[0];
      train.texts.forEach((t, i) => {
        const e = encodeText(ds, t);
        if (typeof e === 'string') throw new Error(e);
        expect(e.x.constructor).toBe(ds.x.constructor);
        expect([...e.x]).toEqual([...ds.x.subarray(i * width, (i + 1) * width)]);
      });
    });
  }

  it('marks the words the vocabulary does not know, and refuses texts without words', () => {
    const { train: ds } = textDatasetSplits(train, test, { mode: 'ids', vocabularySize: 12, length: 6 });
    const e = encodeText(ds, 'The FILM was marvellous!');
    if (typeof e === 'string') throw new Error(e);
    expect(e.words).toEqual([
      { word: 'the', known: true },
      { word: 'film', known: true },
      { word: 'was', known: true },
      { word: 'marvellous', known: false },
    ]);
    expect(e.x[3]).toBe(1); // <oov>
    expect(encodeText(ds, '  ?! ')).toBe('Type a few words: this text has none.');
    expect(encodeText({ inputShape: [2] }, 'hello')).toMatch(/not text/);
  });

  it('decodes token ids back to words, and shows a bag-of-words row by its strongest words', () => {
    const { train: ids } = textDatasetSplits(train, test, { mode: 'ids', vocabularySize: 12, length: 6 });
    expect(decodeIds(ids.x.subarray(6, 12), ids.textEncoding!.words)).toBe('the film was not good');
    expect(describeTextRow(ids.x.subarray(0, 6), ids.textEncoding!)).toBe('the film was good');
    const { train: bow } = textDatasetSplits(train, test, { mode: 'bow', vocabularySize: 12 });
    const w = bow.inputShape[0];
    expect(describeTextRow(bow.x.subarray(4 * w, 5 * w), bow.textEncoding!)).toBe('bad');
    expect(describeTextRow(bow.x.subarray(3 * w, 4 * w), bow.textEncoding!)).toMatch(/^good · /);
  });
});
