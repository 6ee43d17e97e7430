/** Number formatting for the page: losses with 5 significant digits, rates and percentages. */

export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  return Number.isFinite(v) ? v.toPrecision(5) : String(v);
}

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatRate(v: number): string {
  return Number.isFinite(v) ? rate.format(v) : '–';
}

export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(1)}%`;
}

export function formatCount(v: number): string {
  return rate.format(v);
}
