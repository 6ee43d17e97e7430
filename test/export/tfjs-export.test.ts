/**
 * Every preset, after a short seeded training run, exported to the TF.js layers format and loaded
 * by TensorFlow.js itself (tf.loadLayersModel, only the classes @tensorflow/tfjs registers): its
 * predictions on fixed inputs must have the model's output shape ([n, T, classes] for char-lm)
 * and match the playground's within 1e-5 (1e-4 with convolutions). GRU presets are skipped with
 * the reason, and their export must fail with an error naming the layer.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { PRESETS } from '../../src/presets/presets';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { trainedModel } from '../../src/io/trained-model';
import { initParams, layoutParams } from '../../src/engine/params';
import { buildGraph } from '../../src/engine/graph';
import { trainPreset } from '../helpers/trained-preset';
import { loadTfjs, predictTfjsShaped } from './tfjs-load';
import { expectSamePresetOutputs, TFJS_LAYERS, unsupportedReason } from './export-support';

describe('TF.js layers export loads in TensorFlow.js with the playground predictions', () => {
  it('uses the cpu backend', async () => {
    await tf.setBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
  for (const p of PRESETS) {
    const skip = unsupportedReason(p, TFJS_LAYERS, (q) => (q.spec.layers.some((l) => l.type === 'Bidirectional' && l.layer.type === 'GRU') ? 'no export for a GRU inside Bidirectional' : null));
    it.skipIf(skip !== null)(`${p.id}${skip ? ` (skipped: ${skip}; TensorFlow.js has no GRU with reset_after=true)` : ''}`, async () => {
      const t = await trainPreset(p.id);
      const files = exportTfjs(t.model);
      expect(files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
      const model = await loadTfjs(files);
      const got = predictTfjsShaped(model, t.inputs);
      model.dispose();
      expectSamePresetOutputs('tfjs', p, got, t);
    }, 600_000);
  }
  const gru = PRESETS.filter((p) => p.spec.layers.some((l) => l.type === 'GRU' || (l.type === 'Bidirectional' && l.layer.type === 'GRU')));
  for (const p of gru) {
    it(`${p.id}: the export refuses the GRU with a clear error`, () => {
      const m = trainedModel(p.spec, initParams(layoutParams(buildGraph(p.spec)), 1));
      expect(() => exportTfjs(m)).toThrow(/TensorFlow\.js has no GRU with reset_after=true/);
    });
  }
});
