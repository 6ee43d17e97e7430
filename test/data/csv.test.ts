/** Tests for the CSV parser and the labelled-text CSV reader, including each error message. */
import { describe, it, expect } from 'vitest';
import { parseCsv, parseCsvRecords, parseLabelledTextCsv } from '../../src/data/csv';

describe('parseCsv', () => {
  it('parses plain, quoted and escaped fields', () => {
    expect(parseCsv('a,b,c\n1,2,3')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(parseCsv('"a, with comma","say ""hi""",plain')).toEqual([['a, with comma', 'say "hi"', 'plain']]);
    expect(parseCsv('"",x,')).toEqual([['', 'x', '']]);
  });

  it('handles CRLF, CR, a final line break, newlines inside quotes and a BOM', () => {
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a,b\r1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('\ufefftext,label\n"line one\r\nline two",pos\n')).toEqual([['text', 'label'], ['line one\nline two', 'pos']]);
    const recs = parseCsvRecords('h\n"multi\nline"\nnext');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(parseCsv('')).toEqual([]);
  });

  it('keeps a stray quote inside an unquoted field; rejects text after a closing quote and unterminated quotes', () => {
    expect(parseCsv('5" screen,x')).toEqual([['5" screen', 'x']]);
    expect(() => parseCsv('a\n"abc"d,e')).toThrow(/after a closing quote on line 2/);
    expect(() => parseCsv('a\n"abc,d\n')).toThrow(/unterminated quoted field starting on line 2/);
  });
});

describe('parseLabelledTextCsv', () => {
  it('reads texts and labels; classes default to the sorted distinct labels', () => {
    const r = parseLabelledTextCsv('text,label\n"Great, fun",pos\nboring,neg\n\nok, pos \n'.replace('ok, pos ', '"ok", pos '));
    expect(r.texts).toEqual(['Great, fun', 'boring', 'ok']);
    expect(r.classNames).toEqual(['neg', 'pos']);
    expect(Array.from(r.labels)).toEqual([1, 0, 1]);
  });

  it('sorts integer labels numerically and honours a class list and column names', () => {
    const r = parseLabelledTextCsv('id,Sentiment,Review\n1,10,a\n2,2,b\n3,0,c', { textColumn: 'review', labelColumn: 'sentiment' });
    expect(r.classNames).toEqual(['0', '2', '10']);
    expect(Array.from(r.labels)).toEqual([2, 1, 0]);
    const c = parseLabelledTextCsv('text,label\nx,pos\ny,neg', { classes: ['pos', 'neg', 'neutral'] });
    expect(c.classNames).toEqual(['pos', 'neg', 'neutral']);
    expect(Array.from(c.labels)).toEqual([0, 1]);
    const byIndex = parseLabelledTextCsv('a,b\nhello,1', { textColumn: 0, labelColumn: 1 });
    expect(byIndex.texts).toEqual(['hello']);
  });

  it('error: empty file, header only', () => {
    expect(() => parseLabelledTextCsv('')).toThrow('CSV is empty');
    expect(() => parseLabelledTextCsv('\n\r\n  \n')).toThrow('CSV is empty');
    expect(() => parseLabelledTextCsv('text,label\n')).toThrow('CSV has a header row but no data rows');
  });

  it('error: missing label or text column names the columns found', () => {
    expect(() => parseLabelledTextCsv('text,sentiment\nx,pos')).toThrow('CSV has no label column "label"; columns found: "text", "sentiment"');
    expect(() => parseLabelledTextCsv('review,label\nx,pos')).toThrow('CSV has no text column "text"; columns found: "review", "label"');
    expect(() => parseLabelledTextCsv('text,label\nx,pos', { labelColumn: 5 })).toThrow(/no label column 5/);
  });

  it('error: a label not in the class list names the row and the label', () => {
    expect(() => parseLabelledTextCsv('text,label\nx,pos\ny,meh', { classes: ['neg', 'pos'] })).toThrow(
      'CSV row 2 (line 3): label "meh" is not one of the classes "neg", "pos"',
    );
  });

  it('error: wrong number of fields names the row; an empty label is rejected', () => {
    expect(() => parseLabelledTextCsv('text,label\nfine,pos\ngood, fun,pos')).toThrow(
      'CSV row 2 (line 3) has 3 fields, expected 2 as in the header',
    );
    expect(() => parseLabelledTextCsv('text,label\n"multi\nline",pos\nonly')).toThrow('CSV row 2 (line 4) has 1 field, expected 2');
    expect(() => parseLabelledTextCsv('text,label\nx, ')).toThrow('CSV row 1 (line 2) has an empty label');
  });
});
