/**
 * The data side of real uploads in the UI, rendered without a browser from scikit-learn's wine
 * (e2e/fixtures/wine.csv) and diabetes: choosing an upload pre-sets the suggested scaling (and a
 * built-in dataset clears it), the preview table and statistics name the CSV's columns, the scaling
 * panel shows the suggestion with its reason, and the summary line names the selected upload.
 */
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { uploadMeta, type UploadMeta } from '../../src/data/uploads/types';
import { ColumnStatsTable, formatStat } from '../../src/ui/components/datasets/ColumnStatsTable';
import { FeatureScaling } from '../../src/ui/components/datasets/FeatureScaling';
import { RowTable } from '../../src/ui/components/datasets/RowTable';
import { ModelSummary } from '../../src/ui/components/ModelSummary';
import { buildUpload } from '../../src/ui/datasets/build-upload';
import { withDataset } from '../../src/ui/datasets/choose-dataset';
import { datasetInfo, isScalable } from '../../src/ui/model/dataset-info';
import type { ProjectCore } from '../../src/ui/project/types';
import type { ModelInfo } from '../../src/worker/protocol';

const fixture = (name: string) => new File([readFileSync(new URL(`../../e2e/fixtures/${name}`, import.meta.url))], name, { type: 'text/csv' });

async function metaOf(name: string, labelColumn: string, task: 'classification' | 'regression'): Promise<UploadMeta> {
  return uploadMeta(await buildUpload({ format: 'csv', file: fixture(name), labelColumn, task }));
}

const core = (scaling?: 'none' | 'standard' | 'minmax') =>
  ({ dataset: 'spiral', settings: { batchSize: 32, epochs: 5, seed: 1, validationSplit: 0.1, schedule: { kind: 'constant', lr: 0.01 }, ...(scaling ? { scaling } : {}) } }) as unknown as ProjectCore;

describe('numeric uploads in the UI', () => {
  it('choosing wine pre-sets standardise; a built-in dataset clears it; other settings are kept', async () => {
    const wine = await metaOf('wine.csv', 'cultivar', 'classification');
    const chosen = withDataset(core(), wine.id, [wine]);
    expect(chosen.dataset).toBe(wine.id);
    expect(chosen.settings.scaling).toBe('standard');
    expect(chosen.settings.batchSize).toBe(32);
    const back = withDataset(chosen, 'spiral', [wine]);
    expect(back.dataset).toBe('spiral');
    expect('scaling' in back.settings).toBe(false);
    expect(isScalable(datasetInfo(wine.id, [wine]))).toBe(true);
    expect(isScalable(datasetInfo('spiral', [wine]))).toBe(false);
  });

  it('the preview table is headed by the CSV column names, the statistics name every column', async () => {
    const wine = await metaOf('wine.csv', 'cultivar', 'classification');
    const info = datasetInfo(wine.id, [wine]);
    const x = new Float32Array([14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065]);
    const table = renderToStaticMarkup(createElement(RowTable, { x, width: 13, labels: ['barolo'], texts: null, ints: false, featureNames: info.featureNames }));
    expect([...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['#', 'label', 'alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', '… 5 more']);
    expect(table).not.toContain('>x0<');
    const stats = renderToStaticMarkup(createElement(ColumnStatsTable, { names: info.featureNames!, stats: info.featureStats!, target: null }));
    expect(stats.match(/data-testid="column-stats-row"/g)).toHaveLength(13);
    const p = info.featureStats![12];
    expect(stats).toContain(`<th scope="row">proline</th><td>${formatStat(p.mean)}</td><td>${formatStat(p.std)}</td><td>${formatStat(p.min)}</td><td>${formatStat(p.max)}</td>`);
    expect(formatStat(746.8934)).toBe('746.9');
    expect(formatStat(0.0001234)).toBe('1.23e-4');
  });

  it('the scaling panel shows the selected mode, the suggestion and its reason', async () => {
    const wine = await metaOf('wine.csv', 'cultivar', 'classification');
    const info = datasetInfo(wine.id, [wine]);
    const html = renderToStaticMarkup(createElement(FeatureScaling, { dataset: info, scaling: 'standard', onChange: () => {} }));
    expect(html).toContain('<option value="standard" selected="">Standardise (mean 0, std 1) (suggested)</option>');
    expect(html).toMatch(/Columns differ in scale by [\d,]+x \(&quot;proline&quot; vs &quot;nonflavanoid_phenols&quot;\): standardise is suggested\./);
    expect(html).toContain('The statistics come from the training rows only.');
  });

  it('diabetes: the target statistics row and the note on target scaling', async () => {
    const diabetes = await metaOf('diabetes.csv', 'progression', 'regression');
    const info = datasetInfo(diabetes.id, [diabetes]);
    expect(info.targetStats![0].min).toBe(25);
    expect(info.targetStats![0].max).toBeLessThanOrEqual(346);
    const stats = renderToStaticMarkup(createElement(ColumnStatsTable, { names: info.featureNames!, stats: info.featureStats!, target: info.targetStats![0] }));
    expect(stats.match(/data-testid="column-stats-row"/g)).toHaveLength(11);
    expect(stats).toContain('<th scope="row"><em>target</em></th><td>');
    const html = renderToStaticMarkup(createElement(FeatureScaling, { dataset: info, scaling: 'minmax', onChange: () => {} }));
    expect(html).toContain('the regression target is scaled the same way');
  });

  it('the summary line names the selected upload by its file name, also when the model was built on another dataset', async () => {
    const wine = await metaOf('wine.csv', 'cultivar', 'classification');
    const model = { dataset: 'spiral', trainRows: 900, validationRows: 100, testRows: 200, paramCount: 354, batchSize: 32, stepsPerEpoch: 29, dispatchesPerStep: 12 } as unknown as ModelInfo;
    const other = renderToStaticMarkup(createElement(ModelSummary, { model, building: false, selectedId: wine.id, uploads: [wine] }));
    expect(other).toContain('Dataset <strong data-testid="model-summary-dataset">wine.csv</strong> is selected; these figures are of the model built on <strong>spiral</strong>');
    const same = renderToStaticMarkup(createElement(ModelSummary, { model: { ...model, dataset: wine.id }, building: false, selectedId: wine.id, uploads: [wine] }));
    expect(same).toContain('Dataset <strong data-testid="model-summary-dataset">wine.csv</strong> ·');
    expect(same).not.toContain('upload:');
  });
});
