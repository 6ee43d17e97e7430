/**
 * Page layout, one screen for the core loop (as TensorFlow Playground): the header; a top bar with
 * the run controls, progress and numbers; the examples drawer; then three columns, data | network
 * (palette, canvas, inspector) | output (curves, decision boundary or evaluation). Below the fold:
 * training settings, model summary, export/import, evaluation details, attention, generation. On a
 * phone the parts become tabs (Data, Model, Train, Results) under a sticky top bar.
 * Panels are memoized with stable props: a progress message re-renders only the top bar and curves.
 */
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { FirstVisitHint } from './components/layout/FirstVisitHint';
import { NetworkPanel } from './components/layout/NetworkPanel';
import { OutputPanel } from './components/layout/OutputPanel';
import {
  MemoAttentionPanel,
  MemoDatasetPanel,
  MemoErrorList,
  MemoEvaluationPanel,
  MemoGeneratePanel,
  MemoHeader,
  MemoModelIoPanel,
  MemoModelSummary,
  MemoPresetGallery,
  MemoProjectBar,
  MemoRunAlerts,
  MemoShortcutsDialog,
  MemoTrainingSettings,
} from './components/layout/panels';
import { PhoneTabs, type Part } from './components/layout/PhoneTabs';
import { TopBar } from './components/layout/TopBar';
import { useCssHeight } from './components/layout/useCssHeight';
import { useDisclosure } from './components/layout/useDisclosure';
import { useFitGraph } from './components/layout/useFitGraph';
import { InsidePanel } from './components/inside/InsidePanel';
import { NoWebGpu } from './components/NoWebGpu';
import { RecoveryNotice } from './components/RecoveryNotice';
import { TrainBlocker } from './components/training/TrainBlocker';
import type { ScalingMode } from '../data/scaling';
import { controlsFor } from './controls';
import { useAppShortcuts } from './playground/useAppShortcuts';
import { usePlayground } from './playground/usePlayground';
import './components/layout/layout.css';
import './components/layout/layout-narrow.css';

const NO_SHAPE: readonly number[] = [];
const NOT_BUILT = ['starting', 'empty', 'loading', 'lost'];

/** Scrolls a below-the-fold part into view and moves focus to it. */
function goTo(id: string) {
  const el = document.getElementById(id);
  el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  el?.focus({ preventScroll: true });
}

