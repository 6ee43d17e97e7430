/**
 * The autotuner's store in the browser: one IndexedDB record (database `gradient-bench-autotune`,
 * store `winners`, key `all`) holding `<adapter scope>|<call key>` -> variant. Read back through
 * `tuneRecord` (another tab or an old version may have written it). Kept apart from the projects'
 * database so clearing one never touches the other. Uses `idb` (already the projects' wrapper).
 */
import { openDB, type IDBPDatabase } from 'idb';
import { boundedRecord, tuneRecord, type TuneStore } from '../gpu/autotune';

const DB = 'gradient-bench-autotune';
const STORE = 'winners';

export class IdbTuneStore implements TuneStore {
  private db: Promise<IDBPDatabase> | null = null;

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(DB, 1, {
      upgrade(db) {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
      },
    });
    return this.db;
  }

  async load(): Promise<Record<string, string>> {
    return tuneRecord(await (await this.open()).get(STORE, 'all'));
  }

  async save(entries: Record<string, string>): Promise<void> {
    await (await this.open()).put(STORE, boundedRecord(entries), 'all');
  }
}
