/**
 * Export -> import round trip on real WebGPU: a trained preset's weights go out as safetensors,
 * come back through importSafetensors into a fresh trainer, which predicts exactly the same
 * numbers and keeps training from there (its loss starts where the original run stood).
 */
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src/engine/trainer';
import { importSafetensors } from '../../src/io/import-safetensors';
import { weightsFile } from '../../src/io/torch/export-safetensors';
import { gpu } from '../helpers/gpu';
import { trainPreset } from '../helpers/trained-preset';
import { maxAbsDiff } from './pytorch-harness';

describe('safetensors import round trip', () => {
  for (const id of ['mlp-100', 'cnn']) {
    it(`${id}: same predictions after export and import, then training continues`, async () => {
      const t = await trainPreset(id, { steps: 4, probe: 8 });
      const imported = importSafetensors(t.preset.spec, weightsFile(t.model).data);
      expect(Array.from(imported.params)).toEqual(Array.from(t.model.params));
      const { device, pipelines } = await gpu();
      const trainer = await Trainer.create(device, pipelines, t.preset.spec, { train: t.inputs }, { ...t.preset.train, batchSize: 8, epochs: 1, seed: 2 });
      try {
        const fresh = await trainer.evaluate(t.inputs);
        trainer.writeParams(imported.params);
        const pred = await trainer.predict(t.inputs);
        expect(maxAbsDiff(pred, t.predictions)).toBe(0);
        const before = await trainer.evaluate(t.inputs);
        expect(before.loss).not.toBeCloseTo(fresh.loss, 3); // the imported weights are in use
        const epoch = await trainer.trainEpoch();
        expect(Number.isFinite(epoch.loss)).toBe(true);
        expect(epoch.loss).toBeCloseTo(before.loss, 4); // one step on the probe batch: the loss is the imported model's
      } finally {
        trainer.destroy();
      }
    }, 120_000);
  }
});
