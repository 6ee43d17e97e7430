/** Uploaded text CSVs: parsing, the seeded split, and features made for the model's input. */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../helpers/error-message';
import { textCsvUpload } from '../../../src/data/uploads/text-csv';
import { textUploadSplits } from '../../../src/data/uploads/text-features';
import { uploadMeta } from '../../../src/data/uploads/types';

const rows = Array.from({ length: 20 }, (_, i) => (i % 2 ? `"a great, great film ${i}",pos` : `dull and boring ${i},neg`));
const CSV = `text,label\n${rows.join('\n')}\n`;

describe('textCsvUpload', () => {
  it('reads texts and labels and splits off 10% as test, in file order', () => {
    const u = textCsvUpload(CSV);
    expect(u.classNames).toEqual(['neg', 'pos']);
    expect(u.tokenIds).toBe(false);
    expect(u.train.texts.length).toBe(18);
    expect(u.test.texts.length).toBe(2);
    const all = [...u.train.texts, ...u.test.texts];
    expect(new Set(all).size).toBe(20);
    const order = u.train.texts.map((t) => Number(t.match(/\d+$/)![0]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    u.train.texts.forEach((t, i) => expect(u.classNames[u.train.labels[i]]).toBe(t.startsWith('a great') ? 'pos' : 'neg'));
    expect(textCsvUpload(CSV).test).toEqual(u.test);
    const meta = uploadMeta({ id: 'upload:t', name: 'reviews.csv', format: 'text-csv', data: u });
    expect(meta).toMatchObject({ kind: 'text', trainRows: 18, testRows: 2, numClasses: 2, inputShape: null });
  });

  it('gives clear errors: empty, missing label column, label not in the class list', () => {
    expect(errorOf(() => textCsvUpload(''))).toMatch(/^CSV is empty/);
    expect(errorOf(() => textCsvUpload('text,category\nhello,a\n'))).toBe('CSV has no label column "label"; columns found: "text", "category"');
    expect(errorOf(() => textCsvUpload('text,label\nhi,pos\nho,meh\n', { classes: ['neg', 'pos'] }))).toBe(
      'CSV row 2 (line 3): label "meh" is not one of the classes "neg", "pos"',
    );
  });
});

describe('textUploadSplits', () => {
  const u = textCsvUpload(CSV);
  it('makes token ids for an Embedding input, with the vocabulary fitted on the training texts', () => {
    const { train, test } = textUploadSplits(u, { dtype: 'int32', shape: [6], vocabulary: 50 }, 'reviews');
    expect(train.inputShape).toEqual([6]);
    expect(train.inputDtype).toBe('int32');
    expect(train.n).toBe(18);
    expect(test.n).toBe(2);
    expect(Math.max(...train.x)).toBeLessThan(50);
    // "dull and boring 0" -> 4 known ids then padding.
    expect(Array.from(train.x.subarray(0, 6)).slice(4)).toEqual([0, 0]);
    expect(Array.from(train.x.subarray(0, 4)).every((v) => v >= 2)).toBe(true);
    expect(train.classNames).toEqual(['neg', 'pos']);
  });

  it('makes L2-normalised tf-idf rows for a float input', () => {
    const { train } = textUploadSplits(u, { dtype: 'float32', shape: [32] }, 'reviews');
    expect(train.inputShape).toEqual([32]);
    let sq = 0;
    for (let j = 0; j < 32; j++) sq += train.x[j] ** 2;
    expect(sq).toBeCloseTo(1, 5);
  });

  it('uses token-id texts as they are and rejects an id beyond the vocabulary', () => {
    const ids = textCsvUpload('text,label\n3 4 5,a\n6 7,b\n3 9,a\n1 2,b\n');
    expect(ids.tokenIds).toBe(true);
    const { train } = textUploadSplits(ids, { dtype: 'int32', shape: [3], vocabulary: 10 }, 'ids');
    expect(train.n).toBe(3); // 4 rows: round(0.4) = 0, but one row is always kept for the test split
    const all = [[3, 4, 5], [6, 7, 0], [3, 9, 0], [1, 2, 0]];
    const trainRows = Array.from({ length: train.n }, (_, r) => Array.from(train.x.subarray(r * 3, r * 3 + 3)));
    for (const r of trainRows) expect(all).toContainEqual(r);
    expect(uploadMeta({ id: 'upload:i', name: 'ids.csv', format: 'text-csv', data: ids }).maxTokenId).toBe(9);
    expect(errorOf(() => textUploadSplits(ids, { dtype: 'int32', shape: [3], vocabulary: 8 }, 'ids'))).toMatch(
      /^ids: (train|test) row \d+, position 2: token id 9 is beyond the vocabulary: the Embedding's inputDim is 8 \(ids 0\.\.7\)/,
    );
  });

  it('refuses inputs text cannot feed', () => {
    expect(errorOf(() => textUploadSplits(u, { dtype: 'float32', shape: [28, 28, 1] }, 'reviews'))).toMatch(/^reviews is text: it feeds a 1-D input/);
    expect(errorOf(() => textUploadSplits(u, { dtype: 'int32', shape: [5] }, 'reviews'))).toMatch(/need an Embedding/);
  });
});
