/**
 * The messages between the page and the upload worker (upload.worker.ts): a job (read a CSV's
 * columns, or build a dataset from dropped files) and its answer. Built datasets come back with
 * their typed arrays transferred, not copied.
 */
import type { CsvColumns } from '../../data/uploads/numeric-csv';
import type { UploadedDataset } from '../../data/uploads/types';
import type { UploadRequest } from './build-upload';

export type UploadJob = { kind: 'columns'; file: File } | { kind: 'build'; req: UploadRequest };

export type UploadReply =
  | { ok: true; kind: 'columns'; columns: CsvColumns }
  | { ok: true; kind: 'build'; upload: UploadedDataset }
  | { ok: false; message: string };
