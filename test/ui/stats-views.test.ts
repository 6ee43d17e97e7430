/**
 * The Distributions and Layer health views rendered to HTML without a browser, over the shared
 * statistics feed filled with three hand-made `stats` messages: before any sample both say how to
 * get one; with samples Distributions opens on the first layer with weights, draws four bands per tensor and reads the newest step's mean
 * and std, and Health writes one row per layer with its numbers, marks an update ratio far from
 * 1e-3 in words, and lists the warnings in a status region.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InsideContext } from '../../src/ui/components/inside/inside-view';
import { DistributionsView } from '../../src/ui/components/inside/stats/DistributionsView';
import { HealthView } from '../../src/ui/components/inside/stats/HealthView';
import { statsFeed } from '../../src/ui/components/inside/stats/stats-feed';
import { INSIDE_VIEWS } from '../../src/ui/components/inside/views';
import type { Listener } from '../../src/worker/client';
import type { FromWorker, ModelInfo } from '../../src/worker/protocol';
import type { LayerStats, TensorHistogram } from '../../src/worker/protocol-inside';

const hist = (lo: number, mean: number, std: number): TensorHistogram => ({ lo, hi: lo + 2, counts: Array.from({ length: 32 }, (_, k) => 16 - Math.abs(k - 16)), count: 256, nonFinite: 0, mean, std });

const layers = (t: number): LayerStats[] => [
  { layer: 'input', type: 'Input', weights: null, grads: null, activations: hist(-1, 0, 0.6), gradNorm: null, weightNorm: null, updateRatio: null, deadFraction: null, saturatedFraction: null },
  { layer: 'dense', type: 'Dense', weights: hist(-1 - t, 0.01 * t, 0.5), grads: hist(-0.1, 0.001, 0.02), activations: hist(0, 0.4 + t, 0.3), gradNorm: 0.0123 + t, weightNorm: 3, updateRatio: 0.05, deadFraction: 0.25, saturatedFraction: null },
  { layer: 'dense_2', type: 'Dense', weights: hist(-2, 0, 1), grads: hist(-0.2, 0, 0.1), activations: null, gradNorm: 0.5, weightNorm: 2, updateRatio: 1.2e-3, deadFraction: null, saturatedFraction: null },
  { layer: 'flatten', type: 'Flatten', weights: null, grads: null, activations: null, gradNorm: null, weightNorm: null, updateRatio: null, deadFraction: null, saturatedFraction: null },
];

let release: (() => void) | null = null;
const listeners = new Set<Listener>();
const ctx = {
  send: () => {},
  subscribe: (l: Listener) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  model: { paramCount: 354 } as ModelInfo,
} as unknown as InsideContext;

function feedSamples(n: number) {
  vi.useFakeTimers();
  release = statsFeed.acquire(ctx.send, ctx.subscribe);
  for (let i = 0; i < n; i++) {
    const msg: FromWorker = { type: 'stats', sample: { epoch: 0, globalStep: 20 * (i + 1), layers: layers(i) }, warnings: i === n - 1 ? [{ layer: 'dense', kind: 'update-ratio', message: 'dense changes fast: its update ratio is 5e-2, far above the usual 1e-3.' }] : [] };
    listeners.forEach((l) => l(msg));
    vi.advanceTimersByTime(100);
  }
}

afterEach(() => {
  release?.();
  release = null;
  vi.useRealTimers();
});

describe('the statistics views', () => {
  it('are offered for a model with weights only', () => {
    const stats = INSIDE_VIEWS.filter((v) => v.id === 'distributions' || v.id === 'health');
    expect(stats.map((v) => v.id)).toEqual(['distributions', 'health']);
    for (const v of stats) {
      expect(v.available(ctx)).toBe(true);
      expect(v.available({ ...ctx, model: null })).toBe(false);
      expect(v.available({ ...ctx, model: { paramCount: 0 } as ModelInfo })).toBe(false);
    }
  });

  it('say how to get a sample before the first one', () => {
    expect(renderToStaticMarkup(createElement(DistributionsView, ctx))).toContain('Train or step to see distributions.');
    const health = renderToStaticMarkup(createElement(HealthView, ctx));
    expect(health).toContain('data-testid="health-empty"');
    expect(health).not.toContain('<table');
  });

  it('Distributions draws four bands per tensor of the first layer with weights and the newest step', () => {
    feedSamples(3);
    const html = renderToStaticMarkup(createElement(DistributionsView, ctx));
    expect(html.match(/data-testid="dist-band"/g)).toHaveLength(4 * 3);
    expect(html).toContain('<option value="input">input</option><option value="dense" selected="">dense</option><option value="dense_2">dense_2</option></select>');
    expect(html).not.toContain('>flatten<');
    expect(html).toContain('3 samples, steps 20 to 60');
    // The newest weights: mean 0.01 * 2, std 0.5; the slider stands on step 60 of 20..60.
    expect(html).toContain('data-testid="dist-step-weights">60</span> (newest) · mean <span data-testid="dist-mean-weights">0.02</span> · std <span data-testid="dist-std-weights">0.5</span>');
    // Median: rank 128 of 256 is half-way into bin 16 (120 values below it, 16 in it): -3 + 2 * 16.5 / 32 = -1.96875.
    expect(html).toMatch(/role="slider" tabindex="0" aria-label="Weights of dense over steps" aria-describedby="[^"]+" aria-valuemin="20" aria-valuemax="60" aria-valuenow="60" aria-valuetext="step 60: median -1.97, 7% to 93% from -2.6 to -1.33, min -3, max -1"/);
    expect(html).toContain('data-testid="dist-mean-activations">2.4</span>');
  });

  it('Health writes one row per layer, marks a far update ratio and lists the warnings', () => {
    feedSamples(3);
    const html = renderToStaticMarkup(createElement(HealthView, ctx));
    expect(html.match(/<tr data-testid="health-row-/g)).toHaveLength(3);
    expect(html).toContain('<tr data-testid="health-row-input"><th scope="row">input</th><td data-testid="health-grad-norm">—</td><td data-testid="health-update-ratio">—</td>');
    expect(html).toContain('<tr data-testid="health-row-dense"><th scope="row">dense</th><td data-testid="health-grad-norm">2.01</td><td class="stats-off" data-testid="health-update-ratio">0.05<span class="stats-off-note"> too large</span></td><td data-testid="health-dead">25%</td><td data-testid="health-saturated">—</td><td data-testid="health-act-mean">2.4</td><td data-testid="health-act-std">0.3</td></tr>');
    expect(html).toContain('<td data-testid="health-update-ratio">0.0012</td>');
    expect(html).toMatch(/<div role="status"[^>]*><ul class="small"><li data-testid="health-warning-update-ratio">dense changes fast: its update ratio is 5e-2, far above the usual 1e-3.<\/li><\/ul><\/div>/);
    expect(html).toContain('data-testid="health-step">60</span>');
  });
});
