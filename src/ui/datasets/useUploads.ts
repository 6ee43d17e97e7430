/**
 * The user's uploaded datasets: lists them from IndexedDB at start, turns dropped files into a
 * dataset (in the upload worker, off the main thread), stores it (with the project it was
 * uploaded into) and hands its buffers to the training worker. Removing one (or deleting the
 * project it belongs to) deletes it from storage and from the training worker's memory. Errors and
 * storage problems are kept for the drop zone to show.
 */
import { useCallback, useRef, useState } from 'react';
import { uploadsToDeleteWithProject } from '../../data/uploads/project-cleanup';
import { uploadMeta, type UploadId } from '../../data/uploads/types';
import { UploadStore, type StoredUploadMeta } from '../../data/uploads/upload-store';
import type { DatasetName, ToWorker } from '../../worker/protocol';
import type { ProjectCore } from '../project/types';
import type { UploadRequest } from './build-upload';
import { withDataset as chooseIn } from './choose-dataset';
import { buildUploadOffThread } from './upload-client';

export interface UploadStatus {
  busy: boolean;
  /** Why the last upload failed (bad file), shown at the drop zone. */
  error: string | null;
  /** The dataset is usable but something went wrong around it (e.g. storage full). */
  warning: string | null;
}

export function useUploads(send: (cmd: ToWorker, transfer?: Transferable[]) => void) {
  const [list, setList] = useState<StoredUploadMeta[]>([]);
  const [status, setStatus] = useState<UploadStatus>({ busy: false, error: null, warning: null });
  const store = useRef<Promise<UploadStore | null> | null>(null);
  const listRef = useRef(list);
  listRef.current = list;

  const openStore = useCallback(() => {
    store.current ??= UploadStore.open().catch((e: unknown) => {
      setStatus((s) => ({ ...s, warning: `${(e as Error).message} Uploaded datasets will not survive a reload.` }));
      return null;
    });
    return store.current;
  }, []);

  /** Resolves once the stored uploads are listed (the project opens after that). */
  const ready = useRef<Promise<void> | null>(null);
  ready.current ??= (async () => {
    const s = await openStore();
    if (!s) return;
    try {
      const all = await s.list();
      listRef.current = all;
      setList(all);
    } catch (e) {
      setStatus((st) => ({ ...st, warning: (e as Error).message }));
    }
  })();

  /** Builds, stores and hands over a dataset; returns its id, or null when the files were refused. */
  const add = useCallback(
    async (req: UploadRequest, projectId: string | null): Promise<UploadId | null> => {
      setStatus({ busy: true, error: null, warning: null });
      let upload;
      try {
        upload = await buildUploadOffThread(req);
      } catch (e) {
        setStatus({ busy: false, error: (e as Error).message, warning: null });
        return null;
      }
      const { uploadTransferables } = await import('./build-upload');
      const meta: StoredUploadMeta = { ...uploadMeta(upload), projectId: projectId ?? '', createdAt: Date.now() };
      const s = await openStore();
      // put() clones the rows synchronously, so the buffers can be transferred right after.
      const saving = s ? s.save(upload, meta) : Promise.reject(new Error('The dataset storage is not available.'));
      send({ type: 'dataset-add', dataset: upload }, uploadTransferables(upload));
      listRef.current = [...listRef.current, meta];
      setList(listRef.current);
      let warning: string | null = null;
      try {
        await saving;
      } catch (e) {
        warning = `${(e as Error).message} "${meta.label}" can be used until the page is closed, but will not survive a reload.`;
      }
      setStatus({ busy: false, error: null, warning });
      return meta.id;
    },
    [openStore, send],
  );

  const remove = useCallback(
    async (id: UploadId) => {
      listRef.current = listRef.current.filter((u) => u.id !== id);
      setList(listRef.current);
      send({ type: 'dataset-remove', id });
      const s = await openStore();
      try {
        await s?.delete(id);
      } catch (e) {
        setStatus((st) => ({ ...st, warning: (e as Error).message }));
      }
    },
    [openStore, send],
  );

  /** Deletes the uploads of a deleted project, except those in `datasetsInUse` (the other projects' datasets). */
  const removeForProject = useCallback(
    async (projectId: string, datasetsInUse: Iterable<string | null | undefined>) => {
      await ready.current;
      for (const id of uploadsToDeleteWithProject(listRef.current, projectId, datasetsInUse)) await remove(id);
    },
    [remove],
  );

  const fail = useCallback((message: string) => setStatus({ busy: false, error: message, warning: null }), []);
  const clear = useCallback(() => setStatus({ busy: false, error: null, warning: null }), []);

  /** The project with dataset `id` chosen (and a numeric upload's suggested scaling pre-set; choose-dataset.ts). */
  const withDataset = useCallback((c: ProjectCore, id: DatasetName) => chooseIn(c, id, listRef.current), []);

  return { list, listRef, status, ready: ready.current, add, remove, removeForProject, fail, clear, withDataset };
}

export type Uploads = ReturnType<typeof useUploads>;
