/** Page layout: header with the project bar; examples; palette | canvas | inspector; training dashboard; evaluation. */
import { AttentionPanel } from './components/attention/AttentionPanel';
import { Canvas } from './components/canvas/Canvas';
import { DatasetPanel } from './components/datasets/DatasetPanel';
import { LazyCharts } from './components/charts/LazyCharts';
import { Inspector } from './components/editor/Inspector';
import { ModelTotals } from './components/editor/ModelTotals';
import { Palette } from './components/editor/Palette';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ErrorList } from './components/ErrorList';
import { EvaluationPanel } from './components/evaluation/EvaluationPanel';
import { Header } from './components/Header';
import { GeneratePanel } from './components/generate/GeneratePanel';
import { ModelIoPanel } from './components/io/ModelIoPanel';
import { ModelSummary } from './components/ModelSummary';
import { NoWebGpu } from './components/NoWebGpu';
import { PresetGallery } from './components/PresetGallery';
import { ProjectBar } from './components/ProjectBar';
import { RecoveryNotice } from './components/RecoveryNotice';
import { RunAlerts } from './components/RunAlerts';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Controls } from './components/training/Controls';
import { Metrics } from './components/training/Metrics';
import { ProgressBar } from './components/training/ProgressBar';
import { TrainBlocker } from './components/training/TrainBlocker';
import { TrainingSettings } from './components/training/TrainingSettings';
import { controlsFor } from './controls';
import { useAppShortcuts } from './playground/useAppShortcuts';
import { usePlayground } from './playground/usePlayground';
import { useCallback, useState, type ReactNode } from 'react';

