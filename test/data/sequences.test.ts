/** Tests for the waveform sequence generator: shape, balance, determinism, classes differ. */
import { describe, it, expect } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { waves, WAVE_CLASS_NAMES } from '../../src/data/sequences';
import { nearestCentroidAccuracy } from './centroid';
import { checksum } from './checksum';

/** Phase-invariant features: a histogram of standardised values and DFT magnitudes 1..30. */
function spectralFeatures(ds: Dataset): Dataset {
  const steps = ds.inputShape[0];
  const F = 50;
  const x = new Float32Array(ds.n * F);
  for (let i = 0; i < ds.n; i++) {
    const s = ds.x.subarray(i * steps, (i + 1) * steps);
    let mean = 0;
    for (const v of s) mean += v / steps;
    let sd = 0;
    for (const v of s) sd += (v - mean) ** 2 / steps;
    sd = Math.sqrt(sd) || 1;
    for (const v of s) x[i * F + Math.min(19, Math.max(0, Math.floor(((v - mean) / sd + 2.5) * 4)))] += 0.05;
    for (let k = 1; k <= 30; k++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < steps; t++) {
        const z = (s[t] - mean) / sd;
        re += z * Math.cos((2 * Math.PI * k * t) / steps);
        im += z * Math.sin((2 * Math.PI * k * t) / steps);
      }
      x[i * F + 19 + k] = Math.hypot(re, im) / (steps / 2);
    }
  }
  return { ...ds, x, inputShape: [F] };
}

describe('waves', () => {
  it('has shape [n, 100, 1], float32, 10 balanced classes, finite values', () => {
    const ds = waves({ n: 1005, seed: 1 });
    expect(ds.inputShape).toEqual([100, 1]);
    expect(ds.inputDtype).toBe('float32');
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(ds.x.length).toBe(1005 * 100);
    expect(ds.numClasses).toBe(10);
    expect(ds.classNames).toEqual(WAVE_CLASS_NAMES);
    const counts = new Array(10).fill(0);
    for (const c of ds.y) counts[c]++;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(ds.x.every((v) => Number.isFinite(v) && Math.abs(v) < 5)).toBe(true);
  });

  it('is deterministic by seed; pinned checksum', () => {
    const a = waves({ n: 40, seed: 3 });
    expect(waves({ n: 40, seed: 3 }).x).toEqual(a.x);
    expect(waves({ n: 40, seed: 4 }).x).not.toEqual(a.x);
    expect([checksum(a.x as Float32Array), checksum(a.y as Int32Array)]).toEqual(PINNED);
    expect(() => waves({ n: 0, seed: 1 })).toThrow(/n must be/);
  });

  it('classes differ: nearest centroid on spectral features is far above chance; raw values are not enough', () => {
    const train = waves({ n: 2000, seed: 1 });
    const test = waves({ n: 500, seed: 2 });
    const acc = nearestCentroidAccuracy(spectralFeatures(train), spectralFeatures(test));
    expect(acc).toBeGreaterThan(0.7);
    // Random phase and frequency: raw class means carry little, so a sequence model has work to do.
    expect(nearestCentroidAccuracy(train, test)).toBeLessThan(0.4);
  });

  it('more noise hides more', () => {
    const acc = (noise: number) =>
      nearestCentroidAccuracy(spectralFeatures(waves({ n: 1000, seed: 5, noise })), spectralFeatures(waves({ n: 300, seed: 6, noise })));
    expect(acc(1.5)).toBeLessThan(acc(0.05));
  });
});

const PINNED: number[] = [3853578887, 1904277413];
