/**
 * The training charts' axes (epochs on x with a title's worth of nice ticks, y-domains holding every
 * point, distinct tick labels) and TensorBoard's debiased smoothing of the training curves.
 */
import { describe, expect, it } from 'vitest';
import { accuracyAxis, epochAxis, linearAxis, logAxis, lossAxis, niceStep, prefersLog, tickFormatter, type AxisSpec } from '../../src/ui/components/charts/axes';
import { smoothEma, smoothPoints } from '../../src/ui/components/charts/smoothing';

const labels = (a: AxisSpec) => a.ticks.map(a.format);
const distinct = (xs: string[]) => new Set(xs).size === xs.length;
const holds = (a: AxisSpec, values: number[]) => values.every((v) => v >= a.domain[0] && v <= a.domain[1]);

describe('niceStep', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten (whole numbers when asked)', () => {
    expect([0.04, 0.11, 0.2, 0.22, 0.3, 0.7, 3, 27].map((v) => niceStep(v))).toEqual([0.05, 0.2, 0.2, 0.25, 0.5, 1, 5, 50]);
    expect([0.04, 0.7, 2.2, 3].map((v) => niceStep(v, true))).toEqual([1, 1, 5, 5]);
  });
});

describe('epochAxis', () => {
  it('a run shorter than an epoch gets even, distinct fractional ticks (x range [0.03, 0.2])', () => {
    const a = epochAxis(0.2);
    expect(a.domain).toEqual([0, 0.2]);
    expect(a.ticks).toEqual([0, 0.05, 0.1, 0.15, 0.2]);
    expect(labels(a)).toEqual(['0', '0.05', '0.1', '0.15', '0.2']);
  });
  it('no repeated or uneven labels for the reported cases ("0.1, 0.1"; "0.09, 0.1, 0.2")', () => {
    expect(labels(epochAxis(0.09))).toEqual(['0', '0.02', '0.04', '0.06', '0.08']);
    expect(labels(epochAxis(0.13))).toEqual(['0', '0.05', '0.1']);
    expect(labels(epochAxis(0.6))).toEqual(['0', '0.2', '0.4', '0.6']);
    expect(labels(epochAxis(0.03))).toEqual(['0', '0.01', '0.02', '0.03']);
    expect(labels(epochAxis(0.9))).toEqual(['0', '0.2', '0.4', '0.6', '0.8']);
  });
  it('whole epochs once the run is an epoch or longer', () => {
    expect(epochAxis(1.04).ticks).toEqual([0, 1]);
    expect(epochAxis(3.5).ticks).toEqual([0, 1, 2, 3]);
    expect(labels(epochAxis(20))).toEqual(['0', '5', '10', '15', '20']);
    expect(epochAxis(137).ticks).toEqual([0, 50, 100]);
    expect(epochAxis(2.5).domain).toEqual([0, 2.5]);
  });
  it('tick labels are always distinct, the ticks inside the domain', () => {
    for (let x = 0.01; x < 300; x *= 1.37) {
      const a = epochAxis(x);
      expect(distinct(labels(a)), `xMax ${x}`).toBe(true);
      expect(a.ticks.every((t) => t >= 0 && t <= x + 1e-12)).toBe(true);
      if (x >= 1) expect(a.ticks.every(Number.isInteger)).toBe(true);
    }
  });
  it('an empty chart still gets an axis', () => {
    expect(epochAxis(0).ticks.length).toBeGreaterThan(1);
  });
});

describe('linear y-axes', () => {
  it('close losses (0.6931, 0.6925, 0.6880) get distinct labels', () => {
    const a = linearAxis([0.6931, 0.6925, 0.688]);
    expect(a.domain).toEqual([0.686, 0.694]);
    expect(a.ticks).toEqual([0.686, 0.688, 0.69, 0.692, 0.694]);
    expect(labels(a)).toEqual(['0.686', '0.688', '0.69', '0.692', '0.694']);
  });
  it('a first point of 2.3 with the rest near 0.5 is inside the domain', () => {
    const values = [2.3, 0.52, 0.5, 0.49, 0.48];
    const a = lossAxis(values, false);
    expect(a.scale).toBe('linear');
    expect(a.domain).toEqual([0, 2.5]);
    expect(labels(a)).toEqual(['0', '0.5', '1', '1.5', '2', '2.5']);
    expect(holds(a, values)).toBe(true);
  });
  it('a constant series gets a small band around it', () => {
    const a = linearAxis([0.5, 0.5]);
    expect(holds(a, [0.5])).toBe(true);
    expect(a.domain[0]).toBeLessThan(0.5);
    expect(a.domain[1]).toBeGreaterThan(0.5);
    expect(distinct(labels(a))).toBe(true);
  });
  it('accuracy: percentages within 0-100%, with a decimal only when the ticks need one', () => {
    expect(labels(accuracyAxis([0, 1, 0.5]))).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    const high = accuracyAxis([0.95, 0.97, 0.99]);
    expect(high.domain).toEqual([0.94, 1]);
    expect(labels(high)).toEqual(['94%', '95%', '96%', '97%', '98%', '99%', '100%']);
    expect(labels(accuracyAxis([0.981, 0.983, 0.984]))).toEqual(['98%', '98.1%', '98.2%', '98.3%', '98.4%', '98.5%']);
  });
  it('random series: every value inside the domain, labels distinct', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 0; n < 200; n++) {
      const scale = 10 ** (rand() * 8 - 4);
      const centre = rand() * scale * 10;
      const values = Array.from({ length: 1 + Math.floor(rand() * 20) }, () => centre + (rand() - 0.5) * scale);
      const a = linearAxis(values);
      expect(holds(a, values), JSON.stringify(values)).toBe(true);
      expect(distinct(labels(a)), JSON.stringify(values)).toBe(true);
    }
  });
});

