/**
 * The exported model trains and evaluates in its consumer without compiling again: Keras 3 loads a
 * .keras file's compile_config (loss, optimizer with its hyperparameters, metrics) and runs
 * `evaluate` and a `fit` step on a few rows; TF.js's `tf.loadLayersModel` compiles the model from
 * model.json's trainingConfig (as `LayersModel.save` writes it) and runs `evaluate`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import type { ModelSpec, OptimizerSpec } from '../../src/engine/spec';
import { exportKeras } from '../../src/io/keras/export-keras';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { trainedModel } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';
import { runPython } from '../helpers/python';
import { loadTfjs } from './tfjs-load';

const N = 6;

type Case = { id: string; spec: ModelSpec; keras: { class_name: string; config: Record<string, unknown> }; tfjs: unknown };

/** Optimizers TF.js has no class for: Keras gets them, model.json says why it has no trainingConfig. */
const KERAS_ONLY: (Case & { refused: string })[] = (() => {
  const spiral = findPreset('spiral-mlp')!.spec;
  return [
    { id: 'adamw-amsgrad', spec: { ...spiral, optimizer: { type: 'adamw', lr: 0.002, weightDecay: 0.05, amsgrad: true } },
      keras: { class_name: 'AdamW', config: { learning_rate: 0.002, weight_decay: 0.05, amsgrad: true, epsilon: 1e-8 } },
      tfjs: null, refused: 'TF.js has no AdamW (no decoupled weight decay in tf.train)' },
    { id: 'adam-amsgrad', spec: { ...spiral, optimizer: { type: 'adam', amsgrad: true } },
      keras: { class_name: 'Adam', config: { learning_rate: 0.001, amsgrad: true } },
      tfjs: null, refused: 'TF.js has no AMSGrad (tf.train.adam has no amsgrad option)' },
    { id: 'nadam-keras-schedule', spec: { ...spiral, optimizer: { type: 'nadam', momentumDecay: 1 } },
      keras: { class_name: 'Nadam', config: { learning_rate: 0.002, beta_1: 0.9, epsilon: 1e-8 } },
      tfjs: null, refused: 'TF.js has no NAdam (tf.train has no Nesterov Adam)' },
    { id: 'lion', spec: { ...spiral, optimizer: { type: 'lion', weightDecay: 0.01 } },
      keras: { class_name: 'Lion', config: { learning_rate: 1e-4, beta_1: 0.9, beta_2: 0.99, weight_decay: 0.01 } },
      tfjs: null, refused: 'TF.js has no Lion (tf.train has no sign-momentum optimizer)' },
  ];
})();

const CASES: Case[] = (() => {
  const spiral = findPreset('spiral-mlp')!.spec;
  const reg = findPreset('regression')!.spec;
  const with_ = (s: ModelSpec, optimizer: OptimizerSpec, extra: Partial<ModelSpec> = {}): ModelSpec => ({ ...s, optimizer, ...extra });
  return [
    { id: 'adam', spec: with_(spiral, { type: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }, { clipNorm: 2 }),
      keras: { class_name: 'Adam', config: { learning_rate: 0.01, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6, global_clipnorm: 2 } },
      tfjs: { class_name: 'Adam', config: { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 } } },
    { id: 'sgd-nesterov', spec: with_(spiral, { type: 'sgd', lr: 0.05, momentum: 0.5, nesterov: true }),
      keras: { class_name: 'SGD', config: { learning_rate: 0.05, momentum: 0.5, nesterov: true } },
      tfjs: { class_name: 'Momentum', config: { learningRate: 0.05, momentum: 0.5, useNesterov: true } } },
    { id: 'rmsprop-regression', spec: with_(reg, { type: 'rmsprop', lr: 0.002, rho: 0.8 }),
      keras: { class_name: 'RMSprop', config: { learning_rate: 0.002, rho: 0.8, epsilon: 1e-7 } },
      tfjs: { class_name: 'RMSProp', config: { learningRate: 0.002, decay: 0.8, momentum: 0, epsilon: 1e-7, centered: false } } },
    { id: 'adagrad', spec: with_(spiral, { type: 'adagrad', lr: 0.03 }),
      keras: { class_name: 'Adagrad', config: { learning_rate: 0.03, initial_accumulator_value: 0.1, epsilon: 1e-7 } },
      tfjs: { class_name: 'Adagrad', config: { learningRate: 0.03, initialAccumulatorValue: 0.1 } } },
    { id: 'adamax', spec: with_(spiral, { type: 'adamax', lr: 0.004, beta2: 0.99 }),
      keras: { class_name: 'Adamax', config: { learning_rate: 0.004, beta_1: 0.9, beta_2: 0.99, epsilon: 1e-8 } },
      tfjs: { class_name: 'Adamax', config: { learningRate: 0.004, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, decay: 0 } } },
    { id: 'adadelta-regression', spec: with_(reg, { type: 'adadelta', rho: 0.95 }),
      keras: { class_name: 'Adadelta', config: { learning_rate: 1, rho: 0.95, epsilon: 1e-6 } },
      tfjs: { class_name: 'Adadelta', config: { learningRate: 1, rho: 0.95, epsilon: 1e-6 } } },
  ];
})();

function rows(spec: ModelSpec) {
  const g = buildGraph(spec);
  const inShape = g.inputs[0].out.shape;
  const outShape = g.output.out.shape;
  const x = Float32Array.from({ length: N * inShape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7));
  const regression = spec.loss === 'mse';
  const y = regression ? Float32Array.from({ length: N * outShape[0] }, (_, i) => Math.cos(i)) : Int32Array.from({ length: N }, (_, i) => i % outShape[0]);
  return { x, xShape: [N, ...inShape], y, yShape: regression ? [N, ...outShape] : [N], regression };
}

