/**
 * Fuzz: safetensors decoding (src/io/safetensors.ts), import into a model
 * (src/io/import-safetensors.ts) and the optimizer-state file (src/io/optimizer-state-file.ts).
 * Inputs are valid files from the project's own writers, mutated: the header JSON edited at random
 * paths (hostile values, dtype names, shapes, offsets), the u64 length prefix replaced, the data
 * truncated or extended, and raw bytes flipped, inserted or deleted.
 * Contract: decodeSafetensors returns tensors whose data match their shapes, or throws
 * SafetensorsError; importSafetensors returns a model of the given spec or throws ImportError;
 * decodeOptimizerState returns the slots of the model's size or throws (SafetensorsError or its
 * own Error naming what does not fit).
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { optimizerSlots, type ModelSpec } from '../../src/engine/spec';
import { ImportError, importSafetensors } from '../../src/io/import-safetensors';
import { decodeOptimizerState, encodeOptimizerState } from '../../src/io/optimizer-state-file';
import { decodeMixedSafetensors, decodeSafetensors, encodeSafetensors, SafetensorsError, type DecodedMixedSafetensors } from '../../src/io/safetensors';
import { weightsFile } from '../../src/io/torch/export-safetensors';
import { trainedModel, type TrainedModel } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';
import { ATTENTION_ZOO } from '../export/attention-zoo';
import { applyByteEdits, applyJsonEdits, byteEdits, fc, fuzz, jsonEdits, jsonText, showBytes, throwsOneOf } from './harness';

/** header JSON text and data bytes of a safetensors file. */
function split(file: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const n = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
  return { header: JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))), data: file.subarray(8 + n) };
}

/** A file from header text and data; `prefix` overrides the u64 header length. */
function build(text: string, data: Uint8Array, prefix?: number): Uint8Array {
  const json = new TextEncoder().encode(text);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + data.length).fill(0x20, 8, 8 + padded);
  const dv = new DataView(out.buffer);
  const n = prefix ?? padded;
  dv.setUint32(0, n % 2 ** 32, true);
  dv.setUint32(4, Math.floor(n / 2 ** 32) % 2 ** 32, true);
  out.set(json, 8);
  out.set(data, 8 + padded);
  return out;
}

const rng = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 3);

/** Valid files: small mixed F32/I8 tensors (one empty, one scalar) with metadata. */
const CODEC_SEEDS: Uint8Array[] = [
  encodeSafetensors(
    [
      { name: 'a.weight', shape: [3, 4], data: rng(12, 1) },
      { name: 'a.bias', shape: [4], data: rng(4, 2) },
      { name: 'q', shape: [2, 3], data: Int8Array.from([1, -2, 3, -128, 127, 0]) },
      { name: 'empty', shape: [0, 5], data: new Float32Array(0) },
      { name: 'scalar', shape: [], data: Float32Array.of(7) },
    ],
    { note: 'fuzz', 'x-scale': '0.5' },
  ),
  encodeSafetensors([{ name: 'w', shape: [2], data: Float32Array.of(1, 2) }]),
  encodeSafetensors([]),
];

function model(spec: ModelSpec, seed: number): TrainedModel {
  return trainedModel(spec, initParams(layoutParams(buildGraph(spec)), seed));
}

const SPECS: ModelSpec[] = [findPreset('regression')!.spec, findPreset('rnn-waves')!.spec, ATTENTION_ZOO[0].spec];
const MODEL_SEEDS = SPECS.map((s, i) => ({ spec: s, file: weightsFile(model(s, i + 1)).data }));

const HOSTILE_PREFIX = [0, 1, 2, 7, 8, 9, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 8, 100_000_000, 100_000_001, 2 ** 53, 2 ** 64 - 1];

/** A mutated safetensors file built from one of `seeds`. */
function mutatedFile(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const seed = fc.constantFrom(...seeds);
  const headerEdit = fc
    .tuple(seed, jsonEdits(3), fc.option(byteEdits(2), { nil: undefined }))
    .map(([file, edits, dataEdits]) => {
      const { header, data } = split(file);
      return build(jsonText(applyJsonEdits(header, edits)), dataEdits ? applyByteEdits(data, dataEdits) : data);
    });
  const prefixEdit = fc.tuple(seed, fc.oneof(fc.constantFrom(...HOSTILE_PREFIX), fc.nat({ max: 4096 }))).map(([file, n]) => {
    const out = Uint8Array.from(file);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, n % 2 ** 32, true);
    dv.setUint32(4, Math.floor(n / 2 ** 32) % 2 ** 32, true);
    return out;
  });
  const rawEdit = fc.tuple(seed, byteEdits(4)).map(([file, edits]) => applyByteEdits(file, edits));
  const junk = fc.uint8Array({ maxLength: 64 });
  return fc.oneof({ weight: 5, arbitrary: headerEdit }, { weight: 2, arbitrary: prefixEdit }, { weight: 3, arbitrary: rawEdit }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: seed });
}

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function checkDecoded(r: DecodedMixedSafetensors, input: Uint8Array, accepted: string[]): void {
  let bytes = 0;
  for (const [name, t] of r.tensors) {
    expect(accepted).toContain(t.dtype);
    expect(t.shape.every((d) => Number.isSafeInteger(d) && d >= 0), `shape of ${name}`).toBe(true);
    expect(t.data.length, `data of ${name}`).toBe(product(t.shape));
    bytes += t.data.byteLength;
  }
  for (const v of Object.values(r.metadata)) expect(typeof v).toBe('string');
  // The tensors tile the data buffer exactly, so their bytes never exceed the file's.
  expect(bytes).toBeLessThanOrEqual(input.length);
}

