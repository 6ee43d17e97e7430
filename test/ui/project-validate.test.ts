/**
 * Hostile project files, share links and stored projects: each is refused with a message naming
 * what is wrong, or cleaned (runs and evaluations that fail their schema dropped with a note,
 * history capped, junk positions removed) so that nothing reaching the editor can make it throw.
 * Valid projects of every preset still round-trip through a file unchanged.
 */
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../src/engine/graph';
import { layerDef } from '../../src/engine/layers/registry';
import { layoutParams } from '../../src/engine/params';
import { PRESETS } from '../../src/presets/presets';
import { LOSSES } from '../../src/engine/losses';
import { fieldsFor } from '../../src/ui/model/fields';
import { isValidId } from '../../src/ui/model/ids';
import { DEFAULT_PRESET, newDoc, presetCore } from '../../src/ui/playground/documents';
import { checkStored } from '../../src/ui/playground/stored';
import { toBase64Url } from '../../src/ui/project/base64';
import { parseProjectFile, projectFileText } from '../../src/ui/project/file';
import { archKey } from '../../src/ui/project/keys';
import { readShareHash } from '../../src/ui/project/share';
import { MAX_HISTORY, type ProjectDoc, type RunRecord } from '../../src/ui/project/types';

/* eslint-disable @typescript-eslint/no-explicit-any */
const baseDoc = (): ProjectDoc => newDoc(presetCore(DEFAULT_PRESET), 'Spiral', DEFAULT_PRESET.id);
const file = (mutate: (project: any, data: any) => void, doc: ProjectDoc = baseDoc()) => {
  const data = JSON.parse(projectFileText(doc, null));
  mutate(data.project, data);
  return parseProjectFile(JSON.stringify(data));
};
const refusal = (mutate: (project: any, data: any) => void) => {
  const r = file(mutate);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};
