/** The model summary's numbers against hand-computed ones (Keras's formulas) for three presets. */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import { groupDigits, kerasShape, paramTotalsLines, readableBytes, summarizeModel } from '../../src/engine/summary';
import { summaryTable } from '../../src/cli/summary-table';
import { sequential } from '../../src/engine/spec';

const summaryOf = (id: string) => summarizeModel(findPreset(id)!.spec);
const byName = (id: string) => new Map(summaryOf(id).rows.map((r) => [r.name, r]));

describe('model summary', () => {
  it('mlp-100: Dense params in*out+out, Keras totals and sizes', () => {
    const s = summaryOf('mlp-100');
    expect(s.rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ['input', 'Input', '(None, 100)', 0],
      ['dense', 'Dense', '(None, 64)', 100 * 64 + 64],
      ['dense_1', 'Dense', '(None, 64)', 64 * 64 + 64],
      ['dense_2', 'Dense', '(None, 10)', 64 * 10 + 10],
    ]);
    expect(s.totalParams).toBe(11274);
    expect(s.trainableParams).toBe(11274);
    expect(s.nonTrainableParams).toBe(0);
    // 11,274 * 4 bytes = 45,096 B = 44.039 KB
    expect(paramTotalsLines(s)).toEqual(['Total params: 11,274 (44.04 KB)', 'Trainable params: 11,274 (44.04 KB)', 'Non-trainable params: 0 (0.00 B)']);
    // Dense forward: 2*in*out multiply-adds + out for the bias/activation.
    expect(s.rows[1].flopsPerSample).toBe(2 * 100 * 64 + 64);
    expect(s.rows.map((r) => r.activationBytes)).toEqual([400, 256, 256, 40]);
    expect(s.activationBytes).toBe(952);
    expect(s.rows.map((r) => r.trainable)).toEqual([false, true, true, true]);
  });

  it('cnn: conv and pooling shapes, Flatten shares its input', () => {
    const r = byName('cnn');
    expect(r.get('conv2d')).toMatchObject({ outputShape: '(None, 26, 26, 32)', params: 3 * 3 * 1 * 32 + 32, flopsPerSample: 2 * 3 * 3 * 1 * 26 * 26 * 32, activationBytes: 26 * 26 * 32 * 4 });
    expect(r.get('max_pooling2d')).toMatchObject({ outputShape: '(None, 13, 13, 32)', params: 0 });
    expect(r.get('flatten')).toMatchObject({ outputShape: '(None, 5408)', params: 0, activationBytes: 0 });
    expect(r.get('dense')!.params).toBe(13 * 13 * 32 * 64 + 64);
    expect(summaryOf('cnn').totalParams).toBe(320 + 346176 + 650);
  });

  it('lstm-topics: Embedding vocab*dim, LSTM 4*(units*(in+units)+units)', () => {
    const r = byName('lstm-topics');
    expect(r.get('embedding')).toMatchObject({ outputShape: '(None, 64, 64)', params: 1000 * 64 });
    expect(r.get('lstm')).toMatchObject({ outputShape: '(None, 64)', params: 4 * (64 * (64 + 64) + 64) });
    expect(summaryOf('lstm-topics').totalParams).toBe(64000 + 33024 + 650);
  });

  it('the issue-17 layers: PReLU one alpha per value or per channel (Keras: 8*8*4 and 4), the rest none', () => {
    const spec = sequential('new', [
      { id: 'in', type: 'Input', shape: [8, 8, 3] },
      { id: 'conv', type: 'Conv2D', filters: 4, kernelSize: 1 },
      { id: 'p_all', type: 'PReLU' },
      { id: 'p_ch', type: 'PReLU', sharedAxes: [1, 2] },
      { id: 'noise', type: 'GaussianNoise', stddev: 0.1 },
      { id: 'sd', type: 'SpatialDropout2D', rate: 0.2 },
      { id: 'gmax', type: 'GlobalMaxPooling2D' },
      { id: 'out', type: 'Dense', units: 2, activation: 'softmax' },
    ], 'sparse_categorical_crossentropy', { type: 'adam' });
    const s = summarizeModel(spec);
    expect(s.rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ['in', 'Input', '(None, 8, 8, 3)', 0],
      ['conv', 'Conv2D', '(None, 8, 8, 4)', 3 * 4 + 4],
      ['p_all', 'PReLU', '(None, 8, 8, 4)', 8 * 8 * 4],
      ['p_ch', 'PReLU', '(None, 8, 8, 4)', 4],
      ['noise', 'GaussianNoise', '(None, 8, 8, 4)', 0],
      ['sd', 'SpatialDropout2D', '(None, 8, 8, 4)', 0],
      ['gmax', 'GlobalMaxPooling2D', '(None, 4)', 0],
      ['out', 'Dense', '(None, 2)', 4 * 2 + 2],
    ]);
    expect(s.totalParams).toBe(16 + 256 + 4 + 10);
  });

  it('formats like Keras', () => {
    expect(kerasShape([28, 28, 32])).toBe('(None, 28, 28, 32)');
    expect(readableBytes(101770 * 4)).toBe('397.54 KB');
    expect(readableBytes(347146 * 4)).toBe('1.32 MB');
    expect(readableBytes(0)).toBe('0.00 B');
    expect(groupDigits(101770)).toBe('101,770');
    expect(groupDigits(999)).toBe('999');
  });

  it('prints a box table with one row per layer and the totals', () => {
    const text = summaryTable(summaryOf('mlp-100'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "MLP 100-64-64-10"');
    expect(lines[1]).toMatch(/^┏━+┳/);
    expect(lines[2]).toMatch(/^┃ Layer \(type\) +┃ Output Shape +┃ Param # ┃/);
    expect(text).toMatch(/^│ dense_2 \(Dense\) +│ \(None, 10\) +│ +650 │/m);
    expect(text).toContain(' Total params: 11,274 (44.04 KB)');
    // Every table line has the same width.
    const table = lines.filter((l) => /^[┏┃┡│├└]/.test(l));
    expect(new Set(table.map((l) => [...l].length)).size).toBe(1);
    expect(table).toHaveLength(4 + 4 + 3);
  });

  it('throws the validation errors of a broken spec', () => {
    const spec = structuredClone(findPreset('mlp-100')!.spec);
    spec.output = 'nope';
    expect(() => summarizeModel(spec)).toThrow(/output layer "nope" does not exist/);
  });
});
