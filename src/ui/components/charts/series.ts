/** Chart series for one metric: the current run and earlier runs, decimated for drawing. */
import { minMaxDecimate } from '../../model/decimate';
import { describeDiff, summarize } from '../../project/runs';
import type { RunRecord, SeriesPoint } from '../../project/types';

export const MAX_CHART_POINTS = 500;
export const RUN_COLORS = ['#8b5cf6', '#10b981', '#ec4899', '#64748b', '#f97316', '#06b6d4', '#84cc16', '#e11d48'];

export interface ChartLine {
  key: string;
  name: string;
  color: string;
  dashed: boolean;
  width: number;
  data: { x: number; y: number }[];
}

export function runLines(current: RunRecord, history: RunRecord[], metric: 'loss' | 'acc', logScale: boolean): ChartLine[] {
  const pick = (ps: SeriesPoint[]) => {
    const vals = ps.flatMap((p) => {
      const y = metric === 'loss' ? p.loss : p.acc;
      return y === null || !Number.isFinite(y) || (logScale && y <= 0) ? [] : [{ x: p.x, y }];
    });
    return minMaxDecimate(vals, MAX_CHART_POINTS, (p) => p.y);
  };
  const lines: ChartLine[] = [];
  history.forEach((r, i) => {
    const data = pick(r.val.length > 1 ? r.val : r.train);
    if (data.length) lines.push({ key: `run-${r.id}`, name: `Run ${r.id}`, color: RUN_COLORS[i % RUN_COLORS.length], dashed: true, width: 1.5, data });
  });
  lines.push({ key: 'train', name: 'train', color: 'var(--train)', dashed: false, width: 2, data: pick(current.train) });
  lines.push({ key: 'validation', name: 'validation', color: 'var(--val)', dashed: false, width: 2, data: pick(current.val) });
  return lines;
}

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
const isClassifier = (r: RunRecord): boolean => !!r.config && r.config.loss !== 'mse';

/**
 * An upper bound for the loss axis: 20x the largest of the first few values of any line, so one
 * exploding (diverged) run does not flatten every other curve. Points above it are clipped.
 */
export function lossCeiling(lines: ChartLine[]): number {
  const starts = lines.flatMap((l) => l.data.slice(0, 5).map((p) => p.y)).filter(Number.isFinite);
  return starts.length ? 20 * Math.max(...starts) : Infinity;
}
