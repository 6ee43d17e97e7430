/**
 * The loss table (src/engine/losses.ts) is consistent with itself and with what it points at: each
 * row's kernel exists in loss.wgsl or loss_direct.wgsl and the kernel registry, its float64 kernel reference's gradient
 * is the finite difference of its loss, its output reference (on the model's activated output)
 * gives the same loss, and the places that read the table (graph checks, Keras id) see its fields.
 * A missing row or field is a compile error: the @ts-expect-error lines make `tsc --noEmit` fail
 * if that ever stops.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOSS_DEFAULTS, LOSS_TABLE, LOSSES, type LossName, type LossRow } from '../../src/engine/losses';
import { analyzeModel } from '../../src/engine/graph';
import { WEIGHTED_LOSSES } from '../../src/engine/class-weights';
import { sequential } from '../../src/engine/spec';
import { KERNELS } from '../../src/kernels/registry';

const wgsl = ['loss.wgsl', 'loss_direct.wgsl'].map((f) => readFileSync(new URL(`../../src/kernels/loss/${f}`, import.meta.url), 'utf8')).join('\n');

// @ts-expect-error the 'mse' row is missing
const missingRow: typeof LOSS_TABLE = { ...LOSS_TABLE, mse: undefined };
// @ts-expect-error mse's keras field is missing
const missingField: LossRow = { ...LOSS_TABLE.mse, keras: undefined };
void missingRow;
void missingField;

/** A small deterministic generator (the test's data only). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Per loss: the kernel input z and targets a test draws (a new loss needs an entry, or this does not compile). */
type Draw = (r: () => number, rows: number, cols: number) => { z: Float64Array; t: Float64Array };
const logits = (r: () => number, n: number) => Float64Array.from({ length: n }, () => r() * 6 - 3);
const oneHot = (r: () => number, rows: number, cols: number) => {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) t[i * cols + Math.floor(r() * cols)] = 1;
  return t;
};
const DRAW: { [N in LossName]: Draw } = {
  sparse_categorical_crossentropy: (r, rows, cols) => ({ z: logits(r, rows * cols), t: Float64Array.from({ length: rows }, () => Math.floor(r() * cols)) }),
  categorical_crossentropy: (r, rows, cols) => ({ z: logits(r, rows * cols), t: oneHot(r, rows, cols) }),
  binary_crossentropy: (r, rows, cols) => ({ z: logits(r, rows * cols), t: Float64Array.from({ length: rows * cols }, () => (r() > 0.5 ? 1 : 0)) }),
  mse: (r, rows, cols) => ({ z: logits(r, rows * cols), t: logits(r, rows * cols) }),
  mae: (r, rows, cols) => ({ z: logits(r, rows * cols), t: logits(r, rows * cols) }),
  huber: (r, rows, cols) => ({ z: logits(r, rows * cols), t: logits(r, rows * cols) }),
  log_cosh: (r, rows, cols) => ({ z: logits(r, rows * cols), t: logits(r, rows * cols) }),
  hinge: (r, rows, cols) => ({ z: logits(r, rows * cols), t: Float64Array.from({ length: rows * cols }, () => (r() > 0.5 ? 1 : 0)) }),
  squared_hinge: (r, rows, cols) => ({ z: logits(r, rows * cols), t: Float64Array.from({ length: rows * cols }, () => (r() > 0.5 ? 1 : -1)) }),
  kl_divergence: (r, rows, cols) => ({ z: activateSoftmax(logits(r, rows * cols), rows, cols), t: oneHot(r, rows, cols) }),
  cosine_similarity: (r, rows, cols) => ({ z: logits(r, rows * cols), t: logits(r, rows * cols) }),
  poisson: (r, rows, cols) => ({ z: logits(r, rows * cols).map((v) => Math.exp(v / 2)), t: Float64Array.from({ length: rows * cols }, () => Math.floor(r() * 5)) }),
};

