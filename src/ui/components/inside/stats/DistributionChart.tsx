/**
 * One tensor of one layer over the sampled steps, as TensorBoard draws distributions: nested
 * translucent bands (min-max, 7-93%, 16-84%, 31-69%, darkest at the median) in plain SVG, a marker
 * at the chosen step, and that step's histogram as bars with its step, mean and std. The chart is
 * a keyboard slider over the samples (arrows, Home, End); the pointer chooses the nearest sample.
 */
import { memo, useId, useMemo, type KeyboardEvent, type PointerEvent } from 'react';
import { bandGeometry, nearestIndex, xOf, yOf, type Box, type SeriesPoint, type TensorKind } from './bands';
import { HistogramBars } from './HistogramBars';
import { formatStat } from './stats-format';

const BOX: Box = { width: 280, height: 96, left: 0, top: 3, bottom: 3 };

export const KIND_LABEL: Record<TensorKind, string> = { weights: 'Weights', grads: 'Gradients', activations: 'Activations' };

interface Props {
  kind: TensorKind;
  layer: string;
  series: readonly SeriesPoint[];
  /** The step the pointer or keys chose (null: the newest sample). */
  step: number | null;
  onStep: (step: number | null) => void;
}

export const DistributionChart = memo(function DistributionChart({ kind, layer, series, step, onStep }: Props) {
  const descId = useId();
  const geometry = useMemo(() => bandGeometry(series, BOX), [series]);
  const title = `${KIND_LABEL[kind]} of ${layer}`;
  if (!geometry || series.length === 0) {
    return (
      <figure className="stats-chart" data-testid={`dist-chart-${kind}`}>
        <figcaption className="small">{KIND_LABEL[kind]}</figcaption>
        <p className="small muted">No {KIND_LABEL[kind].toLowerCase()} recorded for this layer.</p>
      </figure>
    );
  }
  const index = step === null ? series.length - 1 : nearestIndex(series, step);
  const point = series[index];
  const newest = index === series.length - 1;
  const x = xOf(geometry, BOX, series.length === 1 ? geometry.x0 + 0.5 : point.step);
  const moveTo = (i: number) => onStep(i >= series.length - 1 ? null : series[Math.max(0, i)].step);
  const onKeyDown = (e: KeyboardEvent) => {
    const to = { ArrowLeft: index - 1, ArrowDown: index - 1, ArrowRight: index + 1, ArrowUp: index + 1, Home: 0, End: series.length - 1, PageUp: index + 10, PageDown: index - 10 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    moveTo(Math.min(series.length - 1, Math.max(0, to)));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (r.width <= 0) return;
    const f = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
    moveTo(nearestIndex(series, geometry.x0 + f * (geometry.x1 - geometry.x0)));
  };
  const valueText = `step ${point.step}: median ${formatStat(point.p[4])}, 7% to 93% from ${formatStat(point.p[1])} to ${formatStat(point.p[7])}, min ${formatStat(point.p[0])}, max ${formatStat(point.p[8])}`;
  return (
    <figure className="stats-chart" data-testid={`dist-chart-${kind}`}>
      <figcaption className="small stats-chart-head">
        <span>{KIND_LABEL[kind]}</span>
        <span className="muted" aria-hidden="true">
          {formatStat(geometry.y0)} … {formatStat(geometry.y1)}
        </span>
      </figcaption>
      <div
        className="stats-plot"
        role="slider"
        tabIndex={0}
        aria-label={`${title} over steps`}
        aria-describedby={descId}
        aria-valuemin={series[0].step}
        aria-valuemax={series[series.length - 1].step}
        aria-valuenow={point.step}
        aria-valuetext={valueText}
        onKeyDown={onKeyDown}
        onPointerMove={onPointerMove}
        onPointerLeave={() => onStep(null)}
        data-testid={`dist-plot-${kind}`}
      >
        <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} preserveAspectRatio="none" aria-hidden="true">
          {geometry.bands.map((d, i) => (
            <path key={i} d={d} className="stats-band" data-testid="dist-band" />
          ))}
          <path d={geometry.median} className="stats-median" vectorEffect="non-scaling-stroke" />
          <line x1={x} x2={x} y1={0} y2={BOX.height} className="stats-cursor" vectorEffect="non-scaling-stroke" />
          <circle cx={x} cy={yOf(geometry, BOX, point.p[4])} r={2} className="stats-cursor-dot" />
        </svg>
      </div>
      <p id={descId} className="sr-only">
        Percentile bands of {series.length} samples from step {series[0].step} to step {series[series.length - 1].step}: the widest band is min to max, then 7 to 93%, 16 to 84%, 31 to 69%, and the line is the median. Arrow keys choose a sample; its histogram is shown below.
      </p>
      <HistogramBars hist={point.hist} label={`Histogram of ${title.toLowerCase()} at step ${point.step}`} />
      <p className="small stats-point" data-testid={`dist-point-${kind}`}>
        step <span data-testid={`dist-step-${kind}`}>{point.step}</span>
        {newest ? ' (newest)' : ''} · mean <span data-testid={`dist-mean-${kind}`}>{formatStat(point.hist.mean)}</span> · std <span data-testid={`dist-std-${kind}`}>{formatStat(point.hist.std)}</span>
        {point.hist.nonFinite > 0 ? <strong className="stats-bad"> · {point.hist.nonFinite} not finite</strong> : null}
      </p>
    </figure>
  );
});
