/** Binds the page shortcuts to playground commands, and owns the shortcuts dialog's open state. */
import { useState } from 'react';
import { useShortcuts } from '../useShortcuts';
import type { Playground } from './usePlayground';

export function useAppShortcuts(pg: Playground): { helpOpen: boolean; setHelpOpen: (v: boolean) => void } {
  const [helpOpen, setHelpOpen] = useState(false);
  const { editorCommands: ed, runCommands: run, state } = pg;
  useShortcuts({
    undo: ed.undo,
    redo: ed.redo,
    help: () => setHelpOpen(true),
    escape: () => {
      if (helpOpen) setHelpOpen(false);
      else ed.dispatch({ kind: 'select', ids: [] });
    },
    insert: () => ed.insertAfterSelected('Dense'),
    layout: ed.autoLayout,
    trainOrPause: () => {
      if (state.status === 'training') run.pause();
      else if (!pg.analysis.blocker) run.train();
    },
    step: () => {
      if (!pg.analysis.blocker && (state.status === 'ready' || state.status === 'paused')) run.stepBatch();
    },
  });
  return { helpOpen, setHelpOpen };
}
