/**
 * Axes for the training charts, as plain data: a domain that holds every point, "nice" distinct
 * ticks (multiples of 1, 2, 2.5 or 5 times a power of ten; whole epochs once a run is an epoch or
 * longer; powers of ten on a log axis spanning decades) and a tick formatter with just enough digits
 * that neighbouring ticks never print the same text. Pure: no React, no recharts.
 */

export interface AxisSpec {
  scale: 'linear' | 'log';
  domain: [number, number];
  ticks: number[];
  format: (v: number) => string;
}

const MANTISSAS = [1, 2, 2.5, 5, 10];

/** Removes float noise (0.30000000000000004 -> 0.3). */
const clean = (v: number): number => (v === 0 ? 0 : Number(v.toPrecision(12)));

/** The smallest step of the form m * 10^k (m in 1, 2, 2.5, 5) that is >= `raw` (> 0). */
export function niceStep(raw: number, integer = false): number {
  if (!(raw > 0) || !Number.isFinite(raw) || (integer && raw <= 1)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  for (const m of MANTISSAS) {
    const step = clean(m * base);
    if (integer && (step < 1 || m === 2.5)) continue;
    if (step >= raw * (1 - 1e-9)) return step;
  }
  return clean(10 * base);
}

/** Multiples of `step` from `lo` to `hi` (both multiples of it), float noise removed. */
function multiples(lo: number, hi: number, step: number): number[] {
  const first = Math.round(lo / step);
  const last = Math.round(hi / step);
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(clean(i * step));
  return out;
}

/** "1.50e+6" -> "1.5e6", "1.00e-5" -> "1e-5". */
const exponent = (s: string): string => s.replace(/\.?0+e/, 'e').replace('e+', 'e');

/** A number with `digits` digits after the point, trailing zeros dropped; exponent form for the very large or small. */
function fixed(v: number, digits: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return exponent(v.toExponential(Math.max(0, Math.min(digits, 6))));
  const s = v.toFixed(Math.min(digits, 12));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A formatter for `ticks`: the fewest digits after the point (from `minDigits`) with which no two
 * ticks print alike. `suffix`/`scale` turn fractions into percentages.
 */
export function tickFormatter(ticks: readonly number[], opts: { scale?: number; suffix?: string; minDigits?: number } = {}): (v: number) => string {
  const scale = opts.scale ?? 1;
  const suffix = opts.suffix ?? '';
  const scaled = ticks.map((t) => clean(t * scale));
  let digits = opts.minDigits ?? 0;
  for (; digits < 12; digits++) {
    const labels = scaled.map((t) => fixed(t, digits));
    if (new Set(labels).size === labels.length) break;
  }
  return (v: number) => `${fixed(clean(v * scale), digits)}${suffix}`;
}

/** Digits after the point that a multiple of `step` needs (0.25 -> 2, 0.5 -> 1, 2.5 -> 1, 5 -> 0). */
export function stepDigits(step: number): number {
  for (let d = 0; d < 12; d++) if (Math.abs(Number(step.toFixed(d)) - step) < step * 1e-9) return d;
  return 12;
}

/**
 * The x-axis in epochs from 0 to `xMax`: whole epochs once the run is an epoch or longer, else nice
 * fractions (0, 0.05, 0.1, ... or 0, 0.25, 0.5, ...), at most about `maxTicks` ticks.
 */
export function epochAxis(xMax: number, maxTicks = 6): AxisSpec {
  const end = Number.isFinite(xMax) && xMax > 0 ? xMax : 1;
  const step = niceStep(end / Math.max(1, maxTicks - 1), end >= 1);
  const ticks = multiples(0, Math.floor(end / step + 1e-9) * step, step);
  return { scale: 'linear', domain: [0, end], ticks, format: tickFormatter(ticks, { minDigits: stepDigits(step) }) };
}

export interface LinearOptions {
  /** Share of the data's range added below and above (default 0.05). */
  margin?: number;
  maxTicks?: number;
  /** Bounds the axis never goes past (accuracy: 0 and 1). */
  floor?: number;
  ceiling?: number;
  /** Show ticks as percentages (fractions times 100, with "%"). */
  percent?: boolean;
}

/** A linear axis whose domain holds every finite value, widened by a margin to whole ticks. */
export function linearAxis(values: readonly number[], opts: LinearOptions = {}): AxisSpec {
  const finite = values.filter(Number.isFinite);
  const maxTicks = opts.maxTicks ?? 6;
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  const floor = opts.floor ?? (lo >= 0 ? 0 : -Infinity);
  const ceiling = opts.ceiling ?? Infinity;
  if (hi - lo <= Math.abs(hi) * 1e-12) {
    const pad = Math.abs(hi) * 0.05 || 0.05;
    lo -= pad;
    hi += pad;
  } else {
    const pad = (hi - lo) * (opts.margin ?? 0.05);
    lo -= pad;
    hi += pad;
  }
  lo = Math.max(lo, floor);
  hi = Math.min(hi, ceiling);
  const step = niceStep((hi - lo) / Math.max(1, maxTicks - 1));
  const domain: [number, number] = [Math.max(floor, clean(Math.floor(lo / step + 1e-9) * step)), Math.min(ceiling, clean(Math.ceil(hi / step - 1e-9) * step))];
  const ticks = multiples(Math.ceil(domain[0] / step - 1e-9) * step, Math.floor(domain[1] / step + 1e-9) * step, step);
  const format = opts.percent ? tickFormatter(ticks, { scale: 100, suffix: '%', minDigits: stepDigits(clean(step * 100)) }) : tickFormatter(ticks, { minDigits: stepDigits(step) });
  return { scale: 'linear', domain, ticks, format };
}

/** Decades between the smallest and largest positive finite values (0 when there are none). */
export function decades(values: readonly number[]): number {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  return pos.length ? Math.log10(Math.max(...pos) / Math.min(...pos)) : 0;
}

/** Whether a loss axis is better drawn on a log scale: its positive values span more than ~2 decades. */
export const prefersLog = (values: readonly number[]): boolean => decades(values) > 2;

/** 1-2-5 (or 1 only) times powers of ten from 10^e0 to 10^e1. */
function logCandidates(e0: number, e1: number, mantissas: number[]): number[] {
  const out: number[] = [];
  for (let e = e0; e <= e1; e++) for (const m of mantissas) out.push(clean(m * 10 ** e));
  return out;
}

/**
 * A log axis holding every positive value: powers of ten when it spans several decades (every
 * second or third one past ~7), 1-2-5 ticks over one or two, nice linear ticks within one decade.
 */
export function logAxis(values: readonly number[], maxTicks = 7): AxisSpec {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!pos.length) return { scale: 'log', domain: [0.1, 1], ticks: [0.1, 1], format: tickFormatter([0.1, 1]) };
  const lo = Math.min(...pos);
  const hi = Math.max(...pos);
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.ceil(Math.log10(hi) - 1e-9);
  const format = (ticks: number[]) => logFormatter(ticks);
  // Within about a decade: the linear axis's ticks, kept positive.
  if (hi / lo < 4) {
    const lin = linearAxis(pos, { maxTicks: 5, floor: 0 });
    const ticks = lin.ticks.filter((t) => t > 0);
    const domain: [number, number] = [lin.domain[0] > 0 ? lin.domain[0] : Math.min(ticks[0] ?? lo, lo * 0.95), lin.domain[1]];
    return { scale: 'log', domain, ticks, format: format(ticks) };
  }
  const candidates = logCandidates(e0, e1, e1 - e0 <= 2 ? [1, 2, 5] : [1]);
  const below = candidates.filter((c) => c <= lo * (1 + 1e-9));
  const above = candidates.filter((c) => c >= hi * (1 - 1e-9));
  const domain: [number, number] = [below[below.length - 1] ?? 10 ** e0, above[0] ?? 10 ** e1];
  let ticks = candidates.filter((c) => c >= domain[0] * (1 - 1e-9) && c <= domain[1] * (1 + 1e-9));
  if (ticks.length > maxTicks) {
    const every = Math.ceil((ticks.length - 1) / (maxTicks - 1));
    ticks = ticks.filter((_, i) => i % every === 0);
  }
  return { scale: 'log', domain, ticks, format: format(ticks) };
}

/** Significant digits (from 1) until the ticks print distinctly; exponent form below 1e-4 and from 1e6. */
function logFormatter(ticks: readonly number[]): (v: number) => string {
  const fmt = (v: number, p: number) => {
    const a = Math.abs(v);
    if (v === 0) return '0';
    if (a < 1e-4 || a >= 1e6) return exponent(v.toExponential(p - 1));
    return String(Number(v.toPrecision(p)));
  };
  let p = 1;
  for (; p < 12; p++) {
    const labels = ticks.map((t) => fmt(t, p));
    if (new Set(labels).size === labels.length) break;
  }
  return (v: number) => fmt(v, p);
}

/** The loss axis: log (when asked, and there are positive values) or linear, holding every point. */
export function lossAxis(values: readonly number[], log: boolean): AxisSpec {
  return log && values.some((v) => v > 0 && Number.isFinite(v)) ? logAxis(values) : linearAxis(values);
}

/** The accuracy axis: a fraction shown as a percentage, never past 0% or 100%. */
export const accuracyAxis = (values: readonly number[]): AxisSpec => linearAxis(values, { floor: 0, ceiling: 1, percent: true });
