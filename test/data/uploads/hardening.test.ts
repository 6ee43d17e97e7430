/**
 * Upload defects from the hardening issue: float32 overflow in numeric CSVs, token ids that wrap
 * in an Int32Array, small files with an empty test split, one-row files, and which uploads go
 * with a deleted project.
 */
import { describe, expect, it } from 'vitest';
import { CsvError } from '../../../src/data/csv';
import { IdxError } from '../../../src/data/idx';
import { idxUploadDataset } from '../../../src/data/uploads/idx-upload';
import { csvColumns, numericCsvDataset } from '../../../src/data/uploads/numeric-csv';
import { uploadsToDeleteWithProject } from '../../../src/data/uploads/project-cleanup';
import { splitRows, splitTestRows } from '../../../src/data/uploads/test-split';
import { textCsvUpload } from '../../../src/data/uploads/text-csv';
import { textUploadSplits } from '../../../src/data/uploads/text-features';
import { idxFile } from '../../helpers/idx-files';
import { thrownBy } from '../../helpers/error-message';


const cls = { labelColumn: 'y', task: 'classification' } as const;

describe('values beyond float32', () => {
  it('refuses 1e39 naming the row and column instead of storing Infinity', () => {
    const e = thrownBy(() => numericCsvDataset('a,b,y\n1,2,p\n3,1e39,q\n', cls));
    expect(e).toBeInstanceOf(CsvError);
    expect(e.message).toBe('CSV row 2 (line 3), column "b": 1e39 is beyond the float32 range (about ±3.4e38).');
    const t = thrownBy(() => numericCsvDataset('a,y\n1,2\n3,-1e39\n', { labelColumn: 'y', task: 'regression' }));
    expect(t.message).toBe('CSV row 2 (line 3), label column "y": -1e39 is beyond the float32 range (about ±3.4e38).');
    // The largest float32 still passes.
    expect(numericCsvDataset('a,y\n3.4e38,p\n1,q\n', cls).x[0]).toBe(Math.fround(3.4e38));
  });
});

describe('token ids beyond int32', () => {
  it('refuses id 4294967297 (2^32 + 1) instead of wrapping it to 1', () => {
    const data = textCsvUpload('text,label\n4294967297 2,a\n1 2,b\n3 2,a\n2 1,b\n');
    const vocab = { dtype: 'int32', shape: [2], vocabulary: 10 } as const;
    const e = thrownBy(() => textUploadSplits(data, vocab, 'ids'));
    expect(e.message).toBe(
      "ids: train row 1, position 1: token id 4294967297 is beyond the vocabulary: the Embedding's inputDim is 10 (ids 0..9); raise inputDim to more than the largest id.",
    );
    const big = textCsvUpload('text,label\n2147483648,a\n1,b\n3,a\n2,b\n');
    expect(thrownBy(() => textUploadSplits(big, vocab, 'ids')).message).toMatch(/^ids: train row 1, position 1: token id 2147483648 is beyond the vocabulary/);
  });
});

describe('small uploads', () => {
  it('keeps one test row for 2, 3 and 4 rows, and at least one training row', () => {
    expect(splitRows(2).test.length).toBe(1);
    expect(splitRows(2).train.length).toBe(1);
    expect(splitRows(3).test.length).toBe(1);
    expect(splitRows(4).test.length).toBe(1);
    expect(splitRows(4).train.length).toBe(3);
    expect(splitRows(20).test.length).toBe(2);
    expect(splitRows(1).test.length).toBe(0);
  });

  it('a 3-row and a 4-row CSV both have a test row', () => {
    for (const n of [3, 4]) {
      const text = 'a,y\n' + Array.from({ length: n }, (_, i) => `${i},${i % 2 ? 'p' : 'q'}`).join('\n');
      const { train, test } = splitTestRows(numericCsvDataset(text, cls));
      expect(test.n).toBe(1);
      expect(train.n).toBe(n - 1);
      const texts = textCsvUpload('text,label\n' + Array.from({ length: n }, (_, i) => `w${i},${i % 2}`).join('\n'));
      expect(texts.test.texts.length).toBe(1);
      expect(texts.train.texts.length).toBe(n - 1);
    }
  });

  it('refuses a one-row file at the drop zone, saying how many rows are needed', async () => {
    const msg = 'CSV has 1 data row; a dataset needs at least 2 (one to train on, one to test on).';
    for (const f of [() => csvColumns('a,y\n1,p\n'), () => numericCsvDataset('a,y\n1,p\n\n', cls), () => textCsvUpload('text,label\nhi,a\n')]) {
      const e = thrownBy(f);
      expect(e).toBeInstanceOf(CsvError);
      expect(e.message).toBe(msg);
    }
    let idxErr: unknown;
    await idxUploadDataset([
      { name: 'one-images.idx', bytes: idxFile(0x08, [1, 1, 2], [0, 255]) },
      { name: 'one-labels.idx', bytes: idxFile(0x08, [1], [0]) },
    ]).catch((e: unknown) => (idxErr = e));
    expect(idxErr).toBeInstanceOf(IdxError);
    expect((idxErr as Error).message).toBe('one-images.idx holds 1 image; a dataset needs at least 2 (one to train on, one to test on).');
  });
});

describe('uploads deleted with their project', () => {
  const uploads = [
    { id: 'upload:a', projectId: 'p1' },
    { id: 'upload:b', projectId: 'p1' },
    { id: 'upload:c', projectId: 'p2' },
    { id: 'upload:d', projectId: '' },
  ] as const;

  it("deletes the project's uploads except those another project trains on", () => {
    expect(uploadsToDeleteWithProject(uploads, 'p1', [])).toEqual(['upload:a', 'upload:b']);
    expect(uploadsToDeleteWithProject(uploads, 'p1', ['upload:b', 'mnist', undefined])).toEqual(['upload:a']);
    expect(uploadsToDeleteWithProject(uploads, 'p3', ['upload:a'])).toEqual([]);
    expect(uploadsToDeleteWithProject(uploads, '', [])).toEqual([]);
  });
});
