/** Next-character sampling (temperature, top-k) and the generation loop, on fixed distributions. */
import { describe, expect, it } from 'vitest';
import { sampleNext, samplingDistribution } from '../../src/worker/generate/sampling';
import { generateText, type LanguageModel } from '../../src/worker/generate/generate-text';
import { buildCharVocabulary } from '../../src/data/text/char-corpus';
import { createRng } from '../../src/data/rng';

const P = Float32Array.from([0.05, 0.3, 0.1, 0.4, 0.15]); // argmax 3

describe('sampling distribution', () => {
  it('top-k = 1 is argmax at any temperature, for every uniform draw', () => {
    for (const temperature of [0.01, 1, 5]) {
      expect(Array.from(samplingDistribution(P, { temperature, topK: 1 }))).toEqual([0, 0, 0, 1, 0]);
      for (const u of [0, 0.3, 0.999999]) expect(sampleNext(P, { temperature, topK: 1 }, u)).toBe(3);
    }
  });

  it('temperature 1 without top-k is the model distribution itself', () => {
    const q = samplingDistribution(P, { temperature: 1, topK: 0 });
    for (let i = 0; i < P.length; i++) expect(q[i]).toBeCloseTo(P[i], 6);
    // Inverse-CDF: cumulative 0.05, 0.35, 0.45, 0.85, 1.
    expect([0.01, 0.2, 0.4, 0.5, 0.9].map((u) => sampleNext(P, { temperature: 1, topK: 0 }, u))).toEqual([0, 1, 2, 3, 4]);
  });

  it('temperature t gives p^(1/t) renormalised; as t -> 0 the argmax takes all the mass', () => {
    const q = samplingDistribution(P, { temperature: 0.5, topK: 0 });
    const z = P.reduce((a, p) => a + p * p, 0);
    for (let i = 0; i < P.length; i++) expect(q[i]).toBeCloseTo((P[i] * P[i]) / z, 6);
    let prev = 0;
    for (const t of [2, 1, 0.5, 0.2, 0.1, 0.05, 0.01]) {
      const top = samplingDistribution(P, { temperature: t, topK: 0 })[3];
      expect(top).toBeGreaterThan(prev);
      prev = top;
    }
    // 0.4 vs 0.3 at t = 0.01: (3/4)^100 ~ 3e-13 of the mass is left for the runner-up.
    expect(prev).toBeGreaterThan(1 - 1e-12);
    expect(Array.from(samplingDistribution(P, { temperature: 0, topK: 0 }))).toEqual([0, 0, 0, 1, 0]);
  });

  it('top-k keeps exactly the k most probable ids (ties: lower id), renormalised', () => {
    const q = samplingDistribution(P, { temperature: 1, topK: 2 });
    expect(q[3]).toBeCloseTo(0.4 / 0.7, 6);
    expect(q[1]).toBeCloseTo(0.3 / 0.7, 6);
    expect(q[0] + q[2] + q[4]).toBe(0);
    const tie = samplingDistribution(Float32Array.from([0.25, 0.25, 0.25, 0.25]), { temperature: 1, topK: 1 });
    expect(Array.from(tie)).toEqual([1, 0, 0, 0]);
  });

  it('only the first `allowed` ids are candidates', () => {
    const q = samplingDistribution(P, { temperature: 1, topK: 1 }, 3);
    expect(Array.from(q)).toEqual([0, 1, 0]);
  });

  it('rejects bad options with a message', () => {
    expect(() => samplingDistribution(P, { temperature: -1, topK: 0 })).toThrow(/temperature must be a number >= 0/);
    expect(() => samplingDistribution(P, { temperature: 1, topK: 1.5 })).toThrow(/top-k must be a whole number/);
  });
});

describe('generation loop', () => {
  const vocabulary = buildCharVocabulary('aaaabbbcc d', 8); // ids: 1 a, 2 b, 3 c, 4 ' ', 5 d
  const T = 4;
  const V = 8;
  /** A fake causal model: at each position, a distribution depending on that position's id only. */
  const seen: Int32Array[] = [];
  const model: LanguageModel = {
    context: T,
    classes: V,
    vocabulary,
    async predict(w) {
      seen.push(w.slice());
      const out = new Float32Array(T * V);
      for (let t = 0; t < T; t++) {
        const next = (w[t] % 5) + 1; // a->b, b->c, c->' ', ' '->d, d->a (mostly)
        for (let c = 1; c < 6; c++) out[t * V + c] = c === next ? 0.6 : 0.1;
      }
      return out;
    },
  };

  it('top-k 1 follows the argmax chain; the window is the last T ids, padded after a short prompt', async () => {
    seen.length = 0;
    const streamed: string[] = [];
    const text = await generateText(model, { prompt: 'a', length: 6, temperature: 1, topK: 1, seed: 1 }, (ch) => streamed.push(ch));
    expect(text).toBe('bc dab');
    expect(streamed.join('')).toBe(text);
    expect(Array.from(seen[0])).toEqual([1, 0, 0, 0]);
    expect(Array.from(seen[5])).toEqual([3, 4, 5, 1]); // c, ' ', d, a: the last 4 of "abc da"
  });

  it('a fixed seed gives the same text; another seed (almost surely) another', async () => {
    const req = { prompt: 'ab', length: 40, temperature: 1.5, topK: 0, seed: 7 };
    const a = await generateText(model, req, () => {});
    const b = await generateText(model, req, () => {});
    const c = await generateText(model, { ...req, seed: 8 }, () => {});
    expect(a).toHaveLength(40);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    // Every character comes from the vocabulary (never the unused ids 6, 7).
    for (const ch of a) expect('abcd '.includes(ch)).toBe(true);
  });

  it('stops when asked and rejects bad requests', async () => {
    let n = 0;
    const text = await generateText(model, { prompt: 'a', length: 50, temperature: 1, topK: 0, seed: 1 }, () => n++, () => n >= 3);
    expect(text).toHaveLength(3);
    await expect(generateText(model, { prompt: '', length: 5, temperature: 1, topK: 0, seed: 1 }, () => {})).rejects.toThrow(/the prompt is empty/);
    await expect(generateText(model, { prompt: 'a', length: 0, temperature: 1, topK: 0, seed: 1 }, () => {})).rejects.toThrow(/length must be a whole number from 1/);
  });

  it('sampling with a seeded stream matches the inverse CDF of the tempered distribution', () => {
    const rng = createRng(3);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleNext(P, { temperature: 1, topK: 0 }, rng.next())]++;
    for (let i = 0; i < P.length; i++) expect(Math.abs(counts[i] / 20000 - P[i])).toBeLessThan(0.015);
  });
});
