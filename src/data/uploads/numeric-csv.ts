/**
 * An uploaded numeric CSV as a dataset: a header row, then one example per row; every column but
 * the label column (chosen by the user) is a float32 feature. Classification maps the label
 * values (integers or strings) to a class list; regression reads the label as a number. Every
 * value must be finite as a float32 (1e39 is refused, not stored as Infinity). Errors are
 * CsvErrors naming the row (1-based after the header), its line and the column; a file of fewer
 * than MIN_UPLOAD_ROWS rows or more than MAX_CSV_CELLS cells is refused. The header's names of the
 * feature columns are kept as the dataset's featureNames, string labels as its classNames.
 */
import { CsvError, findColumn, isBlankRecord, parseCsvRecords, type CsvRecord } from '../csv';
import type { Dataset } from '../dataset';
import { MAX_CSV_CELLS } from '../limits';
import { classListOf } from './class-list';
import { inferTask, type TaskInference } from './infer-task';
import { tooFewRows } from './test-split';

export interface CsvColumns {
  readonly columns: string[];
  /** Data rows (blank lines not counted). */
  readonly rows: number;
  /** A guess for the label column: the first of label, class, target, y found (any case), else the last. */
  readonly suggestedLabel: number;
  /** Per column: the task it would be as the label column, and why (infer-task.ts). */
  readonly inference: readonly TaskInference[];
}

export interface NumericCsvOptions {
  /** Header name or 0-based index of the label column. */
  readonly labelColumn: string | number;
  readonly task: 'classification' | 'regression';
  readonly name?: string;
}

function records(text: string): { header: string[]; rows: CsvRecord[] } {
  const all = parseCsvRecords(text).filter((r) => !isBlankRecord(r.fields));
  if (all.length === 0) throw new CsvError('CSV is empty: expected a header row (column names) and one row of numbers per example.');
  const [head, ...rows] = all;
  if (rows.length === 0) throw new CsvError('CSV has a header row but no data rows.');
  const few = tooFewRows(rows.length, 'CSV has');
  if (few) throw new CsvError(few);
  return { header: head.fields.map((h) => h.trim()), rows };
}

/** The header of a CSV, for choosing the label column. */
export function csvColumns(text: string): CsvColumns {
  const { header, rows } = records(text);
  const lower = header.map((h) => h.toLowerCase());
  const named = ['label', 'class', 'target', 'y'].map((n) => lower.indexOf(n)).find((i) => i >= 0);
  const inference = header.map((h, c) => inferTask(h, rows.map((r) => r.fields[c] ?? '')));
  return { columns: header, rows: rows.length, suggestedLabel: named ?? header.length - 1, inference };
}

/** The cell as a float32 value; throws naming `where` when it is empty, not a number, or beyond float32. */
function parseNumber(cell: string, where: () => string): number {
  const s = cell.trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new CsvError(`${where()}: ${s === '' ? 'the cell is empty' : `${JSON.stringify(cell.slice(0, 40))} is not a number`}.`);
  const f = Math.fround(v);
  if (!Number.isFinite(f)) throw new CsvError(`${where()}: ${s} is beyond the float32 range (about ±3.4e38).`);
  return f;
}

export function numericCsvDataset(text: string, opts: NumericCsvOptions): Dataset {
  const { header, rows } = records(text);
  const labelIdx = findColumn(header, opts.labelColumn, 'label');
  const featureCols = header.map((_, i) => i).filter((i) => i !== labelIdx);
  if (featureCols.length === 0) throw new CsvError(`CSV has only the label column "${header[labelIdx]}": it needs at least one feature column.`);
  const width = featureCols.length;
  const n = rows.length;
  if (n * width > MAX_CSV_CELLS) {
    throw new CsvError(`CSV has ${n} rows of ${width} features (${(n * width).toLocaleString('en-US')} values), more than the ${MAX_CSV_CELLS.toLocaleString('en-US')} the playground reads; use a sample of the file.`);
  }
  const x = new Float32Array(n * width);
  const rawLabels: string[] = [];
  const targets = new Float32Array(opts.task === 'regression' ? n : 0);
  rows.forEach((r, k) => {
    const at = `CSV row ${k + 1} (line ${r.line})`;
    if (r.fields.length !== header.length) {
      throw new CsvError(`${at} has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, expected ${header.length} as in the header.`);
    }
    featureCols.forEach((c, j) => {
      x[k * width + j] = parseNumber(r.fields[c], () => `${at}, column "${header[c]}"`);
    });
    const label = r.fields[labelIdx].trim();
    if (opts.task === 'regression') targets[k] = parseNumber(label, () => `${at}, label column "${header[labelIdx]}"`);
    else {
      if (label === '') throw new CsvError(`${at} has an empty label in column "${header[labelIdx]}".`);
      rawLabels.push(label);
    }
  });
  const name = opts.name ?? 'csv';
  const featureNames = featureCols.map((c) => header[c]);
  const common = { name, n, inputShape: [width], inputDtype: 'float32' as const, x, featureNames };
  if (opts.task === 'regression') return { ...common, task: 'regression', y: targets, targetShape: [1] };
  const classNames = classListOf(rawLabels);
  if (classNames.length < 2) throw new CsvError(`the label column "${header[labelIdx]}" has a single value (${JSON.stringify(classNames[0])}); classification needs at least 2 classes (or choose regression).`);
  const index = new Map(classNames.map((c, i) => [c, i]));
  const y = Int32Array.from(rawLabels, (l) => index.get(l)!);
  return { ...common, task: 'classification', y, targetShape: [], numClasses: classNames.length, classNames };
}
