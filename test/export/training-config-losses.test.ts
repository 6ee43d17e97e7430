/**
 * The exports' training configs name each loss so that its consumer computes our loss: Keras 3
 * reads compile_config's `loss` (an identifier, or a serialized Huber where delta is not 1.0) and
 * TF.js's tf.loadLayersModel compiles model.json's trainingConfig; both, evaluated on the same
 * predictions and targets, must give our float64 reference within 1e-5 (float32 frameworks).
 * Where a format has no such loss (TF.js: Huber; its hinges do not read {0, 1} labels as {-1, 1}),
 * model.json has no trainingConfig and its metadata says why.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LOSS_TABLE, lossSettings, type LossName } from '../../src/engine/losses';
import { initParams, layoutParams } from '../../src/engine/params';
import { buildGraph } from '../../src/engine/graph';
import { sequential, type Activation, type ModelSpec } from '../../src/engine/spec';
import { kerasCompileConfig, kerasRefusal, tfjsRefusal, tfjsTrainingConfig } from '../../src/io/training-config';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs } from '../../src/io/tfjs/import-tfjs';
import { trainedModel } from '../../src/io/trained-model';
import { seededArray } from '../helpers/gpu';
import { runPython } from '../helpers/python';
import { loadTfjs } from './tfjs-load';

const ROWS = 5;

interface Case {
  name: string;
  loss: LossName;
  units: number;
  activation: Activation;
  delta?: number;
}

const CASES: Case[] = [
  { name: 'mae', loss: 'mae', units: 2, activation: 'linear' },
  { name: 'huber', loss: 'huber', units: 2, activation: 'linear' },
  { name: 'huber delta 0.4', loss: 'huber', units: 2, activation: 'linear', delta: 0.4 },
  { name: 'log_cosh', loss: 'log_cosh', units: 2, activation: 'linear' },
  { name: 'hinge', loss: 'hinge', units: 1, activation: 'linear' },
  { name: 'squared_hinge', loss: 'squared_hinge', units: 1, activation: 'linear' },
  { name: 'poisson', loss: 'poisson', units: 2, activation: 'softplus' },
  { name: 'kl_divergence', loss: 'kl_divergence', units: 3, activation: 'softmax' },
  { name: 'cosine_similarity', loss: 'cosine_similarity', units: 3, activation: 'linear' },
];

function spec(c: Case): ModelSpec {
  const s = sequential(c.name, [{ id: 'input', type: 'Input', shape: [3] }, { id: 'out', type: 'Dense', units: c.units, activation: c.activation }], c.loss, { type: 'adam' });
  return c.delta !== undefined ? { ...s, lossOptions: { delta: c.delta } } : s;
}

function draw(c: Case): { pred: Float32Array; target: Float32Array } {
  const n = ROWS * c.units;
  const z = seededArray(n, 7, -2, 2);
  const t = seededArray(n, 9, -2, 2);
  if (c.loss === 'hinge' || c.loss === 'squared_hinge') return { pred: z, target: t.map((v) => (v > 0 ? 1 : 0)) };
  if (c.loss === 'poisson') return { pred: z.map((v) => Math.log1p(Math.exp(v))), target: t.map((v) => Math.round(v + 2)) };
  if (c.loss === 'kl_divergence') {
    const p = new Float32Array(n);
    const oh = new Float32Array(n);
    for (let r = 0; r < ROWS; r++) {
      let s = 0;
      for (let k = 0; k < c.units; k++) s += Math.exp(z[r * c.units + k]);
      for (let k = 0; k < c.units; k++) p[r * c.units + k] = Math.exp(z[r * c.units + k]) / s;
      oh[r * c.units + (r % c.units)] = 1;
    }
    return { pred: p, target: oh };
  }
  return { pred: z, target: t };
}

const reference = (c: Case, d: { pred: Float32Array; target: Float32Array }): number =>
  LOSS_TABLE[c.loss].reference(d.pred, d.target, ROWS, c.units, lossSettings(spec(c).lossOptions)).loss;

describe("the exports' training configs carry the new losses", () => {
  it('Keras 3 reads compile_config.loss as our loss (within 1e-5)', () => {
    const data = CASES.map((c) => ({ c, d: draw(c), loss: kerasCompileConfig(spec(c))!.loss }));
    expect(data.find((x) => x.c.name === 'huber')!.loss).toBe('huber');
    expect(data.find((x) => x.c.name === 'huber delta 0.4')!.loss).toMatchObject({ class_name: 'Huber', config: { delta: 0.4 } });
    const theirs = runPython<{ results: Record<string, { loss: number; class: string }> }>(
      'test/parity/py/keras_loss_config.py',
      { cases: data.map(({ c, d, loss }) => ({ name: c.name, loss, pred: Array.from(d.pred), target: Array.from(d.target), rows: ROWS, cols: c.units })) },
      { timeoutMs: 300_000 },
    ).results;
    for (const { c, d } of data) {
      const ours = reference(c, d);
      console.log(`[keras loss] ${c.name}: ${theirs[c.name].class} ${theirs[c.name].loss.toFixed(6)} vs ours ${ours.toFixed(6)}`);
      expect(Math.abs(theirs[c.name].loss - ours), c.name).toBeLessThan(1e-5);
    }
  }, 300_000);

  it("TF.js compiles model.json's trainingConfig into our loss (within 1e-5); Huber and the hinges are refused with a reason", async () => {
    for (const c of CASES) {
      const s = spec(c);
      const files = exportTfjs(trainedModel(s, initParams(layoutParams(buildGraph(s)), 1)));
      const json = JSON.parse(new TextDecoder().decode(files[0].data));
      // The loss's settings travel in the playground's metadata, and the import restores them.
      expect(json.userDefinedMetadata.playground.lossOptions, c.name).toEqual(s.lossOptions);
      expect(importTfjs(files).spec.lossOptions, c.name).toEqual(s.lossOptions);
      const refused = { huber: /TF\.js Layers has no Huber/, hinge: /do not read \{0, 1\} labels as \{-1, 1\}/, squared_hinge: /do not read \{0, 1\} labels/ }[c.loss as string];
      if (refused) {
        expect(json.trainingConfig, c.name).toBeNull();
        expect(json.userDefinedMetadata.playground.trainingConfigRefused, c.name).toMatch(refused);
        expect(tfjsTrainingConfig(s)).toBeNull();
        continue;
      }
      const model = await loadTfjs(files);
      const lossFn = (model as unknown as { lossFunctions: ((t: tf.Tensor, p: tf.Tensor) => tf.Tensor)[] }).lossFunctions[0];
      const d = draw(c);
      const theirs = tf.tidy(() => lossFn(tf.tensor2d(d.target, [ROWS, c.units]), tf.tensor2d(d.pred, [ROWS, c.units])).mean().dataSync()[0]);
      const ours = reference(c, d);
      console.log(`[tfjs loss] ${c.name}: ${json.trainingConfig.loss} ${theirs.toFixed(6)} vs ours ${ours.toFixed(6)}`);
      expect(Math.abs(theirs - ours), c.name).toBeLessThan(1e-5);
    }
  }, 300_000);

  it('label smoothing: Keras gets the smoothed categorical/binary losses, refuses it for class ids; TF.js refuses it', () => {
    const base = (loss: LossName, units: number, activation: Activation): ModelSpec => ({ ...spec({ name: loss, loss, units, activation }), lossOptions: { labelSmoothing: 0.1 } });
    const cat = base('categorical_crossentropy', 3, 'softmax');
    expect(kerasCompileConfig(cat)!.loss).toEqual({ module: 'keras.losses', class_name: 'CategoricalCrossentropy', config: { name: 'categorical_crossentropy', reduction: 'sum_over_batch_size', from_logits: false, label_smoothing: 0.1, axis: -1 }, registered_name: null });
    expect(kerasCompileConfig(base('binary_crossentropy', 1, 'sigmoid'))!.loss).toMatchObject({ class_name: 'BinaryCrossentropy', config: { label_smoothing: 0.1 } });
    const sparse = base('sparse_categorical_crossentropy', 3, 'softmax');
    expect(kerasCompileConfig(sparse)).toBeNull();
    expect(kerasRefusal(sparse)).toMatch(/SparseCategoricalCrossentropy has no label_smoothing/);
    expect(tfjsTrainingConfig(cat)).toBeNull();
    expect(tfjsRefusal(cat)).toMatch(/cannot carry label smoothing/);
  });
});