describe('log loss axis', () => {
  it('goes logarithmic past two decades, with powers of ten holding every point', () => {
    const values = [2.3, 0.1, 0.001, 0.0005];
    expect(prefersLog(values)).toBe(true);
    expect(prefersLog([2.3, 0.05])).toBe(false);
    const a = lossAxis(values, true);
    expect(a.scale).toBe('log');
    expect(a.domain).toEqual([0.0001, 10]);
    expect(labels(a)).toEqual(['0.0001', '0.001', '0.01', '0.1', '1', '10']);
    expect(holds(a, values)).toBe(true);
  });
  it('1-2-5 ticks over a decade or two, linear ticks within one, thinned over many', () => {
    expect(labels(logAxis([0.7, 0.3, 0.05]))).toEqual(['0.05', '0.1', '0.2', '0.5', '1']);
    const narrow = logAxis([0.6931, 0.6925, 0.688]);
    expect(labels(narrow)).toEqual(['0.686', '0.688', '0.69', '0.692', '0.694']);
    const huge = logAxis([1e12, 1, 1e-3]);
    expect(labels(huge)).toEqual(['0.001', '1', '1000', '1e6', '1e9', '1e12']);
    expect(holds(huge, [1e12, 1e-3])).toBe(true);
  });
  it('random positive series: every value inside the domain, positive bounds, labels distinct', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 0; n < 200; n++) {
      const values = Array.from({ length: 2 + Math.floor(rand() * 10) }, () => 10 ** (rand() * rand() * 8 - 4));
      const a = logAxis(values);
      expect(a.domain[0]).toBeGreaterThan(0);
      expect(holds(a, values), JSON.stringify(values)).toBe(true);
      expect(distinct(labels(a)), JSON.stringify(values)).toBe(true);
    }
  });
});

describe('tickFormatter', () => {
  it('adds digits until neighbouring ticks differ', () => {
    const f = tickFormatter([0.6931, 0.6925, 0.688]);
    expect([0.6931, 0.6925, 0.688].map(f)).toEqual(['0.6931', '0.6925', '0.688']);
    expect(tickFormatter([0.1, 0.12])(0.12)).toBe('0.12');
  });
});

describe('smoothEma (TensorBoard, debiased)', () => {
  it('matches the debiased moving average', () => {
    const s = smoothEma([1, 2, 3], 0.6);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(1.04 / 0.64, 12);
    expect(s[2]).toBeCloseTo(1.824 / 0.784, 12);
  });
  it('keeps the first value (no pull towards 0), tames single-batch 0%/100% spikes', () => {
    const acc = [0, 1, 1, 0, 1, 1, 1, 0, 1, 1];
    const s = smoothEma(acc, 0.6);
    expect(s[0]).toBe(0);
    expect(s.slice(2).every((v) => v > 0.3 && v < 0.95)).toBe(true);
  });
  it('weight 0 and constant series are unchanged; non-finite values pass through and do not poison the rest', () => {
    expect(smoothEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(smoothEma([0.5, 0.5, 0.5], 0.9)).toEqual([0.5, 0.5, 0.5]);
    const s = smoothEma([1, Number.NaN, 1, 3], 0.5);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(s[2]).toBeCloseTo(1, 12);
    expect(Number.isFinite(s[3])).toBe(true);
  });
  it('smoothPoints keeps x', () => {
    expect(smoothPoints([{ x: 0.1, y: 1 }, { x: 0.2, y: 2 }], 0.6).map((p) => p.x)).toEqual([0.1, 0.2]);
  });
});