export function App() {
  const pg = usePlayground();
  const { state, editor, core, analysis, meta, editorCommands: ed, runCommands: run } = pg;
  const { helpOpen, setHelpOpen } = useAppShortcuts(pg);
  const { gpu, status } = state;
  const selected = editor.selection.length === 1 ? editor.selection[0] : null;
  const classify = pg.dataset.task === 'classification';
  const hasAttention = core.spec.layers.some((l) => l.type === 'MultiHeadAttention');
  // A sentence typed in "Try a sentence", sent on to the attention view (a new object per request).
  const [attentionText, setAttentionTextState] = useState<{ text: string } | null>(null);
  const setAttentionText = useCallback((text: string) => setAttentionTextState({ text }), []);
  // Each panel keeps its own render errors (a damaged project must not blank the page).
  const guard = (name: string, label: string, node: ReactNode) => (
    <ErrorBoundary name={name} label={label} onBlankProject={pg.projectCommands.create} resetKey={meta?.id}>
      {node}
    </ErrorBoundary>
  );
  return (
    <div className="app">
      <Header gpu={gpu} onHelp={() => setHelpOpen(true)}>
        {meta && guard('projects', 'The project bar', <ProjectBar currentId={meta.id} name={meta.name} projects={pg.projects} saveStatus={pg.saveStatus} commands={pg.projectCommands} />)}
      </Header>
      {gpu.kind === 'unavailable' ? (
        <main>
          <NoWebGpu message={gpu.message} />
        </main>
      ) : (
        <main>
          {pg.damaged && <RecoveryNotice damaged={pg.damaged} onDismiss={pg.dismissDamaged} />}
          {guard('errors', 'The error list', <ErrorList errors={state.errors} onDismiss={run.dismissError} />)}
          {guard('alerts', 'The run alerts', <RunAlerts diverged={state.diverged} deviceLost={state.deviceLost} onRestore={run.restoreSnapshot} onReset={run.resetWeights} onRecover={run.recover} />)}
          {guard('presets', 'The example gallery', <PresetGallery activeId={meta?.presetId ?? null} disabled={!meta} onLoad={ed.loadPreset} upload={pg.dataset.uploaded && !pg.dataset.missing ? pg.dataset.label : null} />)}

          <div className="workspace">
            <aside className="panel sidebar" aria-label="Palette">
              {guard('palette', 'The palette', <Palette selected={selected} onAdd={(t) => ed.add(t)} onInsertAfter={ed.insertAfterSelected} onAddBlock={ed.addBlock} onInsertBlock={ed.insertBlockAfterSelected} />)}
            </aside>
            <section className="panel canvas-panel" aria-label="Model graph editor">
              <div className="toolbar" role="toolbar" aria-label="Graph editing">
                <button type="button" className="small" onClick={ed.undo} disabled={editor.past.length === 0} data-testid="undo" aria-keyshortcuts="Control+Z">
                  Undo
                </button>
                <button type="button" className="small" onClick={ed.redo} disabled={editor.future.length === 0} data-testid="redo" aria-keyshortcuts="Control+Shift+Z">
                  Redo
                </button>
                <button type="button" className="small" onClick={ed.autoLayout} data-testid="auto-layout" aria-keyshortcuts="l">
                  Auto layout
                </button>
                <button type="button" className="small" onClick={ed.deleteSelected} disabled={editor.selection.length === 0} data-testid="delete-toolbar">
                  Delete selected
                </button>
              </div>
              {guard('canvas', 'The graph editor', <Canvas spec={core.spec} positions={editor.positions} selection={editor.selection} analysis={analysis} fitToken={editor.fitToken} dispatch={ed.dispatch} />)}
              {guard('totals', 'The model totals', <ModelTotals analysis={analysis} batch={core.settings.batchSize} />)}
            </section>
            {guard('inspector', 'The inspector', <Inspector core={core} selection={editor.selection} analysis={analysis} update={ed.update} onDelete={ed.deleteSelected} onSelect={(ids) => ed.dispatch({ kind: 'select', ids })} />)}
          </div>

          {guard('dataset', 'The dataset panel', (
            <DatasetPanel
              dataset={pg.dataset}
              seed={core.settings.seed}
              graph={analysis.analysis.graph}
              uploads={pg.uploads.list}
              status={pg.uploads.status}
              preview={state.preview}
              previewError={state.previewError}
              ready={gpu.kind === 'ready'}
              commands={pg.datasetCommands}
              onError={pg.uploads.fail}
              onClear={pg.uploads.clear}
              scaling={core.settings.scaling}
              onScaling={(scaling) => ed.update((c) => ({ ...c, settings: { ...c.settings, scaling } }), 'settings.scaling')}
            />
          ))}

          <section className="panel dashboard" aria-label="Training">
            <div className="dashboard-top">
              {guard('controls', 'The training controls', <Controls status={status} blocked={analysis.blocker !== null} commands={run} />)}
              {guard('progress', 'The progress bar', <ProgressBar status={status} epoch={state.epoch} epochs={state.epochs} batchSize={state.model?.batchSize ?? core.settings.batchSize} progress={state.progress} />)}
            </div>
            {analysis.blocker ? (
              <TrainBlocker blocker={analysis.blocker} core={core} dataset={pg.dataset} update={ed.update} />
            ) : pg.stale && status !== 'training' ? (
              <p className="muted small" data-testid="stale-note">
                The model changed since it was built: it is rebuilt when you train (weights are kept if only the optimizer or settings changed).
              </p>
            ) : null}
            {guard('metrics', 'The metrics', <Metrics classify={classify} progress={state.progress} last={state.current.last} evaluation={state.evaluation} />)}
            {guard('summary', 'The model summary', <ModelSummary model={state.model} building={status === 'loading'} selectedId={pg.dataset.id} uploads={pg.uploads.list} />)}
            {guard('export', 'The export and import panel', (
              <ModelIoPanel
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

          <div className="lower">
            {guard('training-settings', 'The training settings', <TrainingSettings core={core} dataset={pg.dataset} analysis={analysis} update={ed.update} />)}
            {guard('charts', 'The charts', <LazyCharts current={state.current} history={state.history} classify={classify} uploads={pg.uploads.list} onClearHistory={run.clearHistory} />)}
          </div>

          {guard('evaluation', 'The evaluation panel', (
            <EvaluationPanel
              evaluation={state.evaluation}
              evalSeq={state.evalSeq}
              boundary={state.boundary}
              is2d={pg.is2d}
              inputShape={pg.dataset.inputShape ?? analysis.analysis.graph?.inputs[0]?.out.shape ?? []}
              classifier={classify}
              canEvaluate={controlsFor(status, analysis.blocker !== null).evaluate}
              onEvaluate={run.evaluate}
              misclassified={state.misclassified}
              classNames={state.model?.dataset === pg.dataset.id ? pg.dataset.classNames : undefined}
              featureNames={state.model?.dataset === pg.dataset.id ? pg.dataset.featureNames : undefined}
              sketch={{
                prediction: state.prediction,
                canPredict: state.model !== null && !['starting', 'empty', 'loading', 'lost'].includes(status),
                training: status === 'training',
                modelVersion: `${state.model?.tag}|${state.model?.weights}|${state.epoch}|${state.weights?.globalStep ?? ''}`,
                onPredict: run.predict,
                onPredictText: run.predictText,
                ...(hasAttention ? { onShowAttention: setAttentionText } : {}),
              }}
              fromText={pg.dataset.fromText}
            />
          ))}

          {hasAttention &&
            guard('attention', 'The attention view', <AttentionPanel report={state.attention} testRows={state.model?.testRows ?? 0} tokens={pg.dataset.kind === 'tokens' || pg.dataset.kind === 'text'} onRequest={run.attentionMaps} typedText={attentionText} />)}

          {pg.dataset.kind === 'chars' &&
            guard('generate', 'The text generator', (
              <GeneratePanel
                generation={state.generation}
                blocked={state.model === null || ['starting', 'empty', 'loading', 'lost'].includes(status) ? 'Build the model first (Train, or Step).' : state.diverged ? 'The loss diverged: restore the last good weights or press Reset.' : null}
                onGenerate={run.generate}
                onStop={run.stopGeneration}
              />
            ))}
        </main>
      )}
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