const opened = (mutate: (project: any, data: any) => void) => {
  const r = file(mutate);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const run = (id: number, extra: Partial<RunRecord> = {}): RunRecord => ({ id, startedAt: 1000 + id, config: null, train: [{ x: 0.5, loss: 1.2, acc: 0.4 }], val: [], last: null, ...extra });
const weightsOf = (doc: ProjectDoc, fill: (i: number) => number, length?: number) => {
  const total = layoutParams(analyzeModel(doc.spec).graph!).total;
  const params = Float32Array.from({ length: length ?? total }, (_, i) => fill(i));
  return { projectId: doc.id, params, epoch: 3, globalStep: 120, archKey: archKey(doc) };
};

describe('layer types are looked up as own properties', () => {
  it('layerDef and fieldsFor know nothing of inherited names', () => {
    for (const t of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(layerDef(t)).toBeUndefined();
    expect(layerDef('Dense')?.type).toBe('Dense');
    expect(fieldsFor({ id: 'a', type: 'toString', inputs: [] } as never)).toEqual([]);
    // The inspector's rename check: inherited names cannot become layer ids either.
    expect(['constructor', '__proto__', 'toString', 'dense_1'].map(isValidId)).toEqual([false, false, false, true]);
  });

  it.each(['constructor', 'toString', '__proto__'])('refuses a layer of type %s', (t) => {
    expect(refusal((p) => (p.spec.layers[1].type = t))).toBe(`The project in this file is invalid: layer "dense" has the unknown type "${t}".`);
  });

  it('refuses reserved and malformed layer ids and inputs', () => {
    expect(refusal((p) => (p.spec.layers[1].id = 'constructor'))).toBe('The project in this file is invalid: layer #2 has the reserved id "constructor".');
    expect(refusal((p) => (p.spec.layers[1].id = ''))).toBe('The project in this file is invalid: layer #2 needs a non-empty string id.');
    expect(refusal((p) => (p.spec.layers[1].inputs = ['__proto__']))).toBe('The project in this file is invalid: layer "dense": an input has the reserved id "__proto__".');
  });
});

describe('model spec fields', () => {
  it('refuses an unknown optimizer, loss and out-of-range hyperparameters', () => {
    expect(refusal((p) => (p.spec.optimizer = { type: 'lamb', lr: 0.001 }))).toBe('The project in this file is invalid: the optimizer "lamb" is unknown; use one of sgd, adagrad, rmsprop, adam, adamw, adamax, nadam, adadelta, lion.');
    expect(refusal((p) => (p.spec.loss = 'categorical_hinge' as never))).toBe(`The project in this file is invalid: the loss "categorical_hinge" is unknown; use one of ${LOSSES.join(', ')}.`);
    expect(refusal((p) => (p.spec.lossOptions = { delta: -1 }))).toBe("The project in this file is invalid: Huber's delta must be a positive number, got -1.");
    expect(refusal((p) => (p.spec.lossOptions = { labelSmoothing: 1 }))).toBe('The project in this file is invalid: label smoothing must be a number in [0, 1), got 1.');
    expect(refusal((p) => (p.spec.lossOptions = { delta: 1, gamma: 2 } as never))).toBe('The project in this file is invalid: unknown loss option "gamma"; the options are: delta, labelSmoothing, classWeights.');
    expect(refusal((p) => (p.spec.optimizer = { type: 'adam', lr: 0 }))).toBe('The project in this file is invalid: optimizer.lr must be a finite number above 0 (got 0).');
    expect(refusal((p) => (p.spec.optimizer = { type: 'adam', beta1: 1 }))).toBe('The project in this file is invalid: optimizer.beta1 must be in [0, 1) (got 1).');
    expect(refusal((p) => (p.spec.optimizer = { type: 'sgd', nesterov: 'yes' }))).toBe('The project in this file is invalid: optimizer.nesterov must be true or false.');
    expect(refusal((p) => (p.spec.clipNorm = -1))).toBe('The project in this file is invalid: clipNorm must be a finite number >= 0 (got -1).');
  });

  it('refuses fields of the wrong JS type but keeps graph errors for the editor', () => {
    expect(refusal((p) => (p.spec.layers[1].units = '16'))).toBe('The project in this file is invalid: layer "dense" units must be a finite number.');
    expect(refusal((p) => (p.spec.layers[1].activation = 'mish'))).toBe('The project in this file is invalid: layer "dense" activation must be one of linear, relu, sigmoid, tanh, softmax, gelu, leaky_relu, elu, selu, softplus, softsign, swish, hard_sigmoid, exponential.');
    expect(refusal((p) => (p.spec.layers[0].shape = [2, 'x']))).toBe('The project in this file is invalid: layer "input" shape must be a list of at most 16 finite numbers.');
    expect(refusal((p) => (p.spec.layers[1].useBias = 1))).toBe('The project in this file is invalid: layer "dense" useBias must be true or false.');
    expect(refusal((p) => p.spec.layers.push({ id: 'bi', type: 'Bidirectional', layer: { type: 'Dense', units: 3 } }))).toBe(
      'The project in this file is invalid: layer "bi" needs a wrapped layer of type SimpleRNN, LSTM, GRU.',
    );
    // units 0 is well typed: it loads, and the editor's analysis reports it.
    const v = opened((p) => (p.spec.layers[1].units = 0));
    expect(v.doc.spec.layers[1]).toMatchObject({ units: 0 });
    expect(analyzeModel(v.doc.spec).errors[0]).toMatchObject({ layer: 'dense', field: 'units' });
  });

  it('caps the layer count and the lengths of names', () => {
    const many = refusal((p) => (p.spec.layers = Array.from({ length: 2001 }, (_, i) => ({ id: `d${i}`, type: 'Dense', units: 1 }))));
    expect(many).toBe('The project in this file is invalid: the model has 2,001 layers; at most 2,000 are allowed.');
    expect(refusal((p) => (p.name = 'x'.repeat(5000)))).toBe('The project in this file is invalid: the project name is 5,000 characters long; at most 200 are allowed.');
    expect(refusal((p) => (p.spec.layers[1].id = 'a'.repeat(100)))).toMatch(/^The project in this file is invalid: layer #2 has the id "a{80}", which is not a layer id/);
  });

  it('refuses settings out of range', () => {
    expect(refusal((p) => (p.settings.batchSize = 1e9))).toBe('The project in this file is invalid: settings.batchSize must be a whole number from 1 to 4096.');
    expect(refusal((p) => (p.dataset = 'constructor'))).toBe('The project in this file is invalid: unknown dataset "constructor".');
  });
});

describe('runs, evaluation, history and positions', () => {
  it('drops an evaluation that fails its schema, with a note', () => {
    const empty = opened((p) => (p.evaluation = {}));
    expect(empty.doc.evaluation).toBeNull();
    expect(empty.notes).toEqual(['The evaluation was dropped (split: missing; loss: missing; accuracy: missing).']);
    const nope = opened((p) => (p.evaluation = { split: 'test', loss: 1, accuracy: 0.5, count: 10, confusion: 'nope', scatter: null }));
    expect(nope.doc.evaluation).toBeNull();
    expect(nope.notes).toEqual(['The evaluation was dropped (confusion: Invalid type: Expected Array but received "nope").']);
    const ragged = opened((p) => (p.evaluation = { split: 'test', loss: 1, accuracy: 0.5, count: 10, confusion: [[1, 2], [3]], scatter: null }));
    expect(ragged.notes).toEqual(['The evaluation was dropped (confusion: must be square (one column per class)).']);
    const wrongClasses = opened((p) => (p.evaluation = { split: 'test', loss: 1, accuracy: 0.5, count: 10, confusion: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], scatter: null }));
    expect(wrongClasses.notes).toEqual(['The evaluation was dropped (its confusion matrix has 3 classes; the model has 2).']);
    const negative = opened((p) => (p.evaluation = { split: 'test', loss: 1, accuracy: 0.5, count: 10, confusion: [[1, -1], [0, 1]], scatter: null }));
    expect(negative.notes[0]).toMatch(/^The evaluation was dropped \(confusion\.0\.1: Invalid value: Expected >=0 but received -1\)\.$/);
  });

  it('keeps a valid evaluation as it is', () => {
    const e = { split: 'test', loss: 0.25, accuracy: 0.9, count: 10, confusion: [[5, 1], [0, 4]], scatter: null };
    expect(opened((p) => (p.evaluation = e)).doc.evaluation).toEqual(e);
  });

  it('drops a run whose config is {} and keeps the others', () => {
    const v = opened((p) => {
      p.current = { ...run(3), config: {} };
      p.history = [run(1), run(2)];
    });
    expect(v.doc.current).toBeNull();
    expect(v.doc.history.map((r) => r.id)).toEqual([1, 2]);
    expect(v.notes).toEqual(['The current run was dropped (config.dataset: missing; config.loss: missing; config.optimizer: missing).']);
    expect(v.doc.nextRunId).toBe(3);
  });

  it('reads a diverged run (NaN written as null) back as NaN', () => {
    const v = opened((p) => (p.current = run(1, { train: [{ x: 1, loss: null as never, acc: null }] })));
    expect(v.doc.current?.train).toEqual([{ x: 1, loss: NaN, acc: null }]);
  });

  it('keeps only the newest runs of a 10,000-run history', () => {
    const v = opened((p) => (p.history = Array.from({ length: 10_000 }, (_, i) => run(i + 1))));
    expect(v.doc.history.map((r) => r.id)).toEqual(Array.from({ length: MAX_HISTORY }, (_, i) => 10_000 - MAX_HISTORY + 1 + i));
    expect(v.notes).toEqual([`9,992 older runs were dropped (a project keeps its last ${MAX_HISTORY}).`]);
    expect(v.doc.nextRunId).toBe(10_001);
  });

  it('keeps positions only as {x, y} numbers of existing layers', () => {
    const v = opened((p) => (p.positions = { input: { x: 1, y: 2 }, dense: 'x', dense_1: { x: 1, y: '2' }, ghost: { x: 0, y: 0 }, toString: { x: 1, y: 1 } }));
    expect(v.doc.positions).toEqual({ input: { x: 1, y: 2 } });
    expect(opened((p) => (p.positions = [1, 2])).doc.positions).toEqual({});
    expect(opened((p) => (p.nextRunId = 'many')).doc.nextRunId).toBe(1);
  });
});

describe('weights', () => {
  it('refuses NaN weights and weights of the wrong length', () => {
    const doc = baseDoc();
    const nan = parseProjectFile(projectFileText(doc, weightsOf(doc, (i) => (i === 7 ? NaN : 0.1))));
    expect(nan).toEqual({ ok: false, error: 'The weights in this file hold a non-finite value (NaN) at index 7.' });
    const short = parseProjectFile(projectFileText(doc, weightsOf(doc, () => 0.1, 10)));
    // The worker's layout pads each tensor to a multiple of 4 floats: 2->16->16->2 has 354 parameters,
    // kernels 32 + 256 + 32 and biases 16 + 16 + 2 (padded to 4), so 356 values.
    expect(short).toEqual({ ok: false, error: 'The weights in this file hold 10 values, but the model needs 356.' });
  });

  it('keeps finite weights that fit', () => {
    const doc = baseDoc();
    const w = weightsOf(doc, (i) => i / 100);
    const r = parseProjectFile(projectFileText(doc, w));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.weights?.params).toEqual(w.params);
    expect(r.value.weights).toMatchObject({ epoch: 3, globalStep: 120, archKey: w.archKey });
  });
});

describe('round trips', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('a new project of preset %s survives projectFileText -> parseProjectFile', (_id, preset) => {
    const doc = newDoc(presetCore(preset), preset.title, preset.id);
    doc.current = run(1, { config: { dataset: doc.dataset, loss: doc.spec.loss, optimizer: doc.spec.optimizer, settings: doc.settings, params: 10, layers: doc.spec.layers.length, archKey: archKey(doc) } });
    doc.nextRunId = 2;
    const r = parseProjectFile(projectFileText(doc, null));
    if (!r.ok) throw new Error(r.error);
    const { id: _, ...rest } = doc;
    expect(r.value.notes).toEqual([]);
    expect({ ...r.value.doc, updatedAt: doc.updatedAt }).toEqual(rest);
  });
});

