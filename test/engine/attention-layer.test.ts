/**
 * MultiHeadAttention, LayerNormalization, PositionEmbedding, GlobalAveragePooling1D and GELU inside
 * whole models (a tiny preset-10a Transformer encoder): the gradient of one GPU training step
 * against float64 finite differences of the reference model; the fused forward's O(T) memory;
 * shape inference and field errors.
 */
import { describe, expect, it } from 'vitest';
import { modelGradCheck } from '../helpers/gradcheck';
import { analyzeModel, maskSource } from '../../src/engine/graph';
import { multiHeadAttention } from '../../src/engine/layers/attention';
import type { Emitter, NodeView } from '../../src/engine/layers/layer';
import { sequential, type LayerInit, type ModelSpec, type MultiHeadAttentionLayer } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';
import { runLayer } from '../helpers/layer-run';
import { expectClose, seededArray } from '../helpers/gpu';
import { denseForwardRef } from '../../src/engine/reference/dense';
import { attentionForwardRef } from '../../src/engine/reference/attention';
import { dropoutKey, dropoutSalt } from '../../src/engine/reference/dropout';

const T = 5;
const V = 11;
const D = 8;

/** Token ids with some zeros (padding when maskZero), at least one non-zero first id per row. */
function tokenDataset(n: number, classes: number, seed: number): Dataset {
  const x = Int32Array.from({ length: n * T }, (_, i) => (i % T === 0 ? 1 + ((i + seed) % (V - 1)) : (i * 7 + seed * 3 + ((i * i) % 5)) % V));
  const y = Int32Array.from({ length: n }, (_, i) => (i * 2 + seed) % classes);
  return { name: 'tokens', task: 'classification', n, inputShape: [T], inputDtype: 'int32', x, y, targetShape: [], numClasses: classes };
}

interface EncoderOpts {
  causal?: boolean;
  maskZero?: boolean;
  positions?: 'learned' | 'sinusoidal';
  ffnActivation?: 'relu' | 'gelu';
  blocks?: number;
}

