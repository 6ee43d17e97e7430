/**
 * Project persistence without React: opening the stored projects at start (the shared link, the
 * last project, or a new one; a damaged stored project is reported and the default opens),
 * switching, creating, deleting and renaming projects, saving (the run cut back to the stored
 * weights, which are written only when they changed), project files and share links.
 *
 * Everything it touches comes in through `ProjectControllerDeps` (the store, a clock, what is on
 * screen now, and callbacks that show a project in the editor and the worker), so it runs in unit
 * tests with an in-memory store. usePlayground is the React glue around it.
 */
import type { ProjectStore } from '../persist/db';
import { docAtWeights } from '../persist/run-at-weights';
import { parseProjectFile, projectFileName, projectFileText } from '../project/file';
import { archKey } from '../project/keys';
import { readShareHash, shareUrl } from '../project/share';
import type { ProjectCore, ProjectDoc, ProjectSummary, StoredWeights } from '../project/types';
import type { UiErrorSource, UiState } from '../state';
import type { XY } from '../model/layout';
import { composeDoc, DEFAULT_PRESET, newDoc, presetCore, withNewId, type ProjectMeta } from './documents';
import { readStored } from './stored';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error' | 'off';

/** The storage the controller needs (ProjectStore, or a fake in tests). */
export type ProjectStoreLike = Pick<ProjectStore, 'list' | 'get' | 'getWeights' | 'save' | 'delete' | 'currentId' | 'setCurrentId'>;

/** A stored project that failed its checks at start-up (its raw JSON stays downloadable). */
export interface DamagedProject {
  message: string;
  name: string;
  raw: string;
}

/** What is on screen now (the latest render). */
export interface ProjectSnapshot {
  meta: ProjectMeta | null;
  core: ProjectCore;
  positions: Record<string, XY>;
  state: UiState;
}

/** A project to show: its metadata, editable core and node positions, run records and matching weights. */
export interface OpenedProject {
  meta: ProjectMeta;
  core: ProjectCore;
  doc: ProjectDoc;
  /** The stored weights when they fit the architecture; null: fresh weights. */
  weights: UiState['weights'];
}

export interface ProjectControllerDeps {
  openStore: () => Promise<ProjectStoreLike>;
  now: () => number;
  snapshot: () => ProjectSnapshot;
  /** Puts a project in the editor, the run state and the worker. */
  show: (p: OpenedProject) => void;
  setMeta: (fn: (m: ProjectMeta | null) => ProjectMeta | null) => void;
  onProjects: (projects: ProjectSummary[]) => void;
  onSaveStatus: (status: SaveStatus) => void;
  onDamaged: (d: DamagedProject) => void;
  error: (where: UiErrorSource, message: string) => void;
  /** Saves pending changes (the autosave's flush) before another project opens. */
  flush: () => Promise<boolean>;
  /** Deletes a deleted project's uploads, except the datasets in `inUse`. */
  removeUploads: (projectId: string, inUse: (string | null | undefined)[]) => unknown;
  /** Takes a handled share link out of the address bar. */
  clearHash: () => void;
}

const defaultDoc = (now: number) => newDoc(presetCore(DEFAULT_PRESET), DEFAULT_PRESET.title, DEFAULT_PRESET.id, undefined, now);

export class ProjectController {
  private store: ProjectStoreLike | null = null;
  private started = false;
  /** The weights object last written (or read) for the open project: unchanged ones are not written again. */
  private savedWeights: unknown = null;
  private lastSaveError = '';
  private projects: ProjectSummary[] = [];

  constructor(private readonly deps: ProjectControllerDeps) {}

  get hasStore(): boolean {
    return this.store !== null;
  }

  get list(): ProjectSummary[] {
    return this.projects;
  }

  private setProjects(ps: ProjectSummary[]): void {
    this.projects = ps;
    this.deps.onProjects(ps);
  }

