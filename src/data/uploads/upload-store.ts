/**
 * Uploaded datasets in IndexedDB (idb), so they survive a reload: the rows in one store, the
 * light metadata (with the project they were uploaded into) in another, so listing them never
 * reads the rows. The UI writes; the worker reads the rows of an upload it was not handed in this
 * session. A full disk is reported as such (UploadStoreError.quota), never swallowed.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { UploadedDataset, UploadId, UploadMeta } from './types';

export interface StoredUploadMeta extends UploadMeta {
  readonly projectId: string;
  readonly createdAt: number;
}

interface UploadsDB extends DBSchema {
  meta: { key: string; value: StoredUploadMeta; indexes: { project: string } };
  data: { key: string; value: UploadedDataset };
}

const DB_NAME = 'webgpu-playground-datasets';
const DB_VERSION = 1;

export class UploadStoreError extends Error {
  constructor(
    message: string,
    readonly quota: boolean,
  ) {
    super(message);
    this.name = 'UploadStoreError';
  }
}

function isQuota(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? '';
  return name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message ?? ''));
}

function wrap(what: string, e: unknown): UploadStoreError {
  if (isQuota(e)) return new UploadStoreError(`Browser storage is full (quota exceeded), so ${what} failed.`, true);
  return new UploadStoreError(`${what[0].toUpperCase()}${what.slice(1)} failed: ${e instanceof Error ? e.message : String(e)}`, false);
}

export class UploadStore {
  private constructor(private readonly db: IDBPDatabase<UploadsDB>) {}

  static async open(): Promise<UploadStore> {
    try {
      const db = await openDB<UploadsDB>(DB_NAME, DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('meta', { keyPath: 'id' }).createIndex('project', 'projectId');
          db.createObjectStore('data', { keyPath: 'id' });
        },
      });
      return new UploadStore(db);
    } catch (e) {
      throw wrap('opening the dataset storage', e);
    }
  }

  private async run<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw wrap(what, e);
    }
  }

  /**
   * Stores the rows and metadata in one transaction. The value is cloned when put() is called,
   * so the caller may transfer the buffers right after this returns its promise.
   */
  save(upload: UploadedDataset, meta: StoredUploadMeta): Promise<void> {
    return this.run(`saving the dataset "${upload.name}"`, async () => {
      const tx = this.db.transaction(['meta', 'data'], 'readwrite');
      await Promise.all([tx.objectStore('data').put(upload), tx.objectStore('meta').put(meta), tx.done]);
    });
  }

  /** Metadata of the uploads (of one project when given), oldest first. */
  list(projectId?: string): Promise<StoredUploadMeta[]> {
    return this.run('listing the uploaded datasets', async () => {
      const all = projectId === undefined ? await this.db.getAll('meta') : await this.db.getAllFromIndex('meta', 'project', projectId);
      return all.sort((a, b) => a.createdAt - b.createdAt);
    });
  }

  get(id: UploadId): Promise<UploadedDataset | undefined> {
    return this.run('reading the uploaded dataset', () => this.db.get('data', id));
  }

  delete(id: UploadId): Promise<void> {
    return this.run('deleting the uploaded dataset', async () => {
      const tx = this.db.transaction(['meta', 'data'], 'readwrite');
      await Promise.all([tx.objectStore('meta').delete(id), tx.objectStore('data').delete(id), tx.done]);
    });
  }
}
