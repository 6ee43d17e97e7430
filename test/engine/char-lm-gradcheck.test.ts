/**
 * The per-position loss inside whole causal language models: one GPU training step's gradient
 * (Embedding -> PositionEmbedding -> causal MultiHeadAttention -> Dense(V, softmax) applied at every
 * position, sparse cross-entropy over all B*T positions) against float64 finite differences of the
 * reference model; and the loss the GPU reports against the reference loss.
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck } from '../helpers/gradcheck';
import { gpu } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { referenceForward, referenceLoss } from '../../src/engine/reference/model';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';

const T = 6;
const V = 9;
const D = 8;

/** Next-token windows over a pseudo-random id stream: x = s[i..i+T), y = s[i+1..i+T+1). */
function lmDataset(n: number, seed: number): Dataset {
  const stream = Int32Array.from({ length: n + T + 1 }, (_, i) => (i * 5 + seed * 3 + ((i * i) % 7)) % V);
  const x = new Int32Array(n * T);
  const y = new Int32Array(n * T);
  for (let r = 0; r < n; r++) {
    x.set(stream.subarray(r, r + T), r * T);
    y.set(stream.subarray(r + 1, r + T + 1), r * T);
  }
  return { name: 'lm', task: 'classification', n, inputShape: [T], inputDtype: 'int32', x, y, targetShape: [T], numClasses: V };
}

function lm(block: boolean): ModelSpec {
  const layers: LayerInit[] = [
    { id: 'in', type: 'Input', shape: [T], dtype: 'int32' },
    { id: 'emb', type: 'Embedding', inputDim: V, outputDim: D },
    { id: 'pos', type: 'PositionEmbedding' },
    { id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, causal: true },
  ];
  if (block) {
    layers.push(
      { id: 'add_a', type: 'Add', inputs: ['pos', 'mha'] },
      { id: 'ln_a', type: 'LayerNormalization' },
      { id: 'ffn', type: 'Dense', units: 16, activation: 'gelu' },
      { id: 'proj', type: 'Dense', units: D },
      { id: 'add_b', type: 'Add', inputs: ['ln_a', 'proj'] },
      { id: 'ln_b', type: 'LayerNormalization' },
    );
  }
  layers.push({ id: 'out', type: 'Dense', units: V, activation: 'softmax' });
  return sequential('tiny-lm', layers, 'sparse_categorical_crossentropy', { type: 'adam' });
}

describe('causal language model, per-position loss: whole-model gradient checks', () => {
  for (const block of [false, true]) {
    it(block ? 'one Transformer block (Add, LayerNorm, GELU FFN) between attention and the output' : 'Embedding -> PositionEmbedding -> MHA(causal) -> Dense(V) per position', async () => {
      const { worst, checked, where, dispatches } = await modelGradCheck(lm(block), lmDataset(3, 2), { maxChecked: 800 });
      expect(checked).toBeGreaterThan(300);
      expect(worst, where).toBeLessThan(2e-3);
      expect(dispatches).toContain('loss');
      console.log(`char-lm gradcheck (block ${block}): worst ${worst.toExponential(2)} over ${checked} parameters`);
    });
  }

  it('the loss and accuracy the GPU reports are means over all B*T positions (reference loss, counts)', async () => {
    const { device, pipelines } = await gpu();
    const spec = lm(false);
    const ds = lmDataset(5, 4);
    const t = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: 2, epochs: 1, seed: 7 });
    try {
      const p = Float64Array.from(await t.readParams());
      const r = await t.evaluate(ds);
      // 5 samples in batches of 2: the tail batch counts one sample, so T positions of it.
      expect(r.count).toBe(5 * T);
      const out = referenceForward(t.model.graph, t.model.layout, p, ds.x, ds.n);
      expect(r.loss).toBeCloseTo(referenceLoss(t.model.graph, out, ds.y, ds.n), 5);
      let correct = 0;
      for (let row = 0; row < ds.n * T; row++) {
        let best = 0;
        for (let c = 1; c < V; c++) if (out[row * V + c] > out[row * V + best]) best = c;
        if (best === ds.y[row]) correct++;
      }
      expect(r.accuracy).toBeCloseTo(correct / (ds.n * T), 6);
      // predict and predictOne return the whole [T, V] distribution per sample.
      const all = await t.predict(ds);
      expect(all.length).toBe(ds.n * T * V);
      const one = await t.predictOne(ds.x.slice(T, 2 * T));
      expect(one.length).toBe(T * V);
      for (let i = 0; i < T * V; i++) expect(one[i]).toBeCloseTo(out[T * V + i], 5);
    } finally {
      t.destroy();
    }
  });
});
