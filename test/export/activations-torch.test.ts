/**
 * PyTorch parity of the Keras 3 activations (leaky_relu, elu, selu, softplus, softsign, swish,
 * hard_sigmoid, exponential), each in a small MLP where it is both fused into a Dense and a
 * separate Activation layer: Input[4] -> Dense(8, act) -> Dense(6) -> Activation(act) ->
 * Dense(3, softmax) (and the LeakyReLU(0.1) and ELU(0.5) layers between Dense layers), sparse cross-entropy, plain SGD (lr 0.1), 32 rows as one batch.
 * Forward: model.py (safetensors export) predicts from the playground's weights before training
 * and after 5 steps, within 1e-5 of the playground's GPU predictions. Training: the PyTorch
 * bundle's train.py takes the same 5 steps (5 epochs of one batch) from the same weights; its
 * weights must equal the playground's within 1e-5 (each step moves a weight by 0.1 · its gradient,
 * so the summed gradients of the 5 steps agree within 1e-4).
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { sequential, type Activation, type LayerInit, type ModelSpec } from '../../src/engine/spec';
import { seededArray } from '../helpers/gpu';
import { torchStepsParity } from './torch-steps';

const N = 32;
const F = 4;
const STEPS = 5;
const LR = 0.1;
export const NEW_ACTIVATIONS: Activation[] = ['leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'hard_sigmoid', 'exponential'];

type Case = Activation | 'LeakyReLU/ELU layers';

export function activationMlp(act: Case): ModelSpec {
  const layers: LayerInit[] =
    act === 'LeakyReLU/ELU layers'
      ? [{ id: 'hidden', type: 'Dense', units: 8 }, { id: 'leaky', type: 'LeakyReLU', negativeSlope: 0.1 }, { id: 'mix', type: 'Dense', units: 6 }, { id: 'elu', type: 'ELU', alpha: 0.5 }]
      : [{ id: 'hidden', type: 'Dense', units: 8, activation: act }, { id: 'mix', type: 'Dense', units: 6 }, { id: 'act', type: 'Activation', activation: act }];
  return sequential(
    `mlp ${act}`,
    [{ id: 'input', type: 'Input', shape: [F] }, ...layers, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }],
    'sparse_categorical_crossentropy',
    { type: 'sgd', lr: LR },
  );
}

export function activationRows(act: Case): Dataset {
  // Inputs over [-3, 3] so hard_sigmoid's flat parts, leaky_relu's and elu's negative sides are
  // reached; exponential of exponential overflows there (float32 softmax of inf), so ±0.5 for it.
  const r = act === 'exponential' ? 0.5 : 3;
  const x = seededArray(N * F, 5, -r, r);
  return { name: 'rows', task: 'classification', n: N, inputShape: [F], inputDtype: 'float32', x, y: Int32Array.from({ length: N }, (_, i) => (i * 7) % 3), targetShape: [], numClasses: 3 };
}

describe('activations: playground vs PyTorch, forward and 5 SGD steps', () => {
  for (const act of [...NEW_ACTIVATIONS, 'LeakyReLU/ELU layers' as const]) {
    it(`${act}: model.py forward within 1e-5, train.py's 5 steps within 1e-5 of the playground's weights`, async () => {
      const spec = activationMlp(act);
      const ds = activationRows(act);
      const { fwd0, fwdAfter, moved, diff } = await torchStepsParity(spec, ds, STEPS, 3);
      console.log(`[activations-torch] ${act}: forward ${fwd0.toExponential(2)} / ${fwdAfter.toExponential(2)} (step 0 / 5); weights moved ${moved.toExponential(2)}; train.py vs playground after ${STEPS} steps ${diff.toExponential(2)}`);
      expect(moved).toBeGreaterThan(1e-3);
      expect(fwd0).toBeLessThan(1e-5);
      expect(fwdAfter).toBeLessThan(1e-5);
      expect(diff).toBeLessThan(1e-5);
    }, 300_000);
  }
});
