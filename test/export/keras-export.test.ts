/**
 * Every preset, after a short seeded training run, exported to Keras 3 `.keras` and loaded by
 * keras.saving.load_model (Keras 3, torch backend, safe_mode): predictions on fixed inputs must
 * match the playground's within 1e-5 (1e-4 with convolutions). One Python process for all presets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { PRESETS } from '../../src/presets/presets';
import { exportKeras, KERAS_FILE } from '../../src/io/keras/export-keras';
import { runPython } from '../helpers/python';
import { trainPreset, type TrainedPreset } from '../helpers/trained-preset';
import { hasConv, unsupportedReason } from './export-support';
import { maxAbsDiff } from './tfjs-load';

const SUPPORTED = ['Input', 'Dense', 'Activation', 'Add', 'Flatten', 'Reshape', 'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'Dropout', 'Embedding', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'];

type Result = { y: number[]; shape: number[]; keras: string } | { error: string };

describe('Keras 3 export loads in keras.saving.load_model with the playground predictions', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keras-export-'));
  const trained = new Map<string, TrainedPreset>();
  let results: Record<string, Result> = {};
  const runnable = PRESETS.filter((p) => unsupportedReason(p, SUPPORTED) === null);

  beforeAll(async () => {
    const models = [];
    for (const p of runnable) {
      const t = await trainPreset(p.id);
      trained.set(p.id, t);
      const [file] = await exportKeras(t.model);
      expect(file.name).toBe(KERAS_FILE);
      expect(Object.keys(unzipSync(file.data)).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
      const modelPath = path.join(dir, `${p.id}.keras`);
      const xPath = path.join(dir, `${p.id}.x.bin`);
      writeFileSync(modelPath, file.data);
      writeFileSync(xPath, new Uint8Array(t.inputs.x.buffer, t.inputs.x.byteOffset, t.inputs.x.byteLength));
      models.push({ id: p.id, path: modelPath, x: xPath, dtype: t.inputs.inputDtype, shape: [t.inputs.n, ...t.inputs.inputShape] });
    }
    results = runPython<Record<string, Result>>('test/export/py/keras_predict.py', { models }, { timeoutMs: 300_000 });
  }, 900_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const p of PRESETS) {
    const skip = unsupportedReason(p, SUPPORTED);
    it.skipIf(skip !== null)(`${p.id}${skip ? ` (skipped: ${skip})` : ''}`, () => {
      const r = results[p.id];
      if ('error' in r) throw new Error(`keras: ${r.error}`);
      const t = trained.get(p.id)!;
      expect(r.shape).toEqual([t.inputs.n, t.outputs]);
      const diff = maxAbsDiff(r.y, t.predictions);
      const tol = hasConv(p) ? 1e-4 : 1e-5;
      console.log(`keras ${p.id}: max abs diff ${diff.toExponential(2)} (tolerance ${tol})`);
      expect(diff).toBeLessThanOrEqual(tol);
    });
  }
});
