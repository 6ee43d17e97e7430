/**
 * Percentiles of a layer-statistics histogram (protocol-inside.ts's TensorHistogram), as
 * TensorBoard's distributions show them: min, 6.68%, 15.87%, 30.85%, median, 69.15%, 84.13%,
 * 93.32% and max (the normal distribution's -inf, -1.5, -1, -0.5, 0, 0.5, 1, 1.5 and +inf sigma),
 * found by linear interpolation within the bin holding each rank. Pure, no DOM.
 */
import type { TensorHistogram } from '../../../../worker/protocol';

/** The quantiles of TensorBoard's distribution bands, outermost first pairs around the median (index 4). */
export const BAND_QUANTILES = [0, 0.0668, 0.1587, 0.3085, 0.5, 0.6915, 0.8413, 0.9332, 1] as const;

/**
 * The value below which a fraction `q` (0..1) of the histogram's finite values lie, interpolated
 * linearly within the bin that holds rank q * total; null for a histogram with no finite value.
 */
export function histogramQuantile(h: TensorHistogram, q: number): number | null {
  const total = h.counts.reduce((a, c) => a + c, 0);
  if (!(total > 0) || !Number.isFinite(h.lo) || !Number.isFinite(h.hi)) return null;
  if (h.hi <= h.lo || q <= 0) return h.lo;
  if (q >= 1) return h.hi;
  const bins = h.counts.length;
  const width = (h.hi - h.lo) / bins;
  const rank = q * total;
  let below = 0;
  for (let k = 0; k < bins; k++) {
    const c = h.counts[k];
    if (c > 0 && below + c >= rank) return h.lo + width * (k + (rank - below) / c);
    below += c;
  }
  return h.hi;
}

/** The nine band edges of BAND_QUANTILES (non-decreasing), or null for a histogram with no finite value. */
export function histogramPercentiles(h: TensorHistogram): number[] | null {
  const out: number[] = [];
  for (const q of BAND_QUANTILES) {
    const v = histogramQuantile(h, q);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}
