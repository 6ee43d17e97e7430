/**
 * The attention-map view's worker side: turns an AttentionSource into one input row (a test row,
 * or typed text encoded with the dataset's vocabulary), asks the trainer for the maps of every
 * MultiHeadAttention layer and cuts trailing padding off both axes for display.
 * Requests are served outside the session's task queue (the probe may run between any two
 * training steps) and coalesced: only the latest request is answered.
 */
import type { Dataset } from '../data/dataset';
import { PAD_ID, Vocabulary } from '../data/tokenizer';
import type { AttentionMap } from '../engine/attention-maps';
import type { LoadedModel } from './model-loader';
import type { AttentionLayerMap, AttentionReport, AttentionSource } from './protocol';

/** Minimum time between refreshes while training. */
export const ATTENTION_INTERVAL_MS = 3000;

/** The input row of `source`, or a message saying why there is none. */
export function attentionInput(test: Dataset, source: AttentionSource): { x: Float32Array | Int32Array; label: string | null } | string {
  const width = test.inputShape.reduce((a, b) => a * b, 1);
  if (source.kind === 'test-row') {
    const i = source.index;
    if (!Number.isInteger(i) || i < 0 || i >= test.n) return `Row ${i} is not in the test split (rows 0 to ${test.n - 1}).`;
    const cls = test.task === 'classification' ? test.y[i] : null;
    return { x: test.x.slice(i * width, (i + 1) * width), label: cls === null ? null : (test.classNames?.[cls] ?? `class ${cls}`) };
  }
  if (test.inputDtype !== 'int32' || !test.vocabulary || test.inputShape.length !== 1) return 'Typed text needs a token-id text dataset; pick a test row instead.';
  const vocab = new Vocabulary(test.vocabulary.slice(2));
  const x = vocab.encode(source.text, width);
  if (x.every((id) => id === PAD_ID)) return 'The text has no words.';
  return { x, label: null };
}

/** Positions up to the last non-padding token of a token-id row (all of them otherwise). */
function shownLength(x: Float32Array | Int32Array, tokens: boolean): number {
  if (!tokens) return x.length;
  let n = x.length;
  while (n > 1 && x[n - 1] === PAD_ID) n--;
  return n;
}

/** Keeps the first `tq` query rows and `tk` key columns of every head. */
function cut(m: AttentionMap, tq: number, tk: number): AttentionLayerMap {
  if (tq === m.tq && tk === m.tk) return { layer: m.layer, heads: m.heads, tq, tk, weights: m.weights };
  const w = new Float32Array(m.heads * tq * tk);
  for (let h = 0; h < m.heads; h++) for (let i = 0; i < tq; i++) w.set(m.weights.subarray((h * m.tq + i) * m.tk, (h * m.tq + i) * m.tk + tk), (h * tq + i) * tk);
  return { layer: m.layer, heads: m.heads, tq, tk, weights: w };
}

/** The report for `source` on model `m` (maps cut to the tokens of the input). */
export async function attentionReport(m: LoadedModel, source: AttentionSource): Promise<AttentionReport> {
  const t = m.trainer;
  const base = { source, queryLabels: [], keyLabels: [], layers: [], label: null, epoch: t.epoch, globalStep: t.globalStep };
  const test = m.data.test;
  const input = attentionInput(test, source);
  if (typeof input === 'string') return { ...base, message: input };
  const maps = await t.attentionMaps(input.x);
  if (maps.length === 0) return { ...base, message: 'This model has no MultiHeadAttention layer.' };
  const tokens = test.inputDtype === 'int32' && test.vocabulary !== undefined && test.inputShape.length === 1;
  const T = input.x.length;
  const L = shownLength(input.x, tokens);
  const labels = (n: number) => Array.from({ length: n }, (_, i) => (tokens ? (test.vocabulary![input.x[i]] ?? String(input.x[i])) : `t${i}`));
  // Self-attention over the token sequence is cut to the words; other shapes are shown whole.
  const layers = maps.map((mp) => (mp.tq === T && mp.tk === T ? cut(mp, L, L) : mp));
  const tq = layers[0].tq;
  const tk = layers[0].tk;
  return { ...base, queryLabels: labels(tq), keyLabels: labels(tk), layers, label: input.label, message: null };
}
