/**
 * The "continue in PyTorch" bundle, run for real: after a short seeded run in the playground,
 * train.py (one process, and torchrun with 2 processes on CPU: DDP over gloo) starts from exactly
 * the playground's loss on the same samples, trains one epoch on a small slice and lowers it, and
 * its continued weights import back into the playground, whose loss on the slice matches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/registry';
import { splitDataset, takeRows } from '../../src/data/split';
import { Trainer } from '../../src/engine/trainer';
import { importSafetensors } from '../../src/io/import-safetensors';
import { exportTorchBundle } from '../../src/io/torch/bundle';
import { decodeSafetensors } from '../../src/io/safetensors';
import { trainedModel } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';
import { gpu } from '../helpers/gpu';
import { runTrainPy, writeFiles } from './pytorch-harness';

const LIMIT = 256;

describe('PyTorch bundle: train.py continues training', () => {
  for (const id of ['mlp-100', 'cnn']) {
    it(`${id}: plain process and torchrun --nproc_per_node=2 start at the playground's loss and lower it`, async () => {
      const preset = findPreset(id)!;
      const { device, pipelines } = await gpu();
      const splits = await loadDataset(preset.dataset, { seed: 1 });
      const all = takeRows(splits.train, Uint32Array.from({ length: 800 }, (_, i) => i));
      const split = splitDataset(all, preset.train.validationSplit, 1);
      const trainer = await Trainer.create(device, pipelines, preset.spec, split, { ...preset.train, seed: 1 });
      try {
        const epoch = await trainer.trainEpoch();
        const model = trainedModel(preset.spec, await trainer.readParams());
        const slice = takeRows(split.train, Uint32Array.from({ length: LIMIT }, (_, i) => i));
        const playground = await trainer.evaluate(slice);
        const dir = writeFiles(exportTorchBundle(model, { train: split.train, batchSize: preset.train.batchSize, epochs: 1, seed: 1, lastLoss: epoch.loss }));
        expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('torchrun --standalone --nproc_per_node=2 train.py');
        // Images go to train.py NCHW, as model.py takes them.
        const xShape = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'data.safetensors')))).tensors.get('x_train')!.shape;
        expect(xShape).toEqual(id === 'cnn' ? [split.train.n, 1, 28, 28] : [split.train.n, ...split.train.inputShape]);

        const plain = runTrainPy(dir, ['train.py', '--epochs', '1', '--limit', String(LIMIT), '--json', '--out', join(dir, 'plain.safetensors')]);
        const ddp = runTrainPy(dir, ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', 'train.py', '--epochs', '1', '--limit', String(LIMIT), '--json', '--out', join(dir, 'ddp.safetensors')]);
        console.log(
          `[bundle] ${id}: playground loss on the slice ${playground.loss.toFixed(6)} (last epoch ${epoch.loss.toFixed(4)}); ` +
            `train.py start ${plain.initial_loss.toFixed(6)} -> ${plain.final_loss.toFixed(4)}; torchrun x2 start ${ddp.initial_loss.toFixed(6)} -> ${ddp.final_loss.toFixed(4)}`,
        );
        expect(plain.world_size).toBe(1);
        expect(ddp.world_size).toBe(2);
        for (const s of [plain, ddp]) {
          expect(Math.abs(s.initial_loss - playground.loss)).toBeLessThan(1e-4 * Math.max(1, playground.loss));
          expect(s.epochs).toHaveLength(1);
          expect(s.final_loss).toBeLessThan(s.initial_loss);
        }

        // The continued weights come back into the playground and give train.py's final loss.
        for (const s of [plain, ddp]) {
          const back = importSafetensors(preset.spec, new Uint8Array(readFileSync(s.out)));
          trainer.writeParams(back.params);
          const after = await trainer.evaluate(slice);
          expect(Math.abs(after.loss - s.final_loss)).toBeLessThan(1e-4 * Math.max(1, after.loss));
        }
      } finally {
        trainer.destroy();
      }
    }, 600_000);
  }
});
