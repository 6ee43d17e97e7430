/**
 * Progress renders only what shows it (DOM-free checks of what App relies on): a progress message
 * changes state.progress and the current run's series and leaves every other slice the memoized
 * panels read as the same object; the heavy panels are memo components; the dataset panel keeps
 * its graph object through an edit that does not change whether the dataset fits.
 */
import { describe, expect, it } from 'vitest';
import { layerDef } from '../../src/engine/layers/registry';
import { keptFitGraph } from '../../src/ui/components/layout/useFitGraph';
import * as panels from '../../src/ui/components/layout/panels';
import { analyzeForEditor } from '../../src/ui/model/analysis';
import { datasetInfo } from '../../src/ui/model/dataset-info';
import { setLayerField } from '../../src/ui/model/edit-spec';
import { DEFAULT_PRESET, presetCore } from '../../src/ui/playground/documents';
import { initialState, reduce, type UiState } from '../../src/ui/state';
import type { FromWorker } from '../../src/worker/protocol';

const arity = (type: string) => layerDef(type)?.arity;

const progress = (step: number): FromWorker =>
  ({ type: 'progress', epoch: 0, step, stepsPerEpoch: 10, globalStep: step, loss: 0.5, accuracy: 0.75, samplesPerSec: 100 }) as FromWorker;

describe('a progress message', () => {
  it('changes the progress and the current series, nothing the other panels read', () => {
    let s: UiState = reduce(initialState(), { kind: 'worker', messages: [{ type: 'ready', adapter: 'Test GPU' }] });
    s = reduce(s, { kind: 'worker', messages: [progress(1)] });
    const next = reduce(s, { kind: 'worker', messages: [progress(2)] });
    expect(next.progress).not.toBe(s.progress);
    expect(next.current.train).not.toBe(s.current.train);
    const kept: (keyof UiState)[] = ['gpu', 'model', 'history', 'evaluation', 'boundary', 'misclassified', 'prediction', 'attention', 'generation', 'preview', 'weights', 'errors', 'io', 'diverged', 'deviceLost', 'loaded', 'pendingLoad'];
    for (const key of kept) expect(next[key], key).toBe(s[key]);
    expect(next.current.val).toBe(s.current.val);
    expect(next.current.last).toBe(s.current.last);
    expect(next.status).toBe(s.status);
  });
});

describe('the heavy panels', () => {
  it('are memo components', () => {
    const memo = Symbol.for('react.memo');
    for (const name of ['MemoCanvas', 'MemoPalette', 'MemoInspector', 'MemoModelTotals', 'MemoDatasetPanel', 'MemoEvaluationPanel', 'MemoTrainingSettings', 'MemoPresetGallery'] as const) {
      expect((panels[name] as unknown as { $$typeof: symbol }).$$typeof, name).toBe(memo);
    }
  });
});

describe('keptFitGraph', () => {
  const core = presetCore(DEFAULT_PRESET);
  const ds = datasetInfo(core.dataset, []);
  const graphOf = (spec: typeof core.spec) => analyzeForEditor({ ...core, spec }, arity).analysis.graph;
  const old = graphOf(core.spec);

  it('keeps the old graph when an edit leaves the fit alone', () => {
    const wider = graphOf(setLayerField(core.spec, 'dense', 'units', 17));
    expect(wider).not.toBe(old);
    expect(keptFitGraph(old, wider, ds)).toBe(old);
  });

  it('takes the new graph when the fit changes', () => {
    const wrongHead = graphOf(setLayerField(core.spec, 'dense_2', 'units', 3));
    expect(keptFitGraph(old, wrongHead, ds)).toBe(wrongHead);
    expect(keptFitGraph(null, wrongHead, ds)).toBe(wrongHead);
  });
});
