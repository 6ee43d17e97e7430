/**
 * Fuzz: project files (src/ui/project/file.ts parseProjectFile), share links
 * (src/ui/project/share.ts readShareHash), and model specs (src/ui/project/validate.ts
 * validateSpec / validateCore, and the engine's analyzeModel in src/engine/graph.ts).
 * Inputs are valid documents built with the project's own writers (projectFileText of a preset's
 * project with weights and a run, shareUrl, the presets' specs), mutated at random JSON paths with
 * hostile values (huge numbers, -1, "__proto__", arrays for objects, deep nesting, long strings...)
 * or at the text/character level.
 * Contract: these never throw. parseProjectFile returns {ok: true, value} whose project re-saves
 * and re-reads, or {ok: false, error} with a message; readShareHash returns null (no share link),
 * {error} with a message, or a validated core; validateSpec returns its result; analyzeModel
 * returns a graph or a list of errors, each with a message.
 */
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { buildGraph } from '../../src/engine/graph';
import { PRESETS } from '../../src/presets/presets';
import { newDoc, presetCore } from '../../src/ui/playground/documents';
import { parseProjectFile, projectFileText } from '../../src/ui/project/file';
import { deflateSync } from 'fflate';
import { bytesToBase64Url } from '../../src/ui/project/base64';
import { readShareHash, shareJson, shareUrl } from '../../src/ui/project/share';
import type { ProjectDoc, RunRecord } from '../../src/ui/project/types';
import { validateCore, validateSpec } from '../../src/ui/project/validate';
import { applyByteEdits, applyJsonEdits, byteEdits, checkMessage, fc, fuzz, jsonEdits, jsonText, neverThrows } from './harness';

const PICKED = ['regression', 'spiral-mlp', 'rnn-waves', 'char-lm', 'cnn'];
const presets = PRESETS.filter((p) => PICKED.includes(p.id));

function run(id: number): RunRecord {
  return {
    id, startedAt: 1_700_000_000_000, config: null,
    train: [{ x: 0.5, loss: 1.2, acc: 0.4 }, { x: 1, loss: 0.8, acc: 0.6 }],
    val: [{ x: 1, loss: 0.9, acc: null }],
    last: null,
  };
}

/** Valid project files: small presets with weights and runs, big ones without weights. */
const FILES: unknown[] = presets.map((p, i) => {
  const doc: ProjectDoc = { ...newDoc(presetCore(p), p.title, p.id), current: run(2), history: [run(1)], nextRunId: 3 };
  const small = buildGraph(p.spec).paramCount < 5000;
  const weights = small ? { projectId: doc.id, params: initParams(layoutParams(buildGraph(p.spec)), i), epoch: 3, globalStep: 120, archKey: 'k' } : null;
  return JSON.parse(projectFileText(doc, weights));
});

/** Words of the format, so edits reach past the first type check. */
const VOCABULARY = [
  'webgpu-playground/project', 'webgpu-playground/model', 1, 2, 'Dense', 'Input', 'Conv2D', 'LSTM', 'MultiHeadAttention', 'Embedding', 'softmax', 'mse', 'adam', 'sgd',
  'sparse_categorical_crossentropy', 'spiral', 'upload:abc', 'upload:', 'fashion-mnist', { kind: 'cosine', totalSteps: 0 }, { kind: 'step', dropEvery: 1e308, factor: 0.5 },
  { x: 1, loss: 1, acc: null }, 'AAAA', 'AAA', '====', '!!!!', { type: 'adam', lr: -1 },
];

interface ParsedOk {
  ok: true;
  value: { doc: Record<string, unknown> & { name: string; spec: unknown; history: unknown[] }; weights: { params: Float32Array; epoch: number; globalStep: number; archKey: string } | null };
}
type Parsed = ParsedOk | { ok: false; error: string };

function checkParsed(r: Parsed): void {
  expect(typeof r === 'object' && r !== null && typeof r.ok === 'boolean', 'a {ok, ...} result').toBe(true);
  if (!r.ok) {
    checkMessage(r.error, 'the error result');
    return;
  }
  const { doc, weights } = r.value;
  expect(validateSpec(doc.spec).ok, 'the spec of an accepted project is valid').toBe(true);
  expect(validateCore(doc).ok, 'the core of an accepted project is valid').toBe(true);
  expect(typeof doc.name === 'string' && doc.name.trim() !== '').toBe(true);
  expect(Array.isArray(doc.history)).toBe(true);
  if (weights) {
    expect(weights.params).toBeInstanceOf(Float32Array);
    expect(typeof weights.epoch === 'number' && typeof weights.globalStep === 'number' && typeof weights.archKey === 'string').toBe(true);
  }
  // What was accepted saves and reads back.
  const again = parseProjectFile(projectFileText({ ...(doc as unknown as ProjectDoc), id: 'x' }, weights ? { ...weights, projectId: 'x' } : null)) as Parsed;
  expect(again.ok, `re-reading an accepted project: ${again.ok ? '' : again.error}`).toBe(true);
}

