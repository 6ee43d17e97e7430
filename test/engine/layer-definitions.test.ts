/**
 * Every layer type's definition owns its fields, new-layer settings, activation role, mask rule,
 * FLOPs and canvas detail. The fixture was recorded from the per-type switches these replaced
 * (ui/model/fields.ts, ui/model/estimates.ts, ui/components/canvas/flow-model.ts, graph.ts and
 * compile.ts), so this checks the move changed nothing observable.
 */
import { describe, expect, it } from 'vitest';
import { analyzeModel, finalActivation, maskSource } from '../../src/engine/graph';
import { appliedActivation } from '../../src/engine/layers/layer-meta';
import { LAYER_TYPES, LAYERS, layerDef } from '../../src/engine/layers/registry';
import { sequential, type LayerInit, type LayerSpec, type LayerType } from '../../src/engine/spec';
import { PRESETS } from '../../src/presets/presets';
import { layerDetail } from '../../src/ui/components/canvas/flow-model';
import { estimateTotals, layerForwardFlops } from '../../src/ui/model/estimates';
import { LAYER_FIELDS, newLayer } from '../../src/ui/model/fields';
import old from './layer-definitions.fixture.json';

/** What the compiler applies (null: no output activation), now from the definition. */
const compileAct = (s: LayerSpec) => appliedActivation(layerDef(s.type)!.activation, s);

const ZOO: LayerSpec[] = [
  ...LAYER_TYPES.map((t) => newLayer(t, 'x')),
  { id: 'x', type: 'Dense', units: 1, inputs: [] },
  { id: 'x', type: 'Dense', units: 3, activation: 'linear', useBias: false, inputs: [] },
  { id: 'x', type: 'Dense', units: 3, activation: 'softmax', inputs: [] },
  { id: 'x', type: 'Activation', activation: 'softmax', inputs: [] },
  { id: 'x', type: 'Activation', activation: 'sigmoid', inputs: [] },
  { id: 'x', type: 'Conv2D', filters: 4, kernelSize: [3, 5], activation: 'linear', inputs: [] },
  { id: 'x', type: 'Conv2D', filters: 4, kernelSize: 1, activation: 'sigmoid', inputs: [] },
  { id: 'x', type: 'Conv2D', filters: 4, kernelSize: 1, inputs: [] },
  { id: 'x', type: 'MaxPooling2D', poolSize: [2, 3], inputs: [] },
  { id: 'x', type: 'AveragePooling2D', inputs: [] },
  { id: 'x', type: 'MaxPooling2D', inputs: [] },
  { id: 'x', type: 'LSTM', units: 8, returnSequences: true, inputs: [] },
  { id: 'x', type: 'GRU', units: 1, inputs: [] },
  { id: 'x', type: 'SimpleRNN', units: 5, returnSequences: true, activation: 'relu', inputs: [] },
  { id: 'x', type: 'Bidirectional', layer: { type: 'GRU', units: 7, returnSequences: true }, mergeMode: 'sum', inputs: [] },
  { id: 'x', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: 3 }, inputs: [] },
  { id: 'x', type: 'Bidirectional', inputs: [] } as unknown as LayerSpec,
  { id: 'x', type: 'Embedding', inputDim: 50, outputDim: 8, maskZero: true, inputs: [] },
  { id: 'x', type: 'Dropout', rate: 0.5, inputs: [] },
  { id: 'x', type: 'Reshape', targetShape: [2, 3, 4], inputs: [] },
  { id: 'x', type: 'Reshape', inputs: [] } as unknown as LayerSpec,
  { id: 'x', type: 'Input', shape: [28, 28, 1], inputs: [] },
  { id: 'x', type: 'MultiHeadAttention', numHeads: 2, keyDim: 8, causal: true, inputs: [] },
  { id: 'x', type: 'PositionEmbedding', mode: 'sinusoidal', inputs: [] },
  { id: 'x', type: 'LayerNormalization', epsilon: 1e-5, inputs: [] },
];
/** [input shapes, output shape] pairs each zoo layer's FLOPs are taken at. */
const SHAPES: [number[][], number[]][] = [[[], []], [[[7]], [3]], [[[6, 5]], [6, 4]], [[[8, 8, 3]], [4, 4, 6]], [[[10, 4]], [10, 16]], [[[5, 6]], [5, 6]]];

/** Input -> Embedding(maskZero?) -> [middle] -> consumer -> Flatten -> Dense: each consumer's maskSource. */
const MIDDLES: LayerInit[] = [
  { id: 'm', type: 'Dropout', rate: 0.1 }, { id: 'm', type: 'Dense', units: 8 }, { id: 'm', type: 'Activation', activation: 'relu' },
  { id: 'm', type: 'LayerNormalization' }, { id: 'm', type: 'PositionEmbedding' },
  { id: 'm', type: 'LSTM', units: 8, returnSequences: true }, { id: 'm', type: 'LSTM', units: 8 }, { id: 'm', type: 'GRU', units: 8, returnSequences: true }, { id: 'm', type: 'SimpleRNN', units: 8, returnSequences: true },
  { id: 'm', type: 'Bidirectional', layer: { type: 'LSTM', units: 4, returnSequences: true } }, { id: 'm', type: 'Bidirectional', layer: { type: 'LSTM', units: 4 } },
  { id: 'm', type: 'MultiHeadAttention', numHeads: 2 }, { id: 'm', type: 'Reshape', targetShape: [6, 8] }, { id: 'm', type: 'Embedding', inputDim: 5, outputDim: 8 },
];
const CONSUMERS: LayerInit[] = [
  { id: 'c', type: 'LSTM', units: 3 }, { id: 'c', type: 'GRU', units: 3 }, { id: 'c', type: 'SimpleRNN', units: 3 }, { id: 'c', type: 'Bidirectional', layer: { type: 'GRU', units: 3 } },
  { id: 'c', type: 'MultiHeadAttention', numHeads: 2 }, { id: 'c', type: 'GlobalAveragePooling1D' }, { id: 'c', type: 'Dense', units: 3 }, { id: 'c', type: 'Flatten' },
];

