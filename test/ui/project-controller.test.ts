/**
 * ProjectController (project persistence without React) against an in-memory store: start-up
 * opens the stored current project, a damaged one opens the default with the notice, a share link
 * opens as a new project, switching saves first, delete removes the project and asks for its
 * uploads to go, and a failed save reports once and tells the autosave it failed (stays dirty).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, newDoc, presetCore, type ProjectMeta } from '../../src/ui/playground/documents';
import {
  ProjectController,
  type DamagedProject,
  type OpenedProject,
  type ProjectStoreLike,
  type SaveStatus,
} from '../../src/ui/playground/project-controller';
import type { ProjectCore, ProjectDoc, ProjectSummary, StoredWeights } from '../../src/ui/project/types';
import { archKey } from '../../src/ui/project/keys';
import { shareUrl } from '../../src/ui/project/share';
import { initialState, type UiErrorSource } from '../../src/ui/state';

/** ProjectStore's behaviour in memory (copies in and out, as IndexedDB does). */
class MemoryStore implements ProjectStoreLike {
  docs = new Map<string, ProjectDoc>();
  weights = new Map<string, StoredWeights>();
  current: string | undefined;
  saves: { id: string; weights: StoredWeights | null | undefined }[] = [];
  failSave: string | null = null;

  async list(): Promise<ProjectSummary[]> {
    return [...this.docs.values()].map((p) => ({ id: p.id, name: p.name, updatedAt: p.updatedAt })).sort((a, b) => b.updatedAt - a.updatedAt);
  }
  async get(id: string) {
    const d = this.docs.get(id);
    return d && structuredClone(d);
  }
  async getWeights(id: string) {
    return this.weights.get(id);
  }
  async save(doc: ProjectDoc, weights?: StoredWeights | null): Promise<void> {
    if (this.failSave) throw new Error(this.failSave);
    this.saves.push({ id: doc.id, weights });
    this.docs.set(doc.id, structuredClone(doc));
    this.current = doc.id;
    if (weights) this.weights.set(doc.id, weights);
    else if (weights === null) this.weights.delete(doc.id);
  }
  async delete(id: string): Promise<void> {
    this.docs.delete(id);
    this.weights.delete(id);
  }
  async currentId() {
    return this.current;
  }
  async setCurrentId(id: string): Promise<void> {
    this.current = id;
  }
}

const core = (): ProjectCore => presetCore(DEFAULT_PRESET);

/** A controller with a fake host that records what it was asked to show and report. */
function setup(store: MemoryStore | null = new MemoryStore()) {
  let now = 1_000;
  const shown: OpenedProject[] = [];
  const errors: { where: UiErrorSource; message: string }[] = [];
  const statuses: SaveStatus[] = [];
  const damaged: DamagedProject[] = [];
  const removedUploads: { id: string; inUse: unknown[] }[] = [];
  let projects: ProjectSummary[] = [];
  let meta: ProjectMeta | null = null;
  let flushes = 0;
  /** Like the autosave scheduler, flush saves only when something changed. */
  const edits = { dirty: false };
  let hashCleared = 0;
  const screen = { core: core(), positions: {} as ProjectDoc['positions'], state: initialState() };
  const ctl: ProjectController = new ProjectController({
    openStore: async () => {
      if (!store) throw new Error('IndexedDB is off.');
      return store;
    },
    now: () => (now += 1000),
    snapshot: () => ({ meta, ...screen }),
    show: (p) => {
      shown.push(p);
      meta = p.meta;
      screen.core = p.core;
      screen.positions = p.doc.positions;
    },
    setMeta: (fn) => {
      meta = fn(meta);
    },
    onProjects: (ps) => {
      projects = ps;
    },
    onSaveStatus: (s) => statuses.push(s),
    onDamaged: (d) => damaged.push(d),
    error: (where, message) => errors.push({ where, message }),
    flush: async (): Promise<boolean> => {
      flushes++;
      if (!edits.dirty) return true;
      edits.dirty = (await ctl.save()) === false;
      return !edits.dirty;
    },
    removeUploads: (id, inUse) => removedUploads.push({ id, inUse }),
    clearHash: () => hashCleared++,
  });
  return {
    ctl, store, shown, errors, statuses, damaged, removedUploads, screen, edits,
    get projects() { return projects; },
    get meta() { return meta; },
    get flushes() { return flushes; },
    get hashCleared() { return hashCleared; },
  };
}

