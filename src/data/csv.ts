/**
 * A small RFC 4180 CSV parser and a reader for labelled-text files (a text column and a label
 * column). Fields are separated by commas and records by CRLF, LF or a lone CR; a field in double
 * quotes may hold commas, line breaks and doubled quotes ("" = one "). A leading UTF-8 byte order
 * mark is dropped, and a final line break does not start an empty record. Lenient where it is
 * harmless: a quote inside an unquoted field is kept literally. Errors name the line.
 *
 * Fields are cut out of the text with indexOf and slice (never built a character at a time), so a
 * huge field costs one copy at most. At most MAX_CSV_ROWS data rows and MAX_CSV_COLUMNS columns are
 * read. Every failure is a CsvError.
 */
import { MAX_CSV_COLUMNS, MAX_CSV_ROWS } from './limits';

/** Every refusal of a CSV file (its syntax, its size, a missing column, a bad cell). */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line on which the record starts. */
  readonly line: number;
}

export interface CsvLimits {
  /** Most non-blank records after the first (the header); default MAX_CSV_ROWS. */
  readonly maxRows?: number;
  /** Most fields in one record; default MAX_CSV_COLUMNS. */
  readonly maxColumns?: number;
}

/** The number of line breaks in `s` (CRLF counts once), found with indexOf. */
function lineBreaks(s: string): number {
  let count = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) count++;
  for (let i = s.indexOf('\r'); i >= 0; i = s.indexOf('\r', i + 1)) if (s.charCodeAt(i + 1) !== 10) count++;
  return count;
}

/** A record of one empty or all-blank field: a blank line. */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/** Parses CSV text into records (each with the line it starts on). */
export function parseCsvRecords(text: string, limits: CsvLimits = {}): CsvRecord[] {
  const maxRows = limits.maxRows ?? MAX_CSV_ROWS;
  const maxColumns = limits.maxColumns ?? MAX_CSV_COLUMNS;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const records: CsvRecord[] = [];
  let rows = 0; // non-blank records after the header
  let line = 1;
  // Next position of each separator at or after i (n when none); refreshed only once passed, so
  // every search covers new text and the whole scan stays linear.
  let comma = -1;
  let lf = -1;
  let cr = -1;
  const next = (ch: string, at: number): number => {
    if (at >= i) return at;
    const k = text.indexOf(ch, i);
    return k < 0 ? n : k;
  };
  while (i < n) {
    const fields: string[] = [];
    const recordLine = line;
    for (;;) {
      let end: number; // the separator after the field (n at the end of the text)
      if (text.charCodeAt(i) === 34 /* " */) {
        const startLine = line;
        let close = i + 1;
        let doubled = false;
        for (;;) {
          close = text.indexOf('"', close);
          if (close < 0) throw new CsvError(`CSV: unterminated quoted field starting on line ${startLine}.`);
          if (text.charCodeAt(close + 1) !== 34) break;
          doubled = true;
          close += 2;
        }
        let field = text.slice(i + 1, close);
        const breaks = lineBreaks(field);
        if (breaks > 0) {
          line += breaks;
          if (field.includes('\r')) field = field.replace(/\r\n?/g, '\n'); // line breaks inside quotes become \n
        }
        if (doubled) field = field.replaceAll('""', '"');
        fields.push(field);
        end = close + 1;
        const c = text.charCodeAt(end);
        if (end < n && c !== 44 && c !== 13 && c !== 10) {
          throw new CsvError(`CSV: unexpected character ${JSON.stringify(text[end])} after a closing quote on line ${line} (quotes inside a quoted field must be doubled: "").`);
        }
      } else {
        comma = next(',', comma);
        lf = next('\n', lf);
        cr = next('\r', cr);
        end = Math.min(comma, lf, cr);
        fields.push(text.slice(i, end));
      }
      i = end + 1;
      if (fields.length >= maxColumns && (end < n && text.charCodeAt(end) === 44)) {
        throw new CsvError(`CSV line ${recordLine} has more than ${maxColumns.toLocaleString('en-US')} columns, the most the playground reads.`);
      }
      if (end >= n) break; // the text ends the record
      const sep = text.charCodeAt(end);
      if (sep === 44) {
        if (i >= n) fields.push(''); // "a," at the very end: an empty last field
        else continue;
      } else if (sep === 13 && text.charCodeAt(i) === 10) i++;
      if (sep !== 44) line++;
      break;
    }
    if (!isBlankRecord(fields) && records.length > 0 && ++rows > maxRows) {
      throw new CsvError(`CSV has more than ${maxRows.toLocaleString('en-US')} data rows, the most the playground reads; use a sample of the file.`);
    }
    records.push({ fields, line: recordLine });
  }
  return records;
}

