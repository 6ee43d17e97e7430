/**
 * The statistics probe on a training MLP (relu, tanh, softmax head) and a small CNN: a sample's
 * gradient norms equal float64 norms of Trainer.readGrads(), weight histograms equal CPU histograms
 * of readParams() over the probe's own edges, activation histograms / dead-unit / saturation
 * fractions equal CPU counts on the read-back value buffers, and the update ratio equals the
 * float64 ratio of the step's parameter change. Steps that are not sampled encode nothing.
 */
import { describe, expect, it } from 'vitest';
import { gpu } from '../helpers/gpu';
import { readBuffer } from '../../src/gpu/arena';
import { Trainer } from '../../src/engine/trainer';
import { StatsProbe } from '../../src/engine/inspect/stats-probe';
import type { StatsSample } from '../../src/engine/inspect/stats-types';
import { HIST_WORDS, STATS_BINS } from '../../src/kernels/stats/stats';
import { deadUnitsRef, histogramRef, momentsRef, normRef, saturatedRef } from '../../src/engine/reference/stats';
import { findPreset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import type { Dataset } from '../../src/data/dataset';
import type { ModelSpec } from '../../src/engine/spec';

/** Layers in a chain, each fed by the one before. */
const chain = (layers: Record<string, unknown>[]) => layers.map((l, i) => (i === 0 ? l : { ...l, inputs: [layers[i - 1].id] })) as unknown as ModelSpec['layers'];

const close = (a: number, b: number, rtol: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(rtol * Math.abs(b) + 1e-7);

async function check(spec: ModelSpec, train: Dataset, batchSize: number) {
  const { device, pipelines } = await gpu();
  const t = await Trainer.create(device, pipelines, spec, { train }, { batchSize, seed: 5, epochs: 1, readEvery: 2 });
  const samples: StatsSample[] = [];
  const dispatches = t.dispatchesPerStep;
  const probe = await StatsProbe.create(t.model, 3, (s) => samples.push(s));
  t.stepProbe = probe;
  await t.runSteps(0, 2);
  expect(samples).toEqual([]);
  expect(probe.encoded).toBe(0);
  const before = await t.readParams();
  await t.runSteps(2, 1);
  expect(samples.map((s) => s.globalStep)).toEqual([3]);
  expect(t.dispatchesPerStep).toBe(dispatches);
  const params = await t.readParams();
  const grads = await t.readGrads();
  const hist = new Uint32Array(await readBuffer(device, probe.outputs[1].buffer));
  const edgesOf = (slot: number) => Array.from(new Float32Array(hist.buffer, (slot * HIST_WORDS + STATS_BINS) * 4, STATS_BINS + 1));
  const sample = samples[0];
  let checkedUnits = 0;
  for (const plan of probe.plan.layers) {
    const ls = sample.layers.find((l) => l.layer === plan.layer)!;
    const p = plan.params;
    if (p) {
      const pick = (flat: Float32Array) => p.segments.flatMap(([o, c]) => Array.from(flat.subarray(o, o + c)));
      const w = pick(params);
      const g = pick(grads);
      const w0 = pick(before);
      close(ls.gradNorm!, normRef(g), 1e-4, `${plan.layer} gradient norm`);
      close(ls.weightNorm!, normRef(w), 1e-4, `${plan.layer} weight norm`);
      const dw = w.map((x, i) => Math.fround(x - w0[i]));
      close(ls.updateRatio!, normRef(dw) / normRef(w0), 1e-3, `${plan.layer} update ratio`);
      expect(ls.updateRatio!).toBeGreaterThan(0);
      for (const [h, xs, slot] of [[ls.weights!, w, p.index], [ls.grads!, g, probe.plan.P + p.index]] as const) {
        const ref = momentsRef(xs);
        expect(h.count).toBe(xs.length);
        expect([h.lo, h.hi]).toEqual([Math.fround(ref.min), Math.fround(ref.max)]);
        expect(h.counts).toEqual(histogramRef(xs, edgesOf(slot)));
        close(h.mean, ref.mean, 1e-4, `${plan.layer} mean`);
        close(h.std, Math.sqrt(ref.m2 / ref.n), 1e-3, `${plan.layer} std`);
      }
    }
    const a = plan.activation;
    if (a) {
      const y = new Float32Array(await readBuffer(device, a.buffer, a.rows * a.units * 4));
      expect(ls.activations!.counts).toEqual(histogramRef(y, edgesOf(a.slot)));
      expect(ls.activations!.count).toBe(a.rows * a.units);
      close(ls.activations!.mean, momentsRef(y).mean, 1e-4, `${plan.layer} activation mean`);
      if (a.unitsMode === 'dead') {
        expect(ls.deadFraction).toBe(deadUnitsRef(y, a.rows, a.units) / a.units);
        checkedUnits++;
      } else if (a.unitsMode) {
        expect(ls.saturatedFraction).toBe(saturatedRef(y, a.unitsMode) / y.length);
        checkedUnits++;
      } else {
        expect([ls.deadFraction, ls.saturatedFraction]).toEqual([null, null]);
      }
    }
  }
  // Off: no probe (or none due) encodes nothing more and the step is unchanged.
  t.stepProbe = null;
  await t.runSteps(3, 3);
  expect(probe.encoded).toBe(1);
  probe.every = 1000;
  t.stepProbe = probe;
  await t.runSteps(6, 2);
  expect(probe.encoded).toBe(1);
  expect(samples.length).toBe(1);
  expect(t.dispatchesPerStep).toBe(dispatches);
  t.destroy();
  return { sample, checkedUnits };
}

describe('statistics probe', () => {
  it('an MLP sample matches read-back gradients, weights and activations', async () => {
    const preset = findPreset('mlp-100')!;
    const spec: ModelSpec = {
      ...preset.spec,
      layers: chain([
        { id: 'input', type: 'Input', shape: [100] },
        { id: 'dense', type: 'Dense', units: 48, activation: 'relu' },
        { id: 'dense_1', type: 'Dense', units: 24, activation: 'tanh' },
        { id: 'dense_s', type: 'Dense', units: 20, activation: 'sigmoid' },
        { id: 'dense_2', type: 'Dense', units: 10, activation: 'softmax' },
      ]),
    };
    const { train } = await loadDataset(preset.dataset, { seed: 2, n: 320 });
    const { sample, checkedUnits } = await check(spec, train, 32);
    expect(sample.layers.map((l) => l.layer)).toEqual(['dense', 'dense_1', 'dense_s', 'dense_2']);
    expect(checkedUnits).toBe(3);
  });

  it('a CNN sample matches too (conv units are channels over batch and positions)', async () => {
    const spec: ModelSpec = {
      ...findPreset('mlp-100')!.spec,
      layers: chain([
        { id: 'input', type: 'Input', shape: [6, 6, 2] },
        { id: 'conv2d', type: 'Conv2D', filters: 8, kernelSize: 3, activation: 'relu' },
        { id: 'max_pooling2d', type: 'MaxPooling2D', poolSize: 2 },
        { id: 'flatten', type: 'Flatten' },
        { id: 'dense', type: 'Dense', units: 3, activation: 'softmax' },
      ]),
      output: 'dense',
    };
    const n = 96;
    const x = new Float32Array(n * 72).map((_, i) => Math.sin(i * 0.37) * (i % 5 === 0 ? -2 : 1));
    const y = new Int32Array(n).map((_, i) => i % 3);
    const train: Dataset = { name: 'waves', task: 'classification', n, inputShape: [6, 6, 2], inputDtype: 'float32', x, y, targetShape: [], numClasses: 3 };
    const { sample, checkedUnits } = await check(spec, train, 16);
    expect(sample.layers.map((l) => l.layer)).toEqual(['conv2d', 'max_pooling2d', 'dense']);
    expect(checkedUnits).toBe(1);
  });
});
