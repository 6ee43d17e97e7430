/**
 * int8 export of the dilated / 1D convolution zoo models: every Conv1D / Conv2D kernel is stored
 * I8 with one F32 scale per output channel (dim 0 of nn.Conv1d's [F, Cin, K] and nn.Conv2d's
 * [F, Cin, KH, KW]); the dequantized weights are within scale/2 of the float ones; PyTorch, loading
 * the int8 file through model.py's load_int8_state_dict, predicts what the playground predicts
 * with the same dequantized weights on the GPU (within 1e-5).
 */
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src/engine/trainer';
import { exportInt8, INT8_WEIGHTS_FILE } from '../../src/io/int8/export-int8';
import { dequantizeRef, int8EnginePlan, quantizeModel } from '../../src/io/int8/quantize';
import { decodeMixedSafetensors } from '../../src/io/safetensors';
import { modelStateDict } from '../../src/io/state-dict';
import { gpu } from '../helpers/gpu';
import { maxAbsDiff, torchPredict, writeFiles } from './pytorch-harness';
import { ZOO, zooModel } from './zoo';

describe('int8 export of Conv1D and dilated Conv2D', () => {
  for (const z of ZOO.filter((e) => ['zoo-conv1d', 'zoo-conv1d-causal', 'zoo-conv2d-dilated'].includes(e.id))) {
    it(`${z.id}: I8 kernels with per-filter scales; PyTorch agrees with the playground's int8 model`, async () => {
      const m = await zooModel(z);
      const qm = quantizeModel(m.model);
      const deq = dequantizeRef(int8EnginePlan(m.model, qm));
      expect(maxAbsDiff(deq, m.model.params)).toBeLessThanOrEqual(Math.max(...qm.quantized.flatMap((q) => Array.from(q.scale))) / 2 + 1e-7);
      const files = await exportInt8(m.model);
      const decoded = decodeMixedSafetensors(files.find((f) => f.name === INT8_WEIGHTS_FILE)!.data);
      const convs = modelStateDict(m.model).filter((t) => t.shape.length >= 3);
      expect(convs.length).toBeGreaterThanOrEqual(2);
      for (const t of convs) {
        expect(decoded.tensors.get(t.name)!.dtype).toBe('I8');
        expect(decoded.tensors.get(`${t.name}.scale`)!.shape).toEqual([t.shape[0]]);
      }
      const { device, pipelines } = await gpu();
      const trainer = await Trainer.create(device, pipelines, z.spec, { train: m.inputs }, { batchSize: 4, epochs: 1, seed: 1 });
      let int8Pred: Float32Array;
      try {
        trainer.writeParams(deq);
        int8Pred = await trainer.predict(m.inputs);
      } finally {
        trainer.destroy();
      }
      const r = torchPredict(writeFiles(files), m.inputs, INT8_WEIGHTS_FILE);
      const diff = maxAbsDiff(r.pred, int8Pred);
      console.log(`[int8] ${z.id}: PyTorch (int8 file) vs playground int8 model ${diff.toExponential(2)}; int8 vs float predictions ${maxAbsDiff(int8Pred, m.predictions).toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
    }, 300_000);
  }
});
