/**
 * The upload dialog and Dataset panel with real tables (e2e/fixtures, scikit-learn's wine and
 * diabetes): the task is inferred from the label column with its reason and can be overridden, a
 * wrong label column (proline) is warned about, the column list scrolls inside the dialog, the
 * preview and statistics name the CSV's columns, feature scaling is pre-set to the suggestion,
 * an example asks before switching away from the upload, and forgetting it says so plainly.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp, shot, waitReady } from './helpers';

const fixture = (name: string) => ({ name, mimeType: 'text/csv', buffer: readFileSync(new URL(`./fixtures/${name}`, import.meta.url)) });

async function upload(page: Page, name: string): Promise<void> {
  await page.getByTestId('upload-input').setInputFiles([fixture(name)]);
  await expect(page.getByTestId('csv-options')).toBeVisible();
}

test('wine: task inferred and warned, names and scaling in the preview, examples ask, forgetting says so', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  await upload(page, 'wine.csv');
  await expect(page.getByTestId('csv-options').locator('legend')).toHaveText('wine.csv: 178 rows, 14 columns');
  await expect(page.getByTestId('csv-label-column')).toHaveValue('cultivar');
  await expect(page.getByTestId('csv-task')).toHaveValue('classification');
  await expect(page.getByTestId('csv-task-reason')).toHaveText('The label column "cultivar" holds text (e.g. "barolo"), so each of its 3 distinct values is a class.');
  await expect(page.getByTestId('csv-task-warning')).toHaveCount(0);

  // The wrong column: proline is a measurement (regression); forcing classes warns of 121 classes.
  await page.getByTestId('csv-label-column').selectOption('proline');
  await expect(page.getByTestId('csv-task')).toHaveValue('regression');
  await expect(page.getByTestId('csv-task-reason')).toContainText('holds 121 distinct whole numbers in 178 rows');
  await page.getByTestId('csv-task').selectOption('classification');
  await expect(page.getByTestId('csv-task-warning')).toHaveText('The label column "proline" has 121 classes with 1.5 rows each; is it the right column? A column of measurements is a regression target.');
  await expect(page.getByTestId('csv-task-reason')).toContainText('You chose classification instead.');
  await page.getByTestId('csv-label-column').selectOption('cultivar');
  await expect(page.getByTestId('csv-task')).toHaveValue('classification');
  await page.getByTestId('csv-add').click();

  await expect(page.getByTestId('dataset-select')).toHaveValue(/^upload:/);
  await expect(page.getByTestId('feature-scaling')).toHaveValue('standard');
  await expect(page.getByTestId('scaling-advice')).toHaveText(/^Columns differ in scale by [\d,]+x \("proline" vs "nonflavanoid_phenols"\): standardise is suggested\.$/);
  const heads = await page.getByTestId('preview-table').locator('thead th').allTextContents();
  expect(heads.slice(2, 5)).toEqual(['alcohol', 'malic_acid', 'ash']);
  await expect(page.getByTestId('preview-label').first()).toHaveText('barolo');
  await expect(page.getByTestId('column-stats').getByTestId('column-stats-row')).toHaveCount(13);
  await expect(page.getByTestId('column-stats').getByTestId('column-stats-row').last().locator('th')).toHaveText('proline');
  await expect(page.getByTestId('model-summary-dataset')).toHaveText('wine.csv');
  await page.getByTestId('feature-scaling').selectOption('minmax');
  await expect(page.getByTestId('scaling-note')).toContainText('span [0, 1]');
  await shot(page, testInfo, 'upload-wine-scaling');

  // An example asks before leaving the upload; "Stay" keeps it.
  await page.getByTestId('preset-spiral-mlp').click();
  await expect(page.getByTestId('preset-switch-dialog')).toBeVisible();
  await expect(page.getByTestId('preset-switch-dialog')).toContainText('Your upload stays in the list.');
  await page.getByTestId('preset-switch-cancel').click();
  await expect(page.getByTestId('preset-switch-dialog')).toBeHidden();
  await expect(page.getByTestId('dataset-select')).toHaveValue(/^upload:/);

  await page.getByTestId('dataset-remove').click();
  await expect(page.getByTestId('dataset-removed')).toHaveText('Removed "wine.csv" from this browser. Choose another dataset, or upload the file again.');
});

test('diabetes: regression inferred, target statistics; a 65-column file keeps its column list inside the dialog', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await upload(page, 'diabetes.csv');
  await expect(page.getByTestId('csv-task')).toHaveValue('regression');
  await expect(page.getByTestId('csv-task-reason')).toHaveText('The label column "progression" holds 214 distinct whole numbers in 442 rows (more than 10% of the rows), so it is a regression target.');
  await page.getByTestId('csv-add').click();
  await expect(page.getByTestId('feature-scaling')).toHaveValue('standard');
  await expect(page.getByTestId('column-stats').getByTestId('column-stats-row')).toHaveCount(11);
  await expect(page.getByTestId('column-stats').getByTestId('column-stats-row').last().locator('th')).toHaveText('target');

  const header = [...Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`), 'target'];
  const rows = Array.from({ length: 40 }, (_, r) => [...Array.from({ length: 64 }, (_, i) => (r * 7 + i) % 17), r % 10].join(','));
  await page.getByTestId('upload-input').setInputFiles([{ name: 'digits.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header.join(',')}\n${rows.join('\n')}\n`) }]);
  const list = page.getByTestId('csv-columns');
  await expect(list).toContainText('pixel_7_7, target');
  const box = await list.boundingBox();
  const dialog = await page.getByTestId('csv-options').boundingBox();
  expect(box!.height).toBeLessThan(120);
  expect(box!.x + box!.width).toBeLessThanOrEqual(dialog!.x + dialog!.width + 1);
  expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await expect(page.getByTestId('csv-task')).toHaveValue('classification');
});
