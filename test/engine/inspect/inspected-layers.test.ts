/**
 * Which models the inside views are offered for (spec-level, before a build): neuron maps for a
 * 2-feature float input with a hidden Dense layer, conv views for an [H, W, C] input with a Conv2D.
 */
import { describe, expect, it } from 'vitest';
import { hasConvViews, hasNeuronMaps } from '../../../src/engine/inspect/inspected-layers';
import { sequential } from '../../../src/engine/spec';
import { findPreset } from '../../../src/presets/presets';

describe('inside view availability', () => {
  it('follows the input and the layers', () => {
    const spiral = findPreset('spiral-mlp')!.spec;
    const cnn = findPreset('cnn')!.spec;
    expect([hasNeuronMaps(spiral), hasConvViews(spiral)]).toEqual([true, false]);
    expect([hasNeuronMaps(cnn), hasConvViews(cnn)]).toEqual([false, true]);
    // Only the output layer is Dense: no hidden unit to map.
    const logistic = sequential('logistic', [{ id: 'input', type: 'Input', shape: [2] }, { id: 'dense', type: 'Dense', units: 1, activation: 'sigmoid' }], 'binary_crossentropy', { type: 'sgd', lr: 0.1 });
    expect(hasNeuronMaps(logistic)).toBe(false);
    const three = sequential('three', [{ id: 'input', type: 'Input', shape: [3] }, { id: 'h', type: 'Dense', units: 4 }, { id: 'o', type: 'Dense', units: 1 }], 'mse', { type: 'sgd', lr: 0.1 });
    expect(hasNeuronMaps(three)).toBe(false);
    const two = sequential('two', [{ id: 'input', type: 'Input', shape: [2] }, { id: 'h', type: 'Dense', units: 4 }, { id: 'o', type: 'Dense', units: 1 }], 'mse', { type: 'sgd', lr: 0.1 });
    expect(hasNeuronMaps(two)).toBe(true);
    const ids = sequential('ids', [{ id: 'input', type: 'Input', shape: [2], dtype: 'int32' }, { id: 'h', type: 'Dense', units: 4 }, { id: 'o', type: 'Dense', units: 1 }], 'mse', { type: 'sgd', lr: 0.1 });
    expect(hasNeuronMaps(ids)).toBe(false);
    const flat = sequential('flat', [{ id: 'input', type: 'Input', shape: [784] }, { id: 'h', type: 'Dense', units: 4 }, { id: 'o', type: 'Dense', units: 10 }], 'mse', { type: 'sgd', lr: 0.1 });
    expect(hasConvViews(flat)).toBe(false);
  });
});
