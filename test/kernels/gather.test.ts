/** gather.wgsl: batch rows by permutation, with tail rows repeating the last valid row. */
import { describe, it, expect } from 'vitest';
import { gpu } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';

describe('gather_batch', () => {
  it('copies x and y rows in permutation order from base', async () => {
    const { device, pipelines } = await gpu();
    const NROWS = 7, XW = 3, YW = 1, B = 4;
    const xs = Float32Array.from({ length: NROWS * XW }, (_, i) => i + 0.5);
    const ys = Int32Array.from({ length: NROWS }, (_, i) => 100 + i);
    const perm = Uint32Array.from([6, 2, 0, 5, 1, 3, 4]);
    const step = stepWords({ base: 4, rows: 3 }); // rows left in the epoch: 4 + 3 = 7
    const [, , , , xb, ybBits] = await runKernelOnce(device, pipelines, 'gather_batch', { B, XW, YW, NROWS }, [{ data: step, uniform: true }, { data: perm }, { data: xs }, { data: ys }, { data: B * XW }, { data: B * YW }], [1, B]);
    const rows = [1, 3, 4, 4]; // perm[4..6] then the last valid row repeated
    expect(Array.from(xb)).toEqual(rows.flatMap((r) => [r * 3 + 0.5, r * 3 + 1.5, r * 3 + 2.5]));
    expect(Array.from(new Int32Array(ybBits.buffer))).toEqual(rows.map((r) => 100 + r));
  });
});
