/**
 * How the layer-statistics views write their numbers: norms and means in 3 significant digits
 * (scientific outside 1e-3..1e4), fractions as percentages, and the verdict on an update ratio
 * (good around 1e-3: too small below 1e-4, too large above 1e-2). Pure, no DOM.
 */

/** A number in at most 3 significant digits; "—" for none. */
export function formatStat(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e4 ? x.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e') : String(Number(x.toPrecision(3)));
}

/** A fraction (0..1) as a percentage with one decimal below 10% ("0.4%", "12%"); "—" for none. */
export function formatFraction(f: number | null | undefined): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '—';
  const p = f * 100;
  if (p === 0) return '0%';
  return `${p < 10 ? String(Number(p.toFixed(1))) : String(Math.round(p))}%`;
}

export const UPDATE_RATIO_LOW = 1e-4;
export const UPDATE_RATIO_HIGH = 1e-2;

/** Whether an update ratio (lr * |update| / |w|) is near the usual 1e-3, too small or too large. */
export function updateRatioVerdict(r: number | null | undefined): 'low' | 'ok' | 'high' | null {
  if (r === null || r === undefined || Number.isNaN(r)) return null;
  if (r < UPDATE_RATIO_LOW) return 'low';
  if (r > UPDATE_RATIO_HIGH) return 'high';
  return 'ok';
}
