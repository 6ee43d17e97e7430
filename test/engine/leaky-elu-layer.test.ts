/**
 * The LeakyReLU and ELU layers: their parameters are checked by name (LeakyReLU's negativeSlope
 * >= 0, ELU's alpha > 0, finite numbers), and a whole model through both (set and default
 * parameters, after a Dense and after a Conv2D) has the GPU gradient of float64 finite differences.
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck, randomDataset } from '../helpers/gradcheck';
import { layerDef } from '../../src/engine/layers/registry';
import { sequential, type LayerSpec } from '../../src/engine/spec';

const errorsFor = (layer: LayerSpec): string[] => {
  const out: string[] = [];
  layerDef(layer.type)!.infer(layer as never, [{ shape: [4], dtype: 'float32' }], (f, m) => out.push(`${f}: ${m}`));
  return out;
};

describe('LeakyReLU and ELU layers', () => {
  it('check their parameter by name', () => {
    expect(errorsFor({ id: 'l', type: 'LeakyReLU' })).toEqual([]);
    expect(errorsFor({ id: 'l', type: 'LeakyReLU', negativeSlope: 0 })).toEqual([]);
    expect(errorsFor({ id: 'l', type: 'LeakyReLU', negativeSlope: -0.1 })).toEqual(['negativeSlope: negativeSlope must be a number >= 0 (got -0.1)']);
    expect(errorsFor({ id: 'l', type: 'LeakyReLU', negativeSlope: 'x' as never })).toEqual(['negativeSlope: negativeSlope must be a number >= 0 (got "x")']);
    expect(errorsFor({ id: 'e', type: 'ELU', alpha: 2 })).toEqual([]);
    expect(errorsFor({ id: 'e', type: 'ELU', alpha: 0 })).toEqual(['alpha: alpha must be a number > 0 (got 0)']);
    expect(errorsFor({ id: 'e', type: 'ELU', alpha: Infinity })).toEqual(['alpha: alpha must be a number > 0 (got null)']);
  });

  it('gradient check: Conv2D -> LeakyReLU -> ELU(0.5) -> Flatten -> Dense -> LeakyReLU(0.05) -> ELU -> Dense(softmax)', async () => {
    const spec = sequential(
      'leaky elu',
      [
        { id: 'in', type: 'Input', shape: [5, 5, 2] },
        { id: 'c', type: 'Conv2D', filters: 3, kernelSize: 3 },
        { id: 'l1', type: 'LeakyReLU' },
        { id: 'e1', type: 'ELU', alpha: 0.5 },
        { id: 'f', type: 'Flatten' },
        { id: 'd', type: 'Dense', units: 6 },
        { id: 'l2', type: 'LeakyReLU', negativeSlope: 0.05 },
        { id: 'e2', type: 'ELU' },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'sgd', lr: 0.1 },
    );
    const { worst, checked, where } = await modelGradCheck(spec, randomDataset(spec, 4, 5, 3), { maxChecked: 300, h: 1e-6 });
    console.log(`[leaky-elu-layer] ${checked} parameters, worst relative error ${worst.toExponential(2)} at ${where}`);
    expect(checked).toBeGreaterThan(100);
    expect(worst).toBeLessThan(2e-3);
  });
});
