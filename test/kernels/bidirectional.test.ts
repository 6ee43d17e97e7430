/**
 * Bidirectional(SimpleRNN | LSTM | GRU) emission (two recurrent runs, the second with REVERSE,
 * merged and split by bidirectional.wgsl) on the GPU against the float64 reference, odd sizes,
 * both merge modes, with and without masked (id 0) steps.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { bidirectional } from '../../src/engine/layers/bidirectional';
import { cellDims, cellParams } from '../../src/engine/layers/recurrent';
import { bidirectionalBackwardRef, bidirectionalForwardRef } from '../../src/engine/reference/bidirectional';
import type { CellKind } from '../../src/engine/reference/recurrent';
import type { BidirectionalLayer } from '../../src/engine/spec';

const align4 = (n: number) => Math.ceil(n / 4) * 4;
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface Case {
  kind: CellKind;
  B: number;
  T: number;
  F: number;
  U: number;
  seq: boolean;
  merge?: 'concat' | 'sum';
  mask?: Int32Array;
}

async function check(c: Case) {
  const { kind, B, T, F, U, seq } = c;
  const spec: BidirectionalLayer = { id: 'bi', type: 'Bidirectional', layer: { type: kind, units: U, returnSequences: seq }, mergeMode: c.merge, inputs: ['x'] };
  const decls = bidirectional.params(spec, [{ shape: [T, F], dtype: 'float32' }]);
  expect(decls.map((d) => d.name)).toEqual([...cellParams(spec.layer, F, 'forward_'), ...cellParams(spec.layer, F, 'backward_')].map((d) => d.name));
  // Flat params with alignment and a leading gap, as the compiler's layout would have.
  const offsets: Record<string, number> = {};
  let P = 4;
  for (const d of decls) {
    offsets[d.name] = P;
    P = align4(P + size(d.shape));
  }
  const seed = B * 100 + T * 10 + U + F + kind.length + (c.mask ? 7 : 0);
  const params = seededArray(P, seed, -0.6, 0.6);
  const x = seededArray(B * T * F, seed + 1);
  const W = c.merge === 'sum' ? U : 2 * U;
  const outShape = seq ? [T, W] : [W];
  const dy = seededArray(B * size(outShape), seed + 2);
  const r = await runLayer({
    def: bidirectional,
    view: { spec, inputs: [{ id: 'x', shape: [T, F], dtype: 'float32' }], shape: outShape, activation: null, paramOffsets: offsets, ...(c.mask ? { maskIds: 'ids' } : {}) },
    batch: B,
    values: { x, ...(c.mask ? { ids: c.mask } : {}) },
    params,
    dy,
  });
  const view = (name: string) => {
    const d = decls.find((p) => p.name === name);
    return d ? params.subarray(offsets[name], offsets[name] + size(d.shape)) : null;
  };
  const w = (dir: string) => ({ kernel: view(`${dir}_weight`)!, recurrent: view(`${dir}_recurrent_weight`)!, bias: view(`${dir}_bias`) });
  const dims = { ...cellDims(spec.layer, [T, F], B), merge: c.merge ?? 'concat' };
  const refY = bidirectionalForwardRef(dims, x, w('forward'), w('backward'), c.mask);
  const refG = bidirectionalBackwardRef(dims, x, w('forward'), w('backward'), dy, c.mask);
  const tol = 3e-4;
  expectClose(r.y, refY, tol, 1e-5, 'y');
  expectClose(r.dx, refG.dx, tol, 2e-5, 'dx');
  for (const dir of ['forward', 'backward'] as const) {
    const g = refG[dir];
    const at = (name: string, n: number) => r.grads.subarray(offsets[`${dir}_${name}`], offsets[`${dir}_${name}`] + n);
    expectClose(at('weight', g.dKernel.length), g.dKernel, tol, 2e-5, `${dir} dKernel`);
    expectClose(at('recurrent_weight', g.dRecurrent.length), g.dRecurrent, tol, 2e-5, `${dir} dRecurrent`);
    expectClose(at('bias', g.dBias!.length), g.dBias!, tol, 2e-5, `${dir} dBias`);
  }
  return r;
}

describe('Bidirectional on the GPU vs float64 reference', () => {
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as CellKind[]) {
    for (const seq of [false, true]) {
      it(`${kind} B=3 T=7 F=5 U=6 returnSequences=${seq}, concat`, async () => {
        const r = await check({ kind, B: 3, T: 7, F: 5, U: 6, seq });
        expect(r.forwardDispatches.length).toBe(2 * (7 + 1) + 1);
        expect(r.forwardDispatches.at(-1)).toBe('bidirectional_merge_forward');
        expect(r.backwardDispatches.length).toBe(1 + 2 * (7 + 3));
      });
    }
    it(`${kind} with masked (id 0) steps, sum and concat, both output modes`, async () => {
      const mask = Int32Array.from([3, 0, 2, 0, 0, 5, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]); // B=3, T=7
      await check({ kind, B: 3, T: 7, F: 5, U: 6, seq: true, mask });
      await check({ kind, B: 3, T: 7, F: 5, U: 6, seq: false, mask, merge: 'sum' });
      await check({ kind, B: 3, T: 7, F: 5, U: 6, seq: true, mask, merge: 'sum' });
    });
  }
  // U % 4 == 0: the vec4 step kernels, REVERSE on the backward run, partial row blocks (B = 5).
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as CellKind[]) {
    it(`${kind} vec4 steps (U=8, B=5) with masked steps, concat and sum, both output modes`, async () => {
      const mask = Int32Array.from([3, 0, 2, 0, 0, 5, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 7, 7, 0, 1, 1, 0, 0, 2, 2, 0, 0, 0]); // B=5, T=7
      const r = await check({ kind, B: 5, T: 7, F: 5, U: 8, seq: true, mask });
      expect(r.forwardDispatches.filter((k) => k.includes('_step_')).every((k) => k.endsWith('_vec4'))).toBe(true);
      await check({ kind, B: 5, T: 7, F: 5, U: 8, seq: false, mask, merge: 'sum' });
      await check({ kind, B: 5, T: 7, F: 5, U: 8, seq: false });
      await check({ kind, B: 5, T: 3, F: 12, U: 8, seq: true }); // vec4 dx accumulated by the second run
    });
  }
  it('T=1 and vec4 projections (F=8, U=4), sum', async () => {
    await check({ kind: 'LSTM', B: 2, T: 1, F: 5, U: 3, seq: true });
    await check({ kind: 'GRU', B: 2, T: 4, F: 8, U: 4, seq: true, merge: 'sum' });
  });
});
