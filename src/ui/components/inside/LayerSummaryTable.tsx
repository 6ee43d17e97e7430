/**
 * The Keras-style model summary as a table (engine/summary.ts): one row per layer with its type,
 * output shape, parameters, whether they train, forward FLOPs and activation memory of one sample,
 * and Keras's totals under it. Computed from the edited spec's graph, so it follows every edit; a
 * spec with errors gets a line saying so instead.
 */
import { memo, useMemo } from 'react';
import { analyzeModel, type ModelGraph } from '../../../engine/graph';
import type { ModelSpec } from '../../../engine/spec';
import { groupDigits, paramTotalsLines, readableBytes, shortCount, summarizeGraph } from '../../../engine/summary';
import './layer-summary.css';

interface Props {
  /** The checked graph, or null when the spec has errors. */
  graph: ModelGraph | null;
}

export const LayerSummaryTable = memo(function LayerSummaryTable({ graph }: Props) {
  const s = useMemo(() => (graph ? summarizeGraph(graph) : null), [graph]);
  if (!s) return <p className="muted small" data-testid="layer-summary-invalid">Fix the model's errors to see its summary.</p>;
  return (
    <div className="layer-summary" data-testid="layer-summary">
      <div className="layer-summary-scroll" tabIndex={0} role="region" aria-label="Layer table">
        <table className="layer-summary-table">
          <caption className="sr-only">Model summary: {s.name}</caption>
          <thead>
            <tr>
              <th scope="col">Layer (type)</th>
              <th scope="col">Output shape</th>
              <th scope="col" className="num">
                Params
              </th>
              <th scope="col">Trainable</th>
              <th scope="col" className="num" title="Forward FLOPs of one sample">
                FLOPs
              </th>
              <th scope="col" className="num" title="Memory of this layer's output for one sample">
                Activations
              </th>
            </tr>
          </thead>
          <tbody>
            {s.rows.map((r) => (
              <tr key={r.name} data-testid={`layer-summary-row-${r.name}`}>
                <th scope="row">
                  {r.name} <span className="muted">({r.type})</span>
                </th>
                <td className="mono">{r.outputShape}</td>
                <td className="num">{groupDigits(r.params)}</td>
                <td>{r.params > 0 ? (r.trainable ? 'yes' : 'no') : '–'}</td>
                <td className="num">{shortCount(r.flopsPerSample)}</td>
                <td className="num">{r.activationBytes > 0 ? readableBytes(r.activationBytes) : 'shared'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="layer-summary-totals">
        {paramTotalsLines(s).map((line, i) => (
          <li key={line} data-testid={i === 0 ? 'layer-summary-total' : undefined}>
            {line}
          </li>
        ))}
        <li>
          Forward FLOPs per sample: {groupDigits(s.flopsPerSample)} ({shortCount(s.flopsPerSample)}); activations per sample: {readableBytes(s.activationBytes)}
        </li>
      </ul>
    </div>
  );
});

/** The table over a spec (the inside view's entry): analysed here, memoised on the spec. */
export function LayerSummaryOfSpec({ spec }: { spec: ModelSpec }) {
  const graph = useMemo(() => analyzeModel(spec).graph, [spec]);
  return <LayerSummaryTable graph={graph} />;
}