describe('fuzz: safetensors', () => {
  it('decodeSafetensors: tensors matching their shapes, or SafetensorsError', () =>
    fuzz('safetensors.decode', mutatedFile([...CODEC_SEEDS, ...MODEL_SEEDS.map((m) => m.file)]), decodeSafetensors, {
      runs: 1500,
      errors: throwsOneOf(SafetensorsError),
      check: (r, input) => checkDecoded(r, input, ['F32']),
      show: showBytes,
    }));

  it('decodeMixedSafetensors: F32/I8 tensors matching their shapes, or SafetensorsError', () =>
    fuzz('safetensors.decodeMixed', mutatedFile(CODEC_SEEDS), decodeMixedSafetensors, {
      runs: 700,
      errors: throwsOneOf(SafetensorsError),
      check: (r, input) => checkDecoded(r, input, ['F32', 'I8']),
      show: showBytes,
    }));

  it('decodeSafetensors: any file it accepts re-encodes to an equal file', () =>
    fuzz('safetensors.roundtrip', mutatedFile(CODEC_SEEDS.slice(0, 2)), decodeMixedSafetensors, {
      runs: 400,
      errors: throwsOneOf(SafetensorsError),
      check: (r) => {
        const meta = { ...r.metadata };
        if (meta.format !== undefined && meta.format !== 'pt') return; // the writer only writes "pt"
        const again = decodeMixedSafetensors(encodeSafetensors([...r.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })), meta));
        expect([...again.tensors.keys()]).toEqual([...r.tensors.keys()]);
        for (const [name, t] of r.tensors) expect(Array.from(again.tensors.get(name)!.data), name).toEqual(Array.from(t.data));
      },
      show: showBytes,
    }));

  it('importSafetensors: a model of the spec, or ImportError', () =>
    fuzz(
      'safetensors.import',
      fc.tuple(fc.nat({ max: MODEL_SEEDS.length - 1 }), mutatedFile(MODEL_SEEDS.map((m) => m.file))),
      ([i, bytes]) => importSafetensors(MODEL_SEEDS[i].spec, bytes, 'weights.safetensors'),
      {
        runs: 900,
        errors: throwsOneOf(ImportError),
        check: (m, [i]) => {
          expect(m.spec).toBe(MODEL_SEEDS[i].spec);
          expect(m.params.length).toBe(layoutParams(buildGraph(m.spec)).total);
        },
        show: ([i, b]) => `spec ${SPECS[i].name}, ${showBytes(b)}`,
      },
    ));

  const adam: ModelSpec = { ...SPECS[0], optimizer: { type: 'adam', lr: 0.01 } };
  const total = layoutParams(buildGraph(adam)).total;
  const stateSeeds = [
    encodeOptimizerState({ step: 12, slots: { m: rng(total, 3), v: rng(total, 4) } }),
    encodeOptimizerState({ step: 0, slots: { m: new Float32Array(total), v: new Float32Array(total) } }),
  ];
  it('decodeOptimizerState: the slots of the model, or an error naming the misfit', () =>
    fuzz('safetensors.optimizerState', mutatedFile(stateSeeds), (bytes) => decodeOptimizerState(bytes, adam), {
      runs: 700,
      // Documented: SafetensorsError for a broken file, else an Error naming what does not fit.
      errors: { describe: 'SafetensorsError or a plain Error', accepts: (e) => e instanceof SafetensorsError || (e instanceof Error && e.constructor === Error) },
      check: (s) => {
        expect(Number.isSafeInteger(s.step) && s.step >= 0, `step ${s.step}`).toBe(true);
        expect(Object.keys(s.slots).sort()).toEqual([...optimizerSlots(adam.optimizer)].sort());
        for (const d of Object.values(s.slots)) expect(d.length).toBe(total);
      },
      show: showBytes,
    }));
});
