/**
 * Turns the files a user dropped into an UploadedDataset with the parsers of src/data/uploads.
 * The page runs it in the upload worker (upload.worker.ts via upload-client.ts), so the parsers
 * stay off the main thread and out of the main bundle; tests call it directly. Files larger than
 * MAX_UPLOAD_BYTES are refused before they are read.
 */
import type { Task } from '../../data/dataset';
import { formatBytes, MAX_UPLOAD_BYTES } from '../../data/limits';
import { corpusUpload } from '../../data/uploads/char-text';
import { idxUploadDataset } from '../../data/uploads/idx-upload';
import { csvColumns, numericCsvDataset, type CsvColumns } from '../../data/uploads/numeric-csv';
import { splitTestRows } from '../../data/uploads/test-split';
import { textCsvUpload } from '../../data/uploads/text-csv';
import type { UploadedDataset, UploadId } from '../../data/uploads/types';

export type UploadRequest =
  | { format: 'idx'; files: readonly File[] }
  | { format: 'csv'; file: File; labelColumn: string; task: Task }
  | { format: 'text-csv'; file: File; textColumn: string; labelColumn: string }
  /** Plain text for a character language model: a .txt file, or text pasted with a name. */
  | { format: 'corpus'; file: File }
  | { format: 'corpus'; name: string; text: string };

const newUploadId = (): UploadId =>
  `upload:${typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`}`;

/** Refuses a file larger than MAX_UPLOAD_BYTES before any of it is read. */
function checkSize(f: File): void {
  if (f.size > MAX_UPLOAD_BYTES) {
    throw new Error(`"${f.name}" has ${f.size.toLocaleString('en-US')} bytes, more than the ${formatBytes(MAX_UPLOAD_BYTES)} the playground reads from one file.`);
  }
}

async function bytesOf(f: File): Promise<Uint8Array> {
  checkSize(f);
  try {
    return new Uint8Array(await f.arrayBuffer());
  } catch {
    throw new Error(`Could not read "${f.name}".`);
  }
}

async function textOf(f: File): Promise<string> {
  checkSize(f);
  try {
    return await f.text();
  } catch {
    throw new Error(`Could not read "${f.name}".`);
  }
}

/** The columns of a CSV file, for choosing the label (and text) column. */
export async function readCsvColumns(file: File): Promise<CsvColumns> {
  return csvColumns(await textOf(file));
}

export async function buildUpload(req: UploadRequest): Promise<UploadedDataset> {
  const id = newUploadId();
  switch (req.format) {
    case 'idx': {
      const files = await Promise.all(req.files.map(async (f) => ({ name: f.name, bytes: await bytesOf(f) })));
      const ds = await idxUploadDataset(files);
      const { train, test } = splitTestRows(ds);
      return { id, name: req.files.map((f) => f.name).join(' + '), format: 'idx', data: { kind: 'tensor', train, test } };
    }
    case 'csv': {
      const ds = numericCsvDataset(await textOf(req.file), { labelColumn: req.labelColumn, task: req.task, name: req.file.name });
      const { train, test } = splitTestRows(ds);
      return { id, name: req.file.name, format: 'csv', data: { kind: 'tensor', train, test } };
    }
    case 'text-csv': {
      const data = textCsvUpload(await textOf(req.file), { textColumn: req.textColumn, labelColumn: req.labelColumn });
      return { id, name: req.file.name, format: 'text-csv', data };
    }
    case 'corpus': {
      if ('file' in req) return { id, name: req.file.name, format: 'corpus', data: corpusUpload(await bytesOf(req.file), `"${req.file.name}"`) };
      const name = req.name.trim() || 'Pasted text';
      return { id, name, format: 'corpus', data: corpusUpload(req.text, 'The pasted text') };
    }
  }
}

/** The buffers of an upload, to transfer to the worker. */
export function uploadTransferables(u: UploadedDataset): ArrayBuffer[] {
  const d = u.data;
  if (d.kind === 'corpus') return [];
  const arrays = d.kind === 'tensor' ? [d.train.x, d.train.y, d.test.x, d.test.y] : [d.train.labels, d.test.labels];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}
