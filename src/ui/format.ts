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

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** FLOPs with an SI prefix: 1.2 MFLOP, 3.4 GFLOP. */
export function formatFlops(v: number): string {
  if (!Number.isFinite(v) || v <= 0) return '–';
  const units = ['', 'k', 'M', 'G', 'T', 'P'];
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}FLOP`;
}

export function formatBytes(v: number): string {
  if (!Number.isFinite(v) || v <= 0) return '–';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

/** Seconds as "1 h 2 min", "3 min 4 s", "5 s". */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '–';
  if (s < 60) return `${Math.max(0, Math.round(s))} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export function formatCompact(v: number): string {
  return Number.isFinite(v) ? compact.format(v) : '–';
}

/** A message as a sentence: ends with a full stop (or ? !) so the text after it reads right. */
export function asSentence(message: string): string {
  const m = message.trim();
  return /[.!?]["')]?$/.test(m) ? m : `${m}.`;
}
