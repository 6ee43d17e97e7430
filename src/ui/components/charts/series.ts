/** Chart series for one metric: the current run (raw and smoothed) and earlier runs, decimated for drawing. */
import { minMaxDecimate } from '../../model/decimate';
import { describeDiff, summarize } from '../../project/runs';
import type { RunRecord, SeriesPoint } from '../../project/types';
import { smoothPoints } from './smoothing';
import { isClassificationLoss } from '../../../engine/losses';

export const MAX_CHART_POINTS = 500;
// No orange: that is the validation line's colour.
export const RUN_COLORS = ['#8b5cf6', '#10b981', '#ec4899', '#64748b', '#06b6d4', '#84cc16', '#e11d48'];

/** The current run's series: one colour each (a CSS variable of styles.css, light and dark), for the lines, the key and the PNG. */
export const SERIES = {
  train: { color: 'var(--train)', label: 'training' },
  validation: { color: 'var(--val)', label: 'validation' },
} as const;

export interface ChartLine {
  key: string;
  name: string;
  color: string;
  dashed: boolean;
  width: number;
  /** The faint raw series drawn behind its smoothed line (class `chart-raw`). */
  raw?: boolean;
  data: { x: number; y: number }[];
}

/**
 * The lines of one metric: earlier runs (validation when they have more than one point, else their
 * smoothed training curve), then the current run's raw training points (faint, when smoothing),
 * its smoothed training line and its validation points. `smoothing`: TensorBoard's weight, 0 = raw.
 */
export function runLines(current: RunRecord, history: RunRecord[], metric: 'loss' | 'acc', logScale: boolean, smoothing = 0): ChartLine[] {
  const values = (ps: SeriesPoint[]) =>
    ps.flatMap((p) => {
      const y = metric === 'loss' ? p.loss : p.acc;
      return y === null || !Number.isFinite(y) || (logScale && y <= 0) ? [] : [{ x: p.x, y }];
    });
  const draw = (ps: { x: number; y: number }[]) => minMaxDecimate(ps, MAX_CHART_POINTS, (p) => p.y);
  const lines: ChartLine[] = [];
  history.forEach((r, i) => {
    const data = r.val.length > 1 ? draw(values(r.val)) : draw(smoothPoints(values(r.train), smoothing));
    if (data.length) lines.push({ key: `run-${r.id}`, name: `Run ${r.id}`, color: RUN_COLORS[i % RUN_COLORS.length], dashed: true, width: 1.5, data });
  });
  const train = values(current.train);
  if (smoothing > 0 && train.length > 1) lines.push({ key: 'train-raw', name: 'training (raw)', color: SERIES.train.color, dashed: false, width: 1, raw: true, data: draw(train) });
  const smoothed = smoothing > 0 ? smoothPoints(train, smoothing) : train;
  lines.push({ key: 'train', name: smoothing > 0 ? 'training (smoothed)' : 'training', color: SERIES.train.color, dashed: false, width: 2, data: draw(smoothed) });
  lines.push({ key: 'validation', name: 'validation', color: SERIES.validation.color, dashed: false, width: 2, data: draw(values(current.val)) });
  return lines;
}

/** Every plotted y of `lines` (for the axis domain). */
export const lineValues = (lines: readonly ChartLine[]): number[] => lines.flatMap((l) => l.data.map((p) => p.y));

/** The largest plotted x of `lines` (0 when empty). */
export const lineXMax = (lines: readonly ChartLine[]): number => lines.reduce((m, l) => l.data.reduce((n, p) => Math.max(n, p.x), m), 0);

export interface LegendRow {
  key: string;
  color: string;
  label: string;
  detail: string;
}

/** `name`: how a dataset id is shown (an upload by its file name). */
export function runLegend(current: RunRecord, history: RunRecord[], name?: (id: string) => string): LegendRow[] {
  return history.map((r, i) => ({
    key: `run-${r.id}`,
    color: RUN_COLORS[i % RUN_COLORS.length],
    label: `Run ${r.id}`,
    detail: `${describeDiff(r.config, current.config, name)}${r.last ? ` — val loss ${r.last.valLoss?.toPrecision(3) ?? '–'}${r.last.valAccuracy !== null && isClassifier(r) ? `, acc ${(r.last.valAccuracy * 100).toFixed(1)}%` : ''}` : ''}`,
  }));
}

export function currentLabel(current: RunRecord, name?: (id: string) => string): string {
  return `Run ${current.id} (current)${current.config ? `: ${summarize(current.config, name)}` : ''}`;
}

// Runs record their loss: only cross-entropy runs have an accuracy.
const isClassifier = (r: RunRecord): boolean => !!r.config && isClassificationLoss(r.config.loss);