/** Settings away from the defaults where a loss has them (Huber's delta 0.7: both branches are hit; label smoothing 0.15). */
const SETTINGS = { ...LOSS_DEFAULTS, delta: 0.7, labelSmoothing: 0.15 };

/** The cross-entropies also with class weights (binary: [w0, w1]); the other losses take none. */
const settingsOf = (name: LossName) => (WEIGHTED_LOSSES.has(name) ? { ...SETTINGS, classWeights: LOSS_TABLE[name].binary ? [0.6, 1.8] : [1, 0.5, 2.5, 3] } : SETTINGS);

/** The model's output from the kernel's input: the absorbed activation applied. */
function activate(row: LossRow, z: Float64Array, rows: number, cols: number): Float64Array {
  if (row.absorbs === 'sigmoid') return z.map((v) => 1 / (1 + Math.exp(-v)));
  if (row.absorbs !== 'softmax') return z;
  return activateSoftmax(z, rows, cols);
}

function activateSoftmax(z: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const m = Math.max(...z.subarray(o, o + cols));
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(z[o + c] - m);
    for (let c = 0; c < cols; c++) out[o + c] = Math.exp(z[o + c] - m) / s;
  }
  return out;
}

describe('loss table', () => {
  it('lists every row, each with its kernel in the loss WGSL and the kernel registry', () => {
    expect(LOSSES).toEqual(Object.keys(LOSS_TABLE));
    for (const name of LOSSES) {
      const row = LOSS_TABLE[name];
      expect(wgsl, name).toContain(`fn ${row.kernel}(`);
      expect(KERNELS[row.kernel], name).toBe('loss');
      expect(row.keras(LOSS_DEFAULTS), name).toBeTruthy();
      expect(row.torch(LOSS_DEFAULTS).at(-1), name).toMatch(/^return /);
      if (row.absorbs) expect(row.needs).toBe(row.absorbs);
    }
  });

  for (const name of LOSSES) {
    it(`${name}: the kernel reference's gradient is the finite difference of its loss, and the output reference agrees`, () => {
      const row = LOSS_TABLE[name];
      const settings = settingsOf(name);
      const rows = 5;
      const cols = row.binary ? 1 : 4;
      const { z, t } = DRAW[name](rng(name.length * 31 + 7), rows, cols);
      const ref = row.reference(z, t, rows, cols, settings);
      const h = 1e-6;
      for (let i = 0; i < z.length; i++) {
        const zp = Float64Array.from(z);
        const zm = Float64Array.from(z);
        zp[i] += h;
        zm[i] -= h;
        const fd = (row.reference(zp, t, rows, cols, settings).loss - row.reference(zm, t, rows, cols, settings).loss) / (2 * h);
        expect(Math.abs(ref.dz[i] - fd), `${name} dz[${i}] ${ref.dz[i]} vs ${fd}`).toBeLessThan(1e-7);
      }
      const fromOutput = row.outputLoss(activate(row, z, rows, cols), t, rows, cols, cols, settings);
      expect(Math.abs(fromOutput - ref.loss), `${name} output reference ${fromOutput} vs ${ref.loss}`).toBeLessThan(1e-9);
    });
  }

  it("the graph's loss check reads the row's activation need", () => {
    const model = (act: 'softmax' | 'sigmoid' | 'linear', units: number, loss: LossName) =>
      sequential('m', [{ id: 'in', type: 'Input', shape: [3] }, { id: 'out', type: 'Dense', units, activation: act }], loss, { type: 'adam' });
    for (const name of LOSSES) {
      const row = LOSS_TABLE[name];
      const units = row.binary ? 1 : 3;
      const fits = row.needs === 'not_softmax' ? 'linear' : row.needs;
      expect(analyzeModel(model(fits, units, name)).errors, name).toEqual([]);
      const wrong = row.needs === 'not_softmax' ? 'softmax' : row.needs === 'softmax' ? 'linear' : 'softmax';
      expect(analyzeModel(model(wrong, units, name)).errors.map((e) => e.field), name).toEqual(['loss']);
    }
  });
});
