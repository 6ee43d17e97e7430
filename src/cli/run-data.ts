/**
 * A run's data: a built-in dataset (seeded, optionally its first N training rows) or the user's
 * files, read with the app's upload parsers and limits (src/data/uploads, src/data/limits.ts):
 *   - two files (images + labels, raw or .gz, either order): an IDX pair, as the app's IDX upload
 *   - FILE.txt: plain text for a character language model (text-data.ts)
 *   - FILE.csv with a text column (named "text" or --text-column), or any CSV for a model whose
 *     input is token ids: labelled texts (text-data.ts)
 *   - any other CSV: a numeric CSV; --label-column names the label (default: label, class,
 *     target or y, else the last column) and the task is --task, else regression for an MSE
 *     model, else inferred from the column as the app does
 * File uploads hold out 10% of the rows as the test set (seeded, as the app). The source is kept in
 * log.json (`data`), so export, evaluate and --resume rebuild exactly the same splits.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { DatasetSplits, Task } from '../data/dataset';
import { formatBytes, MAX_UPLOAD_BYTES } from '../data/limits';
import { isDatasetId, loadDataset } from '../data/registry';
import { takeRows } from '../data/split';
import { idxUploadDataset } from '../data/uploads/idx-upload';
import { csvColumns, numericCsvDataset } from '../data/uploads/numeric-csv';
import { splitTestRows } from '../data/uploads/test-split';
import type { Preprocessing, ScalingMode } from '../data/scaling';
import type { ModelSpec } from '../engine/spec';
import { UsageError } from './args';
import { preprocessingFor, scaleSplits } from '../data/scaled-dataset';
import { readTextData } from './text-data';
import { isRegressionLoss } from '../engine/losses';

export type FileFormat = 'idx' | 'csv' | 'text-csv' | 'corpus';
export type DataSource =
  | { kind: 'builtin'; dataset: string; trainLimit: number | null }
  | { kind: 'file'; files: string[]; format: FileFormat; labelColumn?: string; textColumn?: string; task?: Task; scaling?: ScalingMode; trainLimit: number | null };

export interface RunDataSplits {
  /** What the model trains and is evaluated on (a numeric CSV's scaled values). */
  splits: DatasetSplits;
  /** The same rows in the file's own units. */
  raw: DatasetSplits;
  /** The source with what was resolved from the file (label column, task). */
  source: DataSource;
  preprocessing: Preprocessing | null;
}

export const TASKS: readonly Task[] = ['classification', 'regression'];

/** The bytes of a user's file, refused past MAX_UPLOAD_BYTES before it is read. */
export function readUserFile(file: string, flag: string): Uint8Array {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_UPLOAD_BYTES) throw new UsageError(`${flag} ${file}: ${size.toLocaleString('en-US')} bytes, more than the ${formatBytes(MAX_UPLOAD_BYTES)} the playground reads from one file`);
  return readFileSync(file);
}

/** "a.idx,b.idx" or two --data/--labels values as a list of absolute paths. */
export function fileList(...values: (string | undefined)[]): string[] {
  return values.flatMap((v) => (v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))).map((f) => resolve(f));
}

/** Which reader a list of files needs. */
export function fileFormat(files: readonly string[], textColumn: string | undefined, spec: ModelSpec): FileFormat {
  if (files.length === 2) return 'idx';
  if (files.length !== 1) throw new UsageError(`--data takes one CSV or text file, or two IDX files (images and labels); got ${files.length}`);
  if (/\.txt$/i.test(files[0])) return 'corpus';
  // Token ids (an int32 input) come only from texts.
  const input = spec.layers.find((l) => l.type === 'Input') as { dtype?: string } | undefined;
  if (textColumn !== undefined || input?.dtype === 'int32') return 'text-csv';
  const header = new TextDecoder().decode(readUserFile(files[0], '--data').subarray(0, 64 * 1024)).split(/\r?\n/, 1)[0] ?? '';
  return header.split(',').some((h) => h.trim().replace(/^"|"$/g, '').toLowerCase() === 'text') ? 'text-csv' : 'csv';
}

