/**
 * PyTorch parity of the issue-17 layers GlobalMaxPooling1D/2D and PReLU, each in a small model
 * trained by plain SGD (lr 0.1), 32 rows as one batch, sparse cross-entropy:
 *   GlobalMaxPooling2D: Input[5, 5, 2] -> Conv2D(3, 3x3, same, tanh) -> GlobalMaxPooling2D -> Dense(3, softmax)
 *   GlobalMaxPooling1D: Input[6, 4] -> Dense(5, tanh) per step -> GlobalMaxPooling1D -> Dense(3, softmax)
 *   PReLU: Input[5, 5, 2] -> Conv2D(3, 3x3, same) -> PReLU(shared [1, 2]) -> Flatten -> Dense(6) ->
 *     PReLU (one alpha per value) -> Dense(3, softmax); model.py's PReLU module, alphas from 0
 * Forward: model.py (safetensors export) predicts from the playground's weights before training
 * and after 5 steps, within 1e-5 of the playground's GPU predictions. Training: the PyTorch
 * bundle's train.py takes the same 5 steps from the same weights; its weights must equal the
 * playground's within 1e-5 (each step moves a weight by 0.1 · its gradient, so the summed
 * gradients of the 5 steps agree within 1e-4).
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';
import { seededArray } from '../helpers/gpu';
import { torchStepsParity } from './torch-steps';

const N = 32;
const STEPS = 5;
const LR = 0.1;

interface Case {
  name: string;
  inputShape: number[];
  layers: LayerInit[];
}

export const NEW_LAYER_CASES: Case[] = [
  { name: 'GlobalMaxPooling2D', inputShape: [5, 5, 2], layers: [{ id: 'conv', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' }, { id: 'pool', type: 'GlobalMaxPooling2D' }] },
  { name: 'GlobalMaxPooling1D', inputShape: [6, 4], layers: [{ id: 'step', type: 'Dense', units: 5, activation: 'tanh' }, { id: 'pool', type: 'GlobalMaxPooling1D' }] },
  {
    name: 'PReLU per channel and per value',
    inputShape: [5, 5, 2],
    layers: [{ id: 'conv', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same' }, { id: 'act', type: 'PReLU', sharedAxes: [1, 2] }, { id: 'flat', type: 'Flatten' }, { id: 'hidden', type: 'Dense', units: 6 }, { id: 'act2', type: 'PReLU' }],
  },
];

function model(c: Case): ModelSpec {
  return sequential(c.name, [{ id: 'input', type: 'Input', shape: c.inputShape }, ...c.layers, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }], 'sparse_categorical_crossentropy', { type: 'sgd', lr: LR });
}

function rows(c: Case): Dataset {
  const per = c.inputShape.reduce((a, b) => a * b, 1);
  return { name: 'rows', task: 'classification', n: N, inputShape: c.inputShape, inputDtype: 'float32', x: seededArray(N * per, 5, -2, 2), y: Int32Array.from({ length: N }, (_, i) => (i * 7) % 3), targetShape: [], numClasses: 3 };
}

describe('new layers: playground vs PyTorch, forward and 5 SGD steps', () => {
  for (const c of NEW_LAYER_CASES) {
    it(`${c.name}: model.py forward within 1e-5, train.py's 5 steps within 1e-5 of the playground's weights`, async () => {
      const spec = model(c);
      const ds = rows(c);
      const { fwd0, fwdAfter, moved, diff } = await torchStepsParity(spec, ds, STEPS, 3);
      console.log(`[new-layers-torch] ${c.name}: forward ${fwd0.toExponential(2)} / ${fwdAfter.toExponential(2)} (step 0 / 5); weights moved ${moved.toExponential(2)}; train.py vs playground after ${STEPS} steps ${diff.toExponential(2)}`);
      expect(moved).toBeGreaterThan(1e-3);
      expect(fwd0).toBeLessThan(1e-5);
      expect(fwdAfter).toBeLessThan(1e-5);
      expect(diff).toBeLessThan(1e-5);
    }, 300_000);
  }
});
