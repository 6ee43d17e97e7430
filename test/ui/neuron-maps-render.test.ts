/**
 * The neuron maps' markup (NeuronMapsBody rendered to static HTML, no DOM needed): up to 32 units
 * per layer, one labelled map per input feature and unit and one SVG link per weight, blue for a
 * positive weight and orange for a negative one, the largest |w| of a layer drawn 4 px thick;
 * beyond 32 units, a focusable scrollable grid of maps and no links. The colour scale of each
 * layer (± its largest |output|) is printed under it.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NeuronMapsBody } from '../../src/ui/components/inside/NeuronMapsView';
import { playground } from '../../src/ui/components/inside/map-canvas';
import type { FromWorker, NeuronLayerMaps } from '../../src/worker/protocol';

const R = 4;

function layer(id: string, fanIn: number, units: number, w: (j: number, u: number) => number, scale: number): NeuronLayerMaps {
  const maps = new Float32Array(R * R * units).map((_, i) => (((i % 7) - 3) / 3) * scale);
  const weights = new Float32Array(fanIn * units);
  for (let j = 0; j < fanIn; j++) for (let u = 0; u < units; u++) weights[j * units + u] = w(j, u);
  return { layer: id, units, fanIn, activation: 'tanh', maps, weights, bias: new Float32Array(units).fill(0.5) };
}

function report(layers: NeuronLayerMaps[]): Extract<FromWorker, { type: 'neuron-maps' }> {
  return { type: 'neuron-maps', resolution: R, extent: [-2, 2, -1, 1], layers, output: layers[layers.length - 1].layer, epoch: 0, globalStep: 7, message: null };
}

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

describe('NeuronMapsBody', () => {
  it('draws links by sign and |w| when every layer has at most 32 units', () => {
    // dense: W[0][0] = -2 is the layer's largest |w|; every other weight is +0.5.
    const html = renderToStaticMarkup(
      createElement(NeuronMapsBody, {
        report: report([layer('dense', 2, 16, (j, u) => (j === 0 && u === 0 ? -2 : 0.5), 0.8), layer('dense_1', 16, 16, () => 0.1, 0.9), layer('dense_2', 16, 2, () => -0.3, 1)]),
      }),
    );
    expect(count(html, /<canvas[^>]*role="img"/g)).toBe(2 + 16 + 16 + 2);
    expect(html).toContain('aria-label="input feature x2 over the input plane"');
    expect(html).toContain('aria-label="dense_2 unit 2 (output) over the input plane"');
    const lines = html.match(/<line [^>]*>/g) ?? [];
    expect(lines).toHaveLength(2 * 16 + 16 * 16 + 16 * 2);
    // The first link: input x1 -> dense unit 1, weight -2: orange, 4 px.
    expect(lines[0]).toContain('stroke="#f59322"');
    expect(lines[0]).toContain('stroke-width="4"');
    // x1 -> dense unit 2, weight 0.5 = a quarter of the largest: blue, 0.3 + 3.7 / 4 px.
    expect(lines[1]).toContain('stroke="#0877bd"');
    expect(lines[1]).toContain(`stroke-width="${0.3 + 3.7 * 0.25}"`);
    expect(count(html, /stroke="#f59322"/g)).toBe(1 + 16 * 2);
    // Scales under the columns: the inputs span ±2, dense ±0.8.
    expect(html).toContain('±2.000');
    expect(html).toContain('±0.800');
    expect(html).toContain('Hover or focus a unit');
    expect(html).toMatch(/data-step="7"/);
  });

  it('shows a focusable scrollable grid without links beyond 32 units', () => {
    const html = renderToStaticMarkup(createElement(NeuronMapsBody, { report: report([layer('wide', 2, 40, () => 0.2, 1), layer('out', 40, 2, () => 0.2, 1)]) }));
    expect(html).not.toContain('<svg');
    expect(html).toMatch(/<div class="neuron-grid" role="region" aria-label="Units by layer" tabindex="0">/);
    expect(count(html, /<canvas[^>]*role="img"/g)).toBe(2 + 40 + 2);
    expect(html).toContain('more than 32 units');
  });
});

describe('the TensorFlow Playground palette', () => {
  it('is orange at -1, white at 0, blue at +1 and clamps', () => {
    expect(playground(-1)).toEqual([245, 147, 34]);
    expect(playground(0)).toEqual([255, 255, 255]);
    expect(playground(1)).toEqual([8, 119, 189]);
    expect(playground(5)).toEqual([8, 119, 189]);
    expect(playground(-0.5)).toEqual([250, 201, 145]);
  });
});
