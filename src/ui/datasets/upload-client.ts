/**
 * Runs upload jobs in a fresh upload worker each (see upload.worker.ts) and turns the answer into
 * a value or a thrown Error with the parser's message. Where there are no module workers (tests,
 * old browsers) the same functions run on this thread, loaded on demand.
 */
import type { CsvColumns } from '../../data/uploads/numeric-csv';
import type { UploadedDataset } from '../../data/uploads/types';
import type { UploadRequest } from './build-upload';
import type { UploadJob, UploadReply } from './upload-jobs';

function runJob(job: UploadJob): Promise<Exclude<UploadReply, { ok: false }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./upload.worker.ts', import.meta.url), { type: 'module', name: 'upload' });
    const done = (): void => worker.terminate();
    worker.onmessage = (e: MessageEvent<UploadReply>) => {
      done();
      const r = e.data;
      if (r.ok) resolve(r);
      else reject(new Error(r.message));
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      done();
      reject(new Error(`The files could not be read: ${e.message || 'the upload worker failed'}.`));
    };
    worker.onmessageerror = () => {
      done();
      reject(new Error('The parsed dataset could not be handed back from the upload worker.'));
    };
    worker.postMessage(job);
  });
}

const hasWorkers = (): boolean => typeof Worker !== 'undefined';

/** The columns of a CSV file, for choosing the label (and text) column. */
export async function readCsvColumnsOffThread(file: File): Promise<CsvColumns> {
  if (!hasWorkers()) return (await import('./build-upload')).readCsvColumns(file);
  const r = await runJob({ kind: 'columns', file });
  if (r.kind !== 'columns') throw new Error('The upload worker answered the wrong job.');
  return r.columns;
}

/** The dataset of an upload request, parsed off the main thread. */
export async function buildUploadOffThread(req: UploadRequest): Promise<UploadedDataset> {
  if (!hasWorkers()) return (await import('./build-upload')).buildUpload(req);
  const r = await runJob({ kind: 'build', req });
  if (r.kind !== 'build') throw new Error('The upload worker answered the wrong job.');
  return r.upload;
}