/** Parses CSV text into rows of fields. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => r.fields);
}

export interface LabelledTextCsvOptions {
  /** Header name (matched exactly, else case-insensitively after trimming) or 0-based index; default 'text'. */
  readonly textColumn?: string | number;
  /** Header name (as textColumn) or 0-based index; default 'label'. */
  readonly labelColumn?: string | number;
  /**
   * The allowed labels in class-id order. Without it the classes are the distinct labels found,
   * sorted numerically when all are integers, otherwise by code units.
   */
  readonly classes?: readonly string[];
}

export interface LabelledTexts {
  readonly texts: string[];
  /** Class id of each text: an index into classNames. */
  readonly labels: Int32Array;
  readonly classNames: string[];
}

/** The 0-based index of column `col` (a header name, matched exactly, else case-insensitively after trimming, or an index); throws naming the columns found. */
export function findColumn(header: readonly string[], col: string | number, role: string): number {
  const found = header.map((h) => JSON.stringify(h)).join(', ');
  if (typeof col === 'number') {
    if (!Number.isInteger(col) || col < 0 || col >= header.length) {
      throw new CsvError(`CSV has no ${role} column ${col} (0-based); it has ${header.length} columns: ${found}`);
    }
    return col;
  }
  let idx = header.indexOf(col);
  if (idx < 0) {
    const want = col.trim().toLowerCase();
    idx = header.findIndex((h) => h.trim().toLowerCase() === want);
  }
  if (idx < 0) throw new CsvError(`CSV has no ${role} column "${col}"; columns found: ${found}`);
  return idx;
}

/**
 * Reads a CSV with a header row and one (text, label) example per row. Blank lines are skipped;
 * labels are trimmed. Throws a clear error for an empty file, a missing column (naming the
 * columns found), a row with the wrong number of fields, an empty label, or a label not in
 * `classes` (naming the row and the label). Rows are numbered from 1 after the header.
 */
export function parseLabelledTextCsv(text: string, opts: LabelledTextCsvOptions = {}): LabelledTexts {
  const records = parseCsvRecords(text).filter((r) => !isBlankRecord(r.fields));
  if (records.length === 0) throw new CsvError('CSV is empty: expected a header row (e.g. "text,label") and one row per example');
  const header = records[0].fields;
  const textIdx = findColumn(header, opts.textColumn ?? 'text', 'text');
  const labelIdx = findColumn(header, opts.labelColumn ?? 'label', 'label');
  const rows = records.slice(1);
  if (rows.length === 0) throw new CsvError('CSV has a header row but no data rows');

  const texts: string[] = [];
  const raw: string[] = [];
  rows.forEach((r, k) => {
    const where = `row ${k + 1} (line ${r.line})`;
    if (r.fields.length !== header.length) {
      throw new CsvError(`CSV ${where} has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, expected ${header.length} as in the header (quote fields that contain commas)`);
    }
    const label = r.fields[labelIdx].trim();
    if (label === '') throw new CsvError(`CSV ${where} has an empty label`);
    texts.push(r.fields[textIdx]);
    raw.push(label);
  });

  let classNames: string[];
  if (opts.classes) {
    classNames = [...opts.classes];
    if (new Set(classNames).size !== classNames.length) throw new CsvError('parseLabelledTextCsv: the class list has duplicates');
  } else {
    classNames = [...new Set(raw)];
    const allInts = classNames.every((c) => /^-?\d+$/.test(c));
    classNames.sort(allInts ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  const labels = new Int32Array(raw.length);
  raw.forEach((label, k) => {
    const id = index.get(label);
    if (id === undefined) {
      const list = classNames.map((c) => JSON.stringify(c)).join(', ');
      throw new CsvError(`CSV row ${k + 1} (line ${rows[k].line}): label ${JSON.stringify(label)} is not one of the classes ${list}`);
    }
    labels[k] = id;
  });
  return { texts, labels, classNames };
}
