/**
 * gather.wgsl: batch rows by permutation, with tail rows repeating the last valid row (scalar and vec4
 * rows), with one workgroup per row or several rows per workgroup (RPW, the tuner's variants).
 */
import { describe, it, expect } from 'vitest';
import { gpu } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';

describe('gather_batch', () => {
  for (const [id, XW, YW] of [
    ['gather_batch', 3, 1],
    ['gather_batch', 131, 2],
    ['gather_batch_vec4', 8, 1],
    ['gather_batch_vec4', 1000, 3],
  ] as const) {
    for (const RPW of [1, 3, 16]) {
      it(`${id} copies x (${XW} words) and y (${YW}) rows in permutation order from base, ${RPW} rows per workgroup`, async () => {
        const { device, pipelines } = await gpu();
        const NROWS = 7, B = 4;
        const xs = Float32Array.from({ length: NROWS * XW }, (_, i) => i + 0.5);
        const ys = Int32Array.from({ length: NROWS * YW }, (_, i) => 100 + i);
        const perm = Uint32Array.from([6, 2, 0, 5, 1, 3, 4]);
        const step = stepWords({ base: 4, rows: 3 }); // rows left in the epoch: 4 + 3 = 7
        const [, , , , xb, ybBits] = await runKernelOnce(device, pipelines, id, { B, XW, YW, NROWS, RPW }, [{ data: step, uniform: true }, { data: perm }, { data: xs }, { data: ys }, { data: B * XW }, { data: B * YW }], [1, Math.ceil(B / RPW)]);
        const rows = [1, 3, 4, 4]; // perm[4..6] then the last valid row repeated
        expect(Array.from(xb)).toEqual(rows.flatMap((r) => Array.from({ length: XW }, (_, j) => r * XW + j + 0.5)));
        expect(Array.from(new Int32Array(ybBits.buffer))).toEqual(rows.flatMap((r) => Array.from({ length: YW }, (_, j) => 100 + r * YW + j)));
      });
    }
  }
});
