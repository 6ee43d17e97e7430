/**
 * Export -> import round trip on real WebGPU: a trained preset's weights go out as safetensors,
 * come back through importSafetensors into a fresh trainer, which predicts exactly the same
 * numbers and keeps training from there (its loss starts where the original run stood); the
 * attention preset's PyTorch names are checked one by one on the way in.
 */
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src/engine/trainer';
import { ImportError, importSafetensors } from '../../src/io/import-safetensors';
import { encodeSafetensors } from '../../src/io/safetensors';
import { modelStateDict } from '../../src/io/state-dict';
import { weightsFile } from '../../src/io/torch/export-safetensors';
import { gpu } from '../helpers/gpu';
import { trainPreset } from '../helpers/trained-preset';
import { maxAbsDiff } from './pytorch-harness';

describe('safetensors import round trip', () => {
  for (const id of ['mlp-100', 'cnn', 'transformer-sentiment']) {
    it(`${id}: same predictions after export and import, then training continues`, async () => {
      const t = await trainPreset(id, { steps: 3, probe: 8 });
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

describe('safetensors import of an attention model checks every name and shape', () => {
  it('transformer-sentiment: an engine name, a missing bias and a wrong LayerNorm size are all reported', async () => {
    const t = await trainPreset('transformer-sentiment', { steps: 3, probe: 8 });
    const tensors = modelStateDict(t.model);
    const names = tensors.map((x) => x.name);
    for (const n of ['block1_attention.query.weight', 'block1_attention.output.bias', 'block1_attention_norm.weight', 'block1_attention_norm.bias', 'position_embedding.weight']) expect(names).toContain(n);
    const edited = tensors.flatMap((x) => {
      if (x.name === 'block1_attention.query.weight') return [{ ...x, name: 'block1_attention.query_weight' }]; // the engine's name, not PyTorch's
      if (x.name === 'block2_attention.value.bias') return [];
      if (x.name === 'block1_ffn_norm.weight') return [{ ...x, shape: [x.shape[0] - 1], data: x.data.subarray(1) }];
      return [x];
    });
    let err: unknown = null;
    try {
      importSafetensors(t.preset.spec, encodeSafetensors(edited, { format: 'pt' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    const problems = (err as ImportError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/missing "block1_attention\.query\.weight"/);
    expect(problems.join('\n')).toMatch(/unexpected "block1_attention\.query_weight"/);
    expect(problems.join('\n')).toMatch(/missing "block2_attention\.value\.bias"/);
    expect(problems.join('\n')).toMatch(/"block1_ffn_norm\.weight": the file has shape \[63\], the model needs \[64\]/);
  }, 120_000);
});