  private fail(e: unknown, where: UiErrorSource = 'storage'): void {
    this.deps.error(where, (e as Error).message);
  }

  /** Start: open storage, then the shared link in `hash`, the last project, or a new one. Runs once. */
  async start(hash: string): Promise<void> {
    if (this.started) return;
    this.started = true;
    try {
      this.store = await this.deps.openStore();
    } catch (e) {
      this.deps.onSaveStatus('off');
      this.deps.error('storage', `${(e as Error).message} Projects will not be saved.`);
    }
    const store = this.store;
    if (await this.openShared(hash)) return;
    try {
      const id = store ? await store.currentId() : undefined;
      const read = id && store ? await readStored(store, id) : undefined;
      if (read?.ok) {
        this.open(read.doc, read.weights);
        if (read.notes.length > 0) this.deps.error('storage', read.notes.join(' '));
        await this.refreshList();
        return;
      }
      if (read) this.deps.onDamaged({ message: read.error, name: read.name, raw: read.raw });
    } catch (e) {
      this.fail(e);
    }
    await this.createAndOpen(defaultDoc(this.deps.now()));
  }

  async refreshList(): Promise<void> {
    if (!this.store) return;
    try {
      this.setProjects(await this.store.list());
    } catch (e) {
      this.fail(e);
    }
  }

  /** Shows a document; its stored weights only when they fit its architecture. */
  private open(doc: ProjectDoc, weights: StoredWeights | undefined): void {
    const core: ProjectCore = { spec: doc.spec, dataset: doc.dataset, settings: doc.settings };
    const w = weights && weights.archKey === archKey(core) ? weights : undefined;
    const blob = w ? { params: w.params, epoch: w.epoch, globalStep: w.globalStep, archKey: w.archKey } : null;
    this.savedWeights = blob;
    this.deps.show({ meta: { id: doc.id, name: doc.name, createdAt: doc.createdAt, presetId: doc.presetId }, core, doc, weights: blob });
  }

  /** Saves the open project; false on failure (the autosave then keeps it dirty and retries). */
  async save(): Promise<boolean | undefined> {
    const store = this.store;
    const { meta: m, core: c, positions, state: s } = this.deps.snapshot();
    if (!store || !m) return;
    const doc = docAtWeights(composeDoc(m, c, positions, s, this.deps.now()), s.weightsAt); // the run only as far as the stored weights
    const w = s.weights;
    const weights: StoredWeights | null | undefined =
      w === this.savedWeights ? undefined : w ? { projectId: m.id, params: w.params, epoch: w.epoch, globalStep: w.globalStep, archKey: w.archKey } : null;
    this.deps.onSaveStatus('saving');
    try {
      await store.save(doc, weights);
      if (weights !== undefined) this.savedWeights = w;
      this.deps.onSaveStatus('saved');
      this.lastSaveError = '';
    } catch (err) {
      this.deps.onSaveStatus('error');
      // The autosave retries with backoff: the same failure is reported once.
      if ((err as Error).message !== this.lastSaveError) this.fail(err);
      this.lastSaveError = (err as Error).message;
      return false;
    }
  }

  /** Saves a brand-new document and opens it. */
  async createAndOpen(doc: ProjectDoc, weights?: StoredWeights): Promise<void> {
    await this.deps.flush();
    if (this.store) {
      try {
        await this.store.save(doc, weights ?? null);
      } catch (e) {
        this.fail(e);
      }
    }
    this.open(doc, weights);
    await this.refreshList();
  }

  /** Opens the model of a share link as a new project; false when `hash` holds none (or a broken one). */
  async openShared(hash: string): Promise<boolean> {
    const shared = readShareHash(hash);
    if (!shared) return false;
    this.deps.clearHash();
    if ('error' in shared) {
      this.deps.error('share', shared.error);
      return false;
    }
    await this.createAndOpen(newDoc(shared.core, shared.name, null, undefined, this.deps.now()));
    return true;
  }

