/** loss.wgsl against the float64 references: values, gradients, metrics and tail-row masking. */
import { describe, it, expect } from 'vitest';
import { expectClose, gpu, seededArray, noClassWeights } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';
import { meanSquaredErrorRef, sigmoidBinaryCrossEntropyRef, softmaxCrossEntropyOneHotRef, softmaxCrossEntropyRef } from '../../src/engine/reference/losses';

const stepUniform = (rows: number): Uint32Array => stepWords({ rows });

const CASES: [number, number, number][] = [
  // B, C, rows counted
  [1, 2, 1],
  [3, 10, 3],
  [17, 3, 17],
  [65, 10, 40],
  [257, 17, 257],
  [300, 5, 299],
];

describe('loss kernels', () => {
  for (const [B, C, rows] of CASES) {
    it(`sparse softmax cross-entropy B=${B} C=${C} rows=${rows}`, async () => {
      const { device, pipelines } = await gpu();
      const z = seededArray(B * C, B + C, -4, 4);
      const labels = Int32Array.from({ length: B }, (_, i) => (i * 7 + 3) % C);
      const [, , , p, dz, m] = await runKernelOnce(device, pipelines, 'loss_softmax_xent_sparse', { B, C }, [{ data: stepUniform(rows), uniform: true }, { data: z }, { data: labels }, { data: B * C }, { data: B * C }, { data: 4 }, noClassWeights(C)], [1]);
      const ref = softmaxCrossEntropyRef(z.subarray(0, rows * C), labels.subarray(0, rows), rows, C);
      expectClose(p.subarray(0, rows * C), ref.probs, 1e-4, 1e-6, 'probs');
      expectClose(dz.subarray(0, rows * C), ref.dlogits, 1e-4, 1e-7, 'dz');
      expect(Array.from(dz.subarray(rows * C))).toEqual(new Array((B - rows) * C).fill(0));
      expectClose([m[0] / rows], [ref.loss], 1e-4, 1e-6, 'mean loss');
      expect(m[1]).toBe(ref.correct);
      expect(m[2]).toBe(rows);
    });

    it(`one-hot softmax cross-entropy, sigmoid BCE and MSE B=${B} C=${C}`, async () => {
      const { device, pipelines } = await gpu();
      const z = seededArray(B * C, B * C, -4, 4);
      const onehot = new Float32Array(B * C);
      for (let i = 0; i < B; i++) onehot[i * C + ((i * 5) % C)] = 1;
      const u = { data: stepUniform(rows), uniform: true };
      const n = rows * C;

      const [, , , p, dz, m] = await runKernelOnce(device, pipelines, 'loss_softmax_xent_onehot', { B, C }, [u, { data: z }, { data: onehot }, { data: B * C }, { data: B * C }, { data: 4 }, noClassWeights(C)], [1]);
      const ce = softmaxCrossEntropyOneHotRef(z.subarray(0, n), onehot.subarray(0, n), rows, C);
      expectClose(p.subarray(0, n), ce.probs, 1e-4, 1e-6, 'onehot probs');
      expectClose(dz.subarray(0, n), ce.dlogits, 1e-4, 1e-7, 'onehot dz');
      expectClose([m[0] / rows], [ce.loss], 1e-4, 1e-6, 'onehot loss');
      expect(m[1]).toBe(ce.correct);

      const t = seededArray(B * C, 77, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
      const [, , , pb, dzb, mb] = await runKernelOnce(device, pipelines, 'loss_sigmoid_bce', { B, C }, [u, { data: z }, { data: t }, { data: B * C }, { data: B * C }, { data: 4 }, noClassWeights(C)], [1]);
      const bce = sigmoidBinaryCrossEntropyRef(z.subarray(0, n), t.subarray(0, n), rows, C);
      expectClose(pb.subarray(0, n), bce.probs, 1e-4, 1e-6, 'bce probs');
      expectClose(dzb.subarray(0, n), bce.dlogits, 1e-4, 1e-8, 'bce dz');
      expectClose([mb[0] / rows], [bce.loss], 1e-4, 1e-6, 'bce loss');
      expectClose([mb[1]], [bce.correct / C], 1e-5, 1e-4, 'bce correct');

      const target = seededArray(B * C, 78);
      const [, , , pm, dzm, mm] = await runKernelOnce(device, pipelines, 'loss_mse', { B, C }, [u, { data: z }, { data: target }, { data: B * C }, { data: B * C }, { data: 4 }], [1]);
      const mse = meanSquaredErrorRef(z.subarray(0, n), target.subarray(0, n), rows, C);
      expectClose(pm.subarray(0, n), z.subarray(0, n), 0, 0, 'mse predictions');
      expectClose(dzm.subarray(0, n), mse.dpred, 1e-4, 1e-8, 'mse dz');
      expectClose([mm[0] / rows], [mse.loss], 1e-4, 1e-6, 'mse loss');
    });
  }

  it('adds to the running metrics instead of overwriting them', async () => {
    const { device, pipelines } = await gpu();
    const z = seededArray(6, 1);
    const labels = Int32Array.from([0, 1, 2]);
    const [, , , , , m] = await runKernelOnce(device, pipelines, 'loss_softmax_xent_sparse', { B: 3, C: 2 }, [{ data: stepUniform(3), uniform: true }, { data: z }, { data: labels }, { data: 6 }, { data: 6 }, { data: Float32Array.from([10, 20, 30, 0]) }, noClassWeights(2)], [1]);
    expect(m[2]).toBe(33);
    expect(m[0]).toBeGreaterThan(10);
  });
});