describe('training config in the exports', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'train-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Keras 3: load_model compiles from compile_config; evaluate and fit work on a few rows', async () => {
    const models = [];
    for (const c of [...CASES, ...KERAS_ONLY]) {
      const m = trainedModel(c.spec, initParams(layoutParams(buildGraph(c.spec)), 2));
      const file = path.join(dir, `${c.id}.keras`);
      writeFileSync(file, (await exportKeras(m))[0].data);
      const r = rows(c.spec);
      writeFileSync(path.join(dir, `${c.id}.x`), new Uint8Array(r.x.buffer));
      writeFileSync(path.join(dir, `${c.id}.y`), new Uint8Array(r.y.buffer));
      models.push({ id: c.id, path: file, x: path.join(dir, `${c.id}.x`), xdtype: 'float32', xshape: r.xShape, y: path.join(dir, `${c.id}.y`), ydtype: r.regression ? 'float32' : 'int32', yshape: r.yShape });
    }
    const out = runPython<Record<string, { error?: string; evaluate: Record<string, number>; optimizer: { class_name: string; config: Record<string, unknown> }; loss: string; fit_loss: number }>>('test/export/py/keras_evaluate.py', { models }, { timeoutMs: 300_000 });
    for (const c of [...CASES, ...KERAS_ONLY]) {
      const r = out[c.id];
      expect(r.error, c.id).toBeUndefined();
      expect(Object.keys(r.evaluate).sort(), c.id).toEqual(c.spec.loss === 'mse' ? ['loss', 'mae'] : ['accuracy', 'loss']);
      expect(Number.isFinite(r.evaluate.loss) && r.evaluate.loss > 0, c.id).toBe(true);
      expect(Number.isFinite(r.fit_loss), c.id).toBe(true);
      expect(r.loss, c.id).toBe(c.spec.loss === 'mse' ? 'mean_squared_error' : c.spec.loss);
      expect(r.optimizer.class_name, c.id).toBe(c.keras.class_name);
      for (const [k, v] of Object.entries(c.keras.config)) {
        if (typeof v === 'boolean') expect(r.optimizer.config[k], `${c.id} ${k}`).toBe(v);
        else expect(r.optimizer.config[k], `${c.id} ${k}`).toBeCloseTo(v as number, 6);
      }
    }
  }, 600_000);

  it('TF.js: loadLayersModel restores the training config and evaluates', async () => {
    await tf.setBackend('cpu');
    for (const c of CASES) {
      const m = trainedModel(c.spec, initParams(layoutParams(buildGraph(c.spec)), 2));
      const files = exportTfjs(m);
      const json = JSON.parse(new TextDecoder().decode(files[0].data));
      expect(json.trainingConfig, c.id).toEqual({ loss: c.spec.loss === 'mse' ? 'mean_squared_error' : c.spec.loss, metrics: [c.spec.loss === 'mse' ? 'mae' : 'accuracy'], optimizer_config: c.tfjs });
      expect(json.userDefinedMetadata.playground.optimizer, c.id).toEqual(c.spec.optimizer);
      const model = await loadTfjs(files);
      try {
        expect(model.optimizer?.getClassName(), c.id).toBe((c.tfjs as { class_name: string }).class_name);
        // What tfjs's own save would write back: the same training config.
        expect(JSON.parse(JSON.stringify((model as unknown as { getTrainingConfig(): unknown }).getTrainingConfig())), c.id).toEqual(json.trainingConfig);
        const r = rows(c.spec);
        const x = tf.tensor(r.x, r.xShape);
        const y = r.regression ? tf.tensor(r.y, r.yShape) : tf.tensor(r.y, r.yShape, 'float32');
        const result = model.evaluate(x, y) as tf.Scalar[];
        const values = result.map((t) => t.dataSync()[0]);
        expect(values.length, c.id).toBe(2);
        for (const v of values) expect(Number.isFinite(v), c.id).toBe(true);
        tf.dispose([x, y, ...result]);
      } finally {
        model.dispose();
      }
    }
  }, 120_000);

  it('Keras: compile_config null where Keras 3 has no such optimizer (NAdam with torch’s momentum decay), the reason in metadata.json', async () => {
    const spec: ModelSpec = { ...findPreset('spiral-mlp')!.spec, optimizer: { type: 'nadam' } };
    const zip = unzipSync((await exportKeras(trainedModel(spec, initParams(layoutParams(buildGraph(spec)), 2))))[0].data);
    const config = JSON.parse(new TextDecoder().decode(zip['config.json']));
    const meta = JSON.parse(new TextDecoder().decode(zip['metadata.json']));
    expect(config.compile_config).toBeNull();
    expect(meta.compile_config_refused).toBe("Keras 3's Nadam fixes the momentum decay at 1 (0.96^t); this NAdam's is 0.004 (torch.optim.NAdam's 0.96^(t*0.004))");
  });

  it('TF.js: no trainingConfig where TF.js has no such optimizer, and the reason in the metadata', async () => {
    await tf.setBackend('cpu');
    for (const c of KERAS_ONLY) {
      const files = exportTfjs(trainedModel(c.spec, initParams(layoutParams(buildGraph(c.spec)), 2)));
      const json = JSON.parse(new TextDecoder().decode(files[0].data));
      expect(json.trainingConfig, c.id).toBeNull();
      expect(json.userDefinedMetadata.playground.trainingConfigRefused, c.id).toBe(c.refused);
      expect(json.userDefinedMetadata.playground.optimizer, c.id).toEqual(c.spec.optimizer);
      const model = await loadTfjs(files); // loads uncompiled: predicting works, training needs compile()
      try {
        expect(model.optimizer, c.id).toBeUndefined();
      } finally {
        model.dispose();
      }
    }
  }, 120_000);
});
