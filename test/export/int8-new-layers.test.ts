/**
 * The int8 export of the zoo models of the issue-17 layers (GlobalMaxPooling1D/2D, the random
 * layers, PReLU with its seeded alphas): PyTorch, loading weights-int8.safetensors through
 * model.py's load_int8_state_dict, predicts what the playground predicts with the CPU-dequantized
 * weights (within 1e-5), and the quantized weights moved the predictions (the file was used).
 */
import { describe, expect, it } from 'vitest';
import { exportInt8, INT8_WEIGHTS_FILE } from '../../src/io/int8/export-int8';
import { dequantizeRef, int8EnginePlan, quantizeModel } from '../../src/io/int8/quantize';
import { Trainer } from '../../src/engine/trainer';
import { gpu } from '../helpers/gpu';
import { maxAbsDiff, torchPredict, writeFiles } from './pytorch-harness';
import { ZOO, zooModel } from './zoo';

describe('int8 export of the new layers', () => {
  for (const z of ZOO.filter((e) => ['zoo-global-max', 'zoo-noise', 'zoo-prelu'].includes(e.id))) {
    it(`${z.id}: PyTorch on the int8 file predicts the playground's dequantized model within 1e-5`, async () => {
      const m = await zooModel(z);
      const deq = Float32Array.from(dequantizeRef(int8EnginePlan(m.model, quantizeModel(m.model))));
      const { device, pipelines } = await gpu();
      const trainer = await Trainer.create(device, pipelines, z.spec, { train: m.inputs }, { batchSize: 4, epochs: 1, seed: 1 });
      let ours: Float32Array;
      try {
        trainer.writeParams(deq);
        ours = await trainer.predict(m.inputs);
      } finally {
        trainer.destroy();
      }
      const r = torchPredict(writeFiles(await exportInt8(m.model)), m.inputs, INT8_WEIGHTS_FILE);
      const diff = maxAbsDiff(r.pred, ours);
      const moved = maxAbsDiff(ours, m.predictions);
      console.log(`[int8-new-layers] ${z.id}: PyTorch int8 vs playground dequantized ${diff.toExponential(2)}; int8 vs float predictions ${moved.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      expect(moved).toBeGreaterThan(0);
    }, 300_000);
  }
});
