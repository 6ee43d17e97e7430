/**
 * The right-hand column: the live curves and the task's main evaluation view (the decision
 * boundary for 2-feature data, else the evaluation panel, passed in as `evaluation`). The curves
 * take a running run at most ~4 times a second, and less often when a redraw is slow (recharts
 * may use at most a twentieth of the main thread), so the page stays responsive while training.
 */
import { memo, useRef, type ReactNode } from 'react';
import type { UploadMeta } from '../../../data/uploads/types';
import type { BoundaryReport } from '../../../worker/protocol';
import type { RunRecord } from '../../project/types';
import { LazyCharts } from '../charts/LazyCharts';
import { DecisionBoundary } from '../evaluation/DecisionBoundary';
import { useRenderCost, useThrottled } from './useThrottled';

const MIN_MS = 250;
const MAX_MS = 2000;
/** The share of the main thread the curves may take while a run streams in. */
const DUTY = 0.05;

const MemoCharts = memo(LazyCharts);

const BoundaryPanel = memo(function BoundaryPanel({ boundary }: { boundary: BoundaryReport | null }) {
  return (
    <section className="panel output-boundary" aria-labelledby="output-boundary-title" data-testid="output-boundary">
      <h2 id="output-boundary-title">Output</h2>
      {boundary ? <DecisionBoundary grid={boundary} /> : <div className="boundary placeholder muted small">The heat map appears once the model is built.</div>}
    </section>
  );
});

interface Props {
  current: RunRecord;
  history: RunRecord[];
  classify: boolean;
  uploads: readonly UploadMeta[];
  onClearHistory: () => void;
  is2d: boolean;
  boundary: BoundaryReport | null;
  /** The evaluation panel (shown here when the data is not 2D). */
  evaluation: ReactNode;
  guard: (name: string, label: string, node: ReactNode) => ReactNode;
  /** A run is streaming in: the curves are throttled (otherwise they show the run as it is). */
  live: boolean;
}

export function OutputPanel({ current, history, classify, uploads, onClearHistory, is2d, boundary, evaluation, guard, live }: Props) {
  const cost = useRef(0);
  const throttled = useThrottled(current, () => Math.min(MAX_MS, Math.max(MIN_MS, cost.current / DUTY)));
  const shown = live ? throttled : current;
  useRenderCost(shown, cost);
  return (
    <>
      {guard('charts', 'The charts', <MemoCharts current={shown} history={history} classify={classify} uploads={uploads} onClearHistory={onClearHistory} />)}
      {is2d ? guard('boundary', 'The decision boundary', <BoundaryPanel boundary={boundary} />) : evaluation}
    </>
  );
}
