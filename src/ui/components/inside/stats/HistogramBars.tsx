/**
 * One histogram of the layer statistics as bars (plain SVG): the sample a distribution chart's
 * pointer or keys chose, with its range below. The figure is an image with a text description.
 */
import { memo } from 'react';
import type { TensorHistogram } from '../../../../worker/protocol';
import { formatStat } from './stats-format';

const W = 280;
const H = 44;

export const HistogramBars = memo(function HistogramBars({ hist, label }: { hist: TensorHistogram; label: string }) {
  const peak = Math.max(1, ...hist.counts);
  const bw = W / hist.counts.length;
  return (
    <div className="stats-hist">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${hist.counts.length} bins from ${formatStat(hist.lo)} to ${formatStat(hist.hi)}, tallest bin ${peak} of ${hist.count} values`} preserveAspectRatio="none">
        {hist.counts.map((c, k) => {
          const h = (c / peak) * (H - 2);
          return c > 0 ? <rect key={k} x={k * bw + 0.5} y={H - h} width={Math.max(0.5, bw - 1)} height={h} className="stats-hist-bar" /> : null;
        })}
      </svg>
      <div className="stats-hist-range small muted" aria-hidden="true">
        <span>{formatStat(hist.lo)}</span>
        <span>{formatStat(hist.hi)}</span>
      </div>
    </div>
  );
});
