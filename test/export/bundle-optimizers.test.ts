/**
 * The bundle's train.py maps every optimizer and loss of the playground onto PyTorch's, checked by
 * exact steps on the same 32 rows as one batch (one epoch of one step in train.py): the weights
 * train.py writes must equal the playground's within 1e-5. Plain SGD from the first step; every
 * optimizer with state from the second, after one playground step whose state (moments,
 * accumulators, Adam's t) the bundle carries, and --fresh-optimizer must then differ.
 * Covers SGD (plain, momentum, Nesterov), RMSprop, AdaGrad, Adam (and AMSGrad), AdamW (decoupled
 * decay, beside L2), Adamax, NAdam (its momentum schedule continues from the step), Adadelta, Lion, the four losses, L2 weight
 * decay on kernels, gradient clipping by global norm, and a causal attention language model with
 * a label per position.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { optimizerSlots, sequential, type LossName, type ModelSpec, type OptimizerSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { importSafetensors } from '../../src/io/import-safetensors';
import { exportTorchBundle } from '../../src/io/torch/bundle';
import { trainedModel } from '../../src/io/trained-model';
import { gpu, seededArray } from '../helpers/gpu';
import { maxAbsDiff, runTrainPy, writeFiles } from './pytorch-harness';

const N = 32;
const F = 4;

interface Case {
  name: string;
  optimizer: OptimizerSpec;
  loss: LossName;
  weightDecay?: number;
  clipNorm?: number;
  /** Embedding -> causal MultiHeadAttention -> LayerNorm -> Dense per position, next-token labels. */
  perPosition?: boolean;
}

const CASES: Case[] = [
  { name: 'sgd, sparse cross-entropy', optimizer: { type: 'sgd', lr: 0.1 }, loss: 'sparse_categorical_crossentropy' },
  { name: 'sgd momentum, categorical cross-entropy', optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 }, loss: 'categorical_crossentropy' },
  { name: 'sgd nesterov, binary cross-entropy', optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }, loss: 'binary_crossentropy' },
  { name: 'rmsprop, mse', optimizer: { type: 'rmsprop', lr: 0.01 }, loss: 'mse' },
  { name: 'adagrad, sparse cross-entropy', optimizer: { type: 'adagrad', lr: 0.05 }, loss: 'sparse_categorical_crossentropy' },
  { name: 'adam, weight decay and clipnorm', optimizer: { type: 'adam', lr: 0.01 }, loss: 'sparse_categorical_crossentropy', weightDecay: 0.01, clipNorm: 0.05 },
  { name: 'adam amsgrad, mse', optimizer: { type: 'adam', lr: 0.01, beta2: 0.9, amsgrad: true }, loss: 'mse' },
  { name: 'adamw amsgrad with L2 too, sparse cross-entropy', optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.1, amsgrad: true }, loss: 'sparse_categorical_crossentropy', weightDecay: 0.01 },
  { name: 'adamax, binary cross-entropy', optimizer: { type: 'adamax', lr: 0.01 }, loss: 'binary_crossentropy' },
  { name: 'nadam, sparse cross-entropy', optimizer: { type: 'nadam', lr: 0.01 }, loss: 'sparse_categorical_crossentropy' },
  { name: 'adadelta, categorical cross-entropy', optimizer: { type: 'adadelta', lr: 1 }, loss: 'categorical_crossentropy' },
  { name: 'lion with decoupled decay, mse', optimizer: { type: 'lion', lr: 0.1, beta1: 0.99, weightDecay: 0.1 }, loss: 'mse' },
  { name: 'adam, causal attention language model (a label per position)', optimizer: { type: 'adam', lr: 0.01 }, loss: 'sparse_categorical_crossentropy', perPosition: true },
];

const T = 6;
const VOCAB = 10;

function model(c: Case): ModelSpec {
  if (c.perPosition) {
    return sequential(
      c.name,
      [
        { id: 'input', type: 'Input', shape: [T], dtype: 'int32' },
        { id: 'embedding', type: 'Embedding', inputDim: VOCAB, outputDim: 8 },
        { id: 'attention', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, causal: true },
        { id: 'norm', type: 'LayerNormalization' },
        { id: 'out', type: 'Dense', units: VOCAB, activation: 'softmax' },
      ],
      c.loss,
      c.optimizer,
    );
  }
  const out = c.loss === 'binary_crossentropy' ? { units: 1, activation: 'sigmoid' as const } : c.loss === 'mse' ? { units: 2, activation: 'linear' as const } : { units: 3, activation: 'softmax' as const };
  const spec = sequential(
    c.name,
    [
      { id: 'input', type: 'Input', shape: [F] },
      { id: 'hidden', type: 'Dense', units: 8, activation: 'tanh' },
      { id: 'out', type: 'Dense', ...out },
    ],
    c.loss,
    c.optimizer,
  );
  return { ...spec, ...(c.weightDecay ? { weightDecay: c.weightDecay } : {}), ...(c.clipNorm ? { clipNorm: c.clipNorm } : {}) };
}

