/**
 * Whole-model gradient checks of the Keras 3 activations: the GPU's gradient after one training
 * step against central finite differences of the float64 reference model, with each activation
 * fused into Dense, fused into Conv2D (conv2d_backward_dz's act_grad) and as an Activation layer
 * (swish through gelu.wgsl's FN 1).
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck, randomDataset } from '../helpers/gradcheck';
import { sequential, type Activation, type LayerInit } from '../../src/engine/spec';

const ACTS: Activation[] = ['leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'hard_sigmoid', 'exponential'];

describe('gradient checks of the Keras 3 activations', () => {
  it('MLP: each activation fused into a Dense and as an Activation layer', async () => {
    const layers: LayerInit[] = [{ id: 'in', type: 'Input', shape: [5] }];
    for (const a of ACTS) {
      layers.push({ id: `d_${a}`, type: 'Dense', units: 4, activation: a });
      layers.push({ id: `a_${a}`, type: 'Activation', activation: a === 'exponential' ? 'softsign' : a });
    }
    layers.push({ id: 'out', type: 'Dense', units: 3, activation: 'softmax' });
    const spec = sequential('act mlp', layers, 'sparse_categorical_crossentropy', { type: 'sgd', lr: 0.1 });
    const { worst, checked, where } = await modelGradCheck(spec, randomDataset(spec, 6, 5, 3), { maxChecked: 400 });
    console.log(`[activations-gradcheck] mlp: ${checked} parameters, worst relative error ${worst.toExponential(2)} at ${where}`);
    expect(checked).toBeGreaterThan(150);
    expect(worst).toBeLessThan(2e-3);
  });

  it('CNN: leaky_relu, elu, hard_sigmoid, softplus fused into Conv2D', async () => {
    const spec = sequential(
      'act cnn',
      [
        { id: 'in', type: 'Input', shape: [6, 6, 2] },
        { id: 'c1', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', activation: 'leaky_relu' },
        { id: 'c2', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', activation: 'elu' },
        { id: 'c3', type: 'Conv2D', filters: 3, kernelSize: 3, activation: 'hard_sigmoid' },
        { id: 'c4', type: 'Conv2D', filters: 2, kernelSize: 1, activation: 'softplus' },
        { id: 'f', type: 'Flatten' },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'sgd', lr: 0.1 },
    );
    const { worst, checked, where } = await modelGradCheck(spec, randomDataset(spec, 3, 5, 3), { maxChecked: 300, h: 1e-6 });
    console.log(`[activations-gradcheck] cnn: ${checked} parameters, worst relative error ${worst.toExponential(2)} at ${where}`);
    expect(checked).toBeGreaterThan(150);
    expect(worst).toBeLessThan(2e-3);
  });
});
