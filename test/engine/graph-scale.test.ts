/**
 * Graph analysis stays linear and bounded: the layer cap (MAX_LAYERS) refuses huge specs with one
 * clear error, a long chain just under the cap analyses correctly, and the editor's analysis
 * groups errors per layer without comparing every error with every layer.
 */
import { describe, expect, it } from 'vitest';
import { analyzeModel, MAX_LAYERS } from '../../src/engine/graph';
import { SPEC_FORMAT, type LayerSpec, type ModelSpec } from '../../src/engine/spec';
import { analyzeForEditor } from '../../src/ui/model/analysis';
import type { ProjectCore } from '../../src/ui/project/types';
import { layerDef } from '../../src/engine/layers/registry';

const spec = (layers: LayerSpec[], output: string): ModelSpec => ({
  format: SPEC_FORMAT,
  version: 1,
  name: 'scale',
  layers,
  output,
  loss: 'mse',
  optimizer: { type: 'sgd', lr: 0.01 },
} as ModelSpec);

function fanOut(n: number): ModelSpec {
  const layers: LayerSpec[] = [{ id: 'in', type: 'Input', shape: [4] }];
  for (let i = 0; i < n; i++) layers.push({ id: `d${i}`, type: 'Dense', units: 1, inputs: ['in'] });
  return spec(layers, 'd0');
}

function chain(n: number): ModelSpec {
  const layers: LayerSpec[] = [{ id: 'in', type: 'Input', shape: [3] }];
  for (let i = 1; i < n; i++) layers.push({ id: `a${i}`, type: 'Activation', activation: 'relu', inputs: [i === 1 ? 'in' : `a${i - 1}`] });
  layers[layers.length - 1] = { id: `a${n - 1}`, type: 'Dense', units: 2, inputs: [n === 2 ? 'in' : `a${n - 2}`] };
  return spec(layers, `a${n - 1}`);
}

describe('graph analysis at scale', () => {
  it('refuses 100k layers fed by one input with the layer-cap error', () => {
    const a = analyzeModel(fanOut(100_000));
    expect(a.graph).toBeNull();
    expect(a.errors).toEqual([{ layer: null, field: 'layers', message: `the model has 100001 layers; at most ${MAX_LAYERS} are supported` }]);
    expect(MAX_LAYERS).toBe(2000);
  });

  it('analyses a 1,999-layer chain: every shape inferred, in order', () => {
    const a = analyzeModel(chain(1999));
    expect(a.errors).toEqual([]);
    expect(a.graph!.nodes).toHaveLength(1999);
    expect(a.graph!.nodes[1000].spec.id).toBe('a1000');
    expect(a.shapes.get('a1998')).toEqual({ shape: [2], dtype: 'float32' });
    expect(a.graph!.paramCount).toBe(3 * 2 + 2);
  });

  it('a fan-out just under the cap lists every disconnected layer once, grouped per layer by the editor', () => {
    const s = fanOut(MAX_LAYERS - 1);
    const core = { spec: s, dataset: 'plane', settings: { batchSize: 8 } } as unknown as ProjectCore;
    const ed = analyzeForEditor(core, (t) => layerDef(t)?.arity);
    expect(ed.errors).toHaveLength(MAX_LAYERS - 2);
    expect(ed.byLayer.size).toBe(MAX_LAYERS - 2);
    expect(ed.byLayer.get('d1998')![0].message).toBe('is disconnected: nothing connects it to the output layer "d0"');
    expect(ed.blocker).toMatch(/^Fix 1998 problems in the model first: layer "d1" output: is disconnected/);
  });

  it('the editor refuses an over-cap project at once, without the partial re-analysis', () => {
    const s = fanOut(20_000);
    s.layers.push({ id: 'broken', type: 'Dense', units: 1, inputs: ['missing'] });
    const core = { spec: s, dataset: 'plane', settings: { batchSize: 8 } } as unknown as ProjectCore;
    const ed = analyzeForEditor(core, (t) => layerDef(t)?.arity);
    expect(ed.modelErrors.map((e) => e.message)).toEqual([`the model has 20002 layers; at most ${MAX_LAYERS} are supported`]);
    expect(ed.shapes.size).toBe(0);
  });
});
