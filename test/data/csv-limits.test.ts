/**
 * The CSV parser under load and at its limits: a huge quoted field is sliced, not built a
 * character at a time; row and column counts are capped with clear CsvErrors; separators are
 * found in linear time however the lines end.
 */
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseCsvRecords } from '../../src/data/csv';
import { MAX_CSV_COLUMNS, MAX_CSV_ROWS } from '../../src/data/limits';
import { thrownBy } from '../helpers/error-message';


describe('parseCsvRecords at scale', () => {
  it('parses a 20 MB quoted field with doubled quotes and line breaks', () => {
    const big = 'x'.repeat(20 * 1024 * 1024);
    const recs = parseCsvRecords(`text,label\n"${big}""q""\r\nend",1\nnext,2\n`);
    expect(recs.length).toBe(3);
    const field = recs[1].fields[0];
    expect(field.length).toBe(20 * 1024 * 1024 + 3 + 1 + 3);
    expect(field.endsWith('"q"\nend')).toBe(true);
    expect(recs[1].fields[1]).toBe('1');
    expect(recs[2]).toEqual({ fields: ['next', '2'], line: 4 });
  });

  it('parses many short LF-only lines (no quadratic search for a missing CR)', () => {
    const rows = 200_000;
    const text = 'a,b\n' + '1,2\n'.repeat(rows);
    const recs = parseCsvRecords(text);
    expect(recs.length).toBe(rows + 1);
    expect(recs[rows]).toEqual({ fields: ['1', '2'], line: rows + 1 });
  });

  it('keeps the old edge cases: empty fields, lone CR, blank lines, quoted commas', () => {
    expect(parseCsv('a,,b\r\rc')).toEqual([['a', '', 'b'], [''], ['c']]);
    expect(parseCsv('"x,y",\n')).toEqual([['x,y', '']]);
    expect(parseCsvRecords('"a\rb",c\nd').map((r) => r.line)).toEqual([1, 3]);
  });
});

describe('CSV limits', () => {
  it('refuses more columns than the limit, naming it and the line', () => {
    const e = thrownBy(() => parseCsvRecords('a\n' + ','.repeat(MAX_CSV_COLUMNS)));
    expect(e).toBeInstanceOf(CsvError);
    expect(e.message).toBe('CSV line 2 has more than 10,000 columns, the most the playground reads.');
    expect(parseCsvRecords(','.repeat(MAX_CSV_COLUMNS - 1))[0].fields.length).toBe(MAX_CSV_COLUMNS);
  });

  it('refuses more data rows than the limit (blank lines do not count)', () => {
    expect(MAX_CSV_ROWS).toBe(1_000_000);
    const e = thrownBy(() => parseCsvRecords('h\n1\n\n2\n3\n', { maxRows: 2 }));
    expect(e).toBeInstanceOf(CsvError);
    expect(e.message).toBe('CSV has more than 2 data rows, the most the playground reads; use a sample of the file.');
    expect(parseCsvRecords('h\n1\n\n2\n', { maxRows: 2 }).length).toBe(4);
  });

  it('throws CsvError for syntax errors', () => {
    const e = thrownBy(() => parseCsv('"abc'));
    expect(e).toBeInstanceOf(CsvError);
    expect(e.message).toBe('CSV: unterminated quoted field starting on line 1.');
  });
});
