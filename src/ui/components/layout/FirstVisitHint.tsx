/**
 * The first-visit hint: what to press first. Dismissed once, it stays dismissed (localStorage).
 */
import { memo, useState } from 'react';

export const HINT_KEY = 'playground.first-visit-hint';

function dismissedBefore(): boolean {
  try {
    return localStorage.getItem(HINT_KEY) === 'dismissed';
  } catch {
    return false;
  }
}

function FirstVisitHintView({ examplesOpen, onShowExamples }: { examplesOpen: boolean; onShowExamples: () => void }) {
  const [dismissed, setDismissed] = useState(dismissedBefore);
  if (dismissed) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      localStorage.setItem(HINT_KEY, 'dismissed');
    } catch {
      // Without storage the hint comes back next visit.
    }
  };
  return (
    <div className="first-hint" role="note" aria-label="Where to start" data-testid="first-visit-hint">
      <p>
        <strong>New here?</strong> Pick an example{examplesOpen ? ' above' : ''} (or keep this one), then press <strong>Train</strong> and watch the loss fall.
        Click a layer in the graph to change it.
      </p>
      {!examplesOpen && (
        <button type="button" className="small" onClick={onShowExamples} data-testid="first-visit-show-examples">
          Show the examples
        </button>
      )}
      <button type="button" className="small" onClick={dismiss} data-testid="first-visit-hint-dismiss">
        Got it
      </button>
    </div>
  );
}

export const FirstVisitHint = memo(FirstVisitHintView);