describe('share links and stored projects', () => {
  const link = (core: object) => `#share=${toBase64Url(JSON.stringify({ v: 1, name: 'Evil', ...core }))}`;
  it('refuses a share link with a hostile layer type or optimizer', () => {
    const core = presetCore(DEFAULT_PRESET);
    const bad = structuredClone(core) as any;
    bad.spec.layers[1].type = '__proto__';
    expect(readShareHash(link(bad))).toEqual({ error: 'The share link holds no usable model: layer "dense" has the unknown type "__proto__".' });
    bad.spec.layers[1].type = 'Dense';
    bad.spec.optimizer = { type: 'lamb' };
    expect(readShareHash(link(bad))).toEqual({ error: 'The share link holds no usable model: the optimizer "lamb" is unknown; use one of sgd, adagrad, rmsprop, adam, adamw, adamax, nadam, adadelta, lion.' });
    expect(readShareHash(link(core))).toMatchObject({ name: 'Evil', core });
  });

  it('refuses a damaged stored project and keeps its raw JSON', () => {
    const doc = baseDoc() as any;
    doc.spec.layers[1].type = 'constructor';
    const r = checkStored(doc, undefined);
    expect(r).toMatchObject({ ok: false, error: 'The saved project "Spiral" could not be opened: layer "dense" has the unknown type "constructor".' });
    expect(JSON.parse((r as { raw: string }).raw).project.spec.layers[1].type).toBe('constructor');
  });

  it('opens a stored project without its NaN weights, saying so', () => {
    const doc = baseDoc();
    const r = checkStored(doc, weightsOf(doc, (i) => (i === 0 ? Infinity : 0)));
    expect(r).toMatchObject({ ok: true, weights: undefined, notes: ['The weights hold a non-finite value (Infinity) at index 0. They were not loaded; the model starts from fresh weights.'] });
    expect(checkStored(doc, weightsOf(doc, () => 0.5))).toMatchObject({ ok: true, notes: [], weights: { projectId: doc.id, epoch: 3 } });
  });
});
