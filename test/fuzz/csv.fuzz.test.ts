/**
 * Fuzz: CSV (src/data/csv.ts parseCsvRecords / parseLabelledTextCsv), numeric CSV uploads
 * (src/data/uploads/numeric-csv.ts csvColumns / numericCsvDataset) and text CSV uploads
 * (src/data/uploads/text-csv.ts textCsvUpload). Inputs: valid CSV written from generated rows
 * (quotes, commas, CR/LF/CRLF inside quoted fields, BOM, blank lines), and valid numeric/text
 * CSVs mutated: cells replaced with hostile text (1e39, NaN, Infinity, "", quotes, -0, 0x10, huge
 * digit strings), rows made ragged, lines duplicated or dropped, characters inserted or deleted.
 * Contract: parse(write(rows)) gives the rows back; otherwise a result that holds finite float32
 * features and labels inside the class list, or CsvError (with a message).
 */
import { describe, expect, it } from 'vitest';
import * as csvModule from '../../src/data/csv';
import { parseCsvRecords, parseLabelledTextCsv } from '../../src/data/csv';
import { csvColumns, numericCsvDataset } from '../../src/data/uploads/numeric-csv';
import { textCsvUpload } from '../../src/data/uploads/text-csv';
import { fc, fuzz, neverThrows, throwsOwnError } from './harness';

const CSV_ERROR = throwsOwnError(csvModule as unknown as Record<string, unknown>, 'CsvError');

// --- round trip ------------------------------------------------------------------------------

const field = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', '"', '""', ',', '\n', '\r\n', '\r', ' a ', 'a"b', '\uFEFF', '"quoted"', 'x,y', '1e39', '\u0000'),
);
const rowsArb = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });

/** RFC 4180 writing: every field quoted (so an empty one-field row is not a blank line), quotes doubled. */
function writeCsv(rows: string[][], eol: string, bom: boolean, finalEol: boolean): string {
  const text = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join(eol);
  return `${bom ? '\uFEFF' : ''}${text}${finalEol ? eol : ''}`;
}

// --- numeric and text CSV seeds --------------------------------------------------------------

const NUMERIC = [
  'x1,x2,label\n0.5,1,a\n-2,3e2,b\n1e-3,4,a\n7,8,b\n',
  '\uFEFFf,g,h,target\r\n1,2,3,0.5\r\n4,5,6,1.5\r\n7,8,9,2.5\r\n',
  'a,b\n1,0\n2,1\n\n3,0\n',
];
const TEXT = [
  'text,label\n"hello, world",pos\nbad movie,neg\n"he said ""hi""",pos\nmeh,neg\n',
  'label,text\r\n1,3 4 5\r\n0,6 7\r\n1,8\r\n0,9 9 9\r\n',
];

const HOSTILE_CELLS = [
  '', ' ', '1e39', '-1e39', '3.4e38', '1e-50', 'NaN', 'Infinity', '-Infinity', '-0', '0x10', '1_000', '١٢', '9'.repeat(400), '"', '""', '"a"b', 'a,b', '\r', '\n',
  '\uFEFF1', '\u00001', 'label', 'text', '__proto__', 'constructor', 'x'.repeat(5000),
];

interface CellEdit {
  op: number;
  line: number;
  cell: number;
  value: string;
}
const cellEdit: fc.Arbitrary<CellEdit> = fc.record({
  op: fc.nat({ max: 6 }),
  line: fc.nat(),
  cell: fc.nat(),
  value: fc.oneof(fc.constantFrom(...HOSTILE_CELLS), fc.string({ maxLength: 6 })),
});

/** Edits by line and cell (naive comma split: mutations need not respect quoting). */
function editCsv(text: string, edits: readonly CellEdit[]): string {
  let lines = text.split('\n');
  for (const e of edits) {
    const i = e.line % lines.length;
    const cells = lines[i].split(',');
    const j = e.cell % cells.length;
    switch (e.op) {
      case 0:
      case 1:
        cells[j] = e.value;
        lines[i] = cells.join(',');
        break;
      case 2: // ragged: one more or one fewer cell
        if (e.value.length % 2) cells.push(e.value);
        else cells.splice(j, 1);
        lines[i] = cells.join(',');
        break;
      case 3:
        lines.splice(i, 0, lines[i]);
        break;
      case 4:
        lines.splice(i, 1);
        if (lines.length === 0) lines = [''];
        break;
      case 5:
        lines.splice(i, 0, e.value.length % 2 ? '' : '   ');
        break;
      default: // characters inserted into a line
        lines[i] = `${lines[i].slice(0, e.cell % (lines[i].length + 1))}${e.value}${lines[i].slice(e.cell % (lines[i].length + 1))}`;
    }
  }
  return lines.join('\n');
}

