/**
 * dense_tiled.wgsl (through its launchers in dense-tiled.ts) against the float64 dense reference
 * and against the existing dense.wgsl kernels (scalar, or vec4 where K and N allow) on the same
 * inputs, on shapes that are multiples of no tile, for each activation, with and without bias,
 * ACCUMULATE on and off, W and b at unaligned offsets of the flat buffers, and several tiles.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { launchOnce } from '../helpers/launch-once';
import { denseBackwardRef, denseForwardRef } from '../../src/engine/reference/dense';
import type { Activation } from '../../src/engine/reference/activations';
import { denseBackwardInput, denseBackwardWeight, denseForward, denseUsesVec4, type DenseMatmul } from '../../src/kernels/dense/dense';
import { DENSE_TILES, denseBackwardInputTiled, denseBackwardWeightTiled, denseForwardTiled, tileConstants, tiledGrid, type DenseTile } from '../../src/kernels/dense/dense-tiled';

const ACTS: Activation[] = ['linear', 'relu', 'sigmoid', 'tanh'];
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [33, 100, 10],
  [32, 1000, 64],
  [130, 67, 129],
];
/** The tuner's tiles, plus a narrow one whose workgroup is not square (8 x 2 invocations). */
const TILES: DenseTile[] = [...DENSE_TILES, { m: 8, n: 32 }];

/** Float64 reference tolerance: rtol grows with the reduction length, as in dense.test.ts. */
const refTol = (len: number): number => (len > 64 ? 1e-3 : 1e-4);

interface Case {
  M: number;
  K: number;
  N: number;
  act: Activation;
  hasBias: boolean;
  accumulate: boolean;
}

async function runCase(c: Case, tile: DenseTile): Promise<void> {
  const { device, pipelines } = await gpu();
  const { M, K, N, act, hasBias, accumulate } = c;
  const seed = M * 7 + K * 13 + N + ACTS.indexOf(act);
  const x = seededArray(M * K, seed);
  // W at an unaligned offset (a multiple of 4 where the vec4 kernels are the comparison), b after it.
  const v4 = denseUsesVec4(K, N);
  const W_OFF = v4 ? 8 : 3;
  const B_OFF = W_OFF + K * N + (v4 ? 4 : 2);
  const params = seededArray(B_OFF + N + 3, seed + 1, -0.5, 0.5);
  const w = params.subarray(W_OFF, W_OFF + K * N);
  const b = params.subarray(B_OFF, B_OFF + N);
  const mm: DenseMatmul = { rows: M, in: K, out: N, wOff: W_OFF, bOff: B_OFF, hasBias, act: ACTS.indexOf(act) };
  const what = `${M}x${K}x${N} ${act} bias=${hasBias} tile ${tile.m}x${tile.n}`;

  // forward
  const ref = denseForwardRef(x, w, hasBias ? b : null, M, K, N, act);
  const fwdData = { x, params, y: M * N };
  const { y } = await launchOnce(device, pipelines, (d, buf) => denseForwardTiled(d, { ...mm, tile, x: buf('x'), params: buf('params'), y: buf('y') }), fwdData);
  expectClose(y, ref.y, refTol(K), 1e-5, `${what}: y vs float64`);
  const { y: yOld } = await launchOnce(device, pipelines, (d, buf) => denseForward(d, { ...mm, x: buf('x'), params: buf('params'), y: buf('y') }), fwdData);
  expectClose(y, yOld, 1e-4, 1e-5, `${what}: y vs dense_forward${v4 ? '_vec4' : ''}`);

  // input gradient, onto a prior dx when accumulating
  const yF32 = Float32Array.from(ref.y);
  const dy = seededArray(M * N, seed + 2);
  const back = denseBackwardRef(x, w, yF32, dy, M, K, N, act);
  const prior = seededArray(M * K, seed + 3);
  const dxRef = accumulate ? back.dx.map((v, i) => v + prior[i]) : back.dx;
  const biData = { dy, y: yF32, params, dx: accumulate ? prior : M * K };
  const bi = (tiled: boolean) =>
    launchOnce(device, pipelines, (d, buf) => {
      const args = { ...mm, accumulate, dy: buf('dy'), y: buf('y'), params: buf('params'), dx: buf('dx') };
      if (tiled) denseBackwardInputTiled(d, { ...args, tile });
      else denseBackwardInput(d, args);
    }, biData);
  const { dx } = await bi(true);
  expectClose(dx, dxRef, refTol(N), 1e-5, `${what} accumulate=${accumulate}: dx vs float64`);
  expectClose(dx, (await bi(false)).dx, 1e-4, 1e-5, `${what}: dx vs dense_backward_input`);

  // weight and bias gradients into the flat grads buffer
  const bwData = { x, dy, y: yF32, grads: params.length };
  const bw = (tiled: boolean) =>
    launchOnce(device, pipelines, (d, buf) => {
      const args = { ...mm, x: buf('x'), dy: buf('dy'), y: buf('y'), grads: buf('grads') };
      if (tiled) denseBackwardWeightTiled(d, { ...args, tile });
      else denseBackwardWeight(d, args);
    }, bwData);
  const { grads } = await bw(true);
  expectClose(grads.subarray(W_OFF, W_OFF + K * N), back.dw, refTol(M), 1e-5, `${what}: dW vs float64`);
  if (hasBias) expectClose(grads.subarray(B_OFF, B_OFF + N), back.db, refTol(M), 1e-5, `${what}: db vs float64`);
  // Outside dW (and db with a bias) the buffer is untouched: the whole buffer equals the old kernel's.
  const untouched = [...grads.subarray(0, W_OFF), ...grads.subarray(W_OFF + K * N, B_OFF), ...grads.subarray(B_OFF + (hasBias ? N : 0))];
  expect(untouched.every((v) => v === 0), `${what}: grads outside dW/db stay 0`).toBe(true);
  expectClose(grads, (await bw(false)).grads, 1e-4, 1e-5, `${what}: grads vs dense_backward_weight`);
}

describe('tiled dense kernels vs float64 reference and the existing kernels', () => {
  // Each shape with one activation (all four and both bias settings covered; CI time: every case
  // compiles its own pipelines), ACCUMULATE alternating; the other tiles on a small and a many-tile shape.
  SHAPES.forEach(([M, K, N], s) => {
    const act = ACTS[s % ACTS.length];
    const c: Case = { M, K, N, act, hasBias: s % 2 === 0, accumulate: s % 2 === 1 };
    const tiles = s === 1 || s === 4 ? TILES : [TILES[0]];
    for (const tile of tiles) {
      it(`${M}x${K}x${N} ${act} bias=${c.hasBias} accumulate=${c.accumulate} tile ${tile.m}x${tile.n}`, () => runCase(c, tile));
    }
  });

  it('the grid covers the output with the tile; unsupported tiles are refused', () => {
    expect(tiledGrid(130, 129)).toEqual([3, 3]);
    expect(tiledGrid(130, 129, { m: 32, n: 32 })).toEqual([5, 5]);
    expect(tiledGrid(1, 1, { m: 8, n: 32 })).toEqual([1, 1]);
    expect(tileConstants({ m: 16, n: 64 })).toEqual({ TILE_M: 16, TILE_N: 64 });
    for (const bad of [{ m: 128, n: 64 }, { m: 30, n: 32 }, { m: 0, n: 4 }, { m: 32, n: 2.5 }]) {
      expect(() => tileConstants(bad)).toThrow(/dense tiled: tile .* is not supported \(each side a multiple of 4 from 4 to 64\)/);
    }
  });
});
