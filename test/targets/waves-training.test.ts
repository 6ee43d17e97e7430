/**
 * Preset 5 (SimpleRNN(64, relu) over 100 steps -> Dense(10, softmax); Adam 3e-3 with cosine decay
 * over 16 epochs, gradients clipped to norm 1, batch 32) trained exactly as the preset says on its
 * waveform dataset (4500 training sequences after the validation split) reaches at least 90% test
 * accuracy on the 1000 held-out sequences. PyTorch, same data and schedule: 0.913; this engine via
 * `npm run train -- --preset rnn-waves`: 0.946; this test (`npm run test:targets`): 0.946, 10 minutes
 * on SwiftShader.
 */
import { describe, it, expect } from 'vitest';
import { gpu } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { findPreset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import { splitDataset } from '../../src/data/split';

describe('preset 5 on its waveforms', () => {
  it('reaches at least 0.90 test accuracy on the preset schedule', async () => {
    const preset = findPreset('rnn-waves')!;
    const { device, pipelines } = await gpu();
    const splits = await loadDataset(preset.dataset, { seed: preset.train.seed });
    const { train, validation } = splitDataset(splits.train, preset.train.validationSplit, preset.train.seed);
    expect(train.n).toBe(4500);
    const t = await Trainer.create(device, pipelines, preset.spec, { train, validation }, preset.train);
    try {
      let last;
      for (let e = 0; e < preset.train.epochs; e++) last = await t.trainEpoch();
      const result = await t.evaluate(splits.test);
      console.log(`rnn-waves: final train loss ${last!.loss.toFixed(4)}; test accuracy ${result.accuracy.toFixed(4)} on ${result.count}`);
      expect(result.count).toBe(1000);
      expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
    } finally {
      t.destroy();
    }
  }, 1_800_000);
});
