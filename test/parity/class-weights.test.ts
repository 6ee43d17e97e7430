/**
 * Per-class weights of the cross-entropies against Keras 3's fit(class_weight=) (float64): Keras's own
 * class_weight_to_sample_weights, then its SparseCategoricalCrossentropy / CategoricalCrossentropy /
 * BinaryCrossentropy from logits with those sample weights (mean over the batch size), with and without
 * label smoothing (sparse + smoothing: torch's F.cross_entropy(label_smoothing=) per sample times the
 * weights, Keras's sparse loss having no smoothing). Our float64 reference must match
 * the gradient within 1e-8, the loss within 3e-7 (Keras returns it as float32; torch's within 1e-12) and
 * the GPU kernel (float32, class weights bound at binding 6) within 1e-5 (loss) and 1e-4 (gradient);
 * all-ones weights must give the unweighted numbers; a per-position output weights each counted position.
 */
import { describe, expect, it } from 'vitest';
import { sigmoidBinaryCrossEntropyRef, softmaxCrossEntropyOneHotRef, softmaxCrossEntropyRef } from '../../src/engine/reference/losses';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';
import { gpu, noClassWeights, seededArray } from '../helpers/gpu';
import { maxAbsDiff } from '../helpers/max-abs-diff';
import { runPython } from '../helpers/python';

const ROWS = 9;
const COLS = 4;
const EPS = 0.125; // exact in float32 (Keras takes ε in float32)
const W = [1, 0.5, 2.5, 3];
const BW = [0.7, 2];

