/** Every preset's model is valid, fits its own dataset, compiles and takes finite training steps. */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { gpu } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { PRESETS } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import { takeRows } from '../../src/data/split';
import { analyzeModel } from '../../src/engine/graph';
import { fashionMnistDir } from '../../src/data/fashion-mnist';

const haveFashion = existsSync(`${fashionMnistDir()}/train-images-idx3-ubyte.gz`);

describe('presets', () => {
  it('numbers 1-10 of the project list are all present, with the sizes as written', () => {
    const numbers = PRESETS.map((p) => p.number).filter((n) => n !== null);
    // 10 has two parts (10a the Transformer encoder classifier, 10b the character-level language model).
    expect([...new Set(numbers)].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(PRESETS.find((p) => p.id === 'transformer-sentiment')?.number).toBe(10);
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) expect(analyzeModel(p.spec).errors, p.id).toEqual([]);
  });

  for (const p of PRESETS) {
    it.skipIf(p.dataset === 'fashion-mnist' && !haveFashion)(`${p.id}: two training steps on its dataset give a finite loss`, async () => {
      const { device, pipelines } = await gpu();
      const { train } = await loadDataset(p.dataset, { seed: 1 });
      const small = takeRows(train, Uint32Array.from({ length: 2 * p.train.batchSize }, (_, i) => i));
      const t = await Trainer.create(device, pipelines, p.spec, { train: small }, { ...p.train, seed: 1 });
      try {
        const m = await t.trainEpoch();
        expect(m.steps).toBe(2);
        expect(Number.isFinite(m.loss)).toBe(true);
        expect(t.dispatchesPerStep).toBeGreaterThan(0);
      } finally {
        t.destroy();
      }
    });
  }
});
