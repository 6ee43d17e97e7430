/**
 * The model summary of a Conv1D text classifier against Keras's formulas: Conv1D params
 * K·Cin·F + F, forward FLOPs 2·K·Cin·OT·F, 'same'/'valid' output lengths, the 1D poolings'
 * lengths (strides default to the pool size) with no params; and the TF.js import reading a
 * Keras 3 config (lists of one, causal padding, dilation) and refusing malformed sizes.
 */
import { describe, expect, it } from 'vitest';
import { summarizeModel } from '../../src/engine/summary';
import { sequential } from '../../src/engine/spec';
import { mapLayer } from '../../src/io/tfjs/tfjs-layers-import';

describe('Conv1D and the 1D poolings in the model summary', () => {
  it('Embedding -> Conv1D same -> MaxPooling1D -> Conv1D valid -> AveragePooling1D same -> GlobalAveragePooling1D -> Dense', () => {
    const spec = sequential(
      'c1',
      [
        { id: 'ids', type: 'Input', shape: [40], dtype: 'int32' },
        { id: 'emb', type: 'Embedding', inputDim: 100, outputDim: 16 },
        { id: 'c', type: 'Conv1D', filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' },
        { id: 'm', type: 'MaxPooling1D', poolSize: 3 },
        { id: 'c2', type: 'Conv1D', filters: 8, kernelSize: 3, strides: 2, useBias: false },
        { id: 'a', type: 'AveragePooling1D', padding: 'same' },
        { id: 'g', type: 'GlobalAveragePooling1D' },
        { id: 'out', type: 'Dense', units: 4, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'adam' },
    );
    const rows = new Map(summarizeModel(spec).rows.map((r) => [r.name, r]));
    expect(rows.get('c')).toMatchObject({ type: 'Conv1D', outputShape: '(None, 40, 32)', params: 5 * 16 * 32 + 32, flopsPerSample: 2 * 5 * 16 * 40 * 32 });
    expect(rows.get('m')).toMatchObject({ type: 'MaxPooling1D', outputShape: '(None, 13, 32)', params: 0 });
    // valid, stride 2: floor((13 - 3) / 2) + 1 = 6
    expect(rows.get('c2')).toMatchObject({ outputShape: '(None, 6, 8)', params: 3 * 32 * 8, flopsPerSample: 2 * 3 * 32 * 6 * 8 });
    expect(rows.get('a')).toMatchObject({ type: 'AveragePooling1D', outputShape: '(None, 3, 8)', params: 0 });
  });

  it('TF.js import: Keras 3 lists of one, causal padding and dilation read back; a kernel pair refused', () => {
    const problems: string[] = [];
    const p = (field: string, msg: string) => problems.push(`${field}: ${msg}`);
    expect(mapLayer('Conv1D', { filters: 4, kernel_size: [3], strides: [2], padding: 'causal', dilation_rate: [1], activation: 'relu', use_bias: false }, 'c', p, problems)).toEqual({
      id: 'c', type: 'Conv1D', filters: 4, kernelSize: 3, strides: 2, padding: 'causal', activation: 'relu', useBias: false,
    });
    expect(mapLayer('MaxPooling1D', { pool_size: [3], strides: null, padding: 'same' }, 'm', p, problems)).toEqual({ id: 'm', type: 'MaxPooling1D', poolSize: 3, strides: 3, padding: 'same' });
    expect(mapLayer('AveragePooling1D', { pool_size: 2, strides: 1 }, 'a', p, problems)).toEqual({ id: 'a', type: 'AveragePooling1D', poolSize: 2, strides: 1, padding: 'valid' });
    expect(problems).toEqual([]);
    expect(mapLayer('Conv1D', { filters: 4, kernel_size: 3, dilation_rate: [2] }, 'c', p, problems)).toMatchObject({ kernelSize: 3, dilationRate: 2, strides: 1, padding: 'valid' });
    expect(problems).toEqual([]);
    mapLayer('Conv1D', { filters: 4, kernel_size: [3, 3], dilation_rate: [2, 2] }, 'c', p, problems);
    expect(problems).toEqual(['dilation_rate: must be a positive whole number or a list of one (got [2,2])', 'kernel_size: must be a positive whole number or a list of one (got [3,3])']);
  });
});
