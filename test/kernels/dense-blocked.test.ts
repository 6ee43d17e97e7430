/**
 * dense_blocked.wgsl (the 8x8 to 16x16 register blocks) against the float64 reference, through
 * the launchers as the tuner emits them, on shapes whose rows, columns and k are not multiples of
 * any block: every edge clamp and store guard, the act' prologue and the accumulating dx.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { readBuffer } from '../../src/gpu/arena';
import { runVariant } from '../helpers/launch-once';
import { DENSE_BLOCKED_MIN_WORK, DENSE_BLOCKED_VARIANTS, denseBackwardInput, denseBackwardWeight, denseForward } from '../../src/kernels/dense/dense';
import type { Dispatcher } from '../../src/kernels/dispatch';
import { denseBackwardRef, denseForwardRef } from '../../src/engine/reference/dense';
import { ACT_CODE } from '../../src/engine/layers/activation-codes';

async function buffer(device: GPUDevice, data: Float32Array): Promise<GPUBuffer> {
  const b = device.createBuffer({ size: Math.ceil((data.length * 4) / 16) * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(b, 0, data);
  return b;
}

// [M, K, N]: N / 4 = 9, 17 and 1 (not a multiple of 2 or 4 vec4 columns), K / 4 = 2, 25 and 3
// (dW's row groups and dx's columns past the edge), M = 257, 33 and 1370 (rows past the edge);
// each at least DENSE_BLOCKED_MIN_WORK multiply-adds, where the launchers offer the blocks.
const SHAPES: [number, number, number][] = [
  [257, 8, 36],
  [33, 100, 68],
  [1370, 12, 4],
];

describe('dense_blocked kernels vs float64 reference', () => {
  it('are offered only from DENSE_BLOCKED_MIN_WORK multiply-adds', () => {
    const offered = (rows: number, k: number, n: number) => {
      let variants: readonly string[] = [];
      const b = {} as GPUBuffer;
      denseForward({ dispatch: () => undefined, choose: (r) => ((variants = r.variants), r.fallback) }, { rows, in: k, out: n, params: b, hasBias: true, wOff: 0, bOff: 0, x: b, y: b });
      return variants.filter((v) => v.startsWith('blocked'));
    };
    expect(SHAPES.every(([M, K, N]) => M * K * N >= DENSE_BLOCKED_MIN_WORK)).toBe(true);
    expect(offered(32, 64, 32)).toEqual(DENSE_BLOCKED_VARIANTS); // 65,536
    expect(offered(32, 16, 16)).toEqual([]); // the spiral MLP's hidden layer
  });

  for (const [M, K, N] of SHAPES) {
    for (const act of ['linear', 'sigmoid'] as const) {
      it(`M=${M} K=${K} N=${N} ${act}: forward, weight and (accumulated) input gradients, every block`, async () => {
        const { device, pipelines } = await gpu();
        const runAs = (v: string, emit: (d: Dispatcher) => void) => runVariant(device, pipelines, v, emit);
        const seed = M * 5 + K * 11 + N;
        const [W_OFF, B_OFF] = [4, 8 + K * N];
        const params = seededArray(B_OFF + N, seed, -0.5, 0.5);
        const x = seededArray(M * K, seed + 1);
        const dy = seededArray(M * N, seed + 2);
        const prior = seededArray(M * K, seed + 3);
        const ref = denseForwardRef(x, params.subarray(W_OFF, W_OFF + K * N), params.subarray(B_OFF), M, K, N, act);
        const yRef = Float32Array.from(ref.y);
        const back = denseBackwardRef(x, params.subarray(W_OFF, W_OFF + K * N), yRef, dy, M, K, N, act);
        const [px, pp, pdy, pyRef] = await Promise.all([buffer(device, x), buffer(device, params), buffer(device, dy), buffer(device, yRef)]);
        const m = { rows: M, in: K, out: N, act: ACT_CODE[act], params: pp, hasBias: true, wOff: W_OFF, bOff: B_OFF };
        for (const v of DENSE_BLOCKED_VARIANTS) {
          const y = await buffer(device, new Float32Array(M * N).fill(Number.NaN));
          expect(await runAs(v, (d) => denseForward(d, { ...m, x: px, y }))).toEqual(['dense_forward_blocked']);
          expectClose(new Float32Array(await readBuffer(device, y, M * N * 4)), ref.y, 1e-4, 1e-5, `forward ${v}`);
          // NaN everywhere but dW and db: a store outside them, or a missed one, shows.
          const grads = await buffer(device, new Float32Array(B_OFF + N).fill(Number.NaN));
          await runAs(v, (d) => denseBackwardWeight(d, { ...m, x: px, dy: pdy, y: pyRef, grads }));
          const g = new Float32Array(await readBuffer(device, grads, (B_OFF + N) * 4));
          expectClose(g.subarray(W_OFF, W_OFF + K * N), back.dw, 1e-4, 1e-5, `dW ${v}`);
          expectClose(g.subarray(B_OFF, B_OFF + N), back.db, 1e-4, 1e-5, `db ${v}`);
          expect(g.subarray(0, W_OFF).every(Number.isNaN) && g.subarray(W_OFF + K * N, B_OFF).every(Number.isNaN)).toBe(true);
          const dx = await buffer(device, prior);
          await runAs(v, (d) => denseBackwardInput(d, { ...m, dy: pdy, y: pyRef, dx, accumulate: true }));
          expectClose(new Float32Array(await readBuffer(device, dx, M * K * 4)), back.dx.map((v2, i) => v2 + prior[i]), 1e-4, 1e-5, `dx += ${v}`);
          for (const b of [y, grads, dx]) b.destroy();
        }
        for (const b of [px, pp, pdy, pyRef]) b.destroy();
      });
    }
  }
});
