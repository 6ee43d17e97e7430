/**
 * Whole-model gradient checks: the gradient the GPU computes in one training step (read from the
 * flat gradient buffer) against central finite differences of the float64 reference model.
 */
import { describe, it, expect } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import { modelGradCheck, randomDataset } from '../helpers/gradcheck';
import { SPEC_FORMAT, SPEC_VERSION, sequential, type ModelSpec } from '../../src/engine/spec';

/** One batch of `batch` random rows; about `maxChecked` parameters checked. */
const gradCheck = (spec: ModelSpec, batch: number, maxChecked: number, classes = 0, h?: number) =>
  modelGradCheck(spec, randomDataset(spec, batch, 5, classes), { maxChecked, h });

describe('whole-model gradient checks against float64 finite differences', () => {
  it('preset 1 (MLP 100-64-64-10, softmax + sparse cross-entropy)', async () => {
    const { worst, checked } = await gradCheck(findPreset('mlp-100')!.spec, 8, 600);
    expect(checked).toBeGreaterThan(400);
    expect(worst).toBeLessThan(2e-3);
  });

  it('preset 7 (regression 2-10-1 with a separate ReLU, MSE), every parameter', async () => {
    const { worst, checked } = await gradCheck(findPreset('regression')!.spec, 6, 1000);
    expect(checked).toBe(2 * 10 + 10 + 10 + 1);
    expect(worst).toBeLessThan(2e-3);
  });

  it('preset 3 (Conv2D 32 -> MaxPool -> Flatten -> Dense 64 -> Dense 10) on two 28x28 images', async () => {
    // ~40k ReLU units and 5408 pooling windows: a step of 1e-5 can cross a kink, so step 1e-7
    // (float64 rounding of the loss is ~1e-16, far below that).
    const { worst, checked, where } = await gradCheck(findPreset('cnn')!.spec, 2, 250, 0, 1e-7);
    expect(checked).toBeGreaterThan(200);
    expect(worst, where).toBeLessThan(2e-3);
  }, 300_000);

  it('a branching graph with a residual Add, a Reshape and a standalone softmax', async () => {
    const spec: ModelSpec = {
      ...sequential('branchy', [{ id: 'in', type: 'Input', shape: [6] }], 'categorical_crossentropy', { type: 'adam' }),
      layers: [
        { id: 'in', type: 'Input', shape: [6], inputs: [] },
        { id: 'a', type: 'Dense', units: 8, activation: 'tanh', inputs: ['in'] },
        { id: 'b', type: 'Dense', units: 8, activation: 'sigmoid', inputs: ['a'] },
        { id: 'sum', type: 'Add', inputs: ['a', 'b'] },
        { id: 'r', type: 'Reshape', targetShape: [2, 4], inputs: ['sum'] },
        { id: 'f', type: 'Flatten', inputs: ['r'] },
        { id: 'logits', type: 'Dense', units: 4, inputs: ['f'] },
        { id: 'probs', type: 'Activation', activation: 'softmax', inputs: ['logits'] },
      ],
      output: 'probs',
      loss: 'sparse_categorical_crossentropy',
    };
    const { worst } = await gradCheck(spec, 5, 1000, 4);
    expect(worst).toBeLessThan(2e-3);
  });

  it('a gated branch: Multiply of a tanh and a sigmoid Dense, and Multiply of a layer with itself', async () => {
    const spec: ModelSpec = {
      ...sequential('gated', [{ id: 'in', type: 'Input', shape: [6] }], 'sparse_categorical_crossentropy', { type: 'adam' }),
      layers: [
        { id: 'in', type: 'Input', shape: [6], inputs: [] },
        { id: 'h', type: 'Dense', units: 8, activation: 'tanh', inputs: ['in'] },
        { id: 'g', type: 'Dense', units: 8, activation: 'sigmoid', inputs: ['in'] },
        { id: 'gated', type: 'Multiply', inputs: ['h', 'g'] },
        { id: 'sq', type: 'Multiply', inputs: ['gated', 'gated'] },
        { id: 'mix', type: 'Add', inputs: ['gated', 'sq'] },
        { id: 'out', type: 'Dense', units: 4, activation: 'softmax', inputs: ['mix'] },
      ],
      output: 'out',
    };
    const { worst, checked, names } = await gradCheck(spec, 5, 1000, 4);
    expect(names.has('h.weight') && names.has('g.weight')).toBe(true);
    expect(checked).toBe(6 * 8 + 8 + 6 * 8 + 8 + 8 * 4 + 4);
    expect(worst).toBeLessThan(2e-3);
  });

  it('Concatenate: three branches on the last axis, one of them twice, and two sequences on the time axis', async () => {
    const spec: ModelSpec = {
      ...sequential('joined', [{ id: 'in', type: 'Input', shape: [3, 4] }], 'sparse_categorical_crossentropy', { type: 'adam' }),
      layers: [
        { id: 'in', type: 'Input', shape: [3, 4], inputs: [] },
        { id: 'a', type: 'Dense', units: 2, activation: 'tanh', inputs: ['in'] },
        { id: 'b', type: 'Dense', units: 3, activation: 'sigmoid', inputs: ['in'] },
        { id: 'cat', type: 'Concatenate', inputs: ['a', 'b', 'a'] },
        { id: 'time', type: 'Concatenate', axis: 1, inputs: ['cat', 'cat'] },
        { id: 'f', type: 'Flatten', inputs: ['time'] },
        { id: 'out', type: 'Dense', units: 4, activation: 'softmax', inputs: ['f'] },
      ],
      output: 'out',
    };
    const { worst, checked } = await gradCheck(spec, 5, 1000, 4);
    expect(checked).toBe(4 * 2 + 2 + 4 * 3 + 3 + 6 * 7 * 4 + 4);
    expect(worst).toBeLessThan(2e-3);
  });

  it('ZeroPadding2D: asymmetric padding before a convolution, then even padding before Flatten', async () => {
    const spec = sequential(
      'padded',
      [
        { id: 'in', type: 'Input', shape: [4, 4, 2] },
        { id: 'p1', type: 'ZeroPadding2D', padding: [[1, 0], [0, 2]] },
        { id: 'conv', type: 'Conv2D', filters: 2, kernelSize: 3, activation: 'tanh' },
        { id: 'p2', type: 'ZeroPadding2D' },
        { id: 'f', type: 'Flatten' },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'adam' },
    );
    const { worst, checked } = await gradCheck(spec, 4, 1000, 3);
    expect(checked).toBe(3 * 3 * 2 * 2 + 2 + 5 * 6 * 2 * 3 + 3);
    expect(worst).toBeLessThan(2e-3);
  });

  it('UpSampling2D: a [2, 3] enlargement between two convolutions, then Flatten', async () => {
    const spec = sequential(
      'upsampled',
      [
        { id: 'in', type: 'Input', shape: [3, 3, 2] },
        { id: 'conv', type: 'Conv2D', filters: 2, kernelSize: 2, activation: 'tanh' },
        { id: 'up', type: 'UpSampling2D', size: [2, 3] },
        { id: 'conv2', type: 'Conv2D', filters: 2, kernelSize: 3, strides: 2, activation: 'sigmoid' },
        { id: 'f', type: 'Flatten' },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'adam' },
    );
    const { worst, checked } = await gradCheck(spec, 4, 1000, 3);
    expect(checked).toBe(2 * 2 * 2 * 2 + 2 + 3 * 3 * 2 * 2 + 2 + 1 * 2 * 2 * 3 + 3);
    expect(worst).toBeLessThan(2e-3);
  });

  it('Conv1D (same with stride 2, causal with softmax) and both 1D poolings, then GlobalAveragePooling1D', async () => {
    const spec = sequential(
      'conv1d',
      [
        { id: 'in', type: 'Input', shape: [9, 3] },
        { id: 'c', type: 'Conv1D', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' },
        { id: 'm', type: 'MaxPooling1D', poolSize: 2, strides: 1, padding: 'same' },
        { id: 'c2', type: 'Conv1D', filters: 3, kernelSize: 2, padding: 'causal', activation: 'softmax' },
        { id: 'a', type: 'AveragePooling1D', padding: 'same' },
        { id: 'g', type: 'GlobalAveragePooling1D' },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'adam' },
    );
    const { worst, checked } = await gradCheck(spec, 4, 1000, 3);
    expect(checked).toBe(3 * 3 * 4 + 4 + 2 * 4 * 3 + 3 + 3 * 3 + 3);
    expect(worst).toBeLessThan(2e-3);
  });
  it('GlobalMaxPooling2D and GlobalMaxPooling1D: a convolution pooled over the image, a per-step Dense pooled over time', async () => {
    const spec: ModelSpec = {
      format: SPEC_FORMAT,
      version: SPEC_VERSION,
      name: 'global max',
      layers: [
        { id: 'in', type: 'Input', shape: [4, 4, 2], inputs: [] },
        { id: 'conv', type: 'Conv2D', filters: 3, kernelSize: 2, activation: 'tanh', inputs: ['in'] },
        { id: 'g2', type: 'GlobalMaxPooling2D', inputs: ['conv'] },
        { id: 'rows', type: 'Reshape', targetShape: [4, 8], inputs: ['in'] },
        { id: 'step', type: 'Dense', units: 2, activation: 'tanh', inputs: ['rows'] },
        { id: 'g1', type: 'GlobalMaxPooling1D', inputs: ['step'] },
        { id: 'cat', type: 'Concatenate', inputs: ['g2', 'g1'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['cat'] },
      ],
      output: 'out',
      loss: 'sparse_categorical_crossentropy',
      optimizer: { type: 'adam' },
    };
    const { worst, checked } = await gradCheck(spec, 4, 1000, 3);
    expect(checked).toBe(2 * 2 * 2 * 3 + 3 + 8 * 2 + 2 + 5 * 3 + 3);
    expect(worst).toBeLessThan(2e-3);
  });
  it('PReLU: per channel of a convolution ([1, 2]) and per value after a Dense, alphas at their zero start', async () => {
    const spec = sequential(
      'prelu',
      [
        { id: 'in', type: 'Input', shape: [4, 4, 2] },
        { id: 'conv', type: 'Conv2D', filters: 3, kernelSize: 2 },
        { id: 'act', type: 'PReLU', sharedAxes: [1, 2] },
        { id: 'f', type: 'Flatten' },
        { id: 'hidden', type: 'Dense', units: 4 },
        { id: 'act2', type: 'PReLU' },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'adam' },
    );
    const { worst, checked } = await gradCheck(spec, 4, 1000, 3);
    expect(checked).toBe(2 * 2 * 2 * 3 + 3 + 3 + 27 * 4 + 4 + 4 + 4 * 3 + 3);
    expect(worst).toBeLessThan(2e-3);
  });
});
