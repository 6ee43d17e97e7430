/**
 * Preset 10b (character-level causal Transformer LM) trained on the README for a CI-sized budget:
 * its loss on the held-out validation text (the 10% of the README after the training part, never
 * trained on) must fall clearly below the unigram baseline.
 *
 * Baseline: a model that ignores the context can at best predict the character frequencies of the
 * training text; its cross-entropy is their entropy H (about 3.44 nats on the README: printed
 * below). Bound: H - 0.25 nats (about 3.19); below it the model must use the preceding characters.
 * Reference: a PyTorch replica (same layers, post-norm blocks, Adam eps 1e-7, batch 32, shuffled
 * windows) reaches 3.03 / 2.95 / 2.93 validation nats after 25 / 50 / 75 steps with the preset's
 * Adam 3e-3 + cosine, and 3.23 / 3.05 / 2.93 with a constant 1e-3; so 60 steps leave a margin of
 * about 0.25 nats for initialisation and float32 differences.
 */
import { describe, expect, it } from 'vitest';
import { gpu } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { findPreset } from '../../src/presets/presets';
import { charCorpus, unigramEntropy } from '../../src/data/text/char-corpus';
import { README_TEXT } from '../../src/data/text/readme-text';
import { CHAR_LM_CONTEXT, CHAR_LM_VOCABULARY_SIZE, loadDataset } from '../../src/data/registry';

/** Held-out cross-entropy (nats) of an add-one smoothed bigram model fitted on `train`. */
function bigramCrossEntropy(train: Int32Array, held: Int32Array, V: number): number {
  const counts = new Float64Array(V * V);
  const rows = new Float64Array(V);
  for (let i = 1; i < train.length; i++) {
    counts[train[i - 1] * V + train[i]]++;
    rows[train[i - 1]]++;
  }
  let h = 0;
  for (let i = 1; i < held.length; i++) h -= Math.log((counts[held[i - 1] * V + held[i]] + 1) / (rows[held[i - 1]] + V));
  return h / (held.length - 1);
}

const STEPS = 60;
const MARGIN = 0.25;

describe('preset 10b on the README', () => {
  it(`after ${STEPS} steps of batch 32 the validation loss is below the unigram entropy minus ${MARGIN} nats`, async () => {
    const { device, pipelines } = await gpu();
    const preset = findPreset('char-lm')!;
    const corpus = charCorpus(README_TEXT, { context: CHAR_LM_CONTEXT, capacity: CHAR_LM_VOCABULARY_SIZE, name: 'readme-chars' });
    const V = CHAR_LM_VOCABULARY_SIZE;
    const trainIds = corpus.vocabulary.encode(corpus.text.train);
    const H = unigramEntropy(trainIds);
    const bigram = bigramCrossEntropy(trainIds, corpus.vocabulary.encode(corpus.text.validation), V);
    // The registry's dataset is this same corpus.
    const splits = await loadDataset('readme-chars');
    expect(Array.from(splits.validation!.y.subarray(0, 256))).toEqual(Array.from(corpus.validation.y.subarray(0, 256)));
    expect(H).toBeGreaterThan(3);
    expect(H).toBeLessThan(4);

    const t = await Trainer.create(device, pipelines, preset.spec, { train: corpus.train, validation: corpus.validation }, { ...preset.train, epochs: 1 });
    try {
      const before = await t.evaluate(corpus.validation);
      // Untrained: near chance (ln V = 4.56; Glorot logits add a few tenths), far above the unigram baseline.
      expect(before.loss).toBeGreaterThan(H + 0.5);
      expect(Math.abs(before.loss - Math.log(V))).toBeLessThan(0.6);
      // trainEpoch shuffles the windows first (neighbouring windows overlap: unshuffled batches would be one stretch of text).
      const partial = await t.trainEpoch(undefined, () => false, undefined, STEPS);
      expect(partial).toBeNull();
      expect(t.globalStep).toBe(STEPS);
      const after = await t.evaluate(corpus.validation);
      console.log(
        `10b README: unigram H = ${H.toFixed(3)} nats, held-out add-one bigram ${bigram.toFixed(3)}, ln V = ${Math.log(V).toFixed(3)}; ` +
          `validation loss ${before.loss.toFixed(3)} -> ${after.loss.toFixed(3)} after ${STEPS} steps (accuracy ${after.accuracy.toFixed(3)} over ${after.count} positions)`,
      );
      expect(after.count).toBe(corpus.validation.n * CHAR_LM_CONTEXT);
      expect(after.loss).toBeLessThan(H - MARGIN);
    } finally {
      t.destroy();
    }
  }, 1_800_000);
});
