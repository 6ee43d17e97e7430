/**
 * `.keras` import: our Keras 3 export of each preset and export-corner zoo model (GRU, Bidirectional, attention, normalization), loaded in Keras 3, every weight moved by 0.5
 * and saved again by Keras itself (`model.save`), imports into the preset's model with exactly
 * those weights; files of another model or with a missing or misshapen weight are refused with
 * every problem listed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { exportKeras } from '../../src/io/keras/export-keras';
import { importKeras, KerasImportError } from '../../src/io/keras/import-keras';
import { trainedModel, type TrainedModel } from '../../src/io/trained-model';
import type { Preprocessing } from '../../src/data/scaling';
import { findPreset } from '../../src/presets/presets';
import { runPython } from '../helpers/python';
import { ATTENTION_EDGE_ZOO, ZOO } from './zoo-specs';

const IDS = ['spiral-mlp', 'cnn', 'rnn-waves', 'lstm-sentiment', 'transformer-sentiment', 'char-lm'];

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as KerasImportError);

describe('.keras import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keras-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back the weights Keras 3 saves (our export, moved by 0.5 in Keras, model.save)', async () => {
    const specs = [...IDS.map((id) => ({ id, spec: findPreset(id)!.spec })), ...[...ZOO, ...ATTENTION_EDGE_ZOO].map((z) => ({ id: z.id, spec: z.spec }))];
    const models: { id: string; spec: typeof specs[number]['spec']; model: TrainedModel }[] = specs.map(({ id, spec }) => ({ id, spec, model: trainedModel(spec, initParams(layoutParams(buildGraph(spec)), 3)) }));
    // Scaling of a numeric upload: Normalization layers before and after the model (no weights of ours; Keras keeps its own variables there).
    const reg = findPreset('regression')!.spec;
    const inputs = (reg.layers[0] as { shape: number[] }).shape[0];
    const preprocessing: Preprocessing = { mode: 'standard', features: { offset: Array.from({ length: inputs }, (_, i) => i), scale: Array.from({ length: inputs }, () => 0.5) }, targets: { offset: [3], scale: [0.25] } };
    models.push({ id: 'regression-scaled', spec: reg, model: { ...trainedModel(reg, initParams(layoutParams(buildGraph(reg)), 4)), preprocessing } });
    for (const m of models) writeFileSync(path.join(dir, `${m.id}.keras`), (await exportKeras(m.model))[0].data);
    const r = runPython<Record<string, { layers?: string[]; error?: string }>>('test/export/py/keras_resave.py', {
      delta: 0.5,
      models: models.map((m) => ({ id: m.id, path: path.join(dir, `${m.id}.keras`), out: path.join(dir, `${m.id}-resaved.keras`) })),
    }, { timeoutMs: 600_000 });
    for (const m of models) {
      expect(r[m.id].error, m.id).toBeUndefined();
      const back = await importKeras(m.spec, readFileSync(path.join(dir, `${m.id}-resaved.keras`)), m.id, m.model.preprocessing ?? null);
      const want = m.model.params.slice();
      for (const e of m.model.layout.entries) for (let i = e.offset; i < e.offset + e.length; i++) want[i] = Math.fround(want[i] + 0.5);
      expect(Array.from(back.params), m.id).toEqual(Array.from(want));
      // Our own file reads back as written.
      const own = await importKeras(m.spec, readFileSync(path.join(dir, `${m.id}.keras`)), m.id, m.model.preprocessing ?? null);
      expect(Array.from(own.params), m.id).toEqual(Array.from(m.model.params));
    }
  }, 900_000);

  it('refuses another model, a missing weight file and non-archives with the reason', async () => {
    const spec = findPreset('spiral-mlp')!.spec;
    const file = (await exportKeras(trainedModel(spec, initParams(layoutParams(buildGraph(spec)), 3))))[0].data;
    const other = structuredClone(spec);
    const dense = other.layers.find((l) => l.type === 'Dense') as { units: number };
    dense.units += 4;
    const e1 = await refusal(importKeras(other, file, '"m.keras"'));
    expect(e1).toBeInstanceOf(KerasImportError);
    expect(e1!.message).toMatch(/^"m\.keras" does not match the model .*\(3 problems\):/);
    expect(e1!.problems[0]).toMatch(/^layer "dense" kernel \(layers\/dense\/vars\/0\): the file has shape \[2,16\], the model needs \[2,20\]$/);
    const entries = unzipSync(file);
    delete entries['model.weights.h5'];
    const e2 = await refusal(importKeras(spec, zipSync(entries), '"m.keras"'));
    expect(e2!.message).toBe('"m.keras" has no model.weights.h5 (a Keras 3 .keras file holds config.json and model.weights.h5)');
    const e3 = await refusal(importKeras(spec, new TextEncoder().encode('hello'), '"m.keras"'));
    expect(e3!.message).toMatch(/"m\.keras" is not a \.keras file/);
    const broken = unzipSync(file);
    broken['model.weights.h5'] = broken['model.weights.h5'].slice(0, 600);
    const e4 = await refusal(importKeras(spec, zipSync(broken), '"m.keras"'));
    expect(e4).toBeInstanceOf(KerasImportError);
  }, 120_000);
});
