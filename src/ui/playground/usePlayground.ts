/**
 * The playground's brain: composes the editor (spec + undo), the worker binding and the project
 * store. Decides when the worker must rebuild the model (and whether weights carry over) and
 * exposes every command the panels need; opening, saving and switching projects is
 * ProjectController's (project-controller.ts), wired here. App only lays out.
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
import { archKey, configKey } from '../project/keys';
import type { ProjectCore, ProjectSummary } from '../project/types';
import type { UiErrorSource } from '../state';
import { useTrainer } from '../useTrainer';
import { ioBlocker, useModelIo, weightsVersion } from './useModelIo';
import { DEFAULT_PRESET, presetCore, runConfig, type ProjectMeta } from './documents';
import { ProjectController, type DamagedProject, type OpenedProject, type SaveStatus } from './project-controller';

const arity = (type: string) => layerDef(type)?.arity;
const BOUNDARY_RESOLUTION = 40;

export type { SaveStatus };

/** Hands `text` to the browser as a file download. */
function downloadText(name: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function usePlayground() {
  const { state, send, dispatch, subscribe } = useTrainer();
  const [editor, edit] = useReducer(editorReducer, undefined, () => initialEditor(presetCore(DEFAULT_PRESET)));
  const [meta, setMeta] = useState<ProjectMeta | null>(null);
  const [projects, setProjects] = useState<ProjectSummary[]>([]);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>('idle');
  /** A stored project that failed its checks at start-up (its raw JSON stays downloadable). */
  const [damaged, setDamaged] = useState<DamagedProject | null>(null);
  const uploads = useUploads(send);
  const uploadList = uploads.listRef;
  const uploadsReady = uploads.ready;
  const core = editor.present;
  const analysis = useMemo(() => analyzeForEditor(core, arity, uploads.list), [core, uploads.list]);

  const pendingOpen = useRef<{ core: ProjectCore; weights?: WeightsBlob } | null>(null);
  const tagRef = useRef(0);
  const latest = useRef({ state, core, editor, meta, analysis });
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
  const ds = useMemo(() => datasetInfo(core.dataset, uploads.list), [core.dataset, uploads.list]);
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

  // --- projects (persistence lives in ProjectController; this is its React glue) ---------------

  /** Shows a project: metadata, editor, run records, and the worker's model (now, or once the GPU is ready). */
  const show = useCallback(
    ({ meta: m, core: c, doc, weights: blob }: OpenedProject) => {
      setMeta(m);
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

  const flushRef = useRef<() => Promise<boolean>>(async () => true);
  const removeUploadsRef = useRef(uploads.removeForProject);
  removeUploadsRef.current = uploads.removeForProject;
  const glue = useRef({ show, uiError });
  glue.current = { show, uiError };
  const [projectsCtl] = useState(
    () =>
      new ProjectController({
        openStore: () => ProjectStore.open(),
        now: () => Date.now(),
        snapshot: () => {
          const { meta: m, core: c, editor: e, state: s } = latest.current;
          return { meta: m, core: c, positions: e.positions, state: s };
        },
        show: (p) => glue.current.show(p),
        setMeta,
        onProjects: setProjects,
        onSaveStatus: setSaveStatus,
        onDamaged: setDamaged,
        error: (where, message) => glue.current.uiError(where, message),
        flush: () => flushRef.current(),
        removeUploads: (id, inUse) => removeUploadsRef.current(id, inUse),
        clearHash: () => history.replaceState(null, '', location.pathname + location.search),
      }),
  );

  const changeToken = useMemo(
    () => ({}),
    [meta, core, editor.positions, state.current.last, state.current.config, state.history, state.evaluation, state.weights],
  );
  const save = useCallback(() => projectsCtl.save(), [projectsCtl]);
  const autosaveOn = meta !== null && projectsCtl.hasStore;
  const flush = useAutosave(changeToken, save, 800, autosaveOn);
  // A change waiting for the debounced save already reads "Saving…": "Saved" means what is on
  // screen is stored (a failure keeps "Not saved" until a save succeeds).
  useEffect(() => {
    if (autosaveOn) setSaveStatus((s) => (s === 'error' || s === 'off' ? s : 'saving'));
  }, [changeToken, autosaveOn]);
  flushRef.current = flush;

  // Start once storage and the uploads (an open project may train on one) are ready.
  useEffect(() => {
    void uploadsReady.then(() => projectsCtl.start(location.hash));
  }, [projectsCtl, uploadsReady]);

  useEffect(() => {
    const onHash = () => void projectsCtl.openShared(location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [projectsCtl]);

  const projectCommands = useMemo(
    () => ({
      create: () => void projectsCtl.create(),
      rename: (name: string) => projectsCtl.rename(name),
      switchTo: (id: string) => projectsCtl.switchTo(id),
      remove: () => projectsCtl.remove(),
      download: () => {
        const f = projectsCtl.file();
        if (f) downloadText(f.name, f.text);
      },
      upload: (file: File) => projectsCtl.upload(file),
      shareLink: (): string => projectsCtl.shareLink(),
    }),
    [projectsCtl],
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
      /** Classify a typed text (text classifiers); answered by a `prediction` with the same id. */
      predictText: (id: number, text: string) => send({ type: 'predict-text', id, text }),
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
  const dismissDamaged = useCallback(() => setDamaged(null), []);
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
    dismissDamaged,
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
    /** The raw worker channel, for the inside-the-network views. */
    send,
    subscribe,
  };
}

export type Playground = ReturnType<typeof usePlayground>;
