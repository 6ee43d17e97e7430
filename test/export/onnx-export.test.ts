/**
 * Every preset, after a short seeded training run, exported to ONNX and run by onnxruntime
 * (Python; the onnx checker with full shape inference first): predictions on fixed inputs must
 * match the playground's within 1e-5 (1e-4 with convolutions), in the model's output shape
 * ([n, T, vocab] for char-lm); at opset 17, one LayerNormalization node per LayerNormalization
 * layer (no decomposition). One Python process for all presets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRESETS } from '../../src/presets/presets';
import { exportOnnx, ONNX_FILE } from '../../src/io/onnx/export-onnx';
import { ONNX_OPSET } from '../../src/io/onnx/onnx-graph';
import type { TrainedPreset } from '../helpers/trained-preset';
import { ALL_LAYERS, expectSamePresetOutputs, predictAllInPython, unsupportedReason, type PythonPrediction } from './export-support';

/** What onnx_predict.py reports beside the predictions: IR version, opset and the count of each op type. */
type Extra = { ir: number; opset: number; ops: Record<string, number> };
type Result = PythonPrediction<Extra>;

/** Every layer type the ONNX export carries. */

describe('ONNX export runs in onnxruntime with the playground predictions', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'onnx-export-'));
  let trained = new Map<string, TrainedPreset>();
  let results: Record<string, Result> = {};

  beforeAll(async () => {
    const runnable = PRESETS.filter((p) => unsupportedReason(p, ALL_LAYERS) === null);
    ({ trained, results } = await predictAllInPython<Extra>('test/export/py/onnx_predict.py', dir, runnable, '.onnx', (t) => {
      const [file] = exportOnnx(t.model);
      expect(file.name).toBe(ONNX_FILE);
      return file.data;
    }));
  }, 900_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const p of PRESETS) {
    const skip = unsupportedReason(p, ALL_LAYERS);
    it.skipIf(skip !== null)(`${p.id}${skip ? ` (skipped: ${skip})` : ''}`, () => {
      const r = results[p.id];
      if (r && !('error' in r)) {
        expect(r.ir).toBe(8);
        expect(r.opset).toBe(ONNX_OPSET);
        // Opset 17: each LayerNormalization layer is one LayerNormalization node, not the opset-13 decomposition (Sqrt).
        expect(r.ops.LayerNormalization ?? 0).toBe(p.spec.layers.filter((l) => l.type === 'LayerNormalization').length);
        expect(r.ops.Sqrt).toBeUndefined();
      }
      expectSamePresetOutputs('onnxruntime', p, r, trained.get(p.id)!);
    });
  }
});