describe('class weights vs Keras 3 fit(class_weight=) (float64)', () => {
  it('sparse, categorical and binary cross-entropy, with and without label smoothing: reference within 3e-7 / 1e-8, GPU within 1e-5 / 1e-4', async () => {
    const z = seededArray(ROWS * COLS, 11, -3, 3);
    const labels = Int32Array.from({ length: ROWS }, (_, i) => (i * 3 + 2) % COLS);
    const onehot = new Float32Array(ROWS * COLS);
    labels.forEach((l, r) => (onehot[r * COLS + l] = 1));
    const bz = seededArray(ROWS, 12, -3, 3);
    const bt = Float32Array.from({ length: ROWS }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const theirs = runPython<{ results: Record<string, { loss: number; grad: number[] }> }>(
      'test/parity/py/class_weights.py',
      { weights: W, bce_weights: BW, eps: EPS, rows: ROWS, cols: COLS, logits: Array.from(z), labels: Array.from(labels), bce_logits: Array.from(bz), bce_targets: Array.from(bt) },
      { timeoutMs: 300_000 },
    ).results;
    const { device, pipelines } = await gpu();
    const cases = [0, EPS].flatMap((e) => {
      const tag = e ? '_smoothed' : '';
      return [
        { name: `sparse${tag}`, kernel: 'loss_softmax_xent_sparse' as const, e, x: z, t: labels, C: COLS, w: W, ref: softmaxCrossEntropyRef(z, labels, ROWS, COLS, e, W) },
        { name: `categorical${tag}`, kernel: 'loss_softmax_xent_onehot' as const, e, x: z, t: onehot, C: COLS, w: W, ref: softmaxCrossEntropyOneHotRef(z, onehot, ROWS, COLS, e, W) },
        { name: `binary${tag}`, kernel: 'loss_sigmoid_bce' as const, e, x: bz, t: bt, C: 1, w: BW, ref: sigmoidBinaryCrossEntropyRef(bz, bt, ROWS, 1, e, BW) },
      ];
    });
    for (const c of cases) {
      const t = theirs[c.name];
      const constants = { B: ROWS, C: c.C, ...(c.e ? { LS: c.e } : {}) };
      const bind = (w: { data: Float32Array }) => [{ data: stepWords({ rows: ROWS }), uniform: true }, { data: c.x }, { data: c.t }, { data: ROWS * c.C }, { data: ROWS * c.C }, { data: 4 }, w];
      const [, , , , dz, m] = await runKernelOnce(device, pipelines, c.kernel, constants, bind({ data: Float32Array.from(c.w) }), [1]);
      console.log(`[class weights] ${c.name}: theirs ${t.loss.toFixed(6)}; reference Δ ${Math.abs(c.ref.loss - t.loss).toExponential(1)}, grad Δ ${maxAbsDiff(c.ref.dlogits, t.grad).toExponential(1)}; GPU Δ ${Math.abs(m[0] / ROWS - t.loss).toExponential(1)}, grad Δ ${maxAbsDiff(dz, t.grad).toExponential(1)}`);
      // Keras returns the loss as float32 (half an ulp at 4 is 2.4e-7); its gradient and torch's loss are float64.
      const torchOnly = c.name === 'sparse_smoothed';
      expect(Math.abs(c.ref.loss - t.loss), `${c.name} reference loss`).toBeLessThan(torchOnly ? 1e-12 : 3e-7);
      expect(maxAbsDiff(c.ref.dlogits, t.grad), `${c.name} reference gradient`).toBeLessThan(1e-8);
      expect(Math.abs(m[0] / ROWS - t.loss), `${c.name} GPU loss`).toBeLessThan(1e-5);
      expect(maxAbsDiff(dz, t.grad), `${c.name} GPU gradient`).toBeLessThan(1e-4);
      expect(m[1], `${c.name} correct (unweighted count)`).toBe(c.ref.correct);
      // The weights change the numbers (a test that cannot fail is not a test) ...
      const unweighted = [softmaxCrossEntropyRef, softmaxCrossEntropyOneHotRef, sigmoidBinaryCrossEntropyRef][cases.indexOf(c) % 3](c.x, c.t, ROWS, c.C, c.e);
      expect(Math.abs(unweighted.loss - t.loss), `${c.name} weights matter`).toBeGreaterThan(1e-2);
      // ... and all ones are the unweighted kernel, bit for bit (what a model without class weights binds).
      const [, , , , dz1, m1] = await runKernelOnce(device, pipelines, c.kernel, constants, bind(noClassWeights(c.C)), [1]);
      expect(Math.abs(m1[0] / ROWS - unweighted.loss), `${c.name} all ones = unweighted`).toBeLessThan(1e-5);
      expect(maxAbsDiff(dz1, unweighted.dlogits), `${c.name} all ones gradient`).toBeLessThan(1e-4);
    }
  }, 300_000);

  it('a per-position sparse output (T = 3) and a partial tail batch: each counted position weighted by its label, mean over counted positions', async () => {
    const { device, pipelines } = await gpu();
    const [B, T, C, samples] = [5, 3, 4, 3];
    const R = B * T;
    const rows = samples * T;
    const z = seededArray(R * C, 21, -4, 4);
    const labels = Int32Array.from({ length: R }, (_, i) => (i * 5 + 1) % C);
    const [, , , , dz, m] = await runKernelOnce(device, pipelines, 'loss_softmax_xent_sparse', { B, C, T }, [{ data: stepWords({ rows: samples }), uniform: true }, { data: z }, { data: labels }, { data: R * C }, { data: R * C }, { data: 4 }, { data: Float32Array.from(W) }], [1]);
    const ref = softmaxCrossEntropyRef(z.subarray(0, rows * C), labels.subarray(0, rows), rows, C, 0, W);
    console.log(`[class weights] per position: loss ${ref.loss.toFixed(6)}, GPU Δ ${Math.abs(m[0] / m[2] - ref.loss).toExponential(1)}, grad Δ ${maxAbsDiff(dz.subarray(0, rows * C), ref.dlogits).toExponential(1)}`);
    expect(m[2]).toBe(rows);
    expect(Math.abs(m[0] / m[2] - ref.loss)).toBeLessThan(1e-5);
    expect(maxAbsDiff(dz.subarray(0, rows * C), ref.dlogits)).toBeLessThan(1e-4);
    expect(dz.subarray(rows * C).every((v) => v === 0), 'uncounted samples get no gradient').toBe(true);
    expect(Math.abs(softmaxCrossEntropyRef(z.subarray(0, rows * C), labels.subarray(0, rows), rows, C).loss - ref.loss)).toBeGreaterThan(1e-2);
  });
});