function stored(store: MemoryStore, name: string, updatedAt: number, dataset?: ProjectDoc['dataset']): ProjectDoc {
  const doc = { ...newDoc(core(), name, null, undefined, updatedAt), ...(dataset ? { dataset } : {}) };
  store.docs.set(doc.id, doc);
  return doc;
}

describe('ProjectController', () => {
  it('opens the stored current project at start', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 10);
    const b = stored(store, 'Beta', 20);
    store.current = a.id;
    const t = setup(store);
    await t.ctl.start('');
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0].meta).toMatchObject({ id: a.id, name: 'Alpha' });
    expect(t.shown[0].weights).toBeNull();
    expect(t.projects.map((p) => p.id)).toEqual([b.id, a.id]);
    expect(t.damaged).toEqual([]);
    expect(t.errors).toEqual([]);
    expect(store.saves).toEqual([]); // opening writes nothing
    await t.ctl.start(''); // start runs once
    expect(t.shown).toHaveLength(1);
  });

  it('opens a new default project when nothing is stored', async () => {
    const t = setup();
    await t.ctl.start('');
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0].meta).toMatchObject({ name: DEFAULT_PRESET.title, presetId: DEFAULT_PRESET.id });
    expect(t.store!.docs.has(t.shown[0].meta.id)).toBe(true);
    expect(t.projects).toHaveLength(1);
  });

  it('opens the default with the notice when the stored current project is damaged', async () => {
    const store = new MemoryStore();
    store.docs.set('bad', { id: 'bad', name: 'Broken one', spec: 'not a spec' } as unknown as ProjectDoc);
    store.current = 'bad';
    const t = setup(store);
    await t.ctl.start('');
    expect(t.damaged).toHaveLength(1);
    expect(t.damaged[0].name).toBe('Broken one');
    expect(t.damaged[0].message).toContain('"Broken one" could not be opened');
    expect(JSON.parse(t.damaged[0].raw).project).toMatchObject({ id: 'bad', spec: 'not a spec' });
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0].meta.name).toBe(DEFAULT_PRESET.title);
    expect(store.docs.has('bad')).toBe(true); // the damaged one stays stored
  });

  it('reports storage that will not open and still opens the default', async () => {
    const t = setup(null);
    await t.ctl.start('');
    expect(t.statuses).toContain('off');
    expect(t.errors[0]).toMatchObject({ where: 'storage', message: 'IndexedDB is off. Projects will not be saved.' });
    expect(t.shown).toHaveLength(1);
    expect(t.ctl.hasStore).toBe(false);
  });

  it('opens a share link as a new project and clears the hash', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 10);
    store.current = a.id;
    const hash = new URL(shareUrl(core(), 'Shared spiral', 'http://localhost/')).hash;
    const t = setup(store);
    await t.ctl.start(hash);
    expect(t.hashCleared).toBe(1);
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0].meta.name).toBe('Shared spiral');
    expect(t.shown[0].meta.id).not.toBe(a.id);
    expect(store.docs.size).toBe(2);
    expect(store.current).toBe(t.shown[0].meta.id);
    expect(t.projects).toHaveLength(2);
  });

  it('a broken share link is reported and the stored project opens', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 10);
    store.current = a.id;
    const t = setup(store);
    await t.ctl.start('#share=%%%');
    expect(t.errors[0].where).toBe('share');
    expect(t.shown[0].meta.id).toBe(a.id);
  });

  it('switching saves the current project first', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 10);
    const b = stored(store, 'Beta', 5);
    store.current = a.id;
    const t = setup(store);
    await t.ctl.start('');
    t.ctl.rename('  Alpha renamed  ');
    t.edits.dirty = true;
    expect(t.meta?.name).toBe('Alpha renamed');
    expect(t.projects.find((p) => p.id === a.id)?.name).toBe('Alpha renamed');
    await t.ctl.switchTo(b.id);
    expect(t.flushes).toBe(1);
    expect(store.saves[0].id).toBe(a.id);
    expect(store.docs.get(a.id)?.name).toBe('Alpha renamed');
    expect(t.shown.at(-1)?.meta.id).toBe(b.id);
    expect(store.current).toBe(b.id);
  });

  it('switching to a missing project keeps the open one', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 10);
    store.current = a.id;
    const t = setup(store);
    await t.ctl.start('');
    await t.ctl.switchTo('gone');
    expect(t.errors.at(-1)).toMatchObject({ where: 'storage', message: 'That project no longer exists.' });
    expect(t.shown).toHaveLength(1);
    expect(store.current).toBe(a.id);
  });

  it('delete removes the project, asks for its uploads to go and opens the next', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 30, 'upload:a' as ProjectDoc['dataset']);
    const b = stored(store, 'Beta', 20, 'upload:b' as ProjectDoc['dataset']);
    store.current = a.id;
    const t = setup(store);
    await t.ctl.start('');
    await t.ctl.remove();
    expect(store.docs.has(a.id)).toBe(false);
    expect(t.removedUploads).toEqual([{ id: a.id, inUse: ['upload:b'] }]);
    expect(t.shown.at(-1)?.meta.id).toBe(b.id);
    expect(store.current).toBe(b.id);
    expect(t.projects.map((p) => p.id)).toEqual([b.id]);
  });

  it('deleting the last project opens a new default one', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 30);
    store.current = a.id;
    const t = setup(store);
    await t.ctl.start('');
    await t.ctl.remove();
    expect(store.docs.has(a.id)).toBe(false);
    expect(t.removedUploads[0]).toEqual({ id: a.id, inUse: [] });
    expect(t.shown.at(-1)?.meta.name).toBe(DEFAULT_PRESET.title);
    expect(store.docs.size).toBe(1);
  });

  it('deleting a project with unsaved edits does not save it back afterwards', async () => {
    const store = new MemoryStore();
    const a = stored(store, 'Alpha', 30);
    store.current = a.id;
    const t = setup(store);
    await t.ctl.start('');
    t.edits.dirty = true;
    await t.ctl.remove();
    expect(store.docs.has(a.id)).toBe(false);
    expect(store.docs.size).toBe(1);
    expect(t.shown.at(-1)?.meta.name).toBe(DEFAULT_PRESET.title);
  });

  it('new projects are named Untitled N', async () => {
    const t = setup();
    await t.ctl.start('');
    await t.ctl.create();
    expect(t.shown.at(-1)?.meta.name).toBe('Untitled 2');
    expect(t.projects).toHaveLength(2);
  });

  it('a failed save reports once, returns false (the autosave keeps it dirty) and recovers', async () => {
    const t = setup();
    await t.ctl.start('');
    t.store!.failSave = 'Browser storage is full.';
    expect(await t.ctl.save()).toBe(false);
    expect(await t.ctl.save()).toBe(false);
    expect(t.statuses.slice(-2)).toEqual(['saving', 'error']);
    expect(t.errors.filter((e) => e.message === 'Browser storage is full.')).toHaveLength(1);
    t.store!.failSave = null;
    expect(await t.ctl.save()).toBeUndefined();
    expect(t.statuses.at(-1)).toBe('saved');
  });

  it('writes the weights only when they changed', async () => {
    const t = setup();
    await t.ctl.start('');
    const key = archKey(t.shown[0].core);
    t.screen.state = { ...t.screen.state, weights: { params: new Float32Array([1, 2]), epoch: 1, globalStep: 10, archKey: key } };
    await t.ctl.save();
    expect(t.store!.saves.at(-1)?.weights).toMatchObject({ epoch: 1, archKey: key });
    await t.ctl.save();
    expect(t.store!.saves.at(-1)?.weights).toBeUndefined();
  });

  it('project files: a refused file leaves the open project, a good one opens as new', async () => {
    const t = setup();
    await t.ctl.start('');
    const first = t.shown[0].meta.id;
    await t.ctl.upload({ name: 'x.json', text: async () => '{"nope":1}' });
    expect(t.errors.at(-1)?.where).toBe('file');
    expect(t.errors.at(-1)?.message).toContain('Your current project is unchanged.');
    expect(t.shown).toHaveLength(1);
    const f = t.ctl.file()!;
    expect(f.name).toMatch(/\.json$/);
    await t.ctl.upload({ name: f.name, text: async () => f.text });
    expect(t.shown).toHaveLength(2);
    expect(t.shown[1].meta.id).not.toBe(first);
    expect(t.shown[1].meta.name).toBe(DEFAULT_PRESET.title);
  });
});
