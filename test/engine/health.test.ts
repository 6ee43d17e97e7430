/** Layer-health rules (src/engine/inspect/health.ts) over crafted histories of samples. */
import { describe, expect, it } from 'vitest';
import { healthWarnings, STREAK } from '../../src/engine/inspect/health';
import type { LayerStats, StatsSample, TensorHistogram } from '../../src/engine/inspect/stats-types';

const hist = (nonFinite = 0): TensorHistogram => ({ lo: -1, hi: 1, counts: new Array(32).fill(1), count: 32 + nonFinite, nonFinite, mean: 0, std: 0.5 });

function layer(id: string, o: Partial<LayerStats> = {}): LayerStats {
  return { layer: id, type: 'Dense', weights: hist(), grads: hist(), activations: hist(), gradNorm: 0.1, weightNorm: 1, updateRatio: 1e-3, deadFraction: 0.1, saturatedFraction: null, ...o };
}

/** Samples at the given epochs; `at(i)` gives sample i's layers. */
const history = (epochs: number[], at: (i: number) => LayerStats[]): StatsSample[] => epochs.map((epoch, i) => ({ epoch, globalStep: (i + 1) * 10, layers: at(i) }));

const healthy = (): LayerStats[] => [layer('dense'), layer('dense_1'), layer('dense_2', { deadFraction: null, saturatedFraction: null })];

describe('layer health', () => {
  it('a healthy history and an empty one warn of nothing', () => {
    expect(healthWarnings([])).toEqual([]);
    expect(healthWarnings(history([0, 0, 1, 1, 2], healthy))).toEqual([]);
  });

  it('dead ReLU units: reported once they persist, since the epoch the run began', () => {
    const dead = (from: number) => (i: number) => [layer('dense'), layer('dense_1', { deadFraction: i >= from ? 0.71 : 0.2 }), layer('dense_2')];
    const h = history([0, 1, 2, 2, 3, 3], dead(2));
    const w = healthWarnings(h);
    expect(w).toEqual([{ layer: 'dense_1', kind: 'dead', message: 'dense_1: 71% of its ReLU units have been dead since epoch 3; try a lower learning rate or he_normal initialisation' }]);
    // Two samples in a row are not yet a pattern.
    expect(healthWarnings(history([0, 1, 2, 3], dead(2)))).toEqual([]);
    // A recovered layer is no longer reported.
    expect(healthWarnings([...h, ...history([4], healthy)])).toEqual([]);
  });

  it('saturated tanh/sigmoid outputs', () => {
    const h = history([0, 0, 0], () => [layer('dense', { deadFraction: null, saturatedFraction: 0.64 })]);
    const w = healthWarnings(h);
    expect(w.map((x) => [x.layer, x.kind])).toEqual([['dense', 'saturated']]);
    expect(w[0].message).toMatch(/^dense: 64% of its outputs have been saturated .* since epoch 1/);
    expect(healthWarnings(history([0, 0, 0], () => [layer('dense', { deadFraction: null, saturatedFraction: 0.49 })]))).toEqual([]);
  });

  it('vanishing and exploding gradients across depth', () => {
    const norms = (first: number, last: number) => () => [layer('dense', { gradNorm: first }), layer('dense_1', { gradNorm: 0.01 }), layer('dense_2', { gradNorm: last })];
    const v = healthWarnings(history([1, 1, 2], norms(1e-6, 0.1)));
    expect(v.map((x) => [x.layer, x.kind])).toEqual([[null, 'vanishing']]);
    expect(v[0].message).toContain("dense's gradients are 1.0e-5 times dense_2's");
    expect(v[0].message).toContain('since epoch 2');
    const e = healthWarnings(history([0, 0, 0], norms(200, 0.1)));
    expect(e.map((x) => x.kind)).toEqual(['exploding']);
    expect(e[0].message).toContain('2.0e+3 times');
    const big = healthWarnings(history([0, 0, 0], norms(5e3, 4e3)));
    expect(big[0].message).toContain('dense has a gradient norm of 5.0e+3, dense_2 has a gradient norm of 4.0e+3');
    // Within three orders of magnitude: nothing.
    expect(healthWarnings(history([0, 0, 0], norms(1e-3, 0.5)))).toEqual([]);
  });

  it('update ratio far from 1e-3 for several samples', () => {
    const ratio = (r: number) => () => [layer('dense', { updateRatio: r })];
    const low = healthWarnings(history([0, 0, 0, 0], ratio(3.2e-5)));
    expect(low).toEqual([{ layer: 'dense', kind: 'update-ratio', message: 'dense: each step changes its weights by only 3.2e-5 of their size (about 1e-3 is healthy) since epoch 1; it learns slowly: try a higher learning rate' }]);
    expect(healthWarnings(history([0, 0, 0], ratio(0.05)))[0].message).toContain('try a lower learning rate');
    expect(healthWarnings(history([0, 0, 0], ratio(5e-3)))).toEqual([]);
    expect(healthWarnings(history(new Array(STREAK - 1).fill(0), ratio(0.05)))).toEqual([]);
  });

  it('non-finite values are reported at once', () => {
    const h = history([0], () => [layer('dense', { grads: hist(12), activations: hist(1) })]);
    expect(healthWarnings(h)).toEqual([{ layer: 'dense', kind: 'non-finite', message: 'dense: 12 gradient values, 1 output value are NaN or infinite; try a lower learning rate or clipping the gradients (clipNorm)' }]);
  });
});
