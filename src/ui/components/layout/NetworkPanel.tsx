/**
 * The middle column: the graph editor's toolbar, the layer palette (a side panel that folds away),
 * the canvas, the inspector next to it (folds away; selecting a layer shows it again), the
 * Keras-style layer summary under the canvas (on demand) and the model totals. Every prop is stable during training, so progress messages never reach it.
 */
import { memo, useEffect, useRef, type ReactNode } from 'react';
import type { LayerType } from '../../../engine/spec';
import type { EditorAction } from '../../editor/editor-state';
import type { BlockType } from '../../model/blocks';
import type { EditorAnalysis } from '../../model/analysis';
import type { XY } from '../../model/layout';
import type { ProjectCore } from '../../project/types';
import { ErrorBoundary } from '../ErrorBoundary';
import { LayerSummaryTable } from '../inside/LayerSummaryTable';
import { MemoCanvas, MemoInspector, MemoModelTotals, MemoPalette } from './panels';
import { useDisclosure } from './useDisclosure';

interface Props {
  core: ProjectCore;
  positions: Record<string, XY>;
  selection: string[];
  fitToken: number;
  canUndo: boolean;
  canRedo: boolean;
  analysis: EditorAnalysis;
  commands: {
    dispatch: (a: EditorAction) => void;
    update: (fn: (c: ProjectCore) => ProjectCore, coalesce?: string) => void;
    add: (type: LayerType) => void;
    insertAfterSelected: (type: LayerType) => void;
    addBlock: (block: BlockType) => void;
    insertBlockAfterSelected: (block: BlockType) => void;
    undo: () => void;
    redo: () => void;
    autoLayout: () => void;
    deleteSelected: () => void;
    select: (ids: string[]) => void;
  };
  onBlankProject: () => void;
  resetKey: unknown;
  /** The NaN trap's layer and pass for a diverged run, marked on the canvas. */
  nan?: { layer: string; pass: string } | null;
}

function NetworkPanelView({ core, positions, selection, fitToken, canUndo, canRedo, analysis, commands: ed, onBlankProject, resetKey, nan = null }: Props) {
  const palette = useDisclosure('palette-panel', false, 'playground.palette-open');
  const inspector = useDisclosure('inspector-panel', true);
  const summary = useDisclosure('network-summary', false, 'playground.summary-open');
  const selected = selection.length === 1 ? selection[0] : null;
  // Selecting a layer shows the inspector next to the canvas (a new selection opens it again).
  const { setOpen: openInspector } = inspector;
  const lastSelection = useRef(selection);
  useEffect(() => {
    if (lastSelection.current === selection) return;
    lastSelection.current = selection;
    if (selection.length > 0) openInspector(true);
  }, [selection, openInspector]);
  const guard = (name: string, label: string, node: ReactNode) => (
    <ErrorBoundary name={name} label={label} onBlankProject={onBlankProject} resetKey={resetKey}>
      {node}
    </ErrorBoundary>
  );
  return (
    <section className="panel canvas-panel network" aria-label="Model graph editor" data-testid="network-panel">
      <div className="toolbar" role="toolbar" aria-label="Graph editing">
        <button type="button" className="small" {...palette.button} data-testid="palette-toggle">
          {palette.open ? 'Hide layers' : '+ Add layers'}
        </button>
        <button type="button" className="small" onClick={ed.undo} disabled={!canUndo} data-testid="undo" aria-keyshortcuts="Control+Z">
          Undo
        </button>
        <button type="button" className="small" onClick={ed.redo} disabled={!canRedo} data-testid="redo" aria-keyshortcuts="Control+Shift+Z">
          Redo
        </button>
        <button type="button" className="small" onClick={ed.autoLayout} data-testid="auto-layout" aria-keyshortcuts="l">
          Auto layout
        </button>
        <button type="button" className="small" onClick={ed.deleteSelected} disabled={selection.length === 0} data-testid="delete-toolbar">
          Delete selected
        </button>
        <button type="button" className="small" {...inspector.button} data-testid="inspector-toggle">
          {inspector.open ? 'Hide inspector' : 'Inspector'}
        </button>
        <button type="button" className="small" {...summary.button} data-testid="summary-toggle">
          {summary.open ? 'Hide summary' : 'Summary'}
        </button>
      </div>
      <div className={`network-body${palette.open ? ' with-palette' : ''}${inspector.open ? ' with-inspector' : ''}`}>
        {palette.open && (
          <div className="sidebar palette-panel" role="region" {...palette.region} aria-label="Palette">
            {guard('palette', 'The palette', <MemoPalette selected={selected} onAdd={ed.add} onInsertAfter={ed.insertAfterSelected} onAddBlock={ed.addBlock} onInsertBlock={ed.insertBlockAfterSelected} />)}
          </div>
        )}
        <div className="canvas-cell">
          {guard('canvas', 'The graph editor', <MemoCanvas spec={core.spec} positions={positions} selection={selection} analysis={analysis} fitToken={fitToken} dispatch={ed.dispatch} nan={nan} />)}
        </div>
        {inspector.open && (
          <div className="inspector-panel" role="region" {...inspector.region} aria-label="Inspector panel">
            {guard('inspector', 'The inspector', <MemoInspector core={core} selection={selection} analysis={analysis} update={ed.update} onDelete={ed.deleteSelected} onSelect={ed.select} />)}
          </div>
        )}
      </div>
      {summary.open && (
        <div className="network-summary" role="region" {...summary.region} aria-label="Model summary">
          {guard('summary', 'The model summary', <LayerSummaryTable graph={analysis.analysis.graph} />)}
        </div>
      )}
      {guard('totals', 'The model totals', <MemoModelTotals analysis={analysis} batch={core.settings.batchSize} />)}
    </section>
  );
}

export const NetworkPanel = memo(NetworkPanelView);
