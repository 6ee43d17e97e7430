/**
 * Autoregressive text generation with a causal language model whose output is [T, V] (the next
 * character's distribution at every position): the context is the last T characters of prompt +
 * generated text, the distribution read at the context's last position, the next character
 * sampled on the CPU (sampling.ts) from a seeded stream, one model call per character.
 *
 * A context shorter than T sits at positions 0..L-1 with id 0 after it: causal attention keeps
 * position L-1 from seeing those, so the result is the same as a model of length L.
 */
import { createRng } from '../../data/rng';
import type { CharVocabulary } from '../../data/text/char-corpus';
import { samplingOptionsError, sampleNext, type SamplingOptions } from './sampling';

export interface GenerateRequest extends SamplingOptions {
  prompt: string;
  /** Characters to generate, 1..MAX_GENERATE_LENGTH. */
  length: number;
  seed: number;
}

export const MAX_GENERATE_LENGTH = 2000;

/** A sentence saying what is wrong with the request, or null. */
export function generateRequestError(r: GenerateRequest): string | null {
  if (typeof r.prompt !== 'string' || r.prompt.length === 0) return 'the prompt is empty: type at least one character to start from';
  if (!Number.isInteger(r.length) || r.length < 1 || r.length > MAX_GENERATE_LENGTH) return `length must be a whole number from 1 to ${MAX_GENERATE_LENGTH}, got ${r.length}`;
  if (!Number.isInteger(r.seed)) return `the seed must be a whole number, got ${r.seed}`;
  return samplingOptionsError(r);
}

export interface LanguageModel {
  /** Window length T. */
  context: number;
  /** Output classes per position V. */
  classes: number;
  vocabulary: CharVocabulary;
  /** The model's [T, V] output for one window of T ids. */
  predict(window: Int32Array): Promise<Float32Array>;
}

/**
 * Generates `length` characters after the prompt, calling `onChar` with each as it comes; stops
 * early (returning what it has) when `shouldStop` says so. Same model, request and seed: same text.
 */
export async function generateText(model: LanguageModel, r: GenerateRequest, onChar: (ch: string, index: number) => void, shouldStop: () => boolean = () => false): Promise<string> {
  const err = generateRequestError(r);
  if (err) throw new RangeError(err);
  const { context: T, classes: V, vocabulary } = model;
  const allowed = Math.min(V, vocabulary.size);
  const ids = Array.from(vocabulary.encode(r.prompt));
  const rng = createRng(r.seed);
  const window = new Int32Array(T);
  let out = '';
  for (let i = 0; i < r.length && !shouldStop(); i++) {
    const ctx = ids.slice(-T);
    window.fill(0);
    window.set(ctx);
    const probs = await model.predict(window);
    if (probs.length !== T * V) throw new Error(`the model returned ${probs.length} values for one window, expected ${T} x ${V}`);
    const row = ctx.length - 1;
    const next = sampleNext(probs.subarray(row * V, row * V + V), r, rng.next(), allowed);
    ids.push(next);
    const ch = vocabulary.chars[next];
    out += ch;
    onChar(ch, i);
  }
  return out;
}
