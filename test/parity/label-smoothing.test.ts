/**
 * Label smoothing of the cross-entropies against PyTorch and Keras 3 (float64): sparse
 * (torch CrossEntropyLoss(label_smoothing=ε) on class ids; Keras's SparseCategoricalCrossentropy
 * has no such argument), categorical and binary (Keras 3's label_smoothing, from logits). Our
 * float64 reference must match within 1e-9 (1e-7 against Keras, which takes ε in float32) and the GPU kernel (float32, override LS) within 1e-5
 * (loss) and 1e-4 (gradient); accuracy still counts against the unsmoothed labels.
 */
import { describe, expect, it } from 'vitest';
import { sigmoidBinaryCrossEntropyRef, softmaxCrossEntropyOneHotRef, softmaxCrossEntropyRef } from '../../src/engine/reference/losses';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';
import { gpu, seededArray, noClassWeights } from '../helpers/gpu';
import { maxAbsDiff } from '../helpers/max-abs-diff';
import { runPython } from '../helpers/python';

const ROWS = 7;
const COLS = 4;
const EPS = 0.2;

describe('label smoothing vs torch / Keras 3 (float64)', () => {
  it('sparse, categorical and binary cross-entropy: reference within 1e-9 (Keras 1e-7), GPU within 1e-5 / 1e-4', async () => {
    const z = seededArray(ROWS * COLS, 3, -3, 3);
    const labels = Int32Array.from({ length: ROWS }, (_, i) => (i * 3 + 1) % COLS);
    const onehot = new Float32Array(ROWS * COLS);
    labels.forEach((l, r) => (onehot[r * COLS + l] = 1));
    const bz = seededArray(ROWS, 4, -3, 3);
    const bt = Float32Array.from({ length: ROWS }, (_, i) => i % 2);
    const theirs = runPython<{ results: Record<string, { loss: number; grad: number[] }> }>(
      'test/parity/py/label_smoothing.py',
      { eps: EPS, rows: ROWS, cols: COLS, logits: Array.from(z), labels: Array.from(labels), bce_logits: Array.from(bz), bce_targets: Array.from(bt) },
      { timeoutMs: 300_000 },
    ).results;
    const { device, pipelines } = await gpu();
    const cases = [
      { name: 'sparse', kernel: 'loss_softmax_xent_sparse' as const, x: z, t: labels, C: COLS, ref: softmaxCrossEntropyRef(z, labels, ROWS, COLS, EPS) },
      { name: 'categorical', kernel: 'loss_softmax_xent_onehot' as const, x: z, t: onehot, C: COLS, ref: softmaxCrossEntropyOneHotRef(z, onehot, ROWS, COLS, EPS) },
      { name: 'binary', kernel: 'loss_sigmoid_bce' as const, x: bz, t: bt, C: 1, ref: sigmoidBinaryCrossEntropyRef(bz, bt, ROWS, 1, EPS) },
    ];
    for (const c of cases) {
      const t = theirs[c.name];
      const [, , , , dz, m] = await runKernelOnce(device, pipelines, c.kernel, { B: ROWS, C: c.C, LS: EPS }, [{ data: stepWords({ rows: ROWS }), uniform: true }, { data: c.x }, { data: c.t }, { data: ROWS * c.C }, { data: ROWS * c.C }, { data: 4 }, noClassWeights(c.C)], [1]);
      console.log(`[label smoothing] ${c.name}: theirs ${t.loss.toFixed(6)}; reference Δ ${Math.abs(c.ref.loss - t.loss).toExponential(1)}; GPU Δ ${Math.abs(m[0] / ROWS - t.loss).toExponential(1)}, grad Δ ${maxAbsDiff(dz, t.grad).toExponential(1)}`);
      const tol = c.name === 'sparse' ? 1e-9 : 1e-7;
      expect(Math.abs(c.ref.loss - t.loss), `${c.name} reference loss`).toBeLessThan(tol);
      expect(maxAbsDiff(c.ref.dlogits, t.grad), `${c.name} reference gradient`).toBeLessThan(tol);
      expect(Math.abs(m[0] / ROWS - t.loss), `${c.name} GPU loss`).toBeLessThan(1e-5);
      expect(maxAbsDiff(dz, t.grad), `${c.name} GPU gradient`).toBeLessThan(1e-4);
      expect(m[1], `${c.name} correct`).toBe(c.ref.correct);
    }
  }, 300_000);
});
