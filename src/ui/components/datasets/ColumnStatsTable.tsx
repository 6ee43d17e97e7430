/**
 * Per-column statistics of a numeric CSV upload's training rows (mean, std, min, max), one row per
 * feature (and the regression target), in a box that scrolls for wide files.
 */
import { memo } from 'react';
import type { ColumnStats } from '../../../data/scaling';

interface Props {
  names: readonly string[];
  stats: readonly ColumnStats[];
  target: ColumnStats | null;
}

/** Four significant digits; very large or small magnitudes in exponent form. */
export function formatStat(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

export const ColumnStatsTable = memo(function ColumnStatsTable({ names, stats, target }: Props) {
  const rows: [string, ColumnStats, boolean][] = stats.map((s, i) => [names[i] ?? `x${i}`, s, false]);
  if (target) rows.push(['target', target, true]);
  return (
    <div className="column-stats-wrap">
      <table className="preview-table column-stats" data-testid="column-stats">
        <caption className="muted small">Statistics of the training rows, before scaling</caption>
        <thead>
          <tr>
            <th scope="col">column</th>
            <th scope="col">mean</th>
            <th scope="col">std</th>
            <th scope="col">min</th>
            <th scope="col">max</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, s, isTarget], i) => (
            <tr key={i} data-testid="column-stats-row">
              <th scope="row">{isTarget ? <em>{name}</em> : name}</th>
              <td>{formatStat(s.mean)}</td>
              <td>{formatStat(s.std)}</td>
              <td>{formatStat(s.min)}</td>
              <td>{formatStat(s.max)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
