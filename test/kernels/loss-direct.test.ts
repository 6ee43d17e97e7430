/**
 * loss_direct.wgsl (the Keras 3 losses on the model's output: mae, huber, log_cosh, hinge,
 * squared_hinge, poisson, kl_divergence, cosine_similarity) against the loss table's float64
 * references: mean loss, gradient, the predictions copy, the correct count, and the zero
 * gradient of the partial batch's tail rows. f32 against float64: rtol 1e-4.
 */
import { describe, expect, it } from 'vitest';
import { LOSS_DEFAULTS, LOSS_TABLE, type LossName } from '../../src/engine/losses';
import { runKernelOnce } from '../../src/gpu/run';
import { stepWords } from '../../src/kernels/step-uniform';
import { expectClose, gpu, seededArray } from '../helpers/gpu';

const CASES: [number, number, number][] = [
  // B, C, rows counted
  [1, 1, 1],
  [3, 4, 3],
  [17, 3, 17],
  [65, 5, 40],
  [257, 2, 256],
];

/** Predictions and targets in each loss's domain. */
function draw(name: LossName, B: number, C: number): { z: Float32Array; t: Float32Array } {
  const n = B * C;
  const z = seededArray(n, B * 31 + C, -3, 3);
  const t = seededArray(n, B * 17 + C + 5, -2, 2);
  switch (name) {
    case 'hinge':
      return { z, t: t.map((v) => (v > 0 ? 1 : 0)) };
    case 'squared_hinge':
      return { z, t: t.map((v) => (v > 0 ? 1 : -1)) };
    case 'poisson':
      return { z: z.map((v) => Math.exp(v / 2)), t: t.map((v) => Math.round(v + 2)) };
    case 'kl_divergence': {
      // Softmax rows (what a softmax output gives) against one-hot rows.
      const p = new Float32Array(n);
      const oh = new Float32Array(n);
      for (let r = 0; r < B; r++) {
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(z[r * C + c]);
        for (let c = 0; c < C; c++) p[r * C + c] = Math.exp(z[r * C + c]) / s;
        oh[r * C + ((r * 3) % C)] = 1;
      }
      return { z: p, t: oh };
    }
    default:
      return { z, t };
  }
}

const NAMES: LossName[] = ['mae', 'huber', 'log_cosh', 'hinge', 'squared_hinge', 'poisson', 'kl_divergence', 'cosine_similarity'];

describe('loss_direct kernels', () => {
  for (const name of NAMES) {
    it(`${name}: loss, gradient, predictions and metrics match the float64 reference`, async () => {
      const { device, pipelines } = await gpu();
      const row = LOSS_TABLE[name];
      const settings = { ...LOSS_DEFAULTS, delta: 0.7 };
      for (const [B, C, rows] of CASES) {
        const { z, t } = draw(name, B, C);
        const constants: Record<string, number> = name === 'huber' ? { B, C, WG: 64, DELTA: settings.delta } : { B, C, WG: 64 };
        const [, , , p, dz, m] = await runKernelOnce(device, pipelines, row.kernel, constants, [{ data: stepWords({ rows }), uniform: true }, { data: z }, { data: t }, { data: B * C }, { data: B * C }, { data: 4 }], [1]);
        const n = rows * C;
        const ref = row.reference(z.subarray(0, n), t.subarray(0, n), rows, C, settings);
        const what = `${name} B=${B} C=${C} rows=${rows}`;
        expectClose(p, z, 0, 0, `${what} predictions`);
        expectClose(dz.subarray(0, n), ref.dz, 1e-4, 1e-7, `${what} dz`);
        expect(Array.from(dz.subarray(n)), `${what} tail dz`).toEqual(new Array((B - rows) * C).fill(0));
        expectClose([m[0] / rows], [ref.loss], 1e-4, 1e-6, `${what} loss`);
        expect(m[2], what).toBe(rows);
        if (name === 'hinge' || name === 'squared_hinge') {
          let ok = 0;
          for (let i = 0; i < n; i++) ok += (z[i] > 0) === (t[i] > 0) ? 1 / C : 0;
          expectClose([m[1]], [ok], 1e-5, 1e-4, `${what} correct`);
        } else if (name === 'kl_divergence') {
          expect(m[1], what).toBeGreaterThan(0);
        } else expect(m[1], what).toBe(0);
      }
    });
  }
});