export function App() {
  const pg = usePlayground();
  const { state, editor, core, analysis, meta, editorCommands: ed, runCommands: run } = pg;
  const { helpOpen, setHelpOpen } = useAppShortcuts(pg);
  const { gpu, status } = state;
  const classify = pg.dataset.task === 'classification';
  const hasAttention = core.spec.layers.some((l) => l.type === 'MultiHeadAttention');
  const headerRef = useCssHeight('--header-h');
  const [part, setPart] = useState<Part>('model');
  // The examples start open where there is room for them (a short screen keeps it for the loop).
  const examples = useDisclosure('examples-drawer', () => window.innerHeight >= 860, 'playground.examples-open');
  // A sentence typed in "Try a sentence", sent on to the attention view (a new object per request).
  const [attentionText, setAttentionTextState] = useState<{ text: string } | null>(null);
  const setAttentionText = useCallback((text: string) => setAttentionTextState({ text }), []);

  // Stable callbacks and objects, so the memoized panels skip progress renders.
  const openHelp = useCallback(() => setHelpOpen(true), [setHelpOpen]);
  const closeHelp = useCallback(() => setHelpOpen(false), [setHelpOpen]);
  const { setOpen: setExamplesOpen } = examples;
  const showExamples = useCallback(() => setExamplesOpen(true), [setExamplesOpen]);
  const select = useCallback((ids: string[]) => ed.dispatch({ kind: 'select', ids }), [ed]);
  const networkCommands = useMemo(() => ({ ...ed, select }), [ed, select]);
  const onScaling = useCallback((scaling: ScalingMode) => ed.update((c) => ({ ...c, settings: { ...c.settings, scaling } }), 'settings.scaling'), [ed]);
  const blank = pg.projectCommands.create;
  const resetKey = meta?.id;
  // Each panel keeps its own render errors (a damaged project must not blank the page).
  const guard = useCallback(
    (name: string, label: string, node: ReactNode) => (
      <ErrorBoundary name={name} label={label} onBlankProject={blank} resetKey={resetKey}>
        {node}
      </ErrorBoundary>
    ),
    [blank, resetKey],
  );
  const { projects, saveStatus, projectCommands } = pg;
  const projectBar = useMemo(
    () => meta && guard('projects', 'The project bar', <MemoProjectBar currentId={meta.id} name={meta.name} projects={projects} saveStatus={saveStatus} commands={projectCommands} />),
    [meta, projects, saveStatus, projectCommands, guard],
  );
  const canPredict = state.model !== null && !NOT_BUILT.includes(status);
  const training = status === 'training';
  const modelVersion = `${state.model?.tag}|${state.model?.weights}|${state.epoch}|${state.weights?.globalStep ?? ''}`;
  const sketch = useMemo(
    () => ({
      prediction: state.prediction,
      canPredict,
      training,
      modelVersion,
      onPredict: run.predict,
      onPredictText: run.predictText,
      ...(hasAttention ? { onShowAttention: setAttentionText } : {}),
    }),
    [state.prediction, canPredict, training, modelVersion, run, hasAttention, setAttentionText],
  );
  const sameDataset = state.model?.dataset === pg.dataset.id;
  const fitGraph = useFitGraph(analysis.analysis.graph, pg.dataset);
  const blocked = analysis.blocker !== null;

  const evaluation = guard(
    'evaluation',
    'The evaluation panel',
    <MemoEvaluationPanel
      evaluation={state.evaluation}
      evalSeq={state.evalSeq}
      boundary={null}
      is2d={false}
      inputShape={pg.dataset.inputShape ?? analysis.analysis.graph?.inputs[0]?.out.shape ?? NO_SHAPE}
      classifier={classify}
      canEvaluate={controlsFor(status, blocked).evaluate}
      onEvaluate={run.evaluate}
      misclassified={state.misclassified}
      classNames={sameDataset ? pg.dataset.classNames : undefined}
      featureNames={sameDataset ? pg.dataset.featureNames : undefined}
      sketch={sketch}
      fromText={pg.dataset.fromText}
    />,
  );
  const note = analysis.blocker ? (
    <TrainBlocker blocker={analysis.blocker} core={core} dataset={pg.dataset} update={ed.update} />
  ) : pg.stale && status !== 'training' ? (
    <p className="muted small" data-testid="stale-note">
      The model changed since it was built: it is rebuilt when you train (weights are kept if only the optimizer or settings changed).
    </p>
  ) : null;
  const tools = (
    <>
      <button type="button" className="small" {...examples.button} data-testid="examples-toggle">
        {examples.open ? 'Hide examples' : 'Examples'}
      </button>
      <button type="button" className="small below-link" onClick={() => goTo('part-train')} data-testid="go-settings">
        Settings &amp; export ↓
      </button>
      <button type="button" className="small below-link" onClick={() => goTo('part-inside')} data-testid="go-inside">
        Inside ↓
      </button>
    </>
  );

  return (
    <div className="app" data-tab={part}>
      <div ref={headerRef}>
        <MemoHeader gpu={gpu} onHelp={openHelp}>
          {projectBar}
        </MemoHeader>
      </div>
      {gpu.kind === 'unavailable' ? (
        <main>
          <NoWebGpu message={gpu.message} />
        </main>
      ) : (
        <main className="page">
          <div className="screen">
            <TopBar
              status={status}
              blocked={blocked}
              commands={run}
              epoch={state.epoch}
              epochs={state.epochs}
              batchSize={state.model?.batchSize ?? core.settings.batchSize}
              progress={state.progress}
              classify={classify}
              last={state.current.last}
              evaluation={state.evaluation}
              note={note}
              tools={tools}
              guard={guard}
            />
            {pg.damaged && <RecoveryNotice damaged={pg.damaged} onDismiss={pg.dismissDamaged} />}
            {guard('errors', 'The error list', <MemoErrorList errors={state.errors} onDismiss={run.dismissError} />)}
            {guard('alerts', 'The run alerts', <MemoRunAlerts diverged={state.diverged} deviceLost={state.deviceLost} onRestore={run.restoreSnapshot} onReset={run.resetWeights} onRecover={run.recover} />)}
            <FirstVisitHint examplesOpen={examples.open} onShowExamples={showExamples} />
            {examples.open && (
              <div className="examples-drawer" {...examples.region}>
                {guard('presets', 'The example gallery', <MemoPresetGallery activeId={meta?.presetId ?? null} disabled={!meta} onLoad={ed.loadPreset} upload={pg.dataset.uploaded && !pg.dataset.missing ? pg.dataset.label : null} />)}
              </div>
            )}
            <PhoneTabs part={part} onPart={setPart} />
            <div className="stage">
              <div className="stage-col col-data" id="part-data" data-part="data">
                {guard('dataset', 'The dataset panel', (
                  <MemoDatasetPanel
                    dataset={pg.dataset}
                    seed={core.settings.seed}
                    graph={fitGraph}
                    uploads={pg.uploads.list}
                    status={pg.uploads.status}
                    preview={state.preview}
                    previewError={state.previewError}
                    ready={gpu.kind === 'ready'}
                    commands={pg.datasetCommands}
                    onError={pg.uploads.fail}
                    onClear={pg.uploads.clear}
                    scaling={core.settings.scaling}
                    onScaling={onScaling}
                  />
                ))}
              </div>
              <div className="stage-col col-model" id="part-model" data-part="model">
                <NetworkPanel
                  core={core}
                  positions={editor.positions}
                  selection={editor.selection}
                  fitToken={editor.fitToken}
                  canUndo={editor.past.length > 0}
                  canRedo={editor.future.length > 0}
                  analysis={analysis}
                  commands={networkCommands}
                  onBlankProject={blank}
                  resetKey={resetKey}
                  nan={state.diverged?.culprit ?? null}
                />
              </div>
              <div className="stage-col col-output" id="part-results" data-part="results">
                <OutputPanel
                  current={state.current}
                  history={state.history}
                  classify={classify}
                  uploads={pg.uploads.list}
                  onClearHistory={run.clearHistory}
                  is2d={pg.is2d}
                  boundary={state.boundary}
                  evaluation={evaluation}
                  guard={guard}
                  live={status === 'training' || status === 'pausing' || status === 'stopping'}
                />
              </div>
            </div>
          </div>

          <div className="more" id="part-train" data-part="train" tabIndex={-1}>
            {guard('training-settings', 'The training settings', <MemoTrainingSettings core={core} dataset={pg.dataset} analysis={analysis} update={ed.update} />)}
            <section className="panel build" aria-label="Model and weights">
              {guard('summary', 'The model summary', <MemoModelSummary model={state.model} building={status === 'loading'} selectedId={pg.dataset.id} uploads={pg.uploads.list} />)}
              {guard('export', 'The export and import panel', (
                <MemoModelIoPanel
                  io={state.io}
                  blocked={pg.ioBlocked}
                  diverged={state.diverged !== null}
                  int8Current={pg.int8Current}
                  classify={classify}
                  stem={meta?.name ?? 'model'}
                  commands={pg.ioCommands}
                />
              ))}
            </section>
          </div>

          <div className="more more-results" id="part-results-more" data-part="results">
            {pg.is2d && evaluation}
            {hasAttention &&
              guard('attention', 'The attention view', <MemoAttentionPanel report={state.attention} testRows={state.model?.testRows ?? 0} tokens={pg.dataset.kind === 'tokens' || pg.dataset.kind === 'text'} onRequest={run.attentionMaps} typedText={attentionText} />)}
            {pg.dataset.kind === 'chars' &&
              guard('generate', 'The text generator', (
                <MemoGeneratePanel
                  generation={state.generation}
                  blocked={state.model === null || NOT_BUILT.includes(status) ? 'Build the model first (Train, or Step).' : state.diverged ? 'The loss diverged: restore the last good weights or press Reset.' : null}
                  onGenerate={run.generate}
                  onStop={run.stopGeneration}
                />
              ))}
          </div>

          <div className="more more-inside" id="part-inside" data-part="results" tabIndex={-1}>
            {guard('inside', 'Inside the network', <InsidePanel send={pg.send} subscribe={pg.subscribe} spec={core.spec} model={state.model} dataset={pg.dataset} status={status} />)}
          </div>
        </main>
      )}
      <MemoShortcutsDialog open={helpOpen} onClose={closeHelp} />
    </div>
  );
}
