/**
 * The inside views' probe (src/engine/inspect/layer-outputs.ts) on real WebGPU against the float64
 * reference forward (src/engine/reference/model.ts referenceValues):
 * - neuron maps: on the spiral-mlp preset after a few training steps, every Dense unit's output
 *   over a 20 x 20 grid of the input plane (the decision boundary's grid, more rows than one probe
 *   batch so the batches are stitched) equals the reference within 1e-5, and the weight and bias
 *   slices read back equal readParams();
 * - conv views: on the cnn-2conv preset after a few steps, every Conv2D and pooling layer's
 *   feature maps of one digit equal the reference within 1e-4, and the first Conv2D's filters
 *   read back equal the params slice;
 * - bad requests (unknown layer, slice outside the parameters, wrong input size) throw with the reason.
 */
import { describe, expect, it } from 'vitest';
import { digits } from '../../../src/data/digits';
import { loadDataset } from '../../../src/data/registry';
import { Trainer } from '../../../src/engine/trainer';
import { LayerOutputsProbe, PROBE_MAX_BATCH } from '../../../src/engine/inspect/layer-outputs';
import { featureMapLayers, firstConvFilters, neuronLayers } from '../../../src/engine/inspect/inspected-layers';
import { referenceValues } from '../../../src/engine/reference/model';
import { findPreset } from '../../../src/presets/presets';
import { extentOf, gridDataset } from '../../../src/worker/insights';
import { gpu } from '../../helpers/gpu';

function worstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('LayerOutputsProbe', () => {
  it('spiral-mlp: every Dense unit over the grid equals the float64 forward (1e-5); weights and biases equal the params', async () => {
    const { device, pipelines } = await gpu();
    const preset = findPreset('spiral-mlp')!;
    const { train } = await loadDataset('spiral', { seed: 1 });
    const t = await Trainer.create(device, pipelines, preset.spec, { train }, { batchSize: 32, epochs: 1, seed: 5 });
    try {
      await t.runSteps(0, 5);
      const layers = neuronLayers(t.model.graph, t.model.layout);
      expect(layers.map((l) => [l.id, l.fanIn, l.units])).toEqual([['dense', 2, 16], ['dense_1', 16, 16], ['dense_2', 16, 2]]);
      // The decision boundary's grid (raw units; spiral is not scaled). 40^2 = 1600 rows: two probe batches.
      const resolution = 40;
      expect(resolution * resolution).toBeGreaterThan(PROBE_MAX_BATCH);
      const grid = gridDataset(train, extentOf(train), resolution);
      const slices = layers.flatMap((l) => [l.weight, l.bias!]);
      const probe = await LayerOutputsProbe.create(t.model, layers.map((l) => l.id), grid.n, slices);
      try {
        const got = await probe.run(grid.x);
        const params = await t.readParams();
        const ref = referenceValues(t.model.graph, t.model.layout, params, grid.x, grid.n);
        let spread = 0;
        for (const o of got.outputs) {
          const r = ref.get(o.node)!;
          expect(o.values.length).toBe(grid.n * o.shape[0]);
          expect(worstDiff(o.values, r), `${o.node}: largest difference from the float64 forward`).toBeLessThan(1e-5);
          // A map that is flat across the plane would not test much: unit 0 of each layer varies.
          let lo = Infinity;
          let hi = -Infinity;
          for (let i = 0; i < grid.n; i++) {
            lo = Math.min(lo, o.values[i * o.shape[0]]);
            hi = Math.max(hi, o.values[i * o.shape[0]]);
          }
          spread = Math.max(spread, hi - lo);
        }
        expect(spread).toBeGreaterThan(0.1);
        for (const [i, s] of slices.entries()) expect(Array.from(got.slices[i])).toEqual(Array.from(params.subarray(s.offset, s.offset + s.length)));
        // Training moves the weights; the probe reads them as they are at each call.
        await t.runSteps(5, 5);
        const again = await probe.run(grid.x);
        expect(worstDiff(again.outputs[0].values, got.outputs[0].values)).toBeGreaterThan(1e-6);
        const ref2 = referenceValues(t.model.graph, t.model.layout, await t.readParams(), grid.x, grid.n);
        expect(worstDiff(again.outputs[1].values, ref2.get('dense_1')!)).toBeLessThan(1e-5);
      } finally {
        probe.destroy();
      }
    } finally {
      t.destroy();
    }
  });

  it('cnn-2conv: feature maps of one digit equal the float64 forward (1e-4); the first filters equal the params slice', async () => {
    const { device, pipelines } = await gpu();
    const spec = findPreset('cnn-2conv')!.spec;
    const data = digits({ n: 64, seed: 3 });
    const t = await Trainer.create(device, pipelines, spec, { train: data }, { batchSize: 32, epochs: 1, seed: 7 });
    try {
      await t.runSteps(0, 2);
      const maps = featureMapLayers(t.model.graph);
      expect(maps.map((m) => [m.id, ...m.shape])).toEqual([
        ['conv2d', 26, 26, 32],
        ['max_pooling2d', 13, 13, 32],
        ['conv2d_1', 11, 11, 64],
        ['max_pooling2d_1', 5, 5, 64],
      ]);
      const filters = firstConvFilters(t.model.graph, t.model.layout)!;
      expect([filters.kh, filters.kw, filters.cin, filters.filters]).toEqual([3, 3, 1, 32]);
      const probe = await LayerOutputsProbe.create(t.model, maps.map((m) => m.id), 1, [filters.weight]);
      try {
        const x = data.x.slice(5 * 784, 6 * 784);
        const got = await probe.run(x);
        const params = await t.readParams();
        const ref = referenceValues(t.model.graph, t.model.layout, params, x, 1);
        for (const o of got.outputs) {
          expect(worstDiff(o.values, ref.get(o.node)!), `${o.node}: largest difference from the float64 forward`).toBeLessThan(1e-4);
          expect(Math.max(...o.values), `${o.node} is not all zero`).toBeGreaterThan(0.01);
        }
        const w = filters.weight;
        expect(Array.from(got.slices[0])).toEqual(Array.from(params.subarray(w.offset, w.offset + w.length)));
      } finally {
        probe.destroy();
      }
    } finally {
      t.destroy();
    }
  });

  it('refuses unknown layers, slices outside the parameters and inputs of the wrong size', async () => {
    const { device, pipelines } = await gpu();
    const { train } = await loadDataset('spiral', { seed: 1 });
    const t = await Trainer.create(device, pipelines, findPreset('spiral-mlp')!.spec, { train }, { batchSize: 32, epochs: 1, seed: 5 });
    try {
      await expect(LayerOutputsProbe.create(t.model, ['nope'], 4)).rejects.toThrow('the model has no layer "nope"');
      await expect(LayerOutputsProbe.create(t.model, ['dense'], 4, [{ offset: t.model.layout.total - 2, length: 4 }])).rejects.toThrow(/outside the \d+ parameters/);
      await expect(LayerOutputsProbe.create(t.model, ['dense'], 0)).rejects.toThrow('a probe evaluates 1 to');
      const probe = await LayerOutputsProbe.create(t.model, ['dense'], 4);
      try {
        expect(() => probe.run(new Float32Array(6))).toThrow('the inputs hold 6 values but 4 rows of this model\'s input take 8');
      } finally {
        probe.destroy();
      }
    } finally {
      t.destroy();
    }
  });
});
