/**
 * Small attention-era models for the Keras and TF.js export tests (beside zoo.ts's pre-attention
 * corners): self-attention with and without `causal`, cross-attention with a different key length
 * and width (no biases), the padding mask of an Embedding(maskZero) reaching MultiHeadAttention's
 * keys and GlobalAveragePooling1D, learned and sinusoidal PositionEmbedding, gelu, a
 * LayerNormalization with a non-default epsilon, per-position outputs [T, classes], and a masked
 * Bidirectional returning sequences. Untrained (seeded init, non-zero biases and LayerNorm
 * gamma/beta): the playground's predictions are the reference.
 *
 * Padded inputs keep at least one real token per row, and the causal ones a real first token, so
 * every query sees at least one key: for a query that sees none the playground outputs 0, Keras
 * (scaled_dot_product_attention) 0 too, but TF.js's softmax over -1e9 gives uniform weights, and
 * a masked average over no step is 0 here but NaN in Keras.
 */
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type ModelSpec } from '../../src/engine/spec';
import type { ZooEntry } from './zoo-specs';


const spec = (name: string, layers: LayerSpec[], output: string): ModelSpec => ({
  format: SPEC_FORMAT,
  version: SPEC_VERSION,
  name,
  layers,
  output,
  loss: 'sparse_categorical_crossentropy',
  optimizer: { type: 'adam' },
});

/** Five rows of 7 ids with padding (0) in the middle and at the end, never a row of only padding, always a real first token. */
const PADDED_7 = [3, 0, 5, 0, 0, 7, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 0, 0, 0, 0, 0, 9, 8, 11, 0, 2, 0, 0, 6, 0, 0, 0, 0, 0, 1];
/** Four rows of 7 ids without padding meaning (no maskZero): 0 is an ordinary token here. */
const TOKENS_7 = [3, 0, 5, 1, 1, 7, 2, 1, 2, 3, 4, 5, 6, 7, 11, 10, 9, 8, 0, 0, 0, 4, 4, 4, 2, 2, 2, 2];

export const ATTENTION_ZOO: ZooEntry[] = [
  {
    id: 'att-self-layernorm',
    rows: 4,
    inputShape: [6, 5],
    spec: spec(
      'att self layernorm',
      [
        { id: 'x', type: 'Input', shape: [6, 5], inputs: [] },
        { id: 'proj', type: 'Dense', units: 8, inputs: ['x'] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, inputs: ['proj'] },
        { id: 'res', type: 'Add', inputs: ['proj', 'mha'] },
        { id: 'ln', type: 'LayerNormalization', epsilon: 1e-5, inputs: ['res'] },
        { id: 'pool', type: 'GlobalAveragePooling1D', inputs: ['ln'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pool'] },
      ],
      'out',
    ),
  },
  {
    id: 'att-causal-sinusoidal',
    rows: 4,
    inputShape: [7],
    ids: TOKENS_7,
    spec: spec(
      'att causal sinusoidal',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 8, inputs: ['ids'] },
        { id: 'pos', type: 'PositionEmbedding', mode: 'sinusoidal', inputs: ['emb'] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, causal: true, inputs: ['pos'] },
        { id: 'res', type: 'Add', inputs: ['pos', 'mha'] },
        { id: 'ffn', type: 'Dense', units: 12, activation: 'gelu', inputs: ['res'] },
        { id: 'next', type: 'Dense', units: 5, activation: 'softmax', inputs: ['ffn'] },
      ],
      'next',
    ),
  },
  {
    id: 'att-cross-nobias',
    rows: 3,
    inputShape: [6, 4],
    spec: spec(
      'att cross nobias',
      [
        { id: 'x', type: 'Input', shape: [6, 4], inputs: [] },
        { id: 'query', type: 'Dense', units: 8, activation: 'tanh', inputs: ['x'] },
        { id: 'fold', type: 'Reshape', targetShape: [3, 8], inputs: ['x'] },
        { id: 'memory', type: 'Dense', units: 6, inputs: ['fold'] },
        { id: 'cross', type: 'MultiHeadAttention', numHeads: 3, keyDim: 4, useBias: false, inputs: ['query', 'memory'] },
        { id: 'flat', type: 'Flatten', inputs: ['cross'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['flat'] },
      ],
      'out',
    ),
  },
  {
    id: 'att-padding-mask',
    rows: 5,
    inputShape: [7],
    ids: PADDED_7,
    spec: spec(
      'att padding mask',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 8, maskZero: true, inputs: ['ids'] },
        { id: 'pos', type: 'PositionEmbedding', inputs: ['emb'] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 8, dropout: 0.1, inputs: ['pos'] },
        { id: 'res', type: 'Add', inputs: ['pos', 'mha'] },
        { id: 'ln', type: 'LayerNormalization', inputs: ['res'] },
        { id: 'pool', type: 'GlobalAveragePooling1D', inputs: ['ln'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pool'] },
      ],
      'out',
    ),
  },
  {
    id: 'att-padding-causal-per-step',
    rows: 5,
    inputShape: [7],
    ids: PADDED_7,
    spec: spec(
      'att padding causal per step',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 8, maskZero: true, inputs: ['ids'] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 1, keyDim: 8, causal: true, inputs: ['emb'] },
        { id: 'ln', type: 'LayerNormalization', epsilon: 0.01, inputs: ['mha'] },
        { id: 'next', type: 'Dense', units: 4, activation: 'softmax', inputs: ['ln'] },
      ],
      'next',
    ),
  },
  {
    id: 'att-bidirectional-masked',
    rows: 5,
    inputShape: [7],
    ids: PADDED_7,
    spec: spec(
      'att bidirectional masked',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 4, maskZero: true, inputs: ['ids'] },
        { id: 'bi', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: 3, returnSequences: true }, inputs: ['emb'] },
        { id: 'bi2', type: 'Bidirectional', layer: { type: 'LSTM', units: 2 }, mergeMode: 'sum', inputs: ['bi'] },
        { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['bi2'] },
      ],
      'out',
    ),
  },
];
