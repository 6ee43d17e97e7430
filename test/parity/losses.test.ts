/**
 * Parity of the Keras 3 losses with PyTorch (float64): torch.nn L1Loss, HuberLoss, PoissonNLLLoss
 * (log_input=False), KLDivLoss (log inputs, batchmean) and -F.cosine_similarity; Keras 3's own
 * log_cosh, hinge and squared_hinge (torch backend) where PyTorch has none. On the same
 * predictions and targets, the batch's mean loss and its gradient by autograd must match our
 * float64 reference within 1e-9 (1e-7 against Keras, whose log_cosh takes log 2 in float32), and the GPU kernel (float32) within 1e-5 (loss) and 1e-4 (gradient).
 * Training over 5 optimizer steps is checked against train.py in test/export/bundle-losses.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { LOSS_DEFAULTS, LOSS_TABLE, type LossName } from '../../src/engine/losses';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';
import { gpu, seededArray } from '../helpers/gpu';
import { maxAbsDiff } from '../helpers/max-abs-diff';
import { runPython } from '../helpers/python';

const ROWS = 6;
const COLS = 3;
const NAMES: LossName[] = ['mae', 'huber', 'log_cosh', 'hinge', 'squared_hinge', 'poisson', 'kl_divergence', 'cosine_similarity'];

function draw(name: LossName): { pred: Float32Array; target: Float32Array } {
  const n = ROWS * COLS;
  const pred = seededArray(n, 41, -2.5, 2.5);
  const target = seededArray(n, 43, -2, 2);
  if (name === 'hinge') return { pred, target: target.map((v) => (v > 0 ? 1 : 0)) };
  if (name === 'squared_hinge') return { pred, target: target.map((v) => (v > 0 ? 1 : -1)) };
  if (name === 'poisson') return { pred: pred.map((v) => Math.exp(v / 2)), target: target.map((v) => Math.round(v + 2)) };
  if (name === 'kl_divergence') {
    const p = new Float32Array(n);
    for (let r = 0; r < ROWS; r++) {
      let s = 0;
      for (let c = 0; c < COLS; c++) s += Math.exp(pred[r * COLS + c]);
      for (let c = 0; c < COLS; c++) p[r * COLS + c] = Math.exp(pred[r * COLS + c]) / s;
    }
    // Soft target rows (a distribution each), so every class carries weight.
    const t = new Float32Array(n);
    for (let r = 0; r < ROWS; r++) {
      const w = [1 + Math.abs(target[r * COLS]), 1, 0.5 + Math.abs(target[r * COLS + 2])];
      const s = w[0] + w[1] + w[2];
      for (let c = 0; c < COLS; c++) t[r * COLS + c] = w[c] / s;
    }
    return { pred: p, target: t };
  }
  return { pred, target };
}

describe('losses vs torch.nn.functional / Keras 3 (float64)', () => {
  it('every new loss: reference within 1e-9 (Keras: 1e-7), GPU within 1e-5 (loss) and 1e-4 (gradient)', async () => {
    const settings = { ...LOSS_DEFAULTS, delta: 0.8 };
    const data = NAMES.map((name) => ({ name, ...draw(name) }));
    const theirs = runPython<{ results: Record<string, { loss: number; grad: number[] }> }>(
      'test/parity/py/losses_torch.py',
      { cases: data.map((d) => ({ name: d.name, pred: Array.from(d.pred), target: Array.from(d.target), rows: ROWS, cols: COLS, delta: settings.delta })) },
      { timeoutMs: 300_000 },
    ).results;
    const { device, pipelines } = await gpu();
    for (const d of data) {
      const row = LOSS_TABLE[d.name];
      const t = theirs[d.name];
      const ref = row.reference(d.pred, d.target, ROWS, COLS, settings);
      const constants: Record<string, number> = d.name === 'huber' ? { B: ROWS, C: COLS, DELTA: settings.delta } : { B: ROWS, C: COLS };
      const [, , , , dz, m] = await runKernelOnce(device, pipelines, row.kernel, constants, [{ data: stepWords({ rows: ROWS }), uniform: true }, { data: d.pred }, { data: d.target }, { data: ROWS * COLS }, { data: ROWS * COLS }, { data: 4 }], [1]);
      const gpuLoss = m[0] / ROWS;
      console.log(`[loss parity] ${d.name}: theirs ${t.loss.toFixed(6)}; reference Δ ${Math.abs(ref.loss - t.loss).toExponential(1)}, grad Δ ${maxAbsDiff(ref.dz, t.grad).toExponential(1)}; GPU Δ ${Math.abs(gpuLoss - t.loss).toExponential(1)}, grad Δ ${maxAbsDiff(dz, t.grad).toExponential(1)}`);
      const tol = ['log_cosh', 'hinge', 'squared_hinge'].includes(d.name) ? 1e-7 : 1e-9;
      expect(Math.abs(ref.loss - t.loss), `${d.name} reference loss`).toBeLessThan(tol);
      expect(maxAbsDiff(ref.dz, t.grad), `${d.name} reference gradient`).toBeLessThan(tol);
      expect(Math.abs(gpuLoss - t.loss), `${d.name} GPU loss`).toBeLessThan(1e-5);
      expect(maxAbsDiff(dz, t.grad), `${d.name} GPU gradient`).toBeLessThan(1e-4);
    }
  }, 300_000);
});
