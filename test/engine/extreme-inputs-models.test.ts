/**
 * Whole models on unscaled inputs (features around ±1000, as a raw CSV column such as wine's
 * proline gives): every tanh/sigmoid in a Dense or Conv2D epilogue and in the SimpleRNN, LSTM and
 * GRU cells saturates instead of turning into NaN, so one training step's gradient still equals
 * float64 finite differences of the reference model. Before the kernels clamped tanh's argument,
 * WGSL's tanh(89) was NaN on SwiftShader and every case here failed at step 1.
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck, randomDataset } from '../helpers/gradcheck';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';

const model = (input: number[], layers: LayerInit[]): ModelSpec =>
  sequential('extreme', [{ id: 'in', type: 'Input', shape: input }, ...layers, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }], 'sparse_categorical_crossentropy', { type: 'adam' });

const CASES: [string, ModelSpec][] = [
  ['Dense(8, tanh) -> Dense(8, sigmoid)', model([4], [{ id: 'd1', type: 'Dense', units: 8, activation: 'tanh' }, { id: 'd2', type: 'Dense', units: 8, activation: 'sigmoid' }])],
  ['Conv2D(4, 3x3, tanh) -> Flatten', model([5, 5, 1], [{ id: 'c', type: 'Conv2D', filters: 4, kernelSize: 3, activation: 'tanh' }, { id: 'f', type: 'Flatten' }])],
  ['SimpleRNN(6, tanh)', model([5, 3], [{ id: 'r', type: 'SimpleRNN', units: 6 }])],
  ['LSTM(6)', model([5, 3], [{ id: 'r', type: 'LSTM', units: 6 }])],
  ['GRU(8)', model([5, 3], [{ id: 'r', type: 'GRU', units: 8 }])],
  ['Activation(tanh) on raw inputs', model([4], [{ id: 'a', type: 'Activation', activation: 'tanh' }])],
];

describe('models on inputs scaled by 1000', () => {
  for (const [name, spec] of CASES) {
    it(`${name}: one step's gradient is finite and matches finite differences`, async () => {
      const ds = randomDataset(spec, 6, 11);
      const x = ds.x as Float32Array;
      for (let i = 0; i < x.length; i++) x[i] = x[i] * 1000 + (i % 2 ? 89 : -89);
      const { worst, gmax, where } = await modelGradCheck(spec, ds, { maxChecked: 120 });
      expect(Number.isFinite(gmax), `largest |gradient| ${gmax}`).toBe(true);
      expect(worst, where).toBeLessThan(2e-3);
    });
  }
});
