/**
 * The layer-statistics helpers of the Distributions and Health views: percentiles read from a
 * 32-bin histogram agree with the exact percentiles of the 10,000 values it was built from to within
 * a quarter bin width (normal, uniform, skewed and two-peaked data); hand-computed ranks come out exactly;
 * the band geometry spans the chart; numbers and update-ratio verdicts read as documented.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/rng';
import { bandGeometry, nearestIndex, seriesOf, type Box } from '../../src/ui/components/inside/stats/bands';
import { BAND_QUANTILES, histogramPercentiles, histogramQuantile } from '../../src/ui/components/inside/stats/percentiles';
import { formatFraction, formatStat, updateRatioVerdict } from '../../src/ui/components/inside/stats/stats-format';
import { STATS_BINS, type StatsSample, type TensorHistogram } from '../../src/worker/protocol-inside';

/** A histogram as the worker defines it: [min, max] in STATS_BINS equal bins over the finite values. */
function histogramOf(values: readonly number[]): TensorHistogram {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const counts = new Array<number>(STATS_BINS).fill(0);
  for (const v of finite) counts[Math.min(STATS_BINS - 1, Math.floor(((v - lo) / (hi - lo)) * STATS_BINS))]++;
  const mean = finite.reduce((a, v) => a + v, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / finite.length);
  return { lo, hi, counts, count: values.length, nonFinite: values.length - finite.length, mean, std };
}

/** The exact q-quantile of sorted values, linear between neighbouring ranks (float64). */
function exactQuantile(sorted: readonly number[], q: number): number {
  const r = q * (sorted.length - 1);
  const i = Math.floor(r);
  return i + 1 < sorted.length ? sorted[i] + (r - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

const rng = createRng(15);
const datasets: Record<string, number[]> = {
  normal: Array.from({ length: 10_000 }, () => rng.normal(0.3, 0.05)),
  uniform: Array.from({ length: 10_000 }, () => rng.uniform(-2, 3)),
  exponential: Array.from({ length: 10_000 }, () => -Math.log(1 - rng.next())),
  twoPeaks: Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? rng.normal(-4, 0.5) : rng.normal(2, 1))),
};

describe('histogramPercentiles', () => {
  for (const [name, values] of Object.entries(datasets)) {
    // One bin width is the promise; linear interpolation in practice lands within a quarter of one.
    it(`is within a quarter bin width of the exact percentiles of 10,000 ${name} values`, () => {
      const h = histogramOf(values);
      const sorted = [...values].sort((a, b) => a - b);
      const width = (h.hi - h.lo) / STATS_BINS;
      const p = histogramPercentiles(h)!;
      expect(p).toHaveLength(9);
      BAND_QUANTILES.forEach((q, i) => {
        expect(Math.abs(p[i] - exactQuantile(sorted, q)), `q=${q}`).toBeLessThanOrEqual(width / 4);
      });
      expect(p[0]).toBe(sorted[0]);
      expect(p[8]).toBe(sorted[sorted.length - 1]);
      for (let i = 1; i < 9; i++) expect(p[i]).toBeGreaterThanOrEqual(p[i - 1]);
    });
  }

  it('interpolates within the bin that holds the rank (one value per bin over [0, 32])', () => {
    const h: TensorHistogram = { lo: 0, hi: 32, counts: new Array<number>(32).fill(1), count: 32, nonFinite: 0, mean: 16, std: 9.2 };
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(16, 12);
    expect(histogramQuantile(h, 0.0668)).toBeCloseTo(0.0668 * 32, 12);
    // 8 values in bin 3 ([3, 4)) and 2 elsewhere: 1/4 of the way into bin 3 holds rank 1 + 2 = 3 of 10.
    const counts = new Array<number>(32).fill(0);
    counts[0] = 1;
    counts[3] = 8;
    counts[31] = 1;
    const h2: TensorHistogram = { lo: 0, hi: 32, counts, count: 12, nonFinite: 2, mean: 0, std: 0 };
    expect(histogramQuantile(h2, 0.3)).toBeCloseTo(3.25, 12);
  });

  it('leaves the non-finite values out and says null when no value is finite', () => {
    const values = [...datasets.uniform.slice(0, 1000), NaN, Infinity, -Infinity];
    const h = histogramOf(values);
    expect(h.nonFinite).toBe(3);
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    expect(Math.abs(histogramQuantile(h, 0.5)! - exactQuantile(sorted, 0.5))).toBeLessThanOrEqual((h.hi - h.lo) / STATS_BINS);
    const none: TensorHistogram = { lo: NaN, hi: NaN, counts: new Array<number>(32).fill(0), count: 4, nonFinite: 4, mean: NaN, std: NaN };
    expect(histogramPercentiles(none)).toBeNull();
  });

  it('gives the one value of a constant tensor for every band', () => {
    const counts = new Array<number>(32).fill(0);
    counts[0] = 50;
    expect(histogramPercentiles({ lo: 0.25, hi: 0.25, counts, count: 50, nonFinite: 0, mean: 0.25, std: 0 })).toEqual(new Array(9).fill(0.25));
  });
});

