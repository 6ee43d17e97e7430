/** dense.wgsl against the float64 reference, on sizes that are not multiples of any tile. */
import { describe, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { denseBackwardRef, denseForwardRef } from '../../src/engine/reference/dense';
import type { Activation } from '../../src/engine/reference/activations';

const ACT: Record<string, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 1],
  [17, 3, 65],
  [65, 257, 3],
  [257, 65, 17],
  [32, 100, 64],
];
const VEC4_SHAPES: [number, number, number][] = [
  [1, 4, 4],
  [3, 8, 12],
  [17, 100, 64],
  [33, 1000, 64],
  [5, 64, 260],
  [65, 12, 8],
];
const wg = (cols: number, rows: number): [number, number] => [Math.ceil(cols / 32), Math.ceil(rows / 32)];

describe('dense kernels vs float64 reference', () => {
  for (const act of ['linear', 'relu', 'sigmoid', 'tanh'] as Activation[]) {
    for (const [M, K, N, vec4] of [...SHAPES.map((s) => [...s, false] as const), ...VEC4_SHAPES.map((s) => [...s, true] as const)]) {
      it(`${act} M=${M} K=${K} N=${N}${vec4 ? ' vec4' : ''}: forward, input and weight gradients`, async () => {
        const sfx = vec4 ? '_vec4' : '';
        const { device, pipelines } = await gpu();
        const seed = M * 7 + K * 13 + N;
        const x = seededArray(M * K, seed);
        // Params buffer holds W at an unaligned offset 3 and b after it, as in the flat layout.
        const W_OFF = vec4 ? 4 : 3;
        const B_OFF = W_OFF + K * N + (vec4 ? 4 : 1);
        const params = seededArray(B_OFF + N, seed + 1, -0.5, 0.5);
        const w = params.subarray(W_OFF, W_OFF + K * N);
        const b = params.subarray(B_OFF, B_OFF + N);
        const ref = denseForwardRef(x, w, b, M, K, N, act);
        const c = { M, K, N, ACT: ACT[act], W_OFF, B_OFF, HAS_BIAS: true };
        const [, , y] = await runKernelOnce(device, pipelines, `dense_forward${sfx}` as 'dense_forward', c, [{ data: x }, { data: params }, { data: M * N }], vec4 ? [Math.ceil(N / 64), Math.ceil(M / 32)] : wg(N, M));
        const tol = K > 64 ? 1e-3 : 1e-4;
        expectClose(y, ref.y, tol, 1e-5, 'y');

        const dy = seededArray(M * N, seed + 2);
        const yF32 = Float32Array.from(ref.y);
        const back = denseBackwardRef(x, w, yF32, dy, M, K, N, act);
        const [, , , dx] = await runKernelOnce(device, pipelines, `dense_backward_input${sfx}` as 'dense_backward_input', { ...c, ACCUMULATE: false }, [{ data: dy }, { data: yF32 }, { data: params }, { data: M * K }], wg(K, M));
        expectClose(dx, back.dx, N > 64 ? 1e-3 : 1e-4, 1e-5, 'dx');

        const [, , , grads] = await runKernelOnce(device, pipelines, `dense_backward_weight${sfx}` as 'dense_backward_weight', c, [{ data: x }, { data: dy }, { data: yF32 }, { data: params.length }], wg(N, K));
        expectClose(grads.subarray(W_OFF, W_OFF + K * N), back.dw, M > 64 ? 1e-3 : 1e-4, 1e-5, 'dw');
        expectClose(grads.subarray(B_OFF, B_OFF + N), back.db, M > 64 ? 1e-3 : 1e-4, 1e-5, 'db');
      });
    }
  }

  it('accumulates into an existing input gradient when asked', async () => {
    const { device, pipelines } = await gpu();
    const [M, K, N] = [5, 7, 3];
    const params = seededArray(K * N, 9);
    const dy = seededArray(M * N, 10);
    const prior = seededArray(M * K, 11);
    const back = denseBackwardRef(new Float32Array(M * K), params, new Float32Array(M * N), dy, M, K, N, 'linear');
    const [, , , dx] = await runKernelOnce(device, pipelines, 'dense_backward_input', { M, K, N, ACT: 0, W_OFF: 0, B_OFF: 0, ACCUMULATE: true }, [{ data: dy }, { data: dy }, { data: params }, { data: prior }], wg(K, M));
    expectClose(dx, back.dx.map((v, i) => v + prior[i]), 1e-4, 1e-5, 'dx accumulated');
  });
});
