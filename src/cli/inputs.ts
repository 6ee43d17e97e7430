/**
 * Rows for `npm run predict` and `npm run evaluate`, read the way the run's own training data was:
 *   - FILE.csv of numbers with a header row: the features by the run's column names when it
 *     trained on a CSV (extra columns ignored), else every column but the label column; the label
 *     column (--label-column, the run's, or one named label, class, target or y) is optional for
 *     predict and needed by evaluate
 *   - FILE.csv with a text column, or FILE.txt (one text per line), for a model trained on texts:
 *     encoded with the run's vocabulary (and tf-idf weights)
 *   - IDX: images alone (predict), or an images + labels pair (two files, raw or .gz)
 * Class labels are matched to the run's class names (or class ids). Limits are the app's:
 * MAX_UPLOAD_BYTES per file, MAX_CSV_ROWS rows, MAX_CSV_COLUMNS columns.
 */
import { basename } from 'node:path';
import { CsvError, findColumn, isBlankRecord, parseCsvRecords } from '../data/csv';
import { featureSize, type Dataset } from '../data/dataset';
import { datasetFromIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, IdxError, readIdx } from '../data/idx';
import { encodeText } from '../data/text/encode-text';
import { idxUploadDataset } from '../data/uploads/idx-upload';
import { UsageError } from './args';
import { readUserFile } from './run-data';

export interface InputOptions {
  /** --label-column: must exist. */
  labelColumn?: string;
  /** The label column the run trained with: used when the file has it. */
  runLabelColumn?: string;
  textColumn?: string;
  /** evaluate: every row needs its label. */
  needLabels: boolean;
  flag: string;
}

export interface Inputs {
  ds: Dataset;
  hasLabels: boolean;
}

const LABEL_NAMES = ['label', 'class', 'target', 'y'];

/** The run's class names: its dataset's, else the class ids "0", "1", ... */
export function classNamesOf(like: Dataset): string[] {
  return like.classNames ? [...like.classNames] : Array.from({ length: like.numClasses ?? 0 }, (_, i) => String(i));
}

/** The class index of a label cell: a class name of the run, or a class id. */
function classIndex(names: readonly string[], cell: string, where: string): number {
  const s = cell.trim();
  const at = names.indexOf(s);
  if (at >= 0) return at;
  if (/^\d+$/.test(s) && Number(s) < names.length) return Number(s);
  throw new UsageError(`${where}: label ${JSON.stringify(s.slice(0, 40))} is not one of the model's classes (${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''})`);
}

function datasetOf(like: Dataset, name: string, n: number, x: Float32Array | Int32Array, labels: number[] | null): Dataset {
  const y = like.task === 'regression' ? Float32Array.from(labels ?? new Array<number>(n * featureSize({ inputShape: like.targetShape })).fill(0)) : Int32Array.from(labels ?? new Array<number>(n).fill(0));
  return { ...like, name, n, x, y, vocabulary: like.vocabulary, textEncoding: like.textEncoding };
}

/** Text rows encoded as the run's training texts were. */
function encodeTexts(like: Dataset, texts: string[], file: string): Float32Array | Int32Array {
  const width = featureSize(like);
  const x = like.inputDtype === 'int32' ? new Int32Array(texts.length * width) : new Float32Array(texts.length * width);
  texts.forEach((t, i) => {
    const e = encodeText(like, t);
    if (typeof e === 'string') throw new UsageError(`${file} row ${i + 1}: ${e}`);
    x.set(e.x, i * width);
  });
  return x;
}

