/**
 * A small RFC 4180 CSV parser and a reader for labelled-text files (a text column and a label
 * column). Fields are separated by commas and records by CRLF, LF or a lone CR; a field in double
 * quotes may hold commas, line breaks and doubled quotes ("" = one "). A leading UTF-8 byte order
 * mark is dropped, and a final line break does not start an empty record. Lenient where it is
 * harmless: a quote inside an unquoted field is kept literally. Errors name the line.
 */

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line on which the record starts. */
  readonly line: number;
}

/** Parses CSV text into records (each with the line it starts on). */
export function parseCsvRecords(text: string): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  // `atFieldStart`: nothing of the current field read yet; `pending`: a record is open.
  let atFieldStart = true;
  let pending = false;
  const endRecord = (): void => {
    fields.push(field);
    records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    atFieldStart = true;
    pending = false;
  };
  while (i < n) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      // Quoted field.
      const startLine = line;
      i++;
      pending = true;
      atFieldStart = false;
      for (;;) {
        if (i >= n) throw new Error(`CSV: unterminated quoted field starting on line ${startLine}`);
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\r') {
          if (text[i + 1] === '\n') i++;
          field += '\n'; // line breaks inside quotes are normalised to \n
          line++;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      // After the closing quote: a separator, a line break or the end.
      const next = text[i];
      if (i < n && next !== ',' && next !== '\r' && next !== '\n') {
        throw new Error(`CSV: unexpected character ${JSON.stringify(next)} after a closing quote on line ${line} (quotes inside a quoted field must be doubled: "")`);
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      pending = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    atFieldStart = false;
    pending = true;
    i++;
  }
  if (pending) endRecord();
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

function isBlank(r: CsvRecord): boolean {
  return r.fields.length === 1 && r.fields[0].trim() === '';
}

/** The 0-based index of column `col` (a header name, matched exactly, else case-insensitively after trimming, or an index); throws naming the columns found. */
export function findColumn(header: readonly string[], col: string | number, role: string): number {
  const found = header.map((h) => JSON.stringify(h)).join(', ');
  if (typeof col === 'number') {
    if (!Number.isInteger(col) || col < 0 || col >= header.length) {
      throw new Error(`CSV has no ${role} column ${col} (0-based); it has ${header.length} columns: ${found}`);
    }
    return col;
  }
  let idx = header.indexOf(col);
  if (idx < 0) {
    const want = col.trim().toLowerCase();
    idx = header.findIndex((h) => h.trim().toLowerCase() === want);
  }
  if (idx < 0) throw new Error(`CSV has no ${role} column "${col}"; columns found: ${found}`);
  return idx;
}

/**
 * Reads a CSV with a header row and one (text, label) example per row. Blank lines are skipped;
 * labels are trimmed. Throws a clear error for an empty file, a missing column (naming the
 * columns found), a row with the wrong number of fields, an empty label, or a label not in
 * `classes` (naming the row and the label). Rows are numbered from 1 after the header.
 */
export function parseLabelledTextCsv(text: string, opts: LabelledTextCsvOptions = {}): LabelledTexts {
  const records = parseCsvRecords(text).filter((r) => !isBlank(r));
  if (records.length === 0) throw new Error('CSV is empty: expected a header row (e.g. "text,label") and one row per example');
  const header = records[0].fields;
  const textIdx = findColumn(header, opts.textColumn ?? 'text', 'text');
  const labelIdx = findColumn(header, opts.labelColumn ?? 'label', 'label');
  const rows = records.slice(1);
  if (rows.length === 0) throw new Error('CSV has a header row but no data rows');

  const texts: string[] = [];
  const raw: string[] = [];
  rows.forEach((r, k) => {
    const where = `row ${k + 1} (line ${r.line})`;
    if (r.fields.length !== header.length) {
      throw new Error(`CSV ${where} has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, expected ${header.length} as in the header (quote fields that contain commas)`);
    }
    const label = r.fields[labelIdx].trim();
    if (label === '') throw new Error(`CSV ${where} has an empty label`);
    texts.push(r.fields[textIdx]);
    raw.push(label);
  });

  let classNames: string[];
  if (opts.classes) {
    classNames = [...opts.classes];
    if (new Set(classNames).size !== classNames.length) throw new Error('parseLabelledTextCsv: the class list has duplicates');
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
      throw new Error(`CSV row ${k + 1} (line ${rows[k].line}): label ${JSON.stringify(label)} is not one of the classes ${list}`);
    }
    labels[k] = id;
  });
  return { texts, labels, classNames };
}
