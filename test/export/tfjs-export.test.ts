/**
 * Every preset, after a short seeded training run, exported to the TF.js layers format and loaded
 * by TensorFlow.js itself (tf.loadLayersModel): its predictions on fixed inputs must match the
 * playground's within 1e-5 (1e-4 with convolutions).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { PRESETS } from '../../src/presets/presets';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { trainPreset } from '../helpers/trained-preset';
import { loadTfjs, maxAbsDiff, predictTfjs } from './tfjs-load';
import { PRE_ATTENTION_LAYERS, unsupportedReason } from './export-support';

/** Layer types the TF.js export carries (TensorFlow.js has no GRU with reset_after=true; Bidirectional is not written yet). */
const SUPPORTED = PRE_ATTENTION_LAYERS.filter((t) => t !== 'GRU' && t !== 'Bidirectional');

describe('TF.js layers export loads in TensorFlow.js with the playground predictions', () => {
  it('uses the cpu backend', async () => {
    await tf.setBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
  for (const p of PRESETS) {
    const skip = unsupportedReason(p, SUPPORTED);
    it.skipIf(skip !== null)(`${p.id}${skip ? ` (skipped: ${skip})` : ''}`, async () => {
      const t = await trainPreset(p.id);
      const files = exportTfjs(t.model);
      expect(files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
      const model = await loadTfjs(files);
      const got = predictTfjs(model, t.inputs);
      model.dispose();
      const diff = maxAbsDiff(got, t.predictions);
      const tol = p.spec.layers.some((l) => l.type === 'Conv2D') ? 1e-4 : 1e-5;
      console.log(`tfjs ${p.id}: max abs diff ${diff.toExponential(2)} (tolerance ${tol})`);
      expect(diff).toBeLessThanOrEqual(tol);
    }, 300_000);
  }
});
