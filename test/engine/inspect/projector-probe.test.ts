/**
 * The projector's penultimate activations read back from the GPU (a LayerOutputsProbe of the one
 * node, as src/worker/inside/projector.ts builds it, over an inference copy on the trained weights)
 * against the float64 reference forward of the model cut at that layer, on a Dense model with
 * Dropout (inference: identity) and an Embedding -> LSTM with padding; and the projection sources.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/data/dataset';
import { buildGraph } from '../../../src/engine/graph';
import { LayerOutputsProbe } from '../../../src/engine/inspect/layer-outputs';
import { penultimateNode, tokenEmbedding } from '../../../src/engine/inspect/projection-source';
import { size } from '../../../src/engine/layers/layer';
import { layoutParams, paramOffsets } from '../../../src/engine/params';
import { referenceForward } from '../../../src/engine/reference/model';
import { sequential, type ModelSpec } from '../../../src/engine/spec';
import { Trainer } from '../../../src/engine/trainer';
import { findPreset } from '../../../src/presets/presets';
import { gpu, seededArray } from '../../helpers/gpu';
import { maxAbsDiff } from '../../helpers/max-abs-diff';

/** The float64 output of layer `node` for every row of `x`: the spec cut at `node`, the trained weights mapped by layer. */
function referenceAt(spec: ModelSpec, node: string, params: Float32Array, x: ArrayLike<number>, n: number): Float64Array {
  const full = layoutParams(buildGraph(spec));
  const keep = new Set<string>();
  const stack = [node];
  while (stack.length) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    stack.push(...(spec.layers.find((l) => l.id === id)!.inputs ?? []));
  }
  const cut = buildGraph({ ...spec, layers: spec.layers.filter((l) => keep.has(l.id)), output: node, loss: 'mse' });
  const layout = layoutParams(cut);
  const flat = new Float64Array(layout.total);
  for (const g of cut.nodes) {
    const from = paramOffsets(full, g.spec.id);
    const to = paramOffsets(layout, g.spec.id);
    for (const p of g.params) for (let i = 0; i < size(p.shape); i++) flat[to[p.name] + i] = params[from[p.name] + i];
  }
  return referenceForward(cut, layout, flat, x, n);
}

function tokens(n: number, T: number, vocab: number, seed: number): Int32Array {
  const x = new Int32Array(n * T);
  let s = seed >>> 0;
  for (let r = 0; r < n; r++) {
    const len = 3 + (r % (T - 2)); // padding (id 0) after a varying length
    for (let t = 0; t < len; t++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      x[r * T + t] = 1 + (s % (vocab - 1));
    }
  }
  return x;
}

async function check(spec: ModelSpec, data: Dataset, expectNode: string): Promise<void> {
  const { device, pipelines } = await gpu();
  const trainer = await Trainer.create(device, pipelines, spec, { train: data }, { batchSize: 16, epochs: 1, seed: 5 });
  try {
    await trainer.trainEpoch(() => undefined);
    const node = penultimateNode(trainer.model.graph)!;
    expect(node.spec.id).toBe(expectNode);
    const probe = await LayerOutputsProbe.create(trainer.model, [node.spec.id], data.n);
    const read = async () => (await probe.run(data.x)).outputs[0].values;
    const width = size(node.out.shape);
    try {
      const got = await read();
      const params = await trainer.readParams();
      const want = referenceAt(spec, node.spec.id, params, data.x, data.n);
      expect(got.length).toBe(data.n * size(node.out.shape));
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
      // Not a constant: the rows differ, so the comparison has teeth.
      expect(maxAbsDiff(got.subarray(0, width), got.subarray(width, 2 * width))).toBeGreaterThan(1e-3);
      // After another epoch the read follows the new weights.
      await trainer.trainEpoch(() => undefined);
      const later = await read();
      expect(maxAbsDiff(later, got)).toBeGreaterThan(1e-6);
      expect(maxAbsDiff(later, referenceAt(spec, node.spec.id, await trainer.readParams(), data.x, data.n))).toBeLessThan(1e-4);
    } finally {
      probe.destroy();
    }
  } finally {
    trainer.destroy();
  }
}

describe("the projector's probe reads a hidden layer for many samples", () => {
  it('Dense -> Dropout -> Dense(tanh) -> Dense(softmax): the tanh layer, 150 rows', async () => {
    const spec = sequential('probe-mlp', [
      { id: 'input', type: 'Input', shape: [6] },
      { id: 'dense', type: 'Dense', units: 8, activation: 'relu' },
      { id: 'dropout', type: 'Dropout', rate: 0.3 },
      { id: 'dense_1', type: 'Dense', units: 5, activation: 'tanh' },
      { id: 'dense_2', type: 'Dense', units: 3, activation: 'softmax' },
    ], 'sparse_categorical_crossentropy', { type: 'adam', lr: 0.01 });
    const n = 150;
    const data: Dataset = { name: 'mlp', task: 'classification', n, inputShape: [6], inputDtype: 'float32', x: seededArray(n * 6, 3, -2, 2), y: Int32Array.from({ length: n }, (_, i) => i % 3), targetShape: [], numClasses: 3 };
    await check(spec, data, 'dense_1');
  });

  it('Embedding(maskZero) -> LSTM -> Dense(softmax): the LSTM state over padded token rows', async () => {
    const spec = sequential('probe-lstm', [
      { id: 'input', type: 'Input', shape: [10], dtype: 'int32' },
      { id: 'embedding', type: 'Embedding', inputDim: 20, outputDim: 4, maskZero: true },
      { id: 'lstm', type: 'LSTM', units: 6 },
      { id: 'dense', type: 'Dense', units: 3, activation: 'softmax' },
    ], 'sparse_categorical_crossentropy', { type: 'adam', lr: 0.01 });
    const n = 70;
    const data: Dataset = { name: 'tok', task: 'classification', n, inputShape: [10], inputDtype: 'int32', x: tokens(n, 10, 20, 9), y: Int32Array.from({ length: n }, (_, i) => i % 3), targetShape: [], numClasses: 3 };
    await check(spec, data, 'lstm');
  });
});

describe('projection sources', () => {
  it('pick the token Embedding and the layer the head reads on the presets', () => {
    const pick = (id: string) => {
      const g = buildGraph(findPreset(id)!.spec);
      return [tokenEmbedding(g)?.spec.id ?? null, penultimateNode(g)?.spec.id ?? null];
    };
    expect(pick('mlp-100')).toEqual([null, 'dense_1']);
    expect(pick('cnn')).toEqual([null, 'dense']);
    expect(pick('lstm-topics')).toEqual(['embedding', 'lstm']);
    expect(pick('transformer-sentiment')).toEqual(['embedding', 'global_average_pooling1d']);
    expect(pick('bow-text')).toEqual([null, 'relu']);
    // A language model predicts per position (no per-sample classes); a regression has none.
    expect(pick('char-lm')).toEqual(['embedding', null]);
    expect(pick('regression')).toEqual([null, null]);
  });
});
