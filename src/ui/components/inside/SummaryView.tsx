/** The "Summary" inside view: the Keras-style layer table of the edited model (LayerSummaryTable.tsx). */
import type { InsideContext } from './inside-view';
import { LayerSummaryOfSpec } from './LayerSummaryTable';

export function SummaryView({ spec }: InsideContext) {
  return (
    <>
      <h3 className="small">Model summary</h3>
      <LayerSummaryOfSpec spec={spec} />
    </>
  );
}