const mutatedProjectText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...FILES), jsonEdits(3, VOCABULARY)).map(([f, e]) => jsonText(applyJsonEdits(f, e), 1)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...FILES), byteEdits(3))
      .map(([f, e]) => new TextDecoder().decode(applyByteEdits(new TextEncoder().encode(JSON.stringify(f)), e))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...FILES).map((f) => JSON.stringify(f)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const SHARES: unknown[] = presets.map((p) => {
  const url = shareUrl(presetCore(p), p.title, 'https://example.test/app');
  return JSON.parse(shareJson(new URL(url).hash));
});

const b64url = (text: string): string => {
  const bytes = new TextEncoder().encode(text);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const shareHash: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...SHARES), jsonEdits(3, VOCABULARY)).map(([s, e]) => `#share=${b64url(jsonText(applyJsonEdits(s, e)))}`) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...SHARES), byteEdits(3)).map(([s, e]) => `#share=${new TextDecoder().decode(applyByteEdits(new TextEncoder().encode(b64url(JSON.stringify(s))), e))}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...SHARES).map((s) => `#share=${b64url(JSON.stringify(s))}`) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }).map((s) => `#share=${s}`), fc.string({ maxLength: 12 }), fc.constantFrom('#share=', '#share', '#', '', '#share=====', '#share=%%%')) },
  // The compressed format: edits of the JSON before deflating, and of the deflated bytes.
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...SHARES), jsonEdits(3, VOCABULARY)).map(([s, e]) => `#s=${bytesToBase64Url(deflateSync(new TextEncoder().encode(jsonText(applyJsonEdits(s, e)))))}`) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...SHARES), byteEdits(3)).map(([s, e]) => `#s=${bytesToBase64Url(applyByteEdits(deflateSync(new TextEncoder().encode(JSON.stringify(s))), e))}`) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }).map((s) => `#s=${s}`), fc.constantFrom('#s=', '#s', '#s=====', '#s=%%%')) },
);

const SPECS: unknown[] = PRESETS.map((p) => structuredClone(p.spec));
const SPEC_VOCABULARY = [
  ...VOCABULARY, 'Flatten', 'Reshape', 'Add', 'GRU', 'Bidirectional', 'PositionEmbedding', 'LayerNormalization', 'GlobalAveragePooling1D', 'Dropout', 'MaxPooling2D', 'int32',
  'same', 'valid', 'concat', 'input', 'dense', [28, 28, 1], [0], [1e9, 1e9], [2 ** 31], ['input'], ['dense', 'dense'], [], { type: 'LSTM', units: 4 },
];
/** A spec as JSON text (what a file or link holds), parsed by the property. */
const mutatedSpec: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...SPECS), jsonEdits(3, SPEC_VOCABULARY)).map(([s, e]) => jsonText(applyJsonEdits(s, e))) },
  { weight: 1, arbitrary: fc.constantFrom(...SPECS).map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
);

describe('fuzz: project files, share links, model specs', () => {
  it('parseProjectFile: {ok: true} with a project that re-reads, or {ok: false, error}', () =>
    fuzz('project.parseProjectFile', mutatedProjectText, (text) => parseProjectFile(text) as Parsed, {
      runs: 1200,
      errors: neverThrows,
      check: checkParsed,
      accepted: (r) => r.ok,
      show: (t) => `${t.length} chars: ${t.slice(0, 3000)}`,
    }));

  it('readShareHash: null, {error}, or a validated core', () =>
    fuzz('project.readShareHash', shareHash, readShareHash, {
      runs: 1000,
      errors: neverThrows,
      check: (r, hash) => {
        if (r === null) {
          expect(hash.startsWith('#share=')).toBe(false);
          return;
        }
        if ('error' in r) {
          checkMessage(r.error, 'the error result');
          return;
        }
        expect(validateCore(r.core).ok).toBe(true);
        expect(typeof r.name).toBe('string');
      },
      accepted: (r) => r !== null && !('error' in r),
      show: (h) => `${h.length} chars: ${h.slice(0, 3000)}`,
    }));

  it('validateSpec and analyzeModel: results, never exceptions', () =>
    fuzz(
      'project.spec',
      mutatedSpec,
      (text) => {
        const spec: unknown = JSON.parse(text);
        const v = validateSpec(spec);
        // analyzeModel takes what the editor holds: anything validateSpec lets through, and more.
        return { v, a: analyzeModel(spec as never) };
      },
      {
        runs: 1500,
        errors: neverThrows,
        check: ({ v, a }) => {
          if (!v.ok) checkMessage(v.error, 'validateSpec error');
          if (a.graph) {
            expect(a.errors).toEqual([]);
            expect(Number.isSafeInteger(a.graph.paramCount) && a.graph.paramCount >= 0, `paramCount ${a.graph.paramCount}`).toBe(true);
          } else {
            expect(a.errors.length).toBeGreaterThan(0);
            for (const e of a.errors) checkMessage(e.message, `analyzeModel error (${e.layer} ${e.field})`);
          }
        },
        accepted: ({ a }) => a.graph !== null,
        show: (t) => t.slice(0, 3000),
      },
    ));
});
