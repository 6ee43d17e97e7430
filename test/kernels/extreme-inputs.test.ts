/**
 * Kernels on extreme inputs (±1e4, ±89, ±1e-30 and zeros) against the float64 reference, forward
 * and backward. WGSL's built-in tanh is (e^2x - 1)/(e^2x + 1) on some adapters (SwiftShader here),
 * so |x| >= 89 gave inf/inf = NaN until every activation clamped its argument.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, noClassWeights } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { activationGradRef, activationRef, swishGradRef, type Activation } from '../../src/engine/reference/activations';
import { ACT_CODE } from '../../src/engine/layers/activation-codes';
import { STEP_UNIFORM_BYTES } from '../../src/kernels/step-uniform';

export const EXTREMES = [1e4, -1e4, 89, -89, 100, -100, 88, -88, 20, -20, 1e-30, -1e-30, 0, -0, 3.4e38, -3.4e38];
const ACT = ACT_CODE;

describe('activation kernels on extreme inputs', () => {
  for (const act of Object.keys(ACT).filter((a) => a !== 'linear') as Activation[]) {
    it(`${act} forward and backward stay finite and match float64`, async () => {
      const { device, pipelines } = await gpu();
      // exponential clamps its argument at 80 (exp(80) ≈ 5.5e34 stays finite; the clamp has its own
      // test below); selu(3.4e38) = 1.0507 · 3.4e38 is past float32's range (as in Keras and PyTorch).
      const keep = (v: number) => (act === 'exponential' ? v <= 80 : act === 'selu' ? v < 3e38 : true);
      const x = Float32Array.from(EXTREMES.filter(keep));
      const E = x.length;
      const [, y] = await runKernelOnce(device, pipelines, 'activation_forward', { E, ACT: ACT[act] }, [{ data: x }, { data: E }], [1]);
      expect(y.every(Number.isFinite), `${act}(x) finite: ${Array.from(y)}`).toBe(true);
      expectClose(y, activationRef(x, 1, E, act), 1e-4, 1e-5, 'y');
      const dy = Float32Array.from(x, (_, i) => (i % 3) - 1);
      const [, , dx] = await runKernelOnce(device, pipelines, 'activation_backward', { E, ACT: ACT[act], ACCUMULATE: false }, [{ data: dy }, { data: y }, { data: E }], [1]);
      expect(dx.every(Number.isFinite)).toBe(true);
      expectClose(dx, activationGradRef(dy, Float32Array.from(y), 1, E, act), 1e-4, 1e-5, 'dx');
    });
  }

  it('softmax on rows of ±1e4, ±89, tiny and equal logits', async () => {
    const { device, pipelines } = await gpu();
    const rows = [[1e4, -1e4, 0, 89], [-89, -100, -1e4, -88], [1e-30, -1e-30, 0, 0], [3.4e38, 3.4e38, -3.4e38, 0]];
    const R = rows.length;
    const C = 4;
    const x = Float32Array.from(rows.flat());
    const [, y] = await runKernelOnce(device, pipelines, 'softmax_forward', { R, C }, [{ data: x }, { data: R * C }], [1]);
    expect(y.every(Number.isFinite)).toBe(true);
    expectClose(y, activationRef(x, R, C, 'softmax'), 1e-4, 1e-6, 'softmax y');
  });
});

describe('fused epilogues, GELU and losses on extreme inputs', () => {
  // One input row of x = 1 against a weight column per extreme: z_j = EXTREMES[j] (bias 0).
  for (const act of ['sigmoid', 'tanh'] as Activation[]) {
    it(`dense_forward with a ${act} epilogue on pre-activations ±1e4, ±89`, async () => {
      const { device, pipelines } = await gpu();
      const z = EXTREMES.filter((v) => Math.abs(v) < 1e38);
      const [M, K, N] = [1, 1, z.length];
      const params = Float32Array.from([...z, ...new Array(N).fill(0)]);
      const c = { M, K, N, ACT: ACT[act], W_OFF: 0, B_OFF: N, HAS_BIAS: true };
      const [, , y] = await runKernelOnce(device, pipelines, 'dense_forward', c, [{ data: Float32Array.of(1) }, { data: params }, { data: M * N }], [1, 1]);
      expect(y.every(Number.isFinite), `dense ${act}: ${Array.from(y)}`).toBe(true);
      expectClose(y, activationRef(Float32Array.from(z), 1, N, act), 1e-4, 1e-5, 'y');
    });
  }

  it('gelu forward and backward', async () => {
    const { device, pipelines } = await gpu();
    const { geluRef, geluGradRef } = await import('../../src/engine/reference/gelu');
    const x = Float32Array.from(EXTREMES.filter((v) => Math.abs(v) < 1e38));
    const E = x.length;
    const [, y] = await runKernelOnce(device, pipelines, 'gelu_forward', { E }, [{ data: x }, { data: E }], [1]);
    expect(y.every(Number.isFinite)).toBe(true);
    expectClose(y, geluRef(x), 1e-5, 1e-6, 'y');
    const dy = new Float32Array(E).fill(1);
    const [, , dx] = await runKernelOnce(device, pipelines, 'gelu_backward', { E, ACCUMULATE: false }, [{ data: dy }, { data: x }, { data: E }], [1]);
    expect(dx.every(Number.isFinite)).toBe(true);
    expectClose(dx, geluGradRef(x, dy), 1e-5, 1e-6, 'dx');
  });

  it('exponential clamps at exp(80) instead of overflowing', async () => {
    const { device, pipelines } = await gpu();
    const x = Float32Array.of(1e4, 89, 3.4e38);
    const [, y] = await runKernelOnce(device, pipelines, 'activation_forward', { E: 3, ACT: ACT.exponential }, [{ data: x }, { data: 3 }], [1]);
    expectClose(y, [Math.exp(80), Math.exp(80), Math.exp(80)], 1e-5, 0, 'exp');
  });

  it('swish forward and backward', async () => {
    const { device, pipelines } = await gpu();
    const x = Float32Array.from(EXTREMES);
    const E = x.length;
    const [, y] = await runKernelOnce(device, pipelines, 'gelu_forward', { E, FN: 1 }, [{ data: x }, { data: E }], [1]);
    expect(y.every(Number.isFinite), `swish: ${Array.from(y)}`).toBe(true);
    expectClose(y, activationRef(x, 1, E, 'swish'), 1e-5, 1e-6, 'y');
    const dy = new Float32Array(E).fill(1);
    const [, , dx] = await runKernelOnce(device, pipelines, 'gelu_backward', { E, FN: 1, ACCUMULATE: false }, [{ data: dy }, { data: x }, { data: E }], [1]);
    expect(dx.every(Number.isFinite)).toBe(true);
    expectClose(dx, swishGradRef(x, dy), 1e-5, 1e-6, 'dx');
  });

  // The Step uniform (src/kernels/step-uniform.ts) with only its row count set.
  const uniform = (rows: number) => {
    const u = new Uint32Array(STEP_UNIFORM_BYTES / 4);
    u[1] = rows;
    return u;
  };
  it('softmax cross-entropy and sigmoid BCE on logits ±1e4, ±89', async () => {
    const { device, pipelines } = await gpu();
    const { sigmoidBinaryCrossEntropyRef, softmaxCrossEntropyRef } = await import('../../src/engine/reference/losses');
    const z = Float32Array.from([1e4, -1e4, 89, -89, -100, 100, 1e-30, 0]);
    const [B, C] = [4, 2];
    const labels = Int32Array.of(1, 0, 1, 0);
    const [, , , p, dz, m] = await runKernelOnce(device, pipelines, 'loss_softmax_xent_sparse', { B, C }, [{ data: uniform(B), uniform: true }, { data: z }, { data: labels }, { data: B * C }, { data: B * C }, { data: 4 }, noClassWeights(C)], [1]);
    const ref = softmaxCrossEntropyRef(z, labels, B, C);
    expect([...p, ...dz, m[0]].every(Number.isFinite)).toBe(true);
    expectClose([m[0] / B], [ref.loss], 1e-4, 1e-5, 'CE loss');
    expectClose(p, ref.probs, 1e-4, 1e-6, 'CE probs');
    expectClose(dz, ref.dlogits, 1e-4, 1e-6, 'CE dz');
    const t = Float32Array.from([1, 0, 1, 0, 0, 1, 1, 0]);
    const [, , , pb, dzb, mb] = await runKernelOnce(device, pipelines, 'loss_sigmoid_bce', { B, C }, [{ data: uniform(B), uniform: true }, { data: z }, { data: t }, { data: B * C }, { data: B * C }, { data: 4 }, noClassWeights(C)], [1]);
    const bce = sigmoidBinaryCrossEntropyRef(z, t, B, C);
    expect([...pb, ...dzb, mb[0]].every(Number.isFinite)).toBe(true);
    expectClose([mb[0] / B], [bce.loss], 1e-4, 1e-5, 'BCE loss');
    expectClose(pb, bce.probs, 1e-4, 1e-6, 'BCE probs');
    expectClose(dzb, bce.dlogits, 1e-4, 1e-6, 'BCE dz');
  });
});

describe('LayerNorm on extreme rows', () => {
  it('rows of ±1e4, ±89, tiny values and constants (zero variance) stay finite and match float64', async () => {
    const { device, pipelines } = await gpu();
    const { layerNormBackwardRef, layerNormForwardRef } = await import('../../src/engine/reference/layernorm');
    const rows = [[1e4, -1e4, 89, -89], [1e-30, -1e-30, 0, 0], [7, 7, 7, 7], [0, 0, 0, 0], [1e4, 1e4 + 1, 1e4 - 1, 1e4]];
    const [R, C, eps] = [rows.length, 4, 1e-3];
    const x = Float32Array.from(rows.flat());
    const params = Float32Array.from([1, 0.5, 2, 1, 0, 0.1, -0.1, 0]);
    const c = { R, C, EPS: eps, G_OFF: 0, B_OFF: 4 };
    const [, , y, stats] = await runKernelOnce(device, pipelines, 'layernorm_forward', c, [{ data: x }, { data: params }, { data: R * C }, { data: 2 * R }], [1]);
    expect(y.every(Number.isFinite)).toBe(true);
    expectClose(y, layerNormForwardRef(x, params.subarray(0, 4), params.subarray(4), R, C, eps), 1e-3, 1e-4, 'y');
    const dy = Float32Array.from(rows.flat().map((_, i) => (i % 3) - 1));
    const ref = layerNormBackwardRef(x, params.subarray(0, 4), dy, R, C, eps);
    const [, , , , dx] = await runKernelOnce(device, pipelines, 'layernorm_backward_input', { ...c, ACCUMULATE: false }, [{ data: x }, { data: dy }, { data: params }, { data: stats }, { data: R * C }], [1]);
    expect(dx.every(Number.isFinite)).toBe(true);
    expectClose(dx, ref.dx, 1e-3, 1e-4, 'dx');
  });
});