function readCsv(file: string, like: Dataset, o: InputOptions): Inputs {
  const text = new TextDecoder().decode(readUserFile(file, o.flag));
  const all = parseCsvRecords(text).filter((r) => !isBlankRecord(r.fields));
  if (all.length < 2) throw new UsageError(`${o.flag} ${file}: expected a header row and at least one data row`);
  const [head, ...rows] = all;
  const header = head.fields.map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const runLabel = o.runLabelColumn === undefined ? -1 : lower.indexOf(o.runLabelColumn.trim().toLowerCase());
  const labelIdx = o.labelColumn !== undefined ? findColumn(header, o.labelColumn, 'label') : runLabel >= 0 ? runLabel : lower.findIndex((h) => LABEL_NAMES.includes(h));
  if (o.needLabels && labelIdx < 0) throw new UsageError(`${o.flag} ${file}: no label column (name it with --label-column; columns: ${header.join(', ')})`);
  const names = classNamesOf(like);
  const labels: number[] | null = labelIdx >= 0 ? [] : null;
  const at = (k: number) => `${file} row ${k + 1} (line ${rows[k].line})`;
  const cells = (k: number) => {
    if (rows[k].fields.length !== header.length) throw new UsageError(`${at(k)} has ${rows[k].fields.length} fields, expected ${header.length} as in the header`);
    return rows[k].fields;
  };
  const pushLabel = (k: number, f: string[]) => {
    if (!labels) return;
    if (like.task === 'regression') {
      const v = Number(f[labelIdx].trim());
      if (f[labelIdx].trim() === '' || !Number.isFinite(v)) throw new UsageError(`${at(k)}: label ${JSON.stringify(f[labelIdx].slice(0, 40))} is not a number`);
      labels.push(v);
    } else labels.push(classIndex(names, f[labelIdx], at(k)));
  };
  if (like.textEncoding) {
    const textIdx = findColumn(header, o.textColumn ?? 'text', 'text');
    const texts = rows.map((_, k) => {
      const f = cells(k);
      pushLabel(k, f);
      return f[textIdx];
    });
    return { ds: datasetOf(like, basename(file), rows.length, encodeTexts(like, texts, file), labels), hasLabels: labels !== null };
  }
  const width = featureSize(like);
  const byName = like.featureNames?.map((n) => header.indexOf(n));
  const cols = byName && byName.every((i) => i >= 0) ? byName : header.map((_, i) => i).filter((i) => i !== labelIdx);
  if (cols.length !== width) throw new UsageError(`${o.flag} ${file}: ${cols.length} feature columns (${cols.map((c) => header[c]).join(', ')}), but the model reads ${width} values per row`);
  const x = new Float32Array(rows.length * width);
  rows.forEach((_, k) => {
    const f = cells(k);
    cols.forEach((c, j) => {
      const s = f[c].trim();
      const v = s === '' ? NaN : Math.fround(Number(s));
      if (!Number.isFinite(v)) throw new UsageError(`${at(k)}, column "${header[c]}": ${s === '' ? 'the cell is empty' : `${JSON.stringify(s.slice(0, 40))} is not a number`}`);
      x[k * width + j] = v;
    });
    pushLabel(k, f);
  });
  return { ds: datasetOf(like, basename(file), rows.length, x, labels), hasLabels: labels !== null };
}

async function readIdxInputs(files: string[], like: Dataset, o: InputOptions): Promise<Inputs> {
  const bytes = files.map((f) => ({ name: basename(f), bytes: readUserFile(f, o.flag) }));
  if (files.length === 2) {
    const ds = await idxUploadDataset(bytes, { classNames: classNamesOf(like) });
    return { ds: { ...ds, name: bytes.map((b) => b.name).join(' + ') }, hasLabels: true };
  }
  if (o.needLabels) throw new UsageError(`${o.flag}: evaluating IDX images needs their labels too: give two files, images and labels`);
  const images = await readIdx(bytes[0].bytes, bytes[0].name);
  if (images.magic !== IDX_IMAGES_MAGIC) throw new UsageError(`${files[0]}: not an IDX image file (magic 0x${images.magic.toString(16).padStart(8, '0')}, expected 0x00000803)`);
  const n = images.dims[0];
  const labels = { file: 'none', magic: IDX_LABELS_MAGIC, typeCode: 0x08, dtype: 'uint8' as const, dims: [n], data: new Uint8Array(n) };
  const ds = datasetFromIdx(images, labels, bytes[0].name, classNamesOf(like));
  return { ds, hasLabels: false };
}

/** The rows of `files` as a dataset shaped like the run's (`like`: its training part). */
export async function readInputs(files: string[], like: Dataset, o: InputOptions): Promise<Inputs> {
  try {
    const isIdx = files.length === 2 || /(idx\d?(-ubyte)?|ubyte)(\.gz)?$|\.idx$/i.test(files[0]);
    if (isIdx) return await readIdxInputs(files, like, o);
    if (files.length !== 1) throw new UsageError(`${o.flag} takes one CSV or text file, or IDX files; got ${files.length}`);
    if (/\.txt$/i.test(files[0])) {
      if (!like.textEncoding) throw new UsageError(`${o.flag} ${files[0]}: text lines are for a model trained on texts; this run's model reads ${like.inputShape.join('x')} ${like.inputDtype} values (give a CSV)`);
      if (o.needLabels) throw new UsageError(`${o.flag} ${files[0]}: evaluating needs labels: give a CSV with text and label columns`);
      const texts = new TextDecoder().decode(readUserFile(files[0], o.flag)).split(/\r?\n/).filter((l) => l.trim().length > 0);
      if (texts.length === 0) throw new UsageError(`${o.flag} ${files[0]}: no lines of text`);
      return { ds: datasetOf(like, basename(files[0]), texts.length, encodeTexts(like, texts, files[0]), null), hasLabels: false };
    }
    return readCsv(files[0], like, o);
  } catch (e) {
    if (e instanceof CsvError || e instanceof IdxError) throw new UsageError(`${o.flag} ${files.join(',')}: ${e.message}`);
    throw e;
  }
}
