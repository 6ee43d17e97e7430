/**
 * Reading a project back from storage as untrusted data: IndexedDB may hold a document written by
 * an earlier version (or planted by hand), so it passes the same checks as an imported file
 * before anything renders it. A refused document comes back with its raw JSON (as a project
 * file) so the person can download it; weights that do not fit are left out with a note.
 */
import type { ProjectStore } from '../persist/db';
import { PROJECT_FILE_FORMAT, PROJECT_FILE_VERSION } from '../project/file';
import type { ProjectDoc, StoredWeights } from '../project/types';
import { checkProject, checkWeights } from '../project/validate-project';

export type StoredRead =
  | { ok: true; doc: ProjectDoc; weights: StoredWeights | undefined; notes: string[] }
  | { ok: false; error: string; name: string; raw: string };

/** The raw document as the text of a project file (for "Download the damaged project"). */
export function damagedFileText(doc: unknown): string {
  const replacer = (_k: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : typeof v === 'bigint' ? String(v) : v);
  try {
    return JSON.stringify({ format: PROJECT_FILE_FORMAT, version: PROJECT_FILE_VERSION, project: doc, weights: null }, replacer, 1);
  } catch (e) {
    return JSON.stringify({ error: `The stored project could not be written out: ${(e as Error).message}` });
  }
}

/** Checks a stored document (and its weights); undefined when there is none. */
export function checkStored(raw: unknown, rawWeights: unknown): StoredRead | undefined {
  if (raw === undefined || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  const rawName = (raw as { name?: unknown }).name;
  const name = typeof rawName === 'string' && rawName.trim() ? rawName.trim().slice(0, 80) : 'Untitled';
  const checked = typeof id === 'string' && id.length > 0 && id.length <= 200 ? checkProject(raw) : { ok: false as const, error: 'it has no valid id' };
  if (!checked.ok) return { ok: false, error: `The saved project "${name}" could not be opened: ${checked.error}.`, name, raw: damagedFileText(raw) };
  const { doc, notes } = checked.value;
  let weights: StoredWeights | undefined;
  if (rawWeights !== undefined && rawWeights !== null) {
    const w = checkWeights(rawWeights, doc);
    if (!w.ok) notes.push(`${w.error} They were not loaded; the model starts from fresh weights.`);
    else if (w.value) weights = { projectId: id as string, ...w.value };
  }
  return { ok: true, doc: { ...doc, id: id as string }, weights, notes };
}

/** Reads and checks project `id`; undefined when it does not exist. Storage errors are thrown. */
export async function readStored(store: Pick<ProjectStore, 'get' | 'getWeights'>, id: string): Promise<StoredRead | undefined> {
  const raw = await store.get(id);
  if (!raw) return undefined;
  return checkStored(raw, await store.getWeights(id));
}
