/**
 * What a newcomer meets first: the Examples row starts at its beginning with every card saying in
 * plain words what the example does; a 2D dataset's preview shows enough points to see its shape;
 * dataset descriptions show settings as code, not raw backticks.
 */
import { expect, test } from '@playwright/test';
import { loadPreset, openApp } from './helpers';

test('the examples row starts at its beginning, each card with a plain-words line', async ({ page }) => {
  await openApp(page);
  const row = page.locator('.preset-cards');
  await expect(page.getByTestId('preset-mlp-100')).toBeVisible();
  expect(await row.evaluate((el) => el.scrollLeft)).toBe(0);
  // The first card is whole: its left edge inside the row.
  const rowBox = (await row.boundingBox())!;
  const first = (await page.getByTestId('preset-mlp-100').boundingBox())!;
  expect(first.x).toBeGreaterThanOrEqual(rowBox.x);
  await expect(page.getByTestId('preset-cnn')).toContainText('Classifies clothing photos');
  await expect(page.getByTestId('preset-spiral-mlp')).toContainText('Separates two interleaved spirals');
});

test('a spiral preview shows its shape; descriptions show code, not backticks', async ({ page }) => {
  await openApp(page);
  await loadPreset(page, 'spiral-mlp');
  await expect(page.getByTestId('preview-scatter').getByTestId('preview-point')).toHaveCount(400);
  await page.getByTestId('dataset-select').selectOption('fashion-mnist');
  const description = page.locator('#dataset-description');
  await expect(description).toContainText('keeps the first n training images');
  expect(await description.textContent()).not.toContain('`');
  await expect(description.locator('code').first()).toHaveText('n');
});