describe('bandGeometry', () => {
  const box: Box = { width: 300, height: 100, left: 40, top: 4, bottom: 4 };
  const sample = (step: number, shift: number): StatsSample => ({
    epoch: 0,
    globalStep: step,
    layers: [{ layer: 'dense', type: 'Dense', weights: histogramOf(datasets.normal.map((v) => v + shift)), grads: null, activations: null, gradNorm: 1, weightNorm: 1, updateRatio: 1e-3, deadFraction: null, saturatedFraction: null }],
  });

  it('draws four closed bands and a median from the first step at x=40 to the last at x=300', () => {
    const series = seriesOf([sample(0, 0), sample(20, 1), sample(40, 2)], 'dense', 'weights');
    expect(series.map((s) => s.step)).toEqual([0, 20, 40]);
    expect(seriesOf([sample(0, 0)], 'dense', 'grads')).toEqual([]);
    const g = bandGeometry(series, box)!;
    expect(g.bands).toHaveLength(4);
    for (const b of g.bands) expect(b).toMatch(/^M40 [\d.]+ L170 [\d.]+ L300 [\d.]+ L300 [\d.]+ L170 [\d.]+ L40 [\d.]+ Z$/);
    expect(g.median).toMatch(/^M40 [\d.]+ L170 [\d.]+ L300 [\d.]+$/);
    expect(g.y0).toBe(series[0].p[0]);
    expect(g.y1).toBe(series[2].p[8]);
  });

  it('spreads one sample over the width and finds the nearest sample of a step', () => {
    const g = bandGeometry(seriesOf([sample(7, 0)], 'dense', 'weights'), box)!;
    expect(g.median).toMatch(/^M40 [\d.]+ L300 [\d.]+$/);
    const series = seriesOf([sample(0, 0), sample(20, 0), sample(40, 0)], 'dense', 'weights');
    expect([-5, 9, 11, 29, 31, 99].map((s) => nearestIndex(series, s))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('formatting', () => {
  it('writes norms in three significant digits, scientific outside 1e-3..1e4', () => {
    expect([0.123456, 12.3456, 1234.5, 0.00012345, 123456, -0.0000105, 0, 1e-3].map(formatStat)).toEqual(['0.123', '12.3', '1230', '1.23e-4', '1.23e5', '-1.05e-5', '0', '0.001']);
    expect([null, NaN, Infinity, -Infinity].map(formatStat)).toEqual(['—', 'NaN', '∞', '-∞']);
    expect([0, 0.004, 0.0456, 0.5, 1, null].map(formatFraction)).toEqual(['0%', '0.4%', '4.6%', '50%', '100%', '—']);
  });

  it('calls an update ratio low below 1e-4, high above 1e-2, ok between', () => {
    expect([5e-5, 1e-4, 1e-3, 1e-2, 0.05, null, NaN].map(updateRatioVerdict)).toEqual(['low', 'ok', 'ok', 'ok', 'high', null, null]);
  });
});