  /** A new project from the default preset, named "Untitled N". */
  create(): Promise<void> {
    const taken = new Set(this.projects.map((p) => p.name));
    let n = this.projects.length + 1;
    while (taken.has(`Untitled ${n}`)) n++;
    return this.createAndOpen(newDoc(presetCore(DEFAULT_PRESET), `Untitled ${n}`, DEFAULT_PRESET.id, undefined, this.deps.now()));
  }

  rename(name: string): void {
    const n = name.trim();
    if (!n) return;
    const id = this.deps.snapshot().meta?.id;
    this.deps.setMeta((m) => (m ? { ...m, name: n } : m));
    this.setProjects(this.projects.map((p) => (p.id === id ? { ...p, name: n } : p)));
  }

  /** Saves the open project, then opens project `id`; a missing or damaged one leaves the open project as it is. */
  async switchTo(id: string): Promise<void> {
    const store = this.store;
    if (!store || id === this.deps.snapshot().meta?.id) return;
    await this.deps.flush();
    try {
      const read = await readStored(store, id);
      if (!read) throw new Error('That project no longer exists.');
      if (!read.ok) throw new Error(`${read.error} Your current project is unchanged.`);
      this.open(read.doc, read.weights);
      if (read.notes.length > 0) this.deps.error('storage', read.notes.join(' '));
      await store.setCurrentId(id);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Deletes the open project (and its uploads no other project uses), then opens the next or a new one. */
  async remove(): Promise<void> {
    const store = this.store;
    const m = this.deps.snapshot().meta;
    if (!store || !m) return;
    try {
      // Pending edits are saved before the delete, so no later flush writes the project back.
      await this.deps.flush();
      await store.delete(m.id);
      const rest = (await store.list()).filter((p) => p.id !== m.id);
      // Its uploads go too, except those another stored project trains on.
      const inUse = await Promise.all(rest.map(async (p) => (await store.get(p.id))?.dataset));
      void this.deps.removeUploads(m.id, inUse);
      const read = rest[0] ? await readStored(store, rest[0].id) : undefined;
      const next = read?.ok ? read : undefined;
      if (next) {
        this.open(next.doc, next.weights);
        await store.setCurrentId(next.doc.id);
        await this.refreshList();
      } else {
        await this.createAndOpen(defaultDoc(this.deps.now()));
      }
    } catch (e) {
      this.fail(e);
    }
  }

  /** The open project as a project file (with its weights); null before one is open. */
  file(): { name: string; text: string } | null {
    const { meta: m, core: c, positions, state: s } = this.deps.snapshot();
    if (!m) return null;
    const w = s.weights ? { projectId: m.id, ...s.weights } : null;
    const doc = composeDoc(m, c, positions, s, this.deps.now());
    return { name: projectFileName(doc), text: projectFileText(doc, w) };
  }

  /** Opens a project file as a new project; a refused one leaves the open project as it is. */
  async upload(file: { name: string; text(): Promise<string> }): Promise<void> {
    let text: string;
    try {
      text = await file.text();
    } catch {
      this.deps.error('file', `Could not read "${file.name}".`);
      return;
    }
    const parsed = parseProjectFile(text);
    if (!parsed.ok) {
      this.deps.error('file', `"${file.name}" was not opened: ${parsed.error} Your current project is unchanged.`);
      return;
    }
    const doc = withNewId(parsed.value.doc);
    if (parsed.value.notes.length > 0) this.deps.error('file', `"${file.name}" was opened with parts left out: ${parsed.value.notes.join(' ')}`);
    const w = parsed.value.weights ? { projectId: doc.id, ...parsed.value.weights } : undefined;
    await this.createAndOpen(doc, w);
  }

  /** A link that opens the model on screen (not its run or weights). */
  shareLink(base?: string): string {
    const { core, meta } = this.deps.snapshot();
    return shareUrl(core, meta?.name ?? 'Shared model', base);
  }
}
