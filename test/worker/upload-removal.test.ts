/** The worker forgets an upload the user removed (`dataset-remove`): its rows leave the worker's map. */
import { describe, expect, it } from 'vitest';
import { addUpload, getUpload, removeUpload } from '../../src/worker/datasets';
import type { UploadedDataset } from '../../src/data/uploads/types';

const upload: UploadedDataset = { id: 'upload:removal-test', name: 'pasted', format: 'corpus', data: { kind: 'corpus', text: 'hello world' } };

describe('worker uploads', () => {
  it('drops a removed upload from its map', async () => {
    addUpload(upload);
    expect(await getUpload(upload.id)).toBe(upload);
    removeUpload(upload.id);
    // Without IndexedDB (Node) nothing can bring it back: the map no longer holds it.
    await expect(getUpload(upload.id)).rejects.toThrow(
      "The uploaded dataset upload:removal-test is not in this browser's storage any more; upload the files again or choose another dataset.",
    );
  });
});
