/** gelu.wgsl, layernorm.wgsl, position_embedding.wgsl and pool1d.wgsl against their float64 references. */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { splitGrid } from '../../src/kernels/grid';
import { geluGradRef, geluRef } from '../../src/engine/reference/gelu';
import { layerNormBackwardRef, layerNormForwardRef } from '../../src/engine/reference/layernorm';
import { globalAvgPool1DGradRef, globalAvgPool1DRef, positionEmbeddingGradRef, positionEmbeddingRef, sinusoidalTable } from '../../src/engine/reference/sequence';

describe('transformer op kernels vs float64 references', () => {
  for (const E of [1, 257, 70000]) {
    it(`gelu forward/backward E=${E} (erf, tails included)`, async () => {
      const { device, pipelines } = await gpu();
      const x = seededArray(E, E, -9, 9);
      const dy = seededArray(E, E + 1);
      const grid = splitGrid(Math.ceil(E / 256));
      const [, y] = await runKernelOnce(device, pipelines, 'gelu_forward', { E }, [{ data: x }, { data: E }], grid);
      expectClose(y, geluRef(x), 1e-5, 1e-7, 'y');
      const prior = seededArray(E, 3);
      const [, , dx] = await runKernelOnce(device, pipelines, 'gelu_backward', { E, ACCUMULATE: true }, [{ data: dy }, { data: x }, { data: prior }], grid);
      expectClose(dx, geluGradRef(x, dy).map((v, i) => v + prior[i]), 1e-5, 1e-6, 'dx');
    });
  }

  for (const [R, C, eps] of [[1, 1, 1e-3], [7, 64, 1e-3], [130, 33, 1e-5], [640, 64, 1e-3]] as const) {
    it(`layernorm R=${R} C=${C} eps=${eps}`, async () => {
      const { device, pipelines } = await gpu();
      const x = seededArray(R * C, R + C, -3, 3).map((v, i) => v + (i % C === 0 ? 5 : 0)); // offset mean
      const [G_OFF, B_OFF] = [4, 4 + Math.ceil(C / 4) * 4];
      const params = seededArray(B_OFF + C, 5, 0.5, 1.5);
      const gamma = params.subarray(G_OFF, G_OFF + C);
      const beta = params.subarray(B_OFF, B_OFF + C);
      const c = { R, C, EPS: eps, G_OFF, B_OFF };
      const [, , y, stats] = await runKernelOnce(device, pipelines, 'layernorm_forward', c, [{ data: x }, { data: params }, { data: R * C }, { data: 2 * R }], splitGrid(Math.ceil(R / 64)));
      expectClose(y, layerNormForwardRef(x, gamma, beta, R, C, eps), 1e-4, 1e-5, 'y');
      const dy = seededArray(R * C, 9);
      const ref = layerNormBackwardRef(x, gamma, dy, R, C, eps);
      const [, , , , dx] = await runKernelOnce(device, pipelines, 'layernorm_backward_input', { ...c, ACCUMULATE: false }, [{ data: x }, { data: dy }, { data: params }, { data: stats }, { data: R * C }], splitGrid(Math.ceil(R / 64)));
      expectClose(dx, ref.dx, 1e-3, 1e-5, 'dx');
      const [, , , grads] = await runKernelOnce(device, pipelines, 'layernorm_backward_params', c, [{ data: x }, { data: dy }, { data: stats }, { data: params.length }], [Math.ceil(C / 64)]);
      expectClose(grads.subarray(G_OFF, G_OFF + C), ref.dgamma, R > 64 ? 1e-3 : 1e-4, 1e-5, 'dgamma');
      expectClose(grads.subarray(B_OFF, B_OFF + C), ref.dbeta, R > 64 ? 1e-3 : 1e-4, 1e-5, 'dbeta');
      if (C > 1) expect(ref.dx.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    });
  }

  for (const [N, T, D] of [[1, 1, 1], [3, 7, 8], [32, 65, 64]] as const) {
    it(`position embedding N=${N} T=${T} D=${D} (learned table at an offset, and the sinusoidal table)`, async () => {
      const { device, pipelines } = await gpu();
      const x = seededArray(N * T * D, N + T);
      const TAB_OFF = 8;
      const params = seededArray(TAB_OFF + T * D, 4);
      const c = { N, T, D, TAB_OFF, W_OFF: TAB_OFF };
      const grid = splitGrid(Math.ceil((N * T * D) / 256));
      const [, , y] = await runKernelOnce(device, pipelines, 'position_embedding_forward', c, [{ data: x }, { data: params }, { data: N * T * D }], grid);
      expectClose(y, positionEmbeddingRef(x, params.subarray(TAB_OFF), N, T, D), 1e-6, 1e-7, 'y');
      const sin = Float32Array.from(sinusoidalTable(T, D));
      const [, , ys] = await runKernelOnce(device, pipelines, 'position_embedding_forward', { ...c, TAB_OFF: 0 }, [{ data: x }, { data: sin }, { data: N * T * D }], grid);
      expectClose(ys, positionEmbeddingRef(x, sin, N, T, D), 1e-6, 1e-7, 'y sinusoidal');
      const dy = seededArray(N * T * D, 6);
      const [, grads] = await runKernelOnce(device, pipelines, 'position_embedding_backward', c, [{ data: dy }, { data: params.length }], splitGrid(Math.ceil((T * D) / 256)));
      expectClose(grads.subarray(TAB_OFF), positionEmbeddingGradRef(dy, N, T, D), N > 8 ? 1e-4 : 1e-5, 1e-6, 'dtable');
    });
  }

  for (const masked of [false, true]) {
    it(`GlobalAveragePooling1D${masked ? ' with a token-id mask' : ''}`, async () => {
      const { device, pipelines } = await gpu();
      for (const [N, T, D] of [[1, 1, 3], [4, 9, 16], [32, 129, 64]] as const) {
        const x = seededArray(N * T * D, T + D);
        const ids = Int32Array.from({ length: N * T }, (_, i) => (masked && (i % T >= T - (i % 3) || (Math.floor(i / T) === 1 && T > 1)) ? 0 : 1 + (i % 9)));
        const c = { N, T, D, MASK: masked };
        const [, , y] = await runKernelOnce(device, pipelines, 'global_avgpool1d_forward', c, [{ data: x }, { data: ids }, { data: N * D }], splitGrid(Math.ceil((N * D) / 64)));
        expectClose(y, globalAvgPool1DRef(x, N, T, D, masked ? ids : null), T > 64 ? 1e-4 : 1e-5, 1e-6, 'y');
        const dy = seededArray(N * D, 2);
        const [, , dx] = await runKernelOnce(device, pipelines, 'global_avgpool1d_backward', { ...c, ACCUMULATE: false }, [{ data: dy }, { data: ids }, { data: N * T * D }], splitGrid(Math.ceil((N * D) / 64)));
        expectClose(dx, globalAvgPool1DGradRef(dy, N, T, D, masked ? ids : null), 1e-5, 1e-7, 'dx');
      }
    });
  }
});
