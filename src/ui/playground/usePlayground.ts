/**
 * The playground's brain: composes the editor (spec + undo), the worker binding and the project
 * store. Decides when the worker must rebuild the model (and whether weights carry over), opens,
 * saves and switches projects, and exposes every command the panels need. App only lays out.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { layerDef } from '../../engine/layers/registry';
import type { LayerType } from '../../engine/spec';
import { PRESETS, type Preset } from '../../presets/presets';
import type { AttentionSource, WeightsBlob } from '../../worker/protocol';
import type { GenerateCommand } from '../generate/generate-form';
import { editorReducer, initialEditor, type EditorAction } from '../editor/editor-state';
import { analyzeForEditor } from '../model/analysis';
import { datasetInfo, is2dDataset } from '../model/dataset-info';
import type { UploadRequest } from '../datasets/build-upload';
import { useUploads } from '../datasets/useUploads';
import type { DatasetName } from '../../worker/protocol';
import type { XY } from '../model/layout';
import type { BlockType } from '../model/blocks';
import { ProjectStore } from '../persist/db';
import { useAutosave } from '../persist/useAutosave';
import { docAtWeights } from '../persist/run-at-weights';
import { parseProjectFile, projectFileName, projectFileText } from '../project/file';
import { archKey, configKey } from '../project/keys';
import { readShareHash, shareUrl } from '../project/share';
import type { ProjectCore, ProjectDoc, ProjectSummary, StoredWeights } from '../project/types';
import type { UiErrorSource } from '../state';
import { useTrainer } from '../useTrainer';
import { ioBlocker, useModelIo, weightsVersion } from './useModelIo';
import { composeDoc, DEFAULT_PRESET, newDoc, presetCore, runConfig, withNewId, type ProjectMeta } from './documents';
import { readStored } from './stored';

const arity = (type: string) => layerDef(type)?.arity;
const BOUNDARY_RESOLUTION = 40;

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error' | 'off';

export function usePlayground() {
  const { state, send, dispatch } = useTrainer();
  const [editor, edit] = useReducer(editorReducer, undefined, () => initialEditor(presetCore(DEFAULT_PRESET)));
  const [meta, setMeta] = useState<ProjectMeta | null>(null);
  const [projects, setProjects] = useState<ProjectSummary[]>([]);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>('idle');
  /** A stored project that failed its checks at start-up (its raw JSON stays downloadable). */
  const [damaged, setDamaged] = useState<{ message: string; name: string; raw: string } | null>(null);
  const uploads = useUploads(send);
  const removeUploadsOf = uploads.removeForProject;
  const uploadList = uploads.listRef;
  const uploadsReady = uploads.ready;
  const core = editor.present;
  const analysis = useMemo(() => analyzeForEditor(core, arity, uploads.list), [core, uploads.list]);

  const storeRef = useRef<ProjectStore | null>(null);
  const savedWeights = useRef<unknown>(null);
  const lastSaveError = useRef('');
  const pendingOpen = useRef<{ core: ProjectCore; weights?: WeightsBlob } | null>(null);
  const tagRef = useRef(0);
  const latest = useRef({ state, core, editor, meta, analysis });
  const projectsRef = useRef(projects);
  projectsRef.current = projects;
  latest.current = { state, core, editor, meta, analysis };

  const uiError = useCallback((where: UiErrorSource, message: string) => dispatch({ kind: 'ui-error', where, message }), [dispatch]);

  // --- the worker's model --------------------------------------------------------------------

  const loadCore = useCallback(
    (c: ProjectCore, opts: { weights?: WeightsBlob; keepWeights?: boolean } = {}) => {
      const tag = `m${++tagRef.current}`;
      dispatch({ kind: 'loading', meta: { tag, configKey: configKey(c), archKey: archKey(c), config: runConfig(c) } });
      send({ type: 'load', source: { kind: 'custom', spec: c.spec, dataset: c.dataset, settings: c.settings }, tag, weights: opts.weights, keepWeights: opts.keepWeights });
    },
    [dispatch, send],
  );

  /** Makes sure the worker trains the spec on screen; false when it cannot (invalid model). */
  const ensureLoaded = useCallback((): boolean => {
    const { state: s, core: c, analysis: a } = latest.current;
    if (a.blocker) return false;
    const target = s.pendingLoad ?? s.loaded;
    if (target?.configKey === configKey(c)) return true;
    loadCore(c, { keepWeights: target?.archKey === archKey(c) });
    return true;
  }, [loadCore]);

  const gpuReady = state.gpu.kind === 'ready';
  const idle = state.status === 'ready' || state.status === 'empty';
  const loadedKey = (state.pendingLoad ?? state.loaded)?.configKey;
  const currentKey = useMemo(() => configKey(core), [core]);

  // Build the model when a project opens, and again shortly after edits while idle.
  useEffect(() => {
    if (!gpuReady || !meta) return;
    const open = pendingOpen.current;
    if (open) {
      pendingOpen.current = null;
      if (!analysis.blocker) loadCore(open.core, { weights: open.weights });
      return;
    }
    if (!idle || analysis.blocker || loadedKey === currentKey) return;
    const t = setTimeout(() => ensureLoaded(), 450);
    return () => clearTimeout(t);
  }, [gpuReady, meta, idle, analysis.blocker, loadedKey, currentKey, loadCore, ensureLoaded]);

  // Decision-boundary grids for 2-feature datasets.
  const ds = datasetInfo(core.dataset, uploads.list);
  const is2d = is2dDataset(ds);
  useEffect(() => {
    if (gpuReady) send({ type: 'boundary', watch: is2d, resolution: BOUNDARY_RESOLUTION });
  }, [gpuReady, is2d, send]);

  // Evaluate on the test set whenever a run ends (finished or stopped; not on a pause or a single step).
  const prevStatus = useRef(state.status);
  useEffect(() => {
    const was = prevStatus.current;
    prevStatus.current = state.status;
    const ran = was === 'training' || was === 'pausing' || was === 'stopping';
    if (ran && state.status === 'ready' && !latest.current.state.diverged) send({ type: 'evaluate', split: 'test' });
  }, [state.status, send]);

  // --- projects -------------------------------------------------------------------------------

  const refreshList = useCallback(async () => {
    const store = storeRef.current;
    if (!store) return;
    try {
      setProjects(await store.list());
    } catch (e) {
      uiError('storage', (e as Error).message);
    }
  }, [uiError]);

  const openDoc = useCallback(
    (doc: ProjectDoc, weights: StoredWeights | undefined) => {
      const c: ProjectCore = { spec: doc.spec, dataset: doc.dataset, settings: doc.settings };
      const w = weights && weights.archKey === archKey(c) ? weights : undefined;
      const blob = w ? { params: w.params, epoch: w.epoch, globalStep: w.globalStep, archKey: w.archKey } : null;
      savedWeights.current = blob;
      setMeta({ id: doc.id, name: doc.name, createdAt: doc.createdAt, presetId: doc.presetId });
      edit({ kind: 'open', core: c, positions: doc.positions });
      dispatch({ kind: 'restore-project', current: doc.current, history: doc.history, evaluation: doc.evaluation, nextRunId: doc.nextRunId, weights: blob });
      pendingOpen.current = { core: c, weights: blob ?? undefined };
      if (latest.current.state.gpu.kind === 'ready' && !analyzeForEditor(c, arity, uploadList.current).blocker) {
        pendingOpen.current = null;
        loadCore(c, { weights: blob ?? undefined });
      }
    },
    [dispatch, loadCore, uploadList],
  );

  const save = useCallback(async () => {
    const store = storeRef.current;
    const { meta: m, core: c, editor: e, state: s } = latest.current;
    if (!store || !m) return;
    const doc = docAtWeights(composeDoc(m, c, e.positions, s), s.weightsAt); // the run only as far as the stored weights
    const w = s.weights;
    const weights: StoredWeights | null | undefined =
      w === savedWeights.current ? undefined : w ? { projectId: m.id, params: w.params, epoch: w.epoch, globalStep: w.globalStep, archKey: w.archKey } : null;
    setSaveStatus('saving');
    try {
      await store.save(doc, weights);
      if (weights !== undefined) savedWeights.current = w;
      setSaveStatus('saved');
      lastSaveError.current = '';
    } catch (err) {
      setSaveStatus('error');
      // useAutosave retries with backoff: the same failure is reported once.
      if ((err as Error).message !== lastSaveError.current) uiError('storage', (err as Error).message);
      lastSaveError.current = (err as Error).message;
      return false;
    }
  }, [uiError]);

  const changeToken = useMemo(
    () => ({}),
    [meta, core, editor.positions, state.current.last, state.current.config, state.history, state.evaluation, state.weights],
  );
  const flush = useAutosave(changeToken, save, 800, meta !== null && storeRef.current !== null);

  /** Saves a brand-new document and opens it. */
  const createAndOpen = useCallback(
    async (doc: ProjectDoc, weights?: StoredWeights) => {
      await flush();
      const store = storeRef.current;
      if (store) {
        try {
          await store.save(doc, weights ?? null);
        } catch (e) {
          uiError('storage', (e as Error).message);
        }
      }
      openDoc(doc, weights);
      await refreshList();
    },
    [flush, openDoc, refreshList, uiError],
  );

  const openShared = useCallback(
    async (hash: string): Promise<boolean> => {
      const shared = readShareHash(hash);
      if (!shared) return false;
      history.replaceState(null, '', location.pathname + location.search);
      if ('error' in shared) {
        uiError('share', shared.error);
        return false;
      }
      await createAndOpen(newDoc(shared.core, shared.name, null));
      return true;
    },
    [createAndOpen, uiError],
  );

  // Start: open storage, then the shared link, the last project, or a new one.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      await uploadsReady; // an open project may train on an uploaded dataset
      try {
        storeRef.current = await ProjectStore.open();
      } catch (e) {
        setSaveStatus('off');
        uiError('storage', `${(e as Error).message} Projects will not be saved.`);
      }
      const store = storeRef.current;
      if (await openShared(location.hash)) return;
      try {
        const id = store ? await store.currentId() : undefined;
        const read = id && store ? await readStored(store, id) : undefined;
        if (read?.ok) {
          openDoc(read.doc, read.weights);
          if (read.notes.length > 0) uiError('storage', read.notes.join(' '));
          await refreshList();
          return;
        }
        if (read) setDamaged({ message: read.error, name: read.name, raw: read.raw });
      } catch (e) {
        uiError('storage', (e as Error).message);
      }
      await createAndOpen(newDoc(presetCore(DEFAULT_PRESET), DEFAULT_PRESET.title, DEFAULT_PRESET.id));
    })();
  }, [createAndOpen, openDoc, openShared, refreshList, uiError, uploadsReady]);

  useEffect(() => {
    const onHash = () => void openShared(location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [openShared]);

  const projectCommands = useMemo(
    () => ({
      create: () => {
        const taken = new Set(projectsRef.current.map((p) => p.name));
        let n = projectsRef.current.length + 1;
        while (taken.has(`Untitled ${n}`)) n++;
        void createAndOpen(newDoc(presetCore(DEFAULT_PRESET), `Untitled ${n}`, DEFAULT_PRESET.id));
      },
      rename: (name: string) => {
        const n = name.trim();
        if (!n) return;
        setMeta((m) => (m ? { ...m, name: n } : m));
        setProjects((ps) => ps.map((p) => (p.id === latest.current.meta?.id ? { ...p, name: n } : p)));
      },
      switchTo: async (id: string) => {
        const store = storeRef.current;
        if (!store || id === latest.current.meta?.id) return;
        await flush();
        try {
          const read = await readStored(store, id);
          if (!read) throw new Error('That project no longer exists.');
          if (!read.ok) throw new Error(`${read.error} Your current project is unchanged.`);
          openDoc(read.doc, read.weights);
          if (read.notes.length > 0) uiError('storage', read.notes.join(' '));
          await store.setCurrentId(id);
        } catch (e) {
          uiError('storage', (e as Error).message);
        }
      },
      remove: async () => {
        const store = storeRef.current;
        const m = latest.current.meta;
        if (!store || !m) return;
        try {
          await store.delete(m.id);
          const rest = (await store.list()).filter((p) => p.id !== m.id);
          // Its uploads go too, except those another stored project trains on.
          const inUse = await Promise.all(rest.map(async (p) => (await store.get(p.id))?.dataset));
          void removeUploadsOf(m.id, inUse);
          const read = rest[0] ? await readStored(store, rest[0].id) : undefined;
          const next = read?.ok ? read : undefined;
          if (next) {
            openDoc(next.doc, next.weights);
            await store.setCurrentId(next.doc.id);
            await refreshList();
          } else {
            await createAndOpen(newDoc(presetCore(DEFAULT_PRESET), DEFAULT_PRESET.title, DEFAULT_PRESET.id));
          }
        } catch (e) {
          uiError('storage', (e as Error).message);
        }
      },
      download: () => {
        const { meta: m, core: c, editor: e, state: s } = latest.current;
        if (!m) return;
        const w = s.weights ? { projectId: m.id, ...s.weights } : null;
        const blob = new Blob([projectFileText(composeDoc(m, c, e.positions, s), w)], { type: 'application/json' });
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = projectFileName(composeDoc(m, c, e.positions, s));
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      },
      upload: async (file: File) => {
        let text: string;
        try {
          text = await file.text();
        } catch {
          uiError('file', `Could not read "${file.name}".`);
          return;
        }
        const parsed = parseProjectFile(text);
        if (!parsed.ok) {
          uiError('file', `"${file.name}" was not opened: ${parsed.error} Your current project is unchanged.`);
          return;
        }
        const doc = withNewId(parsed.value.doc);
        if (parsed.value.notes.length > 0) uiError('file', `"${file.name}" was opened with parts left out: ${parsed.value.notes.join(' ')}`);
        const w = parsed.value.weights ? { projectId: doc.id, ...parsed.value.weights } : undefined;
        await createAndOpen(doc, w);
      },
      shareLink: (): string => {
        const { core: c, meta: m } = latest.current;
        return shareUrl(c, m?.name ?? 'Shared model');
      },
    }),
    [createAndOpen, flush, openDoc, refreshList, uiError, removeUploadsOf],
  );

  // --- editing --------------------------------------------------------------------------------

  const editorCommands = useMemo(
    () => ({
      dispatch: (a: EditorAction) => edit(a),
      update: (fn: (c: ProjectCore) => ProjectCore, coalesce?: string) => edit({ kind: 'update', fn, coalesce }),
      add: (type: LayerType, at?: XY) => edit({ kind: 'add', type, at }),
      insertAfterSelected: (type: LayerType) => {
        const sel = latest.current.editor.selection;
        edit({ kind: 'insert-after', type, after: sel.length === 1 ? sel[0] : null });
      },
      addBlock: (block: BlockType) => edit({ kind: 'add-block', block, after: null }),
      insertBlockAfterSelected: (block: BlockType) => {
        const sel = latest.current.editor.selection;
        edit({ kind: 'add-block', block, after: sel.length === 1 ? sel[0] : latest.current.core.spec.output || null });
      },
      undo: () => edit({ kind: 'undo' }),
      redo: () => edit({ kind: 'redo' }),
      autoLayout: () => edit({ kind: 'auto-layout' }),
      deleteSelected: () => edit({ kind: 'remove', ids: latest.current.editor.selection }),
      loadPreset: (p: Preset) => {
        const c = presetCore(p);
        edit({ kind: 'replace', core: c });
        // A project still named after a preset takes the new preset's name.
        setMeta((m) => (m ? { ...m, presetId: p.id, name: PRESETS.some((q) => q.title === m.name) ? p.title : m.name } : m));
        if (latest.current.state.gpu.kind === 'ready' && !analyzeForEditor(c, arity, uploadList.current).blocker) loadCore(c);
      },
    }),
    [loadCore, uploadList],
  );

  // --- training -------------------------------------------------------------------------------

  const runCommands = useMemo(
    () => ({
      train: () => {
        if (ensureLoaded()) send({ type: 'train' });
      },
      pause: () => send({ type: 'pause' }),
      resume: () => {
        if (ensureLoaded()) send({ type: 'resume' });
      },
      stepBatch: () => {
        if (ensureLoaded()) send({ type: 'step-batch' });
      },
      stop: () => send({ type: 'stop' }),
      resetWeights: () => {
        const { state: s, core: c, analysis: a } = latest.current;
        if (a.blocker) return;
        if ((s.pendingLoad ?? s.loaded)?.configKey === configKey(c)) send({ type: 'reset' });
        else loadCore(c);
      },
      evaluate: () => {
        if (ensureLoaded()) send({ type: 'evaluate', split: 'test' });
      },
      restoreSnapshot: () => send({ type: 'restore-snapshot' }),
      /** Classify one input (draw to classify); answered by a `prediction` with the same id. */
      predict: (id: number, input: Float32Array) => send({ type: 'predict', id, input }),
      /** Attention maps for one input (null source: stop watching); answered by `attention-maps`. */
      attentionMaps: (watch: boolean, source: AttentionSource | null) => send({ type: 'attention-maps', watch, source }),
      /** Text generation (character language models); streamed back as `generated` messages with this id. */
      generate: (req: GenerateCommand) => send({ type: 'generate', ...req }),
      stopGeneration: (id: number) => send({ type: 'generate-stop', id }),
      recover: () => send({ type: 'recover' }),
      dismissError: (id: number) => dispatch({ kind: 'dismiss-error', id }),
      clearHistory: () => dispatch({ kind: 'clear-history' }),
    }),
    [dispatch, ensureLoaded, loadCore, send],
  );

  // --- datasets ---------------------------------------------------------------------------------

  const { add: addUpload, remove: removeUpload, withDataset } = uploads;
  const datasetCommands = useMemo(
    () => ({
      choose: (id: DatasetName) => edit({ kind: 'update', fn: (c) => withDataset(c, id) }),
      /** Builds and stores the dataset, then trains on it; false when the files were refused. */
      upload: async (req: UploadRequest): Promise<boolean> => {
        const id = await addUpload(req, latest.current.meta?.id ?? null);
        if (id) edit({ kind: 'update', fn: (c) => withDataset(c, id) });
        return id !== null;
      },
      remove: (id: DatasetName) => {
        if (id.startsWith('upload:')) void removeUpload(id as Parameters<typeof removeUpload>[0]);
      },
      preview: (id: DatasetName, seed: number) => send({ type: 'preview', dataset: id, seed, rows: 24 }),
    }),
    [addUpload, removeUpload, send, withDataset],
  );

  const stale = state.loaded !== null && state.loaded.configKey !== currentKey;
  // --- export and import of the trained weights (see useModelIo) ---
  const ioCommands = useModelIo(state, send, dispatch, meta?.name ?? core.spec.name ?? 'model');
  const ioBlocked = ioBlocker(state, stale);
  const int8Current = state.io.int8 !== null && state.io.int8.version === weightsVersion(state);
  return {
    state,
    editor,
    core,
    analysis,
    meta,
    projects,
    saveStatus,
    damaged,
    dismissDamaged: () => setDamaged(null),
    stale,
    is2d,
    dataset: ds,
    uploads,
    datasetCommands,
    editorCommands,
    runCommands,
    projectCommands,
    ioCommands,
    ioBlocked,
    int8Current,
  };
}

export type Playground = ReturnType<typeof usePlayground>;
