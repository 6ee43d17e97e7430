/**
 * A numeric CSV upload's metadata (src/data/uploads/types.ts uploadMeta): feature and target
 * statistics come from the train part only (a test row with an outlier does not move them), the
 * suggested scaling and its reason (scaling-advice.ts) on scikit-learn's wine and diabetes, and the
 * header names kept as featureNames through the train/test split.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitRows } from '../../../src/data/uploads/test-split';
import { scalingAdvice } from '../../../src/data/uploads/scaling-advice';
import { uploadMeta } from '../../../src/data/uploads/types';
import { buildUpload } from '../../../src/ui/datasets/build-upload';

const fixture = (name: string) => readFileSync(new URL(`../../../e2e/fixtures/${name}`, import.meta.url), 'utf8');
const csvFile = (text: string, name: string) => new File([text], name, { type: 'text/csv' });

/** float64 mean, population std, min, max of float32-rounded values. */
function reference(values: number[]) {
  const v = values.map(Math.fround);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, min: Math.min(...v), max: Math.max(...v) };
}

describe('numeric upload statistics', () => {
  it('come from the train part only: an outlier in a test row does not move them', async () => {
    const n = 40;
    const { train, test } = splitRows(n);
    expect(test.length).toBe(4);
    const outlierRow = test[1];
    const a = Array.from({ length: n }, (_, i) => (i === outlierRow ? 1e6 : i * 0.5));
    const b = Array.from({ length: n }, (_, i) => 100 + (i % 7));
    const y = Array.from({ length: n }, (_, i) => (i === outlierRow ? -5000 : 3 * i + 0.25));
    const text = `a,b,y\n${a.map((_, i) => `${a[i]},${b[i]},${y[i]}`).join('\n')}\n`;
    const upload = await buildUpload({ format: 'csv', file: csvFile(text, 'outlier.csv'), labelColumn: 'y', task: 'regression' });
    const meta = uploadMeta(upload);
    expect(meta.trainRows).toBe(36);
    const pick = (col: number[]) => train.map((i) => col[i]);
    const [sa, sb] = meta.featureStats!;
    const ra = reference(pick(a));
    expect(sa.max).toBe(ra.max);
    expect(sa.max).toBeLessThan(20);
    expect(sa.mean).toBeCloseTo(ra.mean, 10);
    expect(sa.std).toBeCloseTo(ra.std, 10);
    const rb = reference(pick(b));
    expect(sb).toEqual({ mean: expect.closeTo(rb.mean, 10), std: expect.closeTo(rb.std, 10), min: rb.min, max: rb.max });
    const ry = reference(pick(y));
    expect(meta.targetStats).toHaveLength(1);
    expect(meta.targetStats![0].min).toBe(ry.min);
    expect(meta.targetStats![0].min).toBeGreaterThan(0);
    expect(meta.targetStats![0].mean).toBeCloseTo(ry.mean, 10);
    expect(meta.featureNames).toEqual(['a', 'b']);
    // b reaches 106 (beyond ±100): standardise is suggested although the spreads are within 10x.
    expect(meta.suggestedScaling).toBe('standard');
    expect(scalingAdvice(meta.featureStats!, meta.featureNames!).reason).toBe('Column "b" reaches 106, where tanh and sigmoid units saturate: standardise is suggested.');
  });

  it('wine: names, classes and the suggestion to standardise (proline vs nonflavanoid_phenols)', async () => {
    const upload = await buildUpload({ format: 'csv', file: csvFile(fixture('wine.csv'), 'wine.csv'), labelColumn: 'cultivar', task: 'classification' });
    const meta = uploadMeta(upload);
    expect(meta).toMatchObject({ label: 'wine.csv', task: 'classification', numClasses: 3, classNames: ['barbera', 'barolo', 'grignolino'], trainRows: 160, testRows: 18 });
    expect(meta.featureNames).toHaveLength(13);
    expect(meta.featureNames![12]).toBe('proline');
    expect(upload.data.kind === 'tensor' && upload.data.test.featureNames).toEqual(meta.featureNames);
    expect(meta.targetStats).toBeUndefined();
    expect(meta.suggestedScaling).toBe('standard');
    const advice = scalingAdvice(meta.featureStats!, meta.featureNames!);
    expect(advice.mode).toBe('standard');
    const proline = meta.featureStats![12];
    const nonflav = meta.featureStats![7];
    expect(Math.min(...meta.featureStats!.map((s) => s.std))).toBe(nonflav.std);
    expect(advice.reason).toBe(`Columns differ in scale by ${Math.round(proline.std / nonflav.std).toLocaleString('en-US')}x ("proline" vs "nonflavanoid_phenols"): standardise is suggested.`);
    expect(proline.std / nonflav.std).toBeGreaterThan(2000);
  });

  it('similar scales within ±100 suggest none', () => {
    const stats = [reference([0, 1, 2, 3]), reference([0, 2, 4, 6])];
    expect(scalingAdvice(stats, ['p', 'q'])).toEqual({ mode: 'none', reason: 'Columns are on similar scales (within 2.0x of each other) and within ±100: scaling is optional.' });
  });
});
