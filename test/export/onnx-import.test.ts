/**
 * ONNX import: our ONNX export of each preset and export-corner zoo model reads back exactly, and
 * after the onnx package moved every float initializer by 0.5 and saved the model again
 * (`onnx.save`, checked by `onnx.checker`), imports with every weight moved by 0.5 (LSTM / GRU gate
 * reorders and conv transposes undone); files of another model or not ONNX are refused with the reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { importOnnx, OnnxImportError } from '../../src/io/onnx/import-onnx';
import { trainedModel } from '../../src/io/trained-model';
import { findPreset, PRESETS } from '../../src/presets/presets';
import { runPython } from '../helpers/python';
import { ATTENTION_EDGE_ZOO, ZOO } from './zoo-specs';

const refusal = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return e as OnnxImportError;
  }
};

describe('ONNX import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'onnx-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const specs = [...PRESETS.map((p) => ({ id: p.id, spec: p.spec })), ...[...ZOO, ...ATTENTION_EDGE_ZOO].map((z) => ({ id: z.id, spec: z.spec }))];

  it('reads back our export, and the file the onnx package saves after moving every weight by 0.5', () => {
    const models = specs.map(({ id, spec }) => ({ id, spec, model: trainedModel(spec, initParams(layoutParams(buildGraph(spec)), 3)) }));
    for (const m of models) writeFileSync(path.join(dir, `${m.id}.onnx`), exportOnnx(m.model)[0].data);
    const r = runPython<Record<string, { error?: string }>>('test/export/py/onnx_resave.py', {
      delta: 0.5,
      models: models.map((m) => ({ id: m.id, path: path.join(dir, `${m.id}.onnx`), out: path.join(dir, `${m.id}-resaved.onnx`) })),
    }, { timeoutMs: 600_000 });
    for (const m of models) {
      expect(r[m.id].error, m.id).toBeUndefined();
      const own = importOnnx(m.spec, readFileSync(path.join(dir, `${m.id}.onnx`)), m.id);
      expect(Array.from(own.params), m.id).toEqual(Array.from(m.model.params));
      const back = importOnnx(m.spec, readFileSync(path.join(dir, `${m.id}-resaved.onnx`)), m.id);
      const want = m.model.params.slice();
      for (const e of m.model.layout.entries) for (let i = e.offset; i < e.offset + e.length; i++) want[i] = Math.fround(want[i] + 0.5);
      expect(Array.from(back.params), m.id).toEqual(Array.from(want));
    }
  }, 900_000);

  it('refuses another model and files that are not ONNX', () => {
    const spec = findPreset('spiral-mlp')!.spec;
    const file = exportOnnx(trainedModel(spec, initParams(layoutParams(buildGraph(spec)), 3)))[0].data;
    const other = structuredClone(spec);
    (other.layers.find((l) => l.id === 'dense') as { units: number }).units = 8;
    const e1 = refusal(() => importOnnx(other, file, '"m.onnx"'));
    expect(e1).toBeInstanceOf(OnnxImportError);
    expect(e1!.problems[0]).toBe('initializer "dense/kernel": the file has shape [2,16], the model needs [2,8]');
    const e2 = refusal(() => importOnnx(spec, new TextEncoder().encode('{"not": "onnx"}'), '"m.onnx"'));
    expect(e2!.message).toMatch(/^"m\.onnx" is not a readable ONNX model: /);
    const e3 = refusal(() => importOnnx(spec, file.subarray(0, file.length - 7), '"m.onnx"'));
    expect(e3).toBeInstanceOf(OnnxImportError);
    // Random damage: a model of the spec or OnnxImportError, nothing else (the reader is bounded).
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n);
    for (let k = 0; k < 300; k++) {
      const bad = file.slice(0, k % 3 === 0 ? rand(file.length) : file.length);
      for (let j = 0; j < 1 + rand(4); j++) if (bad.length) bad[rand(bad.length)] = rand(256);
      const e = refusal(() => importOnnx(spec, bad, 'x'));
      if (e !== null) expect(e, `case ${k}`).toBeInstanceOf(OnnxImportError);
    }
  });
});
