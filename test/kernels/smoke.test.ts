import { describe, it, expect } from 'vitest';
import { gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';

describe('smoke', () => {
  it('dense_forward runs', async () => {
    const { device, pipelines } = await gpu();
    const M = 3, K = 5, N = 6;
    const x = seededArray(M * K, 1);
    const w = seededArray(K * N + N, 2);
    const [, , y] = await runKernelOnce(device, pipelines, 'dense_forward', { M, K, N, ACT: 0, W_OFF: 0, B_OFF: K * N }, [{ data: x }, { data: w }, { data: M * N }], [1, 1]);
    const ref = new Float32Array(M * N);
    for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) { let s = w[K * N + n]; for (let k = 0; k < K; k++) s += x[m * K + k] * w[k * N + n]; ref[m * N + n] = s; }
    for (let i = 0; i < M * N; i++) expect(y[i]).toBeCloseTo(ref[i], 5);
  });
});
