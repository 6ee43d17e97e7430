/**
 * Attention maps (src/engine/attention-maps.ts) on real WebGPU: for one input, every
 * MultiHeadAttention layer's weights [H, TQ, TK] equal the float64 reference computed from the
 * layer's weights (src/engine/attention-maps-ref.ts) within 1e-4, rows sum to 1 and padded keys
 * get weight 0. The query/key weights are scaled up so the maps are far from uniform.
 */
import { describe, it, expect } from 'vitest';
import { gpu, seededArray } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { attentionMapsRef } from '../../src/engine/attention-maps-ref';
import { paramOffsets } from '../../src/engine/params';
import { findPreset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import { takeRows } from '../../src/data/split';
import { sequential, type ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';

/** Multiplies every MultiHeadAttention query and key weight by `factor` (sharper maps). */
function sharpen(t: Trainer, params: Float32Array, factor: number): Float32Array {
  const out = params.slice();
  for (const n of t.model.graph.nodes) {
    if (n.spec.type !== 'MultiHeadAttention') continue;
    const o = paramOffsets(t.model.layout, n.spec.id);
    for (const name of ['query_weight', 'key_weight']) {
      const len = n.params.find((p) => p.name === name)!.shape.reduce((a, b) => a * b, 1);
      for (let i = 0; i < len; i++) out[o[name] + i] *= factor;
    }
  }
  return out;
}

async function compareWithReference(spec: ModelSpec, data: Dataset, row: number, factor: number) {
  const { device, pipelines } = await gpu();
  const t = await Trainer.create(device, pipelines, spec, { train: data }, { batchSize: 4, epochs: 1, seed: 3 });
  try {
    t.writeParams(sharpen(t, await t.readParams(), factor));
    const width = data.inputShape.reduce((a, b) => a * b, 1);
    const x = data.x.slice(row * width, (row + 1) * width);
    const maps = await t.attentionMaps(x);
    const ref = attentionMapsRef(t.model.graph, t.model.layout, await t.readParams(), x);
    expect(maps.map((m) => m.layer)).toEqual(ref.map((r) => r.layer));
    let peak = 0;
    for (const [i, m] of maps.entries()) {
      expect(m.weights.length).toBe(m.heads * m.tq * m.tk);
      let worst = 0;
      for (let j = 0; j < m.weights.length; j++) worst = Math.max(worst, Math.abs(m.weights[j] - ref[i].weights[j]));
      expect(worst, `${m.layer}: largest difference from the float64 reference`).toBeLessThan(1e-4);
      for (let r = 0; r < m.heads * m.tq; r++) {
        let sum = 0;
        for (let c = 0; c < m.tk; c++) {
          sum += m.weights[r * m.tk + c];
          peak = Math.max(peak, m.weights[r * m.tk + c]);
        }
        expect(Math.abs(sum - 1), `${m.layer} row ${r} sums to ${sum}`).toBeLessThan(1e-5);
      }
    }
    // Uniform maps would put at most 1/TK on a key: the test must see sharp ones.
    expect(peak).toBeGreaterThan(0.3);
    return { maps, x };
  } finally {
    t.destroy();
  }
}

describe('attention maps', () => {
  it('preset 10a on a padded sentiment review: 2 layers x 4 heads, equal to the float64 reference, padded keys at 0', async () => {
    const preset = findPreset('transformer-sentiment')!;
    const { test } = await loadDataset('sentiment-ids', { seed: 1, n: 64 });
    const T = test.inputShape[0];
    // A review with padding (id 0) at the end.
    let row = 0;
    while (test.x[row * T + T - 1] !== 0) row++;
    const small = takeRows(test, Uint32Array.from({ length: 8 }, (_, i) => i));
    const { maps, x } = await compareWithReference(preset.spec, small, Math.min(row, 7), 6);
    expect(maps.length).toBe(2);
    for (const m of maps) {
      expect([m.heads, m.tq, m.tk]).toEqual([4, T, T]);
      for (let r = 0; r < m.heads * m.tq; r++) for (let c = 0; c < T; c++) if (x[c] === 0) expect(m.weights[r * T + c]).toBe(0);
    }
  });

  it('a causal layer on float sequences: nothing above the diagonal', async () => {
    const T = 6;
    const spec = sequential(
      'causal',
      [
        { id: 'input', type: 'Input', shape: [T, 8] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, causal: true },
        { id: 'pool', type: 'GlobalAveragePooling1D' },
        { id: 'out', type: 'Dense', units: 2, activation: 'softmax' },
      ],
      'sparse_categorical_crossentropy',
      { type: 'adam' },
    );
    const n = 4;
    const data: Dataset = {
      name: 'floats', task: 'classification', n, inputShape: [T, 8], inputDtype: 'float32',
      x: seededArray(n * T * 8, 11, -2, 2), y: Int32Array.from({ length: n }, (_, i) => i % 2), targetShape: [], numClasses: 2,
    };
    const { maps } = await compareWithReference(spec, data, 2, 3);
    const [m] = maps;
    for (let h = 0; h < 2; h++) for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) expect(m.weights[(h * T + i) * T + j]).toBe(0);
  });

  it('answers [] for a model without attention and names the size of a wrong input', async () => {
    const { device, pipelines } = await gpu();
    const preset = findPreset('transformer-sentiment')!;
    const { test } = await loadDataset('sentiment-ids', { seed: 1, n: 64 });
    const t = await Trainer.create(device, pipelines, preset.spec, { train: takeRows(test, Uint32Array.from([0, 1, 2, 3])) }, { batchSize: 4, epochs: 1, seed: 1 });
    try {
      await expect(t.attentionMaps(new Int32Array(5))).rejects.toThrow(/the input has 5 values but the model's input takes 40/);
    } finally {
      t.destroy();
    }
    const mlp = findPreset('spiral-mlp')!;
    const { train } = await loadDataset('spiral', { seed: 1, n: 32 });
    const t2 = await Trainer.create(device, pipelines, mlp.spec, { train }, { batchSize: 8, epochs: 1, seed: 1 });
    try {
      expect(await t2.attentionMaps(new Float32Array(2))).toEqual([]);
    } finally {
      t2.destroy();
    }
  });
});
