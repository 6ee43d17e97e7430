/** finite.wgsl: per-range counts of non-finite values and the min/max of the finite ones, against a float64 scan. */
import { describe, it, expect } from 'vitest';
import { gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { finiteRangeTable, finiteStats, type FiniteRange } from '../../src/kernels/finite/finite';

function reference(x: Float32Array, r: FiniteRange) {
  let nonFinite = 0, finite = 0, min = Infinity, max = -Infinity;
  for (let i = r.offset; i < r.offset + r.length; i++) {
    const v = x[i];
    if (Number.isFinite(v)) {
      finite++;
      min = Math.min(min, v);
      max = Math.max(max, v);
    } else nonFinite++;
  }
  return { nonFinite, finite, min: finite ? min : null, max: finite ? max : null };
}

describe('finite_scan', () => {
  it('counts NaN/±Inf and finds the finite range of each range, in its slot', async () => {
    const { device, pipelines } = await gpu();
    const x = seededArray(3000, 7, -5, 5);
    x[10] = NaN;
    x[11] = Infinity;
    x[1500] = -Infinity;
    x[2999] = NaN;
    x[700] = 3e38; // large but finite
    x.fill(NaN, 2000, 2100); // a range with nothing finite
    const ranges: FiniteRange[] = [
      { offset: 0, length: 1000, slot: 2 },
      { offset: 1000, length: 1000, slot: 0 },
      { offset: 2000, length: 100, slot: 1 },
      { offset: 2100, length: 900, slot: 3 },
      { offset: 5, length: 1, slot: 4 },
    ];
    const [, , out] = await runKernelOnce(device, pipelines, 'finite_scan', {}, [{ data: finiteRangeTable(ranges) }, { data: x }, { data: 5 * 4 }], [ranges.length]);
    const words = new Uint32Array(out.buffer);
    for (const r of ranges) {
      const got = finiteStats(words, r.slot);
      const want = reference(x, r);
      expect(got, `range at ${r.offset}`).toEqual(want);
    }
    expect(finiteStats(words, 2).nonFinite).toBe(2);
    expect(finiteStats(words, 2).max).toBeCloseTo(3e38, -33);
    expect(finiteStats(words, 1)).toEqual({ nonFinite: 100, finite: 0, min: null, max: null });
  });
});
