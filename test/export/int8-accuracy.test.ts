/**
 * int8 export: symmetric per-output-channel quantization, dequantized on the GPU by
 * dequantize_int8 into the engine's flat parameters. The dequantized weights are within scale/2
 * of the originals and equal the CPU reference bit for bit; the quantized model's test accuracy,
 * measured on the GPU, stays within 0.02 of the float model's; and PyTorch, loading the int8 file
 * through model.py's load_int8_state_dict, predicts what the playground's int8 model predicts.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/registry';
import { takeRows } from '../../src/data/split';
import { Trainer } from '../../src/engine/trainer';
import { readBuffer } from '../../src/gpu/arena';
import { dequantizeInto, int8Accuracy } from '../../src/io/int8/dequantize-gpu';
import { exportInt8, INT8_WEIGHTS_FILE } from '../../src/io/int8/export-int8';
import { dequantizeRef, int8EnginePlan, NOT_QUANTIZED, quantizeModel } from '../../src/io/int8/quantize';
import { decodeMixedSafetensors } from '../../src/io/safetensors';
import { modelStateDict } from '../../src/io/state-dict';
import { trainedModel } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';
import { gpu } from '../helpers/gpu';
import { maxAbsDiff, torchPredict, writeFiles } from './pytorch-harness';

const first = <T extends { n: number }>(ds: T, n: number) => takeRows(ds as never, Uint32Array.from({ length: Math.min(n, ds.n) }, (_, i) => i));

describe('int8 quantized export', () => {
  for (const [id, trainRows, epochs, testRows] of [
    ['mlp-100', 4000, 3, 2000],
    ['cnn', 640, 1, 500],
  ] as const) {
    it(`${id}: GPU-dequantized weights, accuracy within 0.02 of float, PyTorch agrees`, async () => {
      const preset = findPreset(id)!;
      const { device, pipelines } = await gpu();
      const splits = await loadDataset(preset.dataset, { seed: 1 });
      const train = first(splits.train, trainRows);
      const test = first(splits.test, testRows);
      const trainer = await Trainer.create(device, pipelines, preset.spec, { train }, { ...preset.train, seed: 1 });
      try {
        for (let e = 0; e < epochs; e++) await trainer.trainEpoch();
        const model = trainedModel(preset.spec, await trainer.readParams());
        const qm = quantizeModel(model);
        const plan = int8EnginePlan(model, qm);

        // GPU dequantize == CPU reference, and within scale/2 of the float weights.
        const target = device.createBuffer({ size: plan.total * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
        await dequantizeInto(device, pipelines, plan, target);
        const deq = new Float32Array(await readBuffer(device, target, plan.total * 4));
        target.destroy();
        expect(maxAbsDiff(deq, dequantizeRef(plan))).toBe(0);
        let worst = 0;
        let quantized = 0;
        for (let i = 0; i < plan.total; i++) {
          if (plan.chan[i] === NOT_QUANTIZED) {
            expect(deq[i]).toBe(model.params[i]);
            continue;
          }
          quantized++;
          const s = plan.scales[plan.chan[i]];
          worst = Math.max(worst, Math.abs(deq[i] - model.params[i]) / s);
        }
        expect(quantized).toBe(qm.quantized.reduce((a, t) => a + t.q.length, 0));
        expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);

        // Accuracy of the int8 model measured on the GPU, float weights restored afterwards.
        const report = await int8Accuracy(trainer, model, test);
        console.log(
          `[int8] ${id}: float acc ${report.float.accuracy.toFixed(4)}, int8 acc ${report.int8.accuracy.toFixed(4)} ` +
            `(loss ${report.float.loss.toFixed(4)} vs ${report.int8.loss.toFixed(4)}), worst |w - deq| = ${worst.toFixed(3)} scale, ${report.floatBytes} -> ${report.int8Bytes} bytes`,
        );
        expect(report.float.accuracy).toBeGreaterThan(0.5);
        expect(Math.abs(report.int8.accuracy - report.float.accuracy)).toBeLessThanOrEqual(0.02);
        expect(report.int8.loss).not.toBe(report.float.loss); // the int8 weights really were used
        expect(Array.from(await trainer.readParams())).toEqual(Array.from(model.params));

        // The file: I8 weights + F32 scales + F32 biases; PyTorch loads it and matches the GPU int8 model.
        const files = await exportInt8(model);
        const decoded = decodeMixedSafetensors(files.find((f) => f.name === INT8_WEIGHTS_FILE)!.data);
        for (const t of modelStateDict(model)) {
          const got = decoded.tensors.get(t.name)!;
          expect(got.dtype).toBe(t.shape.length >= 2 ? 'I8' : 'F32');
          if (t.shape.length >= 2) expect(decoded.tensors.get(`${t.name}.scale`)!.shape).toEqual([t.shape[0]]);
        }
        const probe = first(test, 8);
        await dequantizeInto(device, pipelines, plan, trainer.model.params);
        const int8Pred = await trainer.predict(probe);
        trainer.writeParams(model.params);
        const dir = writeFiles(files);
        const r = torchPredict(dir, probe, INT8_WEIGHTS_FILE);
        const diff = maxAbsDiff(r.pred, int8Pred);
        console.log(`[int8] ${id}: PyTorch (int8 file) vs playground int8 model: max abs prediction difference ${diff.toExponential(2)}`);
        expect(diff).toBeLessThan(id === 'cnn' ? 1e-4 : 1e-5);
      } finally {
        trainer.destroy();
      }
    }, 300_000);
  }
});
