/**
 * The model summary against Keras itself: each preset exported as .keras (zero weights), loaded by
 * Keras 3 (torch backend), and its layers' parameter counts, output shapes and totals compared with
 * engine/summary.ts's rows (a layer the export stands in for with another Keras class is skipped),
 * trainable counts included (BatchNormalization's moving statistics are Keras's non-trainable params).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import { summarizeModel } from '../../src/engine/summary';
import { exportKeras } from '../../src/io/keras/export-keras';
import { findPreset } from '../../src/presets/presets';
import type { ModelSpec } from '../../src/engine/spec';
import { runPython } from '../helpers/python';
import { ZOO } from './zoo-specs';

interface KerasLayer {
  name: string;
  class: string;
  params: number;
  trainable: number;
  shape: (number | null)[];
}
type KerasReport = Record<string, { layers: KerasLayer[]; total: number; trainable: number } | { error: string }>;

const PRESETS = ['mlp-100', 'cnn', 'lstm-topics', 'transformer-sentiment', 'cnn-bn'];
/** Beyond the presets: zoo models whose summary has non-trainable params. */
const EXTRA: Record<string, ModelSpec> = { 'zoo-batchnorm': ZOO.find((z) => z.id === 'zoo-batchnorm')!.spec };
const specOf = (id: string) => EXTRA[id] ?? findPreset(id)!.spec;

describe('the summary matches Keras', () => {
  it('per-layer parameters, output shapes and totals of five presets and a BatchNormalization model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keras-summary-'));
    const models = [];
    for (const id of [...PRESETS, ...Object.keys(EXTRA)]) {
      const spec = specOf(id);
      const layout = layoutParams(buildGraph(spec));
      const files = await exportKeras({ spec, layout, params: new Float32Array(layout.total) });
      const keras = files.find((f) => f.name.endsWith('.keras'))!;
      const path = join(dir, `${id}.keras`);
      writeFileSync(path, keras.data);
      models.push({ id, path });
    }
    const report = runPython<KerasReport>('test/export/py/keras_summary.py', { models }, { timeoutMs: 240_000 });
    for (const id of [...PRESETS, ...Object.keys(EXTRA)]) {
      const k = report[id];
      if ('error' in k) throw new Error(`${id}: ${k.error}`);
      const s = summarizeModel(specOf(id));
      const byName = new Map(k.layers.map((l) => [l.name, l]));
      // The Keras export stands in for PositionEmbedding with another layer (an EinsumDense over a
      // one-hot of positions), whose count differs; every other layer is the same Keras class.
      const standIns: string[] = [];
      let matched = 0;
      for (const r of s.rows) {
        const l = byName.get(r.name);
        if (!l) continue;
        if (l.class !== (r.type === 'Input' ? 'InputLayer' : r.type)) {
          standIns.push(r.type);
          continue;
        }
        matched++;
        expect(r.params, `${id} ${r.name}`).toBe(l.params);
        expect(r.trainableParams, `${id} ${r.name} trainable`).toBe(l.trainable);
        expect(r.outputShape, `${id} ${r.name}`).toBe(`(${l.shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`);
      }
      expect(standIns.filter((t) => t !== 'PositionEmbedding'), id).toEqual([]);
      expect(matched + standIns.length, id).toBe(s.rows.length);
      if (standIns.length === 0) {
        expect(s.totalParams, id).toBe(k.total);
        expect(s.trainableParams, id).toBe(k.trainable);
        expect(s.nonTrainableParams, id).toBe(k.total - k.trainable);
      }
      if (id === 'zoo-batchnorm') expect(s.nonTrainableParams).toBe(2 * 3 + 2 * 6 + 2 * 2);
    }
  }, 300_000);
});
