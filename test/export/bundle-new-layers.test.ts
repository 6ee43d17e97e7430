/**
 * train.py of the PyTorch bundle on the zoo models of the newer layers (Multiply, Concatenate,
 * ZeroPadding2D, UpSampling2D, BatchNormalization): one plain process starts at the playground's loss
 * on the same 32 seeded samples (within 1e-4) and one epoch lowers it, so model.py's layers train in
 * PyTorch. The weights train.py writes import back (BatchNormalization: with the running statistics
 * PyTorch moved, num_batches_tracked written as float32).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../../src/data/dataset';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { Trainer } from '../../src/engine/trainer';
import { exportTorchBundle } from '../../src/io/torch/bundle';
import { trainedModel } from '../../src/io/trained-model';
import { importSafetensors } from '../../src/io/import-safetensors';
import { decodeSafetensors } from '../../src/io/safetensors';
import { gpu, seededArray } from '../helpers/gpu';
import { runTrainPy, writeFiles } from './pytorch-harness';
import { ZOO } from './zoo-specs';

const N = 32;

describe('PyTorch bundle: train.py trains the newer layers', () => {
  for (const z of ZOO.filter((e) => ['zoo-multiply', 'zoo-concatenate', 'zoo-zero-padding', 'zoo-upsampling', 'zoo-global-max', 'zoo-noise', 'zoo-prelu', 'zoo-batchnorm'].includes(e.id))) {
    it(`${z.id}: starts at the playground's loss and lowers it`, async () => {
      const per = z.inputShape.reduce((a, b) => a * b, 1);
      const ds: Dataset = {
        name: z.id,
        task: 'classification',
        n: N,
        inputShape: z.inputShape,
        inputDtype: 'float32',
        x: seededArray(N * per, 21, -1, 1),
        y: Int32Array.from({ length: N }, (_, i) => i % 3),
        targetShape: [],
        numClasses: 3,
      };
      const params = initParams(layoutParams(buildGraph(z.spec)), 9);
      const { device, pipelines } = await gpu();
      const trainer = await Trainer.create(device, pipelines, z.spec, { train: ds }, { batchSize: 8, epochs: 1, seed: 1 });
      let loss: number;
      try {
        trainer.writeParams(params);
        loss = (await trainer.evaluate(ds)).loss;
      } finally {
        trainer.destroy();
      }
      const dir = writeFiles(exportTorchBundle(trainedModel(z.spec, params), { train: ds, batchSize: 8, epochs: 1, seed: 1, lastLoss: loss }));
      const s = runTrainPy(dir, ['train.py', '--epochs', '1', '--limit', String(N), '--json', '--out', join(dir, 'out.safetensors')]);
      console.log(`[bundle] ${z.id}: playground loss ${loss.toFixed(6)}; train.py start ${s.initial_loss.toFixed(6)} -> ${s.final_loss.toFixed(6)}`);
      expect(Math.abs(s.initial_loss - loss)).toBeLessThan(1e-4 * Math.max(1, loss));
      expect(s.final_loss).toBeLessThan(s.initial_loss);
      const bytes = new Uint8Array(readFileSync(join(dir, 'out.safetensors')));
      const back = importSafetensors(z.spec, bytes, 'out.safetensors');
      const file = decodeSafetensors(bytes).tensors;
      for (const e of back.layout.entries.filter((q) => q.name.startsWith('moving_'))) {
        const torchName = `${e.layer}.${e.name === 'moving_mean' ? 'running_mean' : 'running_var'}`;
        expect(Array.from(back.params.subarray(e.offset, e.offset + e.length)), torchName).toEqual(Array.from(file.get(torchName)!.data));
        expect(Array.from(file.get(torchName)!.data), `${torchName} moved`).not.toEqual(Array.from(params.subarray(e.offset, e.offset + e.length)));
      }
    }, 300_000);
  }
});