const mutated = (seeds: string[]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(cellEdit, { minLength: 1, maxLength: 3 })).map(([t, e]) => editCsv(t, e)) },
    { weight: 2, arbitrary: fc.constantFrom(...seeds) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );

const showText = (t: string) => JSON.stringify(t.length > 2000 ? `${t.slice(0, 2000)}...` : t);

describe('fuzz: CSV', () => {
  it('parseCsvRecords: what RFC 4180 writes reads back field for field', () =>
    fuzz(
      'csv.roundtrip',
      fc.record({ rows: rowsArb, eol: fc.constantFrom('\n', '\r\n', '\r'), bom: fc.boolean(), finalEol: fc.boolean() }),
      ({ rows, eol, bom, finalEol }) => parseCsvRecords(writeCsv(rows, eol, bom, finalEol)),
      {
        runs: 800,
        errors: neverThrows,
        bothOutcomes: false,
        check: (records, { rows }) => {
          // Line breaks inside quoted fields come back as \n.
          expect(records.map((r) => r.fields)).toEqual(rows.map((r) => r.map((f) => f.replace(/\r\n?/g, '\n'))));
          for (let i = 1; i < records.length; i++) expect(records[i].line).toBeGreaterThan(records[i - 1].line);
        },
      },
    ));

  it('parseCsvRecords: records or CsvError on mutated text', () =>
    fuzz('csv.records', mutated([...NUMERIC, ...TEXT]), (t) => parseCsvRecords(t), {
      runs: 800,
      errors: CSV_ERROR,
      check: (records) => {
        for (const r of records) expect(r.fields.length).toBeGreaterThan(0);
      },
      show: showText,
    }));

  it('numericCsvDataset / csvColumns: finite float32 features and valid labels, or CsvError', () =>
    fuzz(
      'csv.numeric',
      fc.record({ text: mutated(NUMERIC), label: fc.oneof(fc.constantFrom<string | number>('label', 'target', 'b', 'nope', 0, 1, 2, 3, -1, 1.5)), task: fc.constantFrom<'classification' | 'regression'>('classification', 'regression') }),
      ({ text, label, task }) => {
        const cols = csvColumns(text);
        return { cols, d: numericCsvDataset(text, { labelColumn: label, task }) };
      },
      {
        runs: 1200,
        errors: CSV_ERROR,
        check: ({ cols, d }) => {
          expect(cols.suggestedLabel >= 0 && cols.suggestedLabel < cols.columns.length).toBe(true);
          const width = d.inputShape[0];
          expect(width).toBe(cols.columns.length - 1);
          expect(d.x.length).toBe(d.n * width);
          for (const v of d.x) expect(Number.isFinite(v), `feature ${v}`).toBe(true);
          if (d.task === 'regression') for (const v of d.y) expect(Number.isFinite(v), `target ${v}`).toBe(true);
          else {
            expect(d.numClasses).toBe(d.classNames!.length);
            for (const c of d.y) expect(c >= 0 && c < d.numClasses!).toBe(true);
          }
        },
        show: ({ text, label, task }) => `label ${JSON.stringify(label)}, ${task}, text ${showText(text)}`,
      },
    ));

  it('textCsvUpload / parseLabelledTextCsv: labelled texts split train/test, or CsvError', () =>
    fuzz(
      'csv.text',
      fc.record({ text: mutated(TEXT), classes: fc.option(fc.constantFrom(['pos', 'neg'], ['0', '1'], ['a', 'a']), { nil: undefined }) }),
      ({ text, classes }) => {
        const opts = classes ? { classes } : {};
        return { parsed: parseLabelledTextCsv(text, opts), upload: textCsvUpload(text, opts) };
      },
      {
        runs: 1000,
        errors: CSV_ERROR,
        check: ({ parsed, upload }) => {
          expect(upload.train.texts.length + upload.test.texts.length).toBe(parsed.texts.length);
          expect(upload.train.labels.length).toBe(upload.train.texts.length);
          for (const part of [upload.train, upload.test]) for (const c of part.labels) expect(c >= 0 && c < upload.classNames.length).toBe(true);
          expect(new Set(upload.classNames).size).toBe(upload.classNames.length);
        },
        show: ({ text, classes }) => `classes ${JSON.stringify(classes)}, text ${showText(text)}`,
      },
    ));
});
