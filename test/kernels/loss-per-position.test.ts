/**
 * loss.wgsl with T positions per sample (a language model's [T, V] output, labels [T]) against the
 * float64 reference: softmax, gradient, summed loss, correct count and counted positions, with a
 * partial tail batch masking whole samples (all T rows of each uncounted sample).
 */
import { describe, it, expect } from 'vitest';
import { expectClose, gpu, seededArray, noClassWeights } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';
import { softmaxCrossEntropyRef } from '../../src/engine/reference/losses';

const stepUniform = (rows: number): Uint32Array => stepWords({ rows });

const CASES: [number, number, number, number, number][] = [
  // B, T, C, samples counted, workgroup width
  [1, 1, 5, 1, 32],
  [2, 3, 4, 2, 32],
  [4, 16, 7, 3, 64],
  [32, 64, 96, 32, 64],
  [5, 64, 89, 1, 64],
];

describe('per-position sparse softmax cross-entropy (rows = B*T)', () => {
  for (const [B, T, C, samples, WG] of CASES) {
    it(`B=${B} T=${T} C=${C}, ${samples} samples counted`, async () => {
      const { device, pipelines } = await gpu();
      const R = B * T;
      const z = seededArray(R * C, B * 31 + T + C, -5, 5);
      const labels = Int32Array.from({ length: R }, (_, i) => (i * 13 + 5) % C);
      const [, , , p, dz, m] = await runKernelOnce(
        device,
        pipelines,
        'loss_softmax_xent_sparse',
        { B, C, T, WG },
        [{ data: stepUniform(samples), uniform: true }, { data: z }, { data: labels }, { data: R * C }, { data: R * C }, { data: 4 }, noClassWeights(C)],
        [1],
      );
      const rows = samples * T;
      // The mean runs over every counted position: the reference sees samples*T rows.
      const ref = softmaxCrossEntropyRef(z.subarray(0, rows * C), labels.subarray(0, rows), rows, C);
      expectClose(p.subarray(0, rows * C), ref.probs, 1e-4, 1e-6, 'probs');
      expectClose(dz.subarray(0, rows * C), ref.dlogits, 1e-4, 1e-8, 'dz');
      expect(dz.subarray(rows * C).every((v) => v === 0), 'uncounted samples get no gradient').toBe(true);
      expectClose([m[0] / rows], [ref.loss], 1e-4, 1e-6, 'mean loss over positions');
      expect(m[1]).toBe(ref.correct);
      expect(m[2]).toBe(rows);
    });
  }

  it('T = 1 is the per-sample loss: same numbers as without the override', async () => {
    const { device, pipelines } = await gpu();
    const z = seededArray(6 * 4, 9, -3, 3);
    const labels = Int32Array.from([0, 1, 2, 3, 0, 1]);
    const bind = () => [{ data: stepUniform(6), uniform: true }, { data: z }, { data: labels }, { data: 24 }, { data: 24 }, { data: 4 }, noClassWeights(4)];
    const a = await runKernelOnce(device, pipelines, 'loss_softmax_xent_sparse', { B: 6, C: 4 }, bind(), [1]);
    const b = await runKernelOnce(device, pipelines, 'loss_softmax_xent_sparse', { B: 6, C: 4, T: 1 }, bind(), [1]);
    expect(Array.from(b[4])).toEqual(Array.from(a[4]));
    expect(Array.from(b[5])).toEqual(Array.from(a[5]));
  });
});