describe('layer definitions', () => {
  it('every LayerType has a definition of its own type', () => {
    for (const [type, def] of Object.entries(LAYERS)) expect(def.type).toBe(type);
    expect(LAYER_TYPES).toHaveLength(36);
  });

  it('the inspector fields and new layers are those of the per-type tables they replaced', () => {
    expect(JSON.parse(JSON.stringify(LAYER_FIELDS))).toEqual(old.fields);
    expect(Object.keys(LAYER_FIELDS)).toEqual(Object.keys(old.fields));
    expect(Object.fromEntries(LAYER_TYPES.map((t) => [t, newLayer(t, 'id1')]))).toEqual(old.newLayers);
    // No two new layers share a nested object.
    const cell = (id: string) => (newLayer('Bidirectional', id) as Extract<LayerSpec, { type: 'Bidirectional' }>).layer;
    expect(cell('a')).not.toBe(cell('b'));
    // The fields a project may carry that the inspector does not edit (once a table in ui/project/validate-layers.ts).
    const stored = LAYER_TYPES.flatMap((t) => (layerDef(t)!.storedFields ? [[t, layerDef(t)!.storedFields]] : []));
    expect(Object.fromEntries(stored)).toEqual({
      GRU: [{ key: 'resetAfter', label: 'resetAfter', kind: 'bool', default: true }],
      MultiHeadAttention: [{ key: 'dropout', label: 'dropout', kind: 'number' }],
      BatchNormalization: [{ key: 'axis', label: 'Axis', kind: 'int', default: -1, optional: true }],
    });
  });

  it('every preset: per-layer FLOPs, detail, activations and masks, and the totals, are unchanged', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(Object.keys(old.presets));
    for (const p of PRESETS) {
      const a = analyzeModel(p.spec);
      const layers = p.spec.layers.map((l) => {
        const ins = (l.inputs ?? []).map((s) => a.shapes.get(s)?.shape ?? []);
        const n = a.graph!.byId.get(l.id)!;
        return { id: l.id, flops: layerForwardFlops(l, ins, a.shapes.get(l.id)!.shape), detail: layerDetail(l), final: finalActivation(l), act: compileAct(l), mask: maskSource(n) ?? null };
      });
      expect({ layers, totals: estimateTotals(p.spec, a, p.train.batchSize, 1000) }, p.id).toEqual(old.presets[p.id as keyof typeof old.presets]);
    }
  });

  it('every type and variant: FLOPs, detail and activations are unchanged', () => {
    const now = ZOO.map((l) => ({
      layer: l,
      detail: layerDetail(l),
      final: finalActivation(l),
      act: compileAct(l),
      flops: SHAPES.map(([i, o]) => layerForwardFlops(l, i, o)),
      flops2: layerForwardFlops(l, [[6, 5], [6, 5]], [6, 5]),
    }));
    expect(JSON.parse(JSON.stringify(now))).toEqual(old.zoo);
  });

  it('mask propagation from an Embedding to every consumer, through every middle layer, is unchanged', () => {
    const masks: Record<string, string | null> = {};
    for (const mz of [true, false]) {
      for (const m of [null, ...MIDDLES]) {
        for (const c of CONSUMERS) {
          const layers: LayerInit[] = [{ id: 'in', type: 'Input', shape: [6], dtype: 'int32' }, { id: 'e', type: 'Embedding', inputDim: 20, outputDim: 8, maskZero: mz }, ...(m ? [m] : []), c, { id: 'out', type: 'Flatten' }, { id: 'd', type: 'Dense', units: 2, activation: 'softmax' }];
          const a = analyzeModel(sequential('t', layers, 'sparse_categorical_crossentropy', { type: 'adam' }));
          masks[`${mz}|${m ? JSON.stringify(m) : '-'}|${JSON.stringify(c)}`] = a.graph ? (maskSource(a.graph.byId.get('c')!) ?? null) : 'invalid';
        }
      }
    }
    expect(masks).toEqual(old.masks);
    expect(Object.values(masks).filter((v) => v === 'in').length).toBeGreaterThan(30);
  });

  it('the compiler and the loss checks read one activation role: only Conv2D and Conv1D apply one the loss checks see as linear', () => {
    const roles = Object.fromEntries(LAYER_TYPES.map((t) => [t, layerDef(t)!.activation]));
    expect(Object.entries(roles).filter(([, r]) => r !== 'none')).toEqual([['Dense', 'head'], ['Activation', 'head'], ['Conv2D', 'applied'], ['Conv1D', 'applied']]);
    const conv: LayerSpec = { id: 'c', type: 'Conv2D', filters: 2, kernelSize: 1, activation: 'sigmoid', inputs: [] };
    expect([compileAct(conv), finalActivation(conv)]).toEqual(['sigmoid', 'linear']);
  });

  it('only the Embedding produces a mask; the consumers are the recurrent and attention families', () => {
    const consumes = (t: LayerType) => layerDef(t)!.mask.consumes ?? null;
    expect(LAYER_TYPES.filter((t) => layerDef(t)!.mask.produces)).toEqual(['Embedding']);
    expect(LAYER_TYPES.filter((t) => consumes(t))).toEqual(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'GlobalAveragePooling1D', 'MultiHeadAttention']);
  });
});
