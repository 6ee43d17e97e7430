/**
 * The feature scaling to suggest for a numeric upload (scaling.ts suggestScaling) with the reason
 * in words, naming the columns: "Columns differ in scale by 1,380x (proline vs hue): standardise
 * is suggested." The spread compared is the standard deviation of the training rows.
 */
import { suggestScaling, type ColumnStats, type ScalingMode } from '../scaling';

export interface ScalingAdvice {
  readonly mode: ScalingMode;
  readonly reason: string;
}

const SATURATES = 100;

function ratioText(r: number): string {
  return r >= 100 ? Math.round(r).toLocaleString('en-US') : r >= 10 ? r.toFixed(0) : r.toFixed(1);
}

export function scalingAdvice(stats: readonly ColumnStats[], names: readonly string[]): ScalingAdvice {
  const mode = suggestScaling(stats);
  const name = (i: number) => `"${names[i] ?? `x${i}`}"`;
  let widest = -1;
  let narrowest = -1;
  stats.forEach((s, i) => {
    if (!(s.std > 0)) return;
    if (widest < 0 || s.std > stats[widest].std) widest = i;
    if (narrowest < 0 || s.std < stats[narrowest].std) narrowest = i;
  });
  const ratio = widest >= 0 && narrowest >= 0 ? stats[widest].std / stats[narrowest].std : 1;
  if (mode === 'standard' && ratio > 10) {
    return { mode, reason: `Columns differ in scale by ${ratioText(ratio)}x (${name(widest)} vs ${name(narrowest)}): standardise is suggested.` };
  }
  if (mode === 'standard') {
    const far = stats.findIndex((s) => Math.max(Math.abs(s.min), Math.abs(s.max)) > SATURATES);
    const s = stats[far];
    const v = Math.abs(s.max) >= Math.abs(s.min) ? s.max : s.min;
    return { mode, reason: `Column ${name(far)} reaches ${v.toLocaleString('en-US', { maximumSignificantDigits: 4 })}, where tanh and sigmoid units saturate: standardise is suggested.` };
  }
  if (stats.length < 2) return { mode, reason: 'The column is within ±100: scaling is optional.' };
  return { mode, reason: `Columns are on similar scales (within ${ratioText(Math.max(ratio, 1))}x of each other) and within ±100: scaling is optional.` };
}
