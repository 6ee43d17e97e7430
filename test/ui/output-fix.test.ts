/**
 * The model's head (last Dense units, output activation, loss) against the dataset's task: one
 * message naming the whole fix, never the engine's contradicting advice; outputFix applies it and
 * leaves nothing for the analysis to complain about.
 */
import { describe, expect, it } from 'vitest';
import { layerDef } from '../../src/engine/layers/registry';
import type { ModelSpec } from '../../src/engine/spec';
import type { UploadMeta } from '../../src/data/uploads/types';
import { findPreset, PRESETS } from '../../src/presets/presets';
import { presetCore } from '../../src/ui/playground/documents';
import { analyzeForEditor } from '../../src/ui/model/analysis';
import { datasetInfo } from '../../src/ui/model/dataset-info';
import { fitToDataset, inputFix, outputFitMessage, outputFix } from '../../src/ui/model/output-fix';
import type { ProjectCore } from '../../src/ui/project/types';

const arity = (type: string) => layerDef(type)?.arity;

function csvUpload(id: string, label: string, task: 'classification' | 'regression', width: number, numClasses?: number): UploadMeta {
  return {
    id: `upload:${id}`, label, description: `${label} rows`, format: 'csv', task, inputShape: [width], inputDtype: 'float32',
    ...(numClasses ? { numClasses, classNames: Array.from({ length: numClasses }, (_, i) => `c${i}`) } : {}),
    kind: width === 2 ? 'points' : 'features', trainRows: 54, testRows: 6,
  };
}

const diabetes = csvUpload('diabetes', 'diabetes.csv', 'regression', 2);
const wine = csvUpload('wine', 'wine.csv', 'classification', 2, 3);
const pair = csvUpload('pair', 'pair.csv', 'classification', 2, 2);
const uploads = [diabetes, wine, pair];

/** The spiral classifier (2 inputs, Dense(2, softmax), sparse CE) on another dataset. */
function spiralOn(dataset: string, patch: Partial<ModelSpec> = {}): ProjectCore {
  const core = presetCore(findPreset('spiral-mlp')!);
  return { ...core, dataset: dataset as ProjectCore['dataset'], spec: { ...core.spec, ...patch } };
}

function regressorOn(dataset: string): ProjectCore {
  const core = presetCore(findPreset('regression')!);
  return { ...core, dataset: dataset as ProjectCore['dataset'] };
}

const analyze = (c: ProjectCore, extra: UploadMeta[] = []) => analyzeForEditor(c, arity, [...uploads, ...extra]);
const lastDense = (s: ModelSpec) => s.layers.filter((l) => l.type === 'Dense').at(-1) as { units: number; activation?: string };

describe('output fit message', () => {
  it('a classifier on a regression dataset gets one message naming units, activation and loss', () => {
    const a = analyze(spiralOn(diabetes.id));
    expect(a.blocker).toBe(
      'diabetes.csv is a regression dataset (1 target). Make the output fit it: the last Dense gets 1 unit and a linear activation, and the loss becomes mse.',
    );
  });

  it('switching only the loss to mse keeps the same advice (the engine softmax error gives way to it)', () => {
    const core = spiralOn(diabetes.id, { loss: 'mse' });
    const a = analyze(core);
    expect(a.blocker).toBe(
      'diabetes.csv is a regression dataset (1 target). Make the output fit it: the last Dense gets 1 unit and a linear activation, and the loss stays mse.',
    );
    // The loss field and the output node say the same, not "use categorical cross-entropy".
    expect(a.modelErrors.find((e) => e.field === 'loss')?.message).toBe(a.blocker!.replace(/\.$/, ''));
    expect(a.byLayer.get('dense_2')?.map((e) => e.message).join(' ')).not.toContain('cross-entropy');
  });

  it('a regression head on a 3-class dataset names softmax and sparse_categorical_crossentropy', () => {
    const a = analyze(regressorOn(wine.id));
    expect(a.blocker).toBe(
      'wine.csv is a classification dataset (3 classes). Make the output fit it: the last Dense gets 3 units and a softmax activation, and the loss becomes sparse_categorical_crossentropy.',
    );
  });

  it('wrong unit count with the right loss and activation', () => {
    const core = spiralOn(wine.id);
    expect(outputFitMessage(core.spec, datasetInfo(core.dataset, uploads))).toBe(
      'wine.csv is a classification dataset (3 classes). Make the output fit it: the last Dense gets 3 units and a softmax activation, and the loss stays sparse_categorical_crossentropy.',
    );
  });

  it('binary cross-entropy on 2 classes asks for 1 sigmoid unit; 2 softmax units with sparse CE already fit', () => {
    const bce = spiralOn(pair.id, { loss: 'binary_crossentropy' });
    const ds = datasetInfo(pair.id, uploads);
    expect(outputFitMessage(bce.spec, ds)).toBe(
      'pair.csv is a classification dataset (2 classes). Make the output fit it: the last Dense gets 1 unit and a sigmoid activation, and the loss stays binary_crossentropy.',
    );
    expect(outputFitMessage(spiralOn(pair.id).spec, ds)).toBeNull();
    expect(analyze(spiralOn(pair.id)).blocker).toBeNull();
  });
});