const first = (train: DatasetSplits['train'], limit: number | null) => (limit !== null && limit < train.n ? takeRows(train, Uint32Array.from({ length: limit }, (_, i) => i)) : train);

/** The numeric CSV's rows as train and test parts, with the label column and task resolved. */
function numericCsv(file: string, spec: ModelSpec, labelColumn: string | undefined, task: Task | undefined): { splits: DatasetSplits; labelColumn: string; task: Task } {
  const text = new TextDecoder().decode(readUserFile(file, '--data'));
  const cols = csvColumns(text);
  const label = labelColumn ?? cols.columns[cols.suggestedLabel];
  const idx = cols.columns.findIndex((c) => c.trim().toLowerCase() === label.trim().toLowerCase());
  const t: Task = task ?? (isRegressionLoss(spec.loss) ? 'regression' : idx >= 0 ? cols.inference[idx].task : 'classification');
  const ds = numericCsvDataset(text, { labelColumn: label, task: t, name: basename(file) });
  return { splits: splitTestRows(ds), labelColumn: label, task: t };
}

/**
 * The splits of `source` for a model of `spec`; messages about a file are UsageErrors naming it.
 * A numeric CSV is scaled as its source's `scaling` says (statistics from its training rows).
 */
export async function loadRunData(source: DataSource, spec: ModelSpec, seed: number): Promise<RunDataSplits> {
  const r = await loadRaw(source, spec, seed);
  const s = r.source;
  const pre = s.kind === 'file' && s.format === 'csv' && s.scaling ? preprocessingFor(s.scaling, r.raw.train, isRegressionLoss(spec.loss)) : null;
  return { ...r, splits: scaleSplits(r.raw, pre), preprocessing: pre };
}

async function loadRaw(source: DataSource, spec: ModelSpec, seed: number): Promise<{ raw: DatasetSplits; source: DataSource }> {
  if (source.kind === 'builtin') {
    if (!isDatasetId(source.dataset)) throw new UsageError(`unknown dataset "${source.dataset}"`);
    const loaded = await loadDataset(source.dataset, { seed });
    return { raw: { ...loaded, train: first(loaded.train, source.trainLimit) }, source };
  }
  const files = source.files;
  const where = `--data ${files.join(',')}`;
  try {
    let splits: DatasetSplits;
    let resolved: DataSource = source;
    if (source.format === 'idx') {
      const ds = await idxUploadDataset(files.map((f) => ({ name: basename(f), bytes: readUserFile(f, '--data') })), { name: files.map((f) => basename(f)).join(' + ') });
      splits = splitTestRows(ds);
    } else if (source.format === 'csv') {
      const r = numericCsv(files[0], spec, source.labelColumn, source.task);
      splits = r.splits;
      resolved = { ...source, labelColumn: r.labelColumn, task: r.task };
    } else {
      splits = readTextData(files[0], spec, { textColumn: source.textColumn, labelColumn: source.labelColumn });
    }
    return { raw: { ...splits, train: first(splits.train, source.trainLimit) }, source: resolved };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${where}: ${(e as Error).message}`);
  }
}

/** The data source log.json names (`data`), or the one older logs imply (`dataset`, `trainLimit`). */
export function sourceOfLog(log: { data?: unknown; dataset?: unknown; trainLimit?: unknown }): DataSource | null {
  const d = log.data as DataSource | undefined;
  if (d && typeof d === 'object' && (d.kind === 'builtin' || d.kind === 'file')) return d;
  const limit = typeof log.trainLimit === 'number' ? log.trainLimit : null;
  if (typeof log.dataset !== 'string') return null;
  if (log.dataset.startsWith('file:')) {
    const file = log.dataset.slice(5);
    return { kind: 'file', files: [file], format: /\.txt$/i.test(file) ? 'corpus' : 'text-csv', trainLimit: limit };
  }
  return { kind: 'builtin', dataset: log.dataset, trainLimit: limit };
}

/** How a source is named in messages and log.json's `dataset`. */
export function sourceName(s: DataSource): string {
  return s.kind === 'builtin' ? s.dataset : `file:${s.files.join(',')}`;
}
