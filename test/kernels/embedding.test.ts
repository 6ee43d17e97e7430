/** embedding.wgsl against the float64 reference: gather forward, deterministic scatter-add backward. */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { embeddingBackwardRef, embeddingForwardRef } from '../../src/engine/reference/embedding';
import { splitGrid } from '../../src/kernels/grid';

const CASES: [number, number, number][] = [
  // [positions P, vocabulary V, features D]
  [1, 1, 1],
  [21, 11, 4],
  [6, 3, 65],
  [600, 137, 130], // several workgroups of rows
  [3200, 1000, 64], // preset 6 shapes
];

describe('embedding kernels vs float64 reference', () => {
  for (const [P, V, D] of CASES) {
    it(`P=${P} V=${V} D=${D}`, async () => {
      const { device, pipelines } = await gpu();
      // Skewed ids (many repeats of small ids) plus out-of-range ids, which clamp.
      const ids = Int32Array.from({ length: P }, (_, i) => (i % 17 === 5 ? -3 : i % 23 === 7 ? V + 4 : ((i * i) % 7 === 0 ? 0 : (i * 7919) % V)));
      const W_OFF = 4;
      const params = seededArray(W_OFF + V * D, P + V + D);
      const table = params.subarray(W_OFF);
      const c = { P, V, D, W_OFF };
      const [, , y] = await runKernelOnce(device, pipelines, 'embedding_forward', c, [{ data: ids }, { data: params }, { data: P * D }], splitGrid(Math.ceil((P * D) / 64)));
      expectClose(y, embeddingForwardRef(ids, table, V, D), 0, 0, 'y');
      const dy = seededArray(P * D, 7);
      const ref = embeddingBackwardRef(ids, dy, V, D);
      const [, , grads] = await runKernelOnce(device, pipelines, 'embedding_backward', c, [{ data: ids }, { data: dy }, { data: params.length }], splitGrid(Math.ceil(V / 64)));
      expectClose(grads.subarray(W_OFF), ref, 1e-5, 1e-5, 'dtable');
      // Deterministic: a second run is bit-identical.
      const [, , again] = await runKernelOnce(device, pipelines, 'embedding_backward', c, [{ data: ids }, { data: dy }, { data: params.length }], splitGrid(Math.ceil(V / 64)));
      expect(Array.from(again)).toEqual(Array.from(grads));
    });
  }
  it('splits large grids under the 65535 limit', () => {
    expect(splitGrid(10)).toEqual([10, 1]);
    const [x, y] = splitGrid(200000);
    expect(x).toBeLessThanOrEqual(65535);
    expect(x * y).toBeGreaterThanOrEqual(200000);
  });
});
