/**
 * An uploaded numeric CSV as a dataset: a header row, then one example per row; every column but
 * the label column (chosen by the user) is a float32 feature. Classification maps the label
 * values (integers or strings) to a class list; regression reads the label as a number. Errors
 * name the row (1-based after the header), its line and the column.
 */
import { findColumn, parseCsvRecords, type CsvRecord } from '../csv';
import type { Dataset } from '../dataset';
import { classListOf } from './class-list';

export interface CsvColumns {
  readonly columns: string[];
  /** Data rows (blank lines not counted). */
  readonly rows: number;
  /** A guess for the label column: the first of label, class, target, y found (any case), else the last. */
  readonly suggestedLabel: number;
}

export interface NumericCsvOptions {
  /** Header name or 0-based index of the label column. */
  readonly labelColumn: string | number;
  readonly task: 'classification' | 'regression';
  readonly name?: string;
}

const isBlank = (r: CsvRecord): boolean => r.fields.length === 1 && r.fields[0].trim() === '';

function records(text: string): { header: string[]; rows: CsvRecord[] } {
  const all = parseCsvRecords(text).filter((r) => !isBlank(r));
  if (all.length === 0) throw new Error('CSV is empty: expected a header row (column names) and one row of numbers per example');
  const [head, ...rows] = all;
  if (rows.length === 0) throw new Error('CSV has a header row but no data rows');
  return { header: head.fields.map((h) => h.trim()), rows };
}

/** The header of a CSV, for choosing the label column. */
export function csvColumns(text: string): CsvColumns {
  const { header, rows } = records(text);
  const lower = header.map((h) => h.toLowerCase());
  const named = ['label', 'class', 'target', 'y'].map((n) => lower.indexOf(n)).find((i) => i >= 0);
  return { columns: header, rows: rows.length, suggestedLabel: named ?? header.length - 1 };
}

function parseNumber(cell: string, where: () => string): number {
  const s = cell.trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new Error(`${where()}: ${s === '' ? 'the cell is empty' : `${JSON.stringify(cell)} is not a number`}`);
  return v;
}

export function numericCsvDataset(text: string, opts: NumericCsvOptions): Dataset {
  const { header, rows } = records(text);
  const labelIdx = findColumn(header, opts.labelColumn, 'label');
  const featureCols = header.map((_, i) => i).filter((i) => i !== labelIdx);
  if (featureCols.length === 0) throw new Error(`CSV has only the label column "${header[labelIdx]}": it needs at least one feature column`);
  const width = featureCols.length;
  const n = rows.length;
  const x = new Float32Array(n * width);
  const rawLabels: string[] = [];
  const targets = new Float32Array(opts.task === 'regression' ? n : 0);
  rows.forEach((r, k) => {
    const at = `CSV row ${k + 1} (line ${r.line})`;
    if (r.fields.length !== header.length) {
      throw new Error(`${at} has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, expected ${header.length} as in the header`);
    }
    featureCols.forEach((c, j) => {
      x[k * width + j] = parseNumber(r.fields[c], () => `${at}, column "${header[c]}"`);
    });
    const label = r.fields[labelIdx].trim();
    if (opts.task === 'regression') targets[k] = parseNumber(label, () => `${at}, label column "${header[labelIdx]}"`);
    else {
      if (label === '') throw new Error(`${at} has an empty label in column "${header[labelIdx]}"`);
      rawLabels.push(label);
    }
  });
  const name = opts.name ?? 'csv';
  const common = { name, n, inputShape: [width], inputDtype: 'float32' as const, x };
  if (opts.task === 'regression') return { ...common, task: 'regression', y: targets, targetShape: [1] };
  const classNames = classListOf(rawLabels);
  if (classNames.length < 2) throw new Error(`the label column "${header[labelIdx]}" has a single value (${JSON.stringify(classNames[0])}); classification needs at least 2 classes (or choose regression)`);
  const index = new Map(classNames.map((c, i) => [c, i]));
  const y = Int32Array.from(rawLabels, (l) => index.get(l)!);
  return { ...common, task: 'classification', y, targetShape: [], numClasses: classNames.length, classNames };
}
