/**
 * Bugs the fuzz suite (test/fuzz/) found in the model-file readers of src/io, one focused case
 * each: what used to escape as a RangeError, allocate gigabytes, or accept a lying field.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import type { ModelSpec } from '../../src/engine/spec';
import { ImportError, importSafetensors } from '../../src/io/import-safetensors';
import { decodeOptimizerState, encodeOptimizerState } from '../../src/io/optimizer-state-file';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../src/io/safetensors';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs, TfjsImportError } from '../../src/io/tfjs/import-tfjs';
import { trainedModel, type ExportFile } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';
import { ATTENTION_ZOO } from '../export/attention-zoo';

/** Nesting JSON.parse accepts but JSON.stringify (recursive) cannot write back. */
const DEEP = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

/** A safetensors file from header text and data (header space-padded to 8 bytes). */
function safetensorsFile(text: string, data = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(text);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + data.length).fill(0x20, 8, 8 + padded);
  new DataView(out.buffer).setUint32(0, padded, true);
  out.set(json, 8);
  out.set(data, 8 + padded);
  return out;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('safetensors: deeply nested header values', () => {
  it('a deeply nested shape is a SafetensorsError, not a RangeError from the message', () => {
    const e = thrown(() => decodeSafetensors(safetensorsFile(`{"w":{"dtype":"F32","shape":${DEEP},"data_offsets":[0,0]}}`)));
    expect(e).toBeInstanceOf(SafetensorsError);
    expect((e as Error).message).toBe('tensor "w": shape [...] must contain only non-negative integers');
  });

  it('deeply nested data_offsets too, and through importSafetensors an ImportError', () => {
    const file = safetensorsFile(`{"w":{"dtype":"F32","shape":[1],"data_offsets":${DEEP}}}`, new Uint8Array(4));
    expect(thrown(() => decodeSafetensors(file))).toBeInstanceOf(SafetensorsError);
    expect(thrown(() => importSafetensors(findPreset('regression')!.spec, file))).toBeInstanceOf(ImportError);
  });
});

describe('optimizer state: the step must be the exact decimal the writer writes', () => {
  const spec: ModelSpec = { ...findPreset('regression')!.spec, optimizer: { type: 'adam' } };
  const total = layoutParams(buildGraph(spec)).total;
  const slots = { m: new Float32Array(total), v: new Float32Array(total) };
  const withStep = (step: string) => encodeSafetensors([{ name: 'm', shape: [total], data: slots.m }, { name: 'v', shape: [total], data: slots.v }], { step });

  it('reads back what it writes', () => {
    expect(decodeOptimizerState(encodeOptimizerState({ step: 41, slots }), spec).step).toBe(41);
  });

  it.each(['9007199254740993', '1e20', '0x10', ' 7 ', '1e3', '-0', ''])('refuses step %j', (step) => {
    expect(() => decodeOptimizerState(withStep(step), spec)).toThrow(/the optimizer state's step is .*, not a whole number >= 0/);
  });
});

describe('TF.js import: hostile model.json', () => {
  const regression = findPreset('regression')!.spec;
  const exported = (spec: ModelSpec) => {
    const files = exportTfjs(trainedModel(spec, initParams(layoutParams(buildGraph(spec)), 1)));
    return { json: () => JSON.parse(new TextDecoder().decode(files[0].data)), bin: files[1] };
  };
  const reg = exported(regression);
  const withText = (text: string, bin: ExportFile): ExportFile[] => [{ name: 'model.json', data: new TextEncoder().encode(text) }, bin];
  const problems = (files: ExportFile[]): string[] => {
    const e = thrown(() => importTfjs(files));
    expect(e).toBeInstanceOf(TfjsImportError);
    return (e as TfjsImportError).problems;
  };

  it('a deeply nested layer field is a listed problem, not a RangeError', () => {
    const text = JSON.stringify(reg.json()).replace('"units":10', `"units":${DEEP}`);
    expect(problems(withText(text, reg.bin)).join('\n')).toContain('layer "linear" (Dense) units: must be a positive whole number (got [...])');
  });

  it('a deeply nested optimizer field in the metadata is a listed problem', () => {
    const text = JSON.stringify(reg.json()).replace('"lr":0.01', `"lr":${DEEP}`);
    expect(problems(withText(text, reg.bin))).toContain('userDefinedMetadata.playground.optimizer "lr": must be a number, string or boolean, not a list or object');
  });

  it('a Dense of 2^26 units in a 1 KB model.json is refused before its parameters are allocated', () => {
    const j = reg.json();
    j.modelTopology.config.layers[3].config.units = 2 ** 26;
    const before = process.memoryUsage().arrayBuffers;
    const p = problems(withText(JSON.stringify(j), reg.bin));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
    const need = /the model in the file needs at least (\d+) bytes of weights, but its weight files hold 164$/.exec(p[p.length - 1]);
    expect(Number(need?.[1])).toBeGreaterThan(2 ** 31);
  });

  it('a causal attention over 40000 steps is refused before its [T, T] mask table is built', () => {
    const causal = exported(ATTENTION_ZOO.find((z) => z.id === 'att-causal-sinusoidal')!.spec);
    const j = causal.json();
    const input = j.modelTopology.config.layers.find((l: { class_name: string }) => l.class_name === 'InputLayer');
    input.config.batch_input_shape = [null, 40_000];
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const p = problems(withText(JSON.stringify(j), causal.bin));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
    expect(p.join('\n')).toMatch(/needs at least \d+ bytes of weights, but its weight files hold \d+/);
  });

  it('a composite of type "constructor" or field "toString" is named as unknown (no prototype lookups)', () => {
    const att = exported(ATTENTION_ZOO.find((z) => z.id === 'att-self-layernorm')!.spec);
    const j = att.json();
    const composites = j.userDefinedMetadata.playground.composites;
    composites[0].layer = { ...composites[0].layer, toString: 1 };
    expect(problems(withText(JSON.stringify(j), att.bin)).join('\n')).toMatch(/unknown field "toString"/);
    composites[0].layer = { type: 'constructor' };
    expect(problems(withText(JSON.stringify(j), att.bin)).join('\n')).toMatch(/composite of type "constructor" is not one the playground writes/);
  });

  it("a deeply nested config in a composite's inner layer differs, without a RangeError", () => {
    const att = exported(ATTENTION_ZOO.find((z) => z.id === 'att-self-layernorm')!.spec);
    const j = att.json();
    const inner = j.userDefinedMetadata.playground.composites[0].layers[0];
    const layer = j.modelTopology.config.layers.find((l: { name: string }) => l.name === inner);
    layer.config.extra = '@@deep@@';
    const text = JSON.stringify(j).replace('"@@deep@@"', DEEP);
    expect(problems(withText(text, att.bin)).join('\n')).toMatch(new RegExp(`layer "${inner}" \\(part of MultiHeadAttention "[^"]+"\\): differs from what the playground writes`));
  });
});
