/**
 * The upload worker (a module Web Worker): parses dropped files (gunzip, IDX, CSV, text) off the
 * main thread, so a large or hostile file never freezes the page. One job per worker: the page
 * starts it, posts an UploadJob, gets one UploadReply and terminates it, which frees everything.
 */
import { buildUpload, readCsvColumns, uploadTransferables } from './build-upload';
import type { UploadJob, UploadReply } from './upload-jobs';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<UploadJob>) => {
  const job = e.data;
  let reply: UploadReply;
  let transfer: Transferable[] = [];
  try {
    if (job.kind === 'columns') reply = { ok: true, kind: 'columns', columns: await readCsvColumns(job.file) };
    else {
      const upload = await buildUpload(job.req);
      reply = { ok: true, kind: 'build', upload };
      transfer = uploadTransferables(upload);
    }
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(reply, transfer);
};
