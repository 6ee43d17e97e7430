/**
 * The geometry of a distribution chart: one tensor of one layer over the kept samples, as
 * TensorBoard draws it: four nested bands (min-max, 7-93%, 16-84%, 31-69%) and the median line, in
 * SVG path strings over a fixed view box; and the sample nearest a horizontal position. Percentiles
 * are cached per histogram object, so a new sample costs one histogram's work. Pure, no DOM.
 */
import type { LayerStats, StatsSample, TensorHistogram } from '../../../../worker/protocol';
import { histogramPercentiles } from './percentiles';

export type TensorKind = 'weights' | 'grads' | 'activations';

export interface SeriesPoint {
  step: number;
  epoch: number;
  hist: TensorHistogram;
  /** The nine BAND_QUANTILES edges. */
  p: number[];
}

const cache = new WeakMap<TensorHistogram, number[] | null>();

function percentilesOf(h: TensorHistogram): number[] | null {
  let p = cache.get(h);
  if (p === undefined) {
    p = histogramPercentiles(h);
    cache.set(h, p);
  }
  return p;
}

/** The samples where `layer` has a histogram of `kind` with finite values, oldest first. */
export function seriesOf(samples: readonly StatsSample[], layer: string, kind: TensorKind): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const s of samples) {
    const stats: LayerStats | undefined = s.layers.find((l) => l.layer === layer);
    const hist = stats?.[kind];
    if (!hist) continue;
    const p = percentilesOf(hist);
    if (p) out.push({ step: s.globalStep, epoch: s.epoch, hist, p });
  }
  return out;
}

export interface Box {
  width: number;
  height: number;
  /** Room left of the plot (for the value labels). */
  left: number;
  top: number;
  bottom: number;
}

export interface BandGeometry {
  /** Outermost (min-max) first. */
  bands: string[];
  median: string;
  /** Domains drawn: steps and values. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The chart's x position of a step (after bandGeometry's domain). */
export function xOf(g: Pick<BandGeometry, 'x0' | 'x1'>, box: Box, step: number): number {
  return box.left + ((step - g.x0) / (g.x1 - g.x0)) * (box.width - box.left);
}

export function yOf(g: Pick<BandGeometry, 'y0' | 'y1'>, box: Box, v: number): number {
  return box.top + (1 - (v - g.y0) / (g.y1 - g.y0)) * (box.height - box.top - box.bottom);
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

/** The bands and median of a non-empty series; a single sample spans the whole width. */
export function bandGeometry(series: readonly SeriesPoint[], box: Box): BandGeometry | null {
  if (series.length === 0) return null;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    y0 = Math.min(y0, s.p[0]);
    y1 = Math.max(y1, s.p[8]);
  }
  if (y1 - y0 <= Math.abs(y0) * 1e-9) {
    const pad = Math.abs(y0) * 0.1 || 1;
    y0 -= pad;
    y1 += pad;
  }
  const first = series[0].step;
  const last = series[series.length - 1].step;
  const x0 = series.length === 1 ? first - 0.5 : first;
  const x1 = series.length === 1 ? first + 0.5 : last;
  const g = { x0, x1, y0, y1 };
  const pts = series.length === 1 ? [{ ...series[0], step: x0 }, { ...series[0], step: x1 }] : series;
  const xs = pts.map((s) => fmt(xOf(g, box, s.step)));
  const line = (i: number, order: number[]) => order.map((k) => `${xs[k]} ${fmt(yOf(g, box, pts[k].p[i]))}`).join(' L');
  const forward = pts.map((_, k) => k);
  const backward = [...forward].reverse();
  const bands = [0, 1, 2, 3].map((i) => `M${line(8 - i, forward)} L${line(i, backward)} Z`);
  return { bands, median: `M${line(4, forward)}`, ...g };
}

/** The index of the series point whose step is nearest `step` (series sorted by step, non-empty). */
export function nearestIndex(series: readonly SeriesPoint[], step: number): number {
  let lo = 0;
  let hi = series.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (series[mid].step < step) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(series[lo - 1].step - step) <= Math.abs(series[lo].step - step)) return lo - 1;
  return lo;
}