describe('outputFix', () => {
  it('classifier -> regression: 1 linear unit and mse, and no fit message remains', () => {
    const core = spiralOn(diabetes.id);
    const fixed = outputFix(core.spec, datasetInfo(core.dataset, uploads))!;
    expect(fixed.loss).toBe('mse');
    expect(lastDense(fixed)).toMatchObject({ units: 1, activation: 'linear' });
    // Hidden layers are untouched.
    expect(fixed.layers.slice(0, -1)).toEqual(core.spec.layers.slice(0, -1));
    expect(analyze({ ...core, spec: fixed }).blocker).toBeNull();
    expect(outputFix(fixed, datasetInfo(core.dataset, uploads))).toBeNull();
  });

  it('regression -> classifier: 3 softmax units and sparse CE, no fit message remains', () => {
    const core = regressorOn(wine.id);
    const fixed = outputFix(core.spec, datasetInfo(core.dataset, uploads))!;
    expect(fixed.loss).toBe('sparse_categorical_crossentropy');
    expect(lastDense(fixed)).toMatchObject({ units: 3, activation: 'softmax' });
    expect(analyze({ ...core, spec: fixed }).blocker).toBeNull();
  });

  it('wrong units only: the units change, the rest stays', () => {
    const core = spiralOn(wine.id);
    const fixed = outputFix(core.spec, datasetInfo(core.dataset, uploads))!;
    expect(lastDense(fixed)).toMatchObject({ units: 3, activation: 'softmax' });
    expect(fixed.loss).toBe(core.spec.loss);
    expect(analyze({ ...core, spec: fixed }).blocker).toBeNull();
  });

  it('a Dense followed by an Activation(softmax) output: the Activation becomes linear', () => {
    const core = spiralOn(diabetes.id);
    const layers = [
      ...core.spec.layers.slice(0, -1),
      { id: 'dense_2', type: 'Dense', units: 2, inputs: ['dense_1'] },
      { id: 'act', type: 'Activation', activation: 'softmax', inputs: ['dense_2'] },
    ] as ModelSpec['layers'];
    const spec = { ...core.spec, layers, output: 'act' };
    const fixed = outputFix(spec, datasetInfo(core.dataset, uploads))!;
    expect(fixed.layers.find((l) => l.id === 'act')).toMatchObject({ activation: 'linear' });
    expect(fixed.layers.find((l) => l.id === 'dense_2')).toMatchObject({ units: 1, activation: 'linear' });
    expect(analyze({ ...core, spec: fixed }).blocker).toBeNull();
  });

  it('every example fits its own dataset: no head message, no fix', () => {
    for (const p of PRESETS) {
      const core = presetCore(p);
      const ds = datasetInfo(core.dataset, []);
      expect([p.id, outputFitMessage(core.spec, ds)]).toEqual([p.id, null]);
      expect([p.id, outputFix(core.spec, ds)]).toEqual([p.id, null]);
    }
  });

  it('a model that fits, or a built-in whose head is per position, gets no fix', () => {
    expect(outputFix(presetCore(findPreset('spiral-mlp')!).spec, datasetInfo('spiral', []))).toBeNull();
    const lm = presetCore(findPreset('char-lm')!);
    expect(outputFix(lm.spec, datasetInfo(lm.dataset, []))).toBeNull();
  });

  it('the one-click fit also sets a 1-D float Input to the table\'s width, in the same edit', () => {
    const wide = csvUpload('wine13', 'wine.csv', 'classification', 13, 3);
    const core = spiralOn(wide.id);
    const ds = datasetInfo(core.dataset, [wide]);
    expect(analyze(core, [wide]).blocker).toContain('Input "input" expects [2], but wine.csv samples have shape [13]: set the Input\'s shape to [13].');
    const fixed = fitToDataset(core.spec, ds)!;
    expect(fixed.layers.find((l) => l.type === 'Input')).toMatchObject({ shape: [13] });
    expect(fixed.layers.find((l) => l.id === 'dense_2')).toMatchObject({ units: 3, activation: 'softmax' });
    expect(analyze({ ...core, spec: fixed }, [wide]).blocker).toBeNull();
    // Only the input was off: the fit changes the input alone; images and token ids are not "fixed" here.
    const ok = csvUpload('pair13', 'pair.csv', 'classification', 13, 2);
    expect(fitToDataset(core.spec, datasetInfo(ok.id, [ok]))!.layers.find((l) => l.id === 'dense_2')).toMatchObject({ units: 2 });
    expect(inputFix(presetCore(findPreset('cnn')!).spec, ds)).toBeNull();
    expect(fitToDataset(core.spec, datasetInfo('spiral', []))).toBeNull();
  });
});
