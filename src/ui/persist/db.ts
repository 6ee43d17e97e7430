/**
 * IndexedDB storage (idb): projects, their trained weights and which project is open. Every
 * failure is turned into an Error with a sentence a person can act on; a full disk (quota) is
 * named as such. Nothing here is swallowed: callers show the message.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ProjectDoc, ProjectSummary, StoredWeights } from '../project/types';

interface PlaygroundDB extends DBSchema {
  projects: { key: string; value: ProjectDoc };
  weights: { key: string; value: StoredWeights };
  meta: { key: string; value: string };
}

const DB_NAME = 'webgpu-playground';
const DB_VERSION = 1;

export class StorageError extends Error {
  constructor(
    message: string,
    readonly quota: boolean,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

function isQuota(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? '';
  const inner = (e as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message ?? ''));
}

function wrap(what: string, e: unknown): StorageError {
  if (isQuota(e)) return new StorageError(`Browser storage is full, so ${what} failed (quota exceeded). Delete old projects or download this one as a file.`, true);
  return new StorageError(`${what[0].toUpperCase()}${what.slice(1)} failed: ${e instanceof Error ? e.message : String(e)}`, false);
}

export class ProjectStore {
  private constructor(private readonly db: IDBPDatabase<PlaygroundDB>) {}

  static async open(): Promise<ProjectStore> {
    try {
      const db = await openDB<PlaygroundDB>(DB_NAME, DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('projects', { keyPath: 'id' });
          db.createObjectStore('weights', { keyPath: 'projectId' });
          db.createObjectStore('meta');
        },
      });
      return new ProjectStore(db);
    } catch (e) {
      throw wrap('opening the project storage', e);
    }
  }

  private async run<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw wrap(what, e);
    }
  }

  list(): Promise<ProjectSummary[]> {
    return this.run('listing projects', async () => {
      const all = await this.db.getAll('projects');
      return all.map((p) => ({ id: p.id, name: p.name, updatedAt: p.updatedAt })).sort((a, b) => b.updatedAt - a.updatedAt);
    });
  }

  get(id: string): Promise<ProjectDoc | undefined> {
    return this.run('reading the project', () => this.db.get('projects', id));
  }

  /** Saves the project and, when given, its weights (null deletes them) in one transaction. */
  save(doc: ProjectDoc, weights?: StoredWeights | null): Promise<void> {
    return this.run('saving the project', async () => {
      const tx = this.db.transaction(['projects', 'weights', 'meta'], 'readwrite');
      const jobs: Promise<unknown>[] = [tx.objectStore('projects').put(doc), tx.objectStore('meta').put(doc.id, 'current')];
      if (weights) jobs.push(tx.objectStore('weights').put(weights));
      else if (weights === null) jobs.push(tx.objectStore('weights').delete(doc.id));
      // Commit now rather than when the event loop finds no more requests: a save started by
      // pagehide (a reload, a closed tab) then reaches the disk before the document goes away.
      tx.commit();
      await Promise.all([...jobs, tx.done]);
    });
  }

  getWeights(id: string): Promise<StoredWeights | undefined> {
    return this.run('reading the trained weights', () => this.db.get('weights', id));
  }

  delete(id: string): Promise<void> {
    return this.run('deleting the project', async () => {
      const tx = this.db.transaction(['projects', 'weights'], 'readwrite');
      await Promise.all([tx.objectStore('projects').delete(id), tx.objectStore('weights').delete(id), tx.done]);
    });
  }

  currentId(): Promise<string | undefined> {
    return this.run('reading the open project', () => this.db.get('meta', 'current'));
  }

  setCurrentId(id: string): Promise<void> {
    return this.run('remembering the open project', async () => {
      await this.db.put('meta', id, 'current');
    });
  }
}
