/** Uploaded numeric CSVs: features and labels read exactly, and clear errors naming row and column. */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../helpers/error-message';
import { csvColumns, numericCsvDataset } from '../../../src/data/uploads/numeric-csv';

const IRIS = 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n\n6.3,6.0,virginica\n4.9,1.4,setosa\n';

describe('csvColumns', () => {
  it('lists the columns and guesses the label column', () => {
    const c = csvColumns(IRIS);
    expect(c).toMatchObject({ columns: ['sepal', 'petal', 'species'], rows: 4, suggestedLabel: 2 });
    expect(c.inference.map((i) => i.task)).toEqual(['regression', 'regression', 'classification']);
    expect(csvColumns('label,a,b\n1,2,3\n4,5,6\n').suggestedLabel).toBe(0);
    expect(csvColumns('x,y,Label\n1,2,3\n4,5,6\n').suggestedLabel).toBe(2);
    expect(csvColumns('a,b\n1,2\n3,4\n').suggestedLabel).toBe(1);
  });
});

describe('numericCsvDataset', () => {
  it('reads features and maps string labels to a sorted class list', () => {
    const ds = numericCsvDataset(IRIS, { labelColumn: 'species', task: 'classification', name: 'iris' });
    expect(ds.n).toBe(4);
    expect(ds.inputShape).toEqual([2]);
    expect(Array.from(ds.x)).toEqual([5.1, 1.4, 7.0, 4.7, 6.3, 6.0, 4.9, 1.4].map(Math.fround));
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.featureNames).toEqual(['sepal', 'petal']);
    expect(Array.from(ds.y)).toEqual([0, 1, 2, 0]);
    expect(ds.task).toBe('classification');
  });

  it('sorts integer labels numerically and takes the label column by index', () => {
    const ds = numericCsvDataset('y,a\n10,1\n2,2\n2,3\n', { labelColumn: 0, task: 'classification' });
    expect(ds.classNames).toEqual(['2', '10']);
    expect(Array.from(ds.y)).toEqual([1, 0, 0]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3]);
  });

  it('reads regression targets', () => {
    const ds = numericCsvDataset('a,b,price\n1,2,3.5\n4,5,-6\n', { labelColumn: 'price', task: 'regression' });
    expect(ds.task).toBe('regression');
    expect(Array.from(ds.y)).toEqual([3.5, -6]);
    expect(ds.targetShape).toEqual([1]);
    expect(ds.featureNames).toEqual(['a', 'b']);
    expect(Array.from(ds.x)).toEqual([1, 2, 4, 5]);
  });

  it('names the problem: empty, header only, ragged rows, non-numbers, missing label column', () => {
    const cls = { labelColumn: 'species', task: 'classification' } as const;
    expect(errorOf(() => numericCsvDataset('', cls))).toMatch(/^CSV is empty/);
    expect(errorOf(() => numericCsvDataset('\n\n', cls))).toMatch(/^CSV is empty/);
    expect(errorOf(() => numericCsvDataset('a,species\n', cls))).toBe('CSV has a header row but no data rows.');
    expect(errorOf(() => numericCsvDataset('a,b,species\n1,2,x\n1,2\n', cls))).toBe('CSV row 2 (line 3) has 2 fields, expected 3 as in the header.');
    expect(errorOf(() => numericCsvDataset('a,b,species\n1,2,x\n1,abc,y\n', cls))).toBe('CSV row 2 (line 3), column "b": "abc" is not a number.');
    expect(errorOf(() => numericCsvDataset('a,b,species\n1,,x\n2,3,y\n', cls))).toBe('CSV row 1 (line 2), column "b": the cell is empty.');
    expect(errorOf(() => numericCsvDataset('a,b\n1,2\n3,4\n', cls))).toBe('CSV has no label column "species"; columns found: "a", "b"');
    expect(errorOf(() => numericCsvDataset('a,b\n1,x\n2,3\n', { labelColumn: 'b', task: 'regression' }))).toBe('CSV row 1 (line 2), label column "b": "x" is not a number.');
    expect(errorOf(() => numericCsvDataset('species\nx\ny\n', cls))).toBe('CSV has only the label column "species": it needs at least one feature column.');
    expect(errorOf(() => numericCsvDataset('a,species\n1,x\n2,x\n', cls))).toMatch(/single value \("x"\); classification needs at least 2 classes/);
  });
});