/** Preset 10a in miniature: Embedding -> positions -> blocks of [MHA + Add + LN, FFN + Add + LN] -> GAP1D -> Dense softmax. */
function encoder(o: EncoderOpts = {}): ModelSpec {
  const layers: LayerInit[] = [
    { id: 'in', type: 'Input', shape: [T], dtype: 'int32' },
    { id: 'emb', type: 'Embedding', inputDim: V, outputDim: D, maskZero: o.maskZero ?? false },
    { id: 'pos', type: 'PositionEmbedding', mode: o.positions ?? 'learned' },
  ];
  let prev = 'pos';
  for (let b = 0; b < (o.blocks ?? 1); b++) {
    layers.push(
      { id: `mha${b}`, type: 'MultiHeadAttention', numHeads: 2, causal: o.causal, inputs: [prev] },
      { id: `add${b}a`, type: 'Add', inputs: [prev, `mha${b}`] },
      { id: `ln${b}a`, type: 'LayerNormalization' },
      { id: `ffn${b}`, type: 'Dense', units: 16, activation: o.ffnActivation ?? 'gelu' },
      { id: `proj${b}`, type: 'Dense', units: D },
      { id: `add${b}b`, type: 'Add', inputs: [`ln${b}a`, `proj${b}`] },
      { id: `ln${b}b`, type: 'LayerNormalization' },
    );
    prev = `ln${b}b`;
  }
  layers.push({ id: 'pool', type: 'GlobalAveragePooling1D' }, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' });
  return sequential('encoder', layers, 'sparse_categorical_crossentropy', { type: 'adam' });
}

describe('Transformer encoder (preset 10a, tiny): whole-model gradient checks', () => {
  const cases: [string, EncoderOpts][] = [
    ['T=5, D=8, 2 heads, 1 block, GELU FFN, learned positions', {}],
    ['causal, sinusoidal positions, ReLU FFN', { causal: true, positions: 'sinusoidal', ffnActivation: 'relu' }],
    ['Embedding(maskZero): key padding in attention and a masked mean', { maskZero: true }],
    ['2 blocks, causal + padding', { blocks: 2, causal: true, maskZero: true }],
  ];
  for (const [name, o] of cases) {
    it(name, async () => {
      const spec = encoder(o);
      const { worst, checked, where, names, dispatches } = await modelGradCheck(spec, tokenDataset(4, 3, 5), { maxChecked: 700 });
      expect(checked).toBeGreaterThan(300);
      expect(worst, where).toBeLessThan(2e-3);
      expect(names.has('mha0.query_weight') && names.has('mha0.output_bias') && names.has('ln0a.gamma')).toBe(true);
      expect(dispatches.some((d) => d.endsWith('attention_backward_dkdv_r4'))).toBe(true); // dk 4: the register-blocked kernels
      // The token-id mask reaches every attention layer and the pooling exactly when maskZero is on.
      const g = analyzeModel(spec).graph!;
      for (const id of ['mha0', 'pool', ...(o.blocks === 2 ? ['mha1'] : [])]) expect(maskSource(g.byId.get(id)!), id).toBe(o.maskZero ? 'in' : undefined);
      console.log(`10a gradcheck (${name}): worst ${worst.toExponential(2)} over ${checked} parameters`);
    });
  }

  it('cross-attention: MultiHeadAttention([query, value]) with different widths (value 12, query 8), 3 heads of 4', async () => {
    const spec: ModelSpec = {
      ...encoder(),
      layers: [
        { id: 'in', type: 'Input', shape: [T], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: V, outputDim: D, maskZero: true, inputs: ['in'] },
        { id: 'ctx', type: 'Dense', units: 12, activation: 'tanh', inputs: ['emb'] },
        { id: 'q', type: 'Dense', units: D, inputs: ['emb'] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 3, keyDim: 4, inputs: ['q', 'ctx'] },
        { id: 'pool', type: 'GlobalAveragePooling1D', inputs: ['mha'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pool'] },
      ],
      output: 'out',
    };
    const { worst, where } = await modelGradCheck(spec, tokenDataset(3, 3, 7), { maxChecked: 700 });
    expect(worst, where).toBeLessThan(2e-3);
    expect(tokenDataset(3, 3, 7).x.some((v) => v === 0)).toBe(true);
    console.log(`cross-attention gradcheck: worst ${worst.toExponential(2)}`);
  });
});

describe('MultiHeadAttention layer', () => {
  /** Every scratch request of one forward (and backward) at sequence length t. */
  function scratchRequests(t: number, pass: 'forward' | 'backward'): Map<string, number> {
    const seen = new Map<string, number>();
    const fake = {} as GPUBuffer;
    const e: Emitter = {
      batch: 32,
      mode: 'train',
      params: fake,
      grads: fake,
      stepUniform: fake,
      value: () => fake,
      scratch: (key, n) => {
        seen.set(key, n);
        return fake;
      },
      constants: () => fake,
      outputGrad: () => fake,
      inputGrad: () => ({ buffer: fake, accumulate: false }),
      dispatch: () => {},
    };
    const spec: MultiHeadAttentionLayer = { id: 'mha', type: 'MultiHeadAttention', numHeads: 4 };
    const n: NodeView<MultiHeadAttentionLayer> = {
      spec,
      inputs: [{ shape: [t, 64], dtype: 'float32', id: 'x' }],
      shape: [t, 64],
      activation: null,
      paramOffsets: Object.fromEntries(multiHeadAttention.params(spec, [{ shape: [t, 64], dtype: 'float32' }]).map((p, i) => [p.name, i * 4096])),
    };
    multiHeadAttention[pass](e, n);
    return seen;
  }

  it('the fused forward keeps O(T) memory: every buffer doubles from T=64 to T=128, none is T x T', () => {
    for (const pass of ['forward', 'backward'] as const) {
      const a = scratchRequests(64, pass);
      const b = scratchRequests(128, pass);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [key, n64] of a) {
        expect(b.get(key), key).toBe(2 * n64);
        expect(n64, key).toBeLessThan(32 * 4 * 64 * 64); // far below one [N, H, T, T] score matrix
      }
      const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
      expect(total(b)).toBe(2 * total(a));
      if (pass === 'forward') expect(a.get('mha:lse')).toBe(32 * 4 * 64); // only the row log-sum-exp is saved for backward
    }
  });

  it('dropout on the attention weights in a training pass: the layer matches the float64 reference with the same mask', async () => {
    const [B, Tq, Dm, H] = [3, 6, 16, 2];
    const spec: MultiHeadAttentionLayer = { id: 'mha', type: 'MultiHeadAttention', numHeads: H, dropout: 0.3, causal: true };
    const inType = { shape: [Tq, Dm], dtype: 'float32' as const };
    const decls = multiHeadAttention.params(spec, [inType]);
    const offsets: Record<string, number> = {};
    const named: Record<string, Float64Array> = {};
    let P = 0;
    for (const d of decls) {
      offsets[d.name] = P;
      P += Math.ceil(d.shape.reduce((a, b) => a * b, 1) / 4) * 4;
    }
    const flat = seededArray(P, 77, -0.5, 0.5);
    for (const d of decls) named[d.name] = Float64Array.from(flat.subarray(offsets[d.name], offsets[d.name] + d.shape.reduce((a, b) => a * b, 1)));
    const x = seededArray(B * Tq * Dm, 78);
    const view: NodeView<MultiHeadAttentionLayer> = { spec, inputs: [{ id: 'x', shape: inType.shape, dtype: 'float32' }], shape: [Tq, Dm], activation: null, paramOffsets: offsets };
    const r = await runLayer({ def: multiHeadAttention, view, batch: B, values: { x }, params: flat, dy: seededArray(B * Tq * Dm, 79) });
    // The reference with dropout: projections, attention with the GPU's mask (Step seed 0 in runLayer), output projection.
    const lin = (a: ArrayLike<number>, M: number, K: number, N: number, w: string, b: string) => denseForwardRef(a, named[w], named[b], M, K, N, 'linear').y;
    const dims = { N: B, H, TQ: Tq, TK: Tq, DK: Dm / H };
    const q = lin(x, B * Tq, Dm, Dm, 'query_weight', 'query_bias');
    const k = lin(x, B * Tq, Dm, Dm, 'key_weight', 'key_bias');
    const v = lin(x, B * Tq, Dm, Dm, 'value_weight', 'value_bias');
    const dropped = attentionForwardRef(dims, q, k, v, { causal: true }, { rate: 0.3, key: dropoutKey(0, dropoutSalt('mha')) }).o;
    const yRef = lin(dropped, B * Tq, Dm, Dm, 'output_weight', 'output_bias');
    expectClose(r.y, yRef, 1e-4, 1e-5, 'y with attention dropout');
    // ...and the eval-mode reference (no dropout) is clearly different.
    const yEval = multiHeadAttention.reference(spec, view, [Float64Array.from(x)], named, B);
    expect(Math.max(...Array.from(r.y, (a, i) => Math.abs(a - yEval[i])))).toBeGreaterThan(1e-3);
    expect(r.backwardDispatches).toContain('attention_backward_dkdv_r4');
  });

  it('infers shapes and rejects bad fields', () => {
    const base = (mha: LayerInit, inShape = [T]) =>
      analyzeModel(
        sequential(
          'm',
          [{ id: 'in', type: 'Input', shape: inShape, dtype: 'int32' }, { id: 'emb', type: 'Embedding', inputDim: V, outputDim: 12 }, mha, { id: 'pool', type: 'GlobalAveragePooling1D' }, { id: 'out', type: 'Dense', units: 2, activation: 'softmax' }],
          'sparse_categorical_crossentropy',
          { type: 'adam' },
        ),
      );
    const ok = base({ id: 'mha', type: 'MultiHeadAttention', numHeads: 3 });
    expect(ok.errors).toEqual([]);
    expect(ok.shapes.get('mha')!.shape).toEqual([T, 12]);
    expect(ok.paramCounts.get('mha')).toBe(4 * (12 * 12 + 12));
    expect(base({ id: 'mha', type: 'MultiHeadAttention', numHeads: 5 }).errors[0]).toMatchObject({ layer: 'mha', field: 'keyDim' });
    expect(base({ id: 'mha', type: 'MultiHeadAttention', numHeads: 2 }).errors[0].message).toMatch(/multiple of 4/); // 12 / 2 = 6
    expect(base({ id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 8 }).errors).toEqual([]);
    expect(base({ id: 'mha', type: 'MultiHeadAttention', numHeads: 1, keyDim: 128 }).errors[0].message).toMatch(/at most|to 64/);
    expect(base({ id: 'mha', type: 'MultiHeadAttention', numHeads: 3, dropout: 1.5 }).errors[0]).toMatchObject({ field: 'dropout' });
    expect(base({ id: 'mha', type: 'MultiHeadAttention', numHeads: 3, dropout: 0.1 }).errors).toEqual([]);
  });
});