function data(c: Case): Dataset {
  if (c.perPosition) {
    const ids = Int32Array.from({ length: N * (T + 1) }, (_, i) => (i * 7 + (i % 5) * 3) % VOCAB);
    const x = new Int32Array(N * T);
    const y = new Int32Array(N * T);
    for (let r = 0; r < N; r++) {
      x.set(ids.subarray(r * (T + 1), r * (T + 1) + T), r * T);
      y.set(ids.subarray(r * (T + 1) + 1, (r + 1) * (T + 1)), r * T);
    }
    return { name: 'windows', task: 'classification', n: N, inputShape: [T], inputDtype: 'int32', x, y, targetShape: [T], numClasses: VOCAB };
  }
  const x = seededArray(N * F, 5);
  const base = { name: 'rows', n: N, inputShape: [F], inputDtype: 'float32' as const, x };
  if (c.loss === 'mse') return { ...base, task: 'regression', y: seededArray(N * 2, 6), targetShape: [2] };
  const classes = c.loss === 'binary_crossentropy' ? 2 : 3;
  return { ...base, task: 'classification', y: Int32Array.from({ length: N }, (_, i) => (i * 7) % classes), targetShape: [], numClasses: classes };
}

/** One epoch of train.py on the bundle in `dir`, writing after.safetensors. */
const trainPy = (dir: string, ...extra: string[]) => runTrainPy(dir, ['train.py', '--epochs', '1', '--json', '--out', join(dir, 'after.safetensors'), ...extra]);

/** Optimizers without state: the continuation test below covers every other case, from its second step. */
const STATELESS = CASES.filter((x) => optimizerSlots(x.optimizer).length === 0);

describe('train.py takes the same optimizer step as the playground', () => {
  for (const c of STATELESS) {
    it(`${c.name}: one step from the same weights agrees within 1e-5`, async () => {
      const { device, pipelines } = await gpu();
      const spec = model(c);
      const ds = data(c);
      const trainer = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: N, epochs: 1, seed: 3 });
      try {
        const before = await trainer.readParams();
        const dir = writeFiles(exportTorchBundle(trainedModel(spec, before), { train: ds, batchSize: N, epochs: 1, seed: 3 }));
        const config = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8'));
        expect(config.optimizer.type).toBe(c.optimizer.type);
        await trainer.trainEpoch();
        const ours = await trainer.readParams();
        trainPy(dir);
        const theirs = importSafetensors(spec, new Uint8Array(readFileSync(join(dir, 'after.safetensors')))).params;
        const moved = maxAbsDiff(ours, before);
        const diff = maxAbsDiff(theirs, ours);
        console.log(`[bundle-optimizers] ${c.name}: weights moved up to ${moved.toExponential(2)}; train.py vs playground ${diff.toExponential(2)}`);
        expect(moved).toBeGreaterThan(1e-3);
        expect(diff).toBeLessThan(1e-5);
      } finally {
        trainer.destroy();
      }
    }, 300_000);
  }
});

describe("train.py continues from the playground's optimizer state", () => {
  // Two steps in the playground; the bundle is exported between them with the optimizer's state.
  // train.py's one step must equal the playground's second step, and without the state it must not.
  for (const c of CASES.filter((x) => !STATELESS.includes(x))) {
    it(`${c.name}: step 2 agrees within 1e-5 (and differs with --fresh-optimizer)`, async () => {
      const { device, pipelines } = await gpu();
      const spec = model(c);
      const ds = data(c);
      const trainer = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: N, epochs: 2, seed: 3 });
      try {
        await trainer.trainEpoch();
        const state = await trainer.readOptimizerState();
        expect(state.step).toBe(1);
        const dir = writeFiles(exportTorchBundle(trainedModel(spec, await trainer.readParams()), { train: ds, batchSize: N, epochs: 1, seed: 3, optimizerState: state }));
        await trainer.trainEpoch();
        const ours = await trainer.readParams();
        trainPy(dir);
        const theirs = importSafetensors(spec, new Uint8Array(readFileSync(join(dir, 'after.safetensors')))).params;
        trainPy(dir, '--fresh-optimizer');
        const fresh = importSafetensors(spec, new Uint8Array(readFileSync(join(dir, 'after.safetensors')))).params;
        const diff = maxAbsDiff(theirs, ours);
        const freshDiff = maxAbsDiff(fresh, ours);
        console.log(`[bundle-optimizers] ${c.name}, step 2: with the exported state ${diff.toExponential(2)}; fresh optimizer ${freshDiff.toExponential(2)}`);
        expect(diff).toBeLessThan(1e-5);
        expect(freshDiff).toBeGreaterThan(1e-4);
      } finally {
        trainer.destroy();
      }
    }, 300_000);
  }
});
