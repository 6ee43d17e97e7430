/**
 * Every preset, after a short seeded training run, exported to Keras 3 `.keras` and loaded by
 * keras.saving.load_model (Keras 3, torch backend, safe_mode): predictions on fixed inputs must
 * match the playground's within 1e-5 (1e-4 with convolutions), with the model's own output shape
 * ([n, T, classes] for char-lm). One Python process for all presets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { PRESETS } from '../../src/presets/presets';
import { exportKeras, KERAS_FILE } from '../../src/io/keras/export-keras';
import type { TrainedPreset } from '../helpers/trained-preset';
import { ALL_LAYERS, expectSamePresetOutputs, predictAllInPython, unsupportedReason, type PythonPrediction } from './export-support';

type Result = PythonPrediction<{ keras: string }>;

describe('Keras 3 export loads in keras.saving.load_model with the playground predictions', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keras-export-'));
  let trained = new Map<string, TrainedPreset>();
  let results: Record<string, Result> = {};

  beforeAll(async () => {
    const runnable = PRESETS.filter((p) => unsupportedReason(p, ALL_LAYERS) === null);
    ({ trained, results } = await predictAllInPython<{ keras: string }>('test/export/py/keras_predict.py', dir, runnable, '.keras', async (t) => {
      const [file] = await exportKeras(t.model);
      expect(file.name).toBe(KERAS_FILE);
      expect(Object.keys(unzipSync(file.data)).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
      return file.data;
    }));
  }, 900_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const p of PRESETS) {
    const skip = unsupportedReason(p, ALL_LAYERS);
    it.skipIf(skip !== null)(`${p.id}${skip ? ` (skipped: ${skip})` : ''}`, () => {
      expectSamePresetOutputs('keras', p, results[p.id], trained.get(p.id)!);
    });
  }
});
