/**
 * Task inference from a CSV's label column (src/data/uploads/infer-task.ts) on real columns:
 * scikit-learn's wine (e2e/fixtures/wine.csv: string cultivars, and the wrong column proline),
 * diabetes (e2e/fixtures/diabetes.csv: whole-number targets, 214 distinct in 442 rows), iris-like
 * species, digits-like integer classes and a decimal target.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../../src/data/csv';
import { classCountWarning, inferTask } from '../../../src/data/uploads/infer-task';
import { csvColumns } from '../../../src/data/uploads/numeric-csv';

const fixture = (name: string) => readFileSync(new URL(`../../../e2e/fixtures/${name}`, import.meta.url), 'utf8');

function column(text: string, name: string): string[] {
  const [head, ...rows] = parseCsvRecords(text).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const c = head.fields.indexOf(name);
  return rows.map((r) => r.fields[c]);
}

describe('inferTask', () => {
  const wine = fixture('wine.csv');
  const diabetes = fixture('diabetes.csv');

  it('wine: string cultivars are 3 classes, no warning', () => {
    const t = inferTask('cultivar', column(wine, 'cultivar'));
    expect(t).toMatchObject({ task: 'classification', classes: 3, rows: 178, classWarning: null });
    expect(t.reason).toBe('The label column "cultivar" holds text (e.g. "barolo"), so each of its 3 distinct values is a class.');
  });

  it('wine: proline (a measurement) is regression, and as classes it warns of 121 classes with 1.5 rows each', () => {
    const t = inferTask('proline', column(wine, 'proline'));
    expect(t.task).toBe('regression');
    expect(t.classes).toBe(121);
    expect(t.reason).toBe('The label column "proline" holds 121 distinct whole numbers in 178 rows (more than 10% of the rows), so it is a regression target.');
    expect(t.classWarning).toBe('The label column "proline" has 121 classes with 1.5 rows each; is it the right column? A column of measurements is a regression target.');
  });

  it('wine: a decimal column (hue) is regression', () => {
    const t = inferTask('hue', column(wine, 'hue'));
    expect(t.task).toBe('regression');
    expect(t.reason).toBe('The label column "hue" holds decimal numbers (e.g. 1.04), so it is a regression target.');
  });

  it('diabetes: whole-number progression with 214 distinct values in 442 rows is regression', () => {
    const t = inferTask('progression', column(diabetes, 'progression'));
    expect(t).toMatchObject({ task: 'regression', classes: 214, rows: 442 });
    expect(t.classWarning).toBe('The label column "progression" has 214 classes with 2.1 rows each; is it the right column? A column of measurements is a regression target.');
    // sex takes two values: as a label it is two classes.
    expect(inferTask('sex', column(diabetes, 'sex'))).toMatchObject({ task: 'classification', classes: 2, classWarning: null });
  });

  it('iris-like species strings and digits-like integer labels are classes', () => {
    const species = Array.from({ length: 150 }, (_, i) => ['setosa', 'versicolor', 'virginica'][Math.floor(i / 50)]);
    expect(inferTask('species', species)).toMatchObject({ task: 'classification', classes: 3, classWarning: null });
    const digits = Array.from({ length: 1797 }, (_, i) => String(i % 10));
    const d = inferTask('target', digits);
    expect(d).toMatchObject({ task: 'classification', classes: 10, classWarning: null });
    expect(d.reason).toBe('The label column "target" holds 10 distinct whole numbers (0, 1, 2, 3, 4, …), so each is a class.');
    // 25 distinct integers in 1,000 rows (2.5%) stay classes.
    expect(inferTask('grade', Array.from({ length: 1000 }, (_, i) => String(i % 25))).task).toBe('classification');
    // 15 distinct integers in 30 rows (50%) stay classes: not more than 20 distinct.
    expect(inferTask('k', Array.from({ length: 30 }, (_, i) => String(i % 15))).task).toBe('classification');
  });

  it('a column of more distinct whole numbers than are tracked (10,000) is regression, whatever the row count', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => String(i % 12_000));
    const t = inferTask('zip', ids);
    expect(t.task).toBe('regression');
    expect(t.reason).toBe('The label column "zip" holds more than 10,000 distinct whole numbers, so it is a regression target.');
    expect(t.classWarning).toBe('The label column "zip" has more than 10,000 classes; is it the right column? A column of measurements is a regression target.');
  });

  it('ignores blank cells; a single value says so', () => {
    expect(inferTask('y', ['1', ' ', '2', '']).rows).toBe(2);
    expect(inferTask('y', ['a', 'a', 'a']).classWarning).toBe('The label column "y" has a single value, so there is nothing to learn; choose another column.');
  });

  it('classCountWarning: more than 50 classes, or more than 10 classes with fewer than 5 rows each', () => {
    expect(classCountWarning('c', 51, 10_000)).toBe('The label column "c" has 51 classes with 196 rows each; is it the right column? A column of measurements is a regression target.');
    expect(classCountWarning('c', 50, 10_000)).toBeNull();
    expect(classCountWarning('c', 11, 50)).toMatch(/has 11 classes with 4\.5 rows each/);
    expect(classCountWarning('c', 10, 20)).toBeNull();
    expect(classCountWarning('c', 3, 4)).toBeNull();
  });

  it('csvColumns infers every column of the wine file', () => {
    const c = csvColumns(wine);
    expect(c.columns).toHaveLength(14);
    expect(c.inference[13].task).toBe('classification');
    expect(c.inference[12]).toMatchObject({ task: 'regression', classes: 121 });
    expect(c.inference.filter((i) => i.task === 'classification').map((i) => i.classes)).toEqual([3]);
  });
});
