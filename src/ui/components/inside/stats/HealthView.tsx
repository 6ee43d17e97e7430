/**
 * Layer health (issue 15, item 5): the newest statistics sample as a table, one row per layer:
 * gradient norm, update ratio (marked when far from about 1e-3), dead and saturated fractions,
 * activation mean and std; the worker's warnings above it in plain words, and what good looks
 * like below. Reads the shared statistics watch (useStatsFeed), so it samples with Distributions.
 */
import type { InsideContext } from '../inside-view';
import { EveryControl } from './EveryControl';
import { formatFraction, formatStat, updateRatioVerdict } from './stats-format';
import { useStatsFeed } from './useStatsFeed';
import './stats.css';

const VERDICT_TEXT = { low: 'too small', high: 'too large' } as const;

export function HealthView(ctx: InsideContext) {
  const { samples, warnings, every } = useStatsFeed(ctx);
  const sample = samples.at(-1);
  const rows = sample ? sample.layers.filter((l) => l.gradNorm !== null || l.updateRatio !== null || l.deadFraction !== null || l.saturatedFraction !== null || l.activations) : [];
  return (
    <section className="stats-view" aria-labelledby="health-title" data-testid="health">
      <div className="stats-head">
        <h3 id="health-title">Layer health</h3>
        <EveryControl every={every} />
      </div>
      <div role="status" className="stats-warnings" data-testid="health-warnings">
        {!sample ? null : warnings.length === 0 ? (
          <p className="small stats-good">No warnings at step {sample.globalStep}.</p>
        ) : (
          <ul className="small">
            {warnings.map((w, i) => (
              <li key={i} data-testid={`health-warning-${w.kind}`}>
                {w.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {!sample ? (
        <p className="muted small" data-testid="health-empty">
          Train or step to see each layer&apos;s health.
        </p>
      ) : (
        <div className="stats-table-wrap" tabIndex={0} role="region" aria-label="Layer health table">
          <table className="preview-table stats-table" data-testid="health-table">
            <caption className="muted small">
              Layer health at step <span data-testid="health-step">{sample.globalStep}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">layer</th>
                <th scope="col">grad norm</th>
                <th scope="col">update ratio</th>
                <th scope="col">dead</th>
                <th scope="col">saturated</th>
                <th scope="col">act. mean</th>
                <th scope="col">act. std</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => {
                const verdict = updateRatioVerdict(l.updateRatio);
                const off = verdict === 'low' || verdict === 'high';
                return (
                  <tr key={l.layer} data-testid={`health-row-${l.layer}`}>
                    <th scope="row">{l.layer}</th>
                    <td data-testid="health-grad-norm">{formatStat(l.gradNorm)}</td>
                    <td className={off ? 'stats-off' : undefined} data-testid="health-update-ratio">
                      {formatStat(l.updateRatio)}
                      {off ? <span className="stats-off-note"> {VERDICT_TEXT[verdict]}</span> : null}
                    </td>
                    <td data-testid="health-dead">{formatFraction(l.deadFraction)}</td>
                    <td data-testid="health-saturated">{formatFraction(l.saturatedFraction)}</td>
                    <td data-testid="health-act-mean">{formatStat(l.activations?.mean)}</td>
                    <td data-testid="health-act-std">{formatStat(l.activations?.std)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <details className="small stats-legend">
        <summary>What healthy looks like</summary>
        <ul>
          <li>Update ratio (learning rate × update size ÷ weight size) near 1e-3; below 1e-4 the layer barely learns, above 1e-2 it may jump around.</li>
          <li>Gradient norms of a similar size from the first layer to the last: shrinking toward the input means vanishing gradients, growing means exploding ones.</li>
          <li>Dead (ReLU units never active) and saturated (tanh or sigmoid stuck at its limits) close to 0%.</li>
          <li>Activations with a mean near 0 and a std near 1 stay in the useful range.</li>
        </ul>
      </details>
    </section>
  );
}
