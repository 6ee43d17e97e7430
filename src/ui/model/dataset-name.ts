/**
 * The name a dataset is shown by in run summaries and chart legends: an upload by its file name
 * (UploadMeta.label), never its "upload:<uuid>" id; a built-in dataset by its id, as before.
 */
import { isUploadId, type UploadMeta } from '../../data/uploads/types';

export function datasetName(id: string, uploads: readonly UploadMeta[]): string {
  if (!isUploadId(id)) return id;
  return uploads.find((u) => u.id === id)?.label ?? 'an upload no longer in this browser';
}
