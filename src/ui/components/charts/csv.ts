/**
 * CSV files of the charts and the confusion matrix (RFC 4180 quoting; "\n" line ends). The curves
 * use Keras's CSVLogger names: one row per recorded point of each run, a training point and the
 * validation point at the same epoch sharing a row. Pure.
 */
import type { RunRecord, SeriesPoint } from '../../project/types';

/** One cell: quoted when it holds a comma, quote, line break or edge space, quotes doubled. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export const CURVE_COLUMNS = ['run', 'epoch', 'step', 'loss', 'accuracy', 'val_loss', 'val_accuracy'] as const;

/** Steps per epoch of a run, when known: the step count of its last full epoch. */
export function stepsPerEpoch(run: RunRecord): number | null {
  const last = run.last;
  return last && !last.partial && Number.isInteger(last.steps) && last.steps > 0 ? last.steps : null;
}

type Row = [number, number, number | null, number | null, number | null, number | null, number | null];

/** The rows of one run, by epoch: [run, epoch, step, loss, accuracy, val_loss, val_accuracy]. */
export function runRows(run: RunRecord): Row[] {
  const spe = stepsPerEpoch(run);
  const epoch = (x: number) => Number(x.toPrecision(12));
  const byX = new Map<number, Row>();
  const row = (x: number): Row => {
    const key = epoch(x);
    let r = byX.get(key);
    if (!r) {
      r = [run.id, key, spe === null ? null : Math.round(key * spe), null, null, null, null];
      byX.set(key, r);
    }
    return r;
  };
  const put = (ps: readonly SeriesPoint[], at: 3 | 5) => {
    for (const p of ps) {
      let r = row(p.x);
      // A second point at the same epoch (never expected) gets a row of its own.
      if (r[at] !== null) {
        r = [r[0], r[1], r[2], null, null, null, null];
        extra.push(r);
      }
      r[at] = p.loss;
      r[at + 1] = p.acc;
    }
  };
  const extra: Row[] = [];
  put(run.train, 3);
  put(run.val, 5);
  return [...byX.values(), ...extra].sort((a, b) => a[1] - b[1]);
}

/** The curves of `runs` (earlier runs first, then the current one) as a CSV file. */
export function curvesCsv(runs: readonly RunRecord[]): string {
  return toCsv([[...CURVE_COLUMNS], ...runs.flatMap(runRows)]);
}

/** A confusion matrix with the class labels as header row and first column (rows true, columns predicted). */
export function confusionCsv(matrix: readonly (readonly number[])[], labels: readonly string[]): string {
  return toCsv([['true \\ predicted', ...labels], ...matrix.map((row, i) => [labels[i], ...row])]);
}
