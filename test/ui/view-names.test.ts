/**
 * Names in the evaluation and chart views: class names in the confusion matrix (index fallback),
 * a CSV's header in the misclassified list, an upload's file name in run summaries and legends.
 */
import { describe, expect, it } from 'vitest';
import type { UploadMeta } from '../../src/data/uploads/types';
import { currentLabel, runLegend } from '../../src/ui/components/charts/series';
import { classLabels } from '../../src/ui/components/evaluation/class-labels';
import { featureSummary } from '../../src/ui/components/evaluation/feature-summary';
import { datasetName } from '../../src/ui/model/dataset-name';
import type { RunConfig, RunRecord } from '../../src/ui/project/types';

const upload: UploadMeta = {
  id: 'upload:dd026c9b-1', label: 'prices.csv', description: '', format: 'csv', task: 'regression',
  inputShape: [3], inputDtype: 'float32', kind: 'features', trainRows: 54, testRows: 6,
};

describe('classLabels', () => {
  it('uses the class names when there is one per class', () => {
    expect(classLabels(['setosa', 'versicolor', 'virginica'], 3)).toEqual(['setosa', 'versicolor', 'virginica']);
  });
  it('falls back to the index without names, with names of another count, and for an empty name', () => {
    expect(classLabels(undefined, 3)).toEqual(['0', '1', '2']);
    expect(classLabels(['a', 'b'], 3)).toEqual(['0', '1', '2']);
    expect(classLabels(['a', '', 'c'], 3)).toEqual(['a', '1', 'c']);
  });
});

describe('featureSummary with feature names', () => {
  it('names the largest columns of a wide row by the header', () => {
    const x = new Float32Array(12);
    x[4] = 16;
    x[10] = -20;
    const names = Array.from({ length: 12 }, (_, i) => `col${i}`);
    names[4] = 'bmi';
    names[10] = 'glucose';
    expect(featureSummary(x, 8, names)).toBe('glucose -20.00, bmi 16.00');
    expect(featureSummary(x, 8)).toBe('x10 -20.00, x4 16.00');
  });
  it('names every value of a narrow row; names of another count are ignored', () => {
    expect(featureSummary(new Float32Array([5.1, 3.5]), 8, ['sepal_length', 'sepal_width'])).toBe('sepal_length 5.10, sepal_width 3.50');
    expect(featureSummary(new Float32Array([5.1, 3.5]), 8, ['only one'])).toBe('5.10, 3.50');
  });
});

describe('dataset names in run summaries', () => {
  const config = (dataset: string): RunConfig => ({
    dataset: dataset as RunConfig['dataset'], loss: 'mse', optimizer: { type: 'adam', lr: 0.01 },
    settings: { batchSize: 16, epochs: 5, seed: 1, validationSplit: 0.1, schedule: { kind: 'constant' } }, params: 10, layers: 3, archKey: 'a',
  });
  const run = (id: number, dataset: string): RunRecord => ({ id, startedAt: 0, config: config(dataset), train: [], val: [], last: null });
  const name = (id: string) => datasetName(id, [upload]);

  it('an upload is named by its file name, a built-in by its id, a missing upload says so', () => {
    expect(datasetName(upload.id, [upload])).toBe('prices.csv');
    expect(datasetName('spiral', [upload])).toBe('spiral');
    expect(datasetName('upload:gone', [upload])).toBe('an upload no longer in this browser');
  });

  it('the current run and the legend of earlier runs show the file name, not the upload id', () => {
    expect(currentLabel(run(2, upload.id), name)).toBe('Run 2 (current): adam lr 0.01 · batch 16 · prices.csv');
    const legend = runLegend(run(2, upload.id), [run(1, 'spiral')], name);
    expect(legend[0].detail).toBe('data spiral');
    expect(runLegend(run(2, 'spiral'), [run(1, upload.id)], name)[0].detail).toBe('data prices.csv');
  });
});
