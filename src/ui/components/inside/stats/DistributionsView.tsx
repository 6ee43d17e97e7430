/**
 * Distributions over time (issue 15, item 4): for the chosen layer, its weights, gradients and
 * activations as TensorBoard-style percentile bands over the sampled steps, the histogram of the
 * step under the pointer below each chart. Samples come from the shared statistics watch
 * (useStatsFeed), every N steps as the control sets.
 */
import { useMemo, useState } from 'react';
import type { InsideContext } from '../inside-view';
import { seriesOf, type TensorKind } from './bands';
import { DistributionChart } from './DistributionChart';
import { EveryControl } from './EveryControl';
import { useStatsFeed } from './useStatsFeed';
import './stats.css';

const KINDS: TensorKind[] = ['weights', 'grads', 'activations'];

export function DistributionsView(ctx: InsideContext) {
  const { samples, every } = useStatsFeed(ctx);
  const [picked, setPicked] = useState<string | null>(null);
  const [step, setStep] = useState<number | null>(null);
  const newest = samples.at(-1);
  const layers = useMemo(() => (newest ? newest.layers.filter((l) => l.weights || l.grads || l.activations).map((l) => l.layer) : []), [newest]);
  // At first the first layer with weights (an Input layer may report activations only).
  const firstWeighted = newest?.layers.find((l) => l.weights)?.layer;
  const layer = picked !== null && layers.includes(picked) ? picked : (firstWeighted ?? layers[0] ?? null);
  const series = useMemo(() => (layer === null ? null : KINDS.map((k) => seriesOf(samples, layer, k))), [samples, layer]);
  return (
    <section className="stats-view" aria-labelledby="dist-title" data-testid="distributions">
      <div className="stats-head">
        <h3 id="dist-title">Distributions over time</h3>
        <EveryControl every={every} />
      </div>
      {layer === null || !series ? (
        <p className="muted small" data-testid="dist-empty">
          Train or step to see distributions.
        </p>
      ) : (
        <>
          <div className="stats-controls">
            <label className="small">
              Layer{' '}
              <select value={layer} onChange={(e) => setPicked(e.target.value)} data-testid="dist-layer">
                {layers.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <span className="small muted" data-testid="dist-samples">
              {samples.length} {samples.length === 1 ? 'sample' : 'samples'}, steps {samples[0].globalStep} to {newest!.globalStep}
            </span>
          </div>
          <div className="stats-charts">
            {KINDS.map((k, i) => (
              <DistributionChart key={k} kind={k} layer={layer} series={series[i]} step={step} onStep={setStep} />
            ))}
          </div>
          <p className="small muted stats-legend">Bands, outer to inner: min to max, 7 to 93%, 16 to 84%, 31 to 69%; the line is the median. Point at a chart, or focus it and use the arrow keys, to see that step&apos;s histogram.</p>
        </>
      )}
    </section>
  );
}
