/** Model totals under the canvas: parameters, FLOPs per training step, memory, and the problems. */
import type { EditorAnalysis } from '../../model/analysis';
import { formatBytes, formatCount, formatFlops } from '../../format';
import { formatSpecError } from '../../../engine/graph';

export function ModelTotals({ analysis, batch }: { analysis: EditorAnalysis; batch: number }) {
  const { totals, errors } = analysis;
  return (
    <div className="totals" data-testid="totals">
      <dl>
        <div>
          <dt>Parameters</dt>
          <dd data-testid="total-params">{formatCount(totals.params)}</dd>
        </div>
        <div>
          <dt title={`Forward and backward over a batch of ${batch}`}>FLOPs / step</dt>
          <dd data-testid="total-flops">{formatFlops(totals.flopsPerStep)}</dd>
        </div>
        <div>
          <dt title="Parameters, gradients, optimizer state, activations and the dataset on the GPU">Memory ≈</dt>
          <dd data-testid="total-memory">{formatBytes(totals.memoryBytes)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd className={errors.length ? 'bad' : 'good'} data-testid="graph-status">
            {errors.length ? `${errors.length} problem${errors.length === 1 ? '' : 's'}` : 'valid'}
          </dd>
        </div>
      </dl>
      {errors.length > 0 && (
        <details className="problems">
          <summary>Show the problems</summary>
          <ul data-testid="problem-list">
            {errors.map((e, i) => (
              <li key={i}>{formatSpecError(e)}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
