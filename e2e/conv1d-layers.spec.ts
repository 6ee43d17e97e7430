/**
 * Conv1D, MaxPooling1D and AveragePooling1D in the editor (issue 17): the palette lists them;
 * adding each shows it in the inspector with its fields and defaults (Conv1D: 16 filters, kernel 3,
 * padding "same" among valid / same / causal, relu); an axe scan of the inspector finds nothing
 * serious. The conv1d-text preset trains in the app for a few seconds with a falling loss.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { losses, openApp, openPalette, recordLosses, waitReady } from './helpers';

test('the 1D convolution layers: palette, inspector fields and defaults', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await openPalette(page);
  const inspector = page.getByTestId('inspector');
  for (const type of ['Conv1D', 'MaxPooling1D', 'AveragePooling1D']) await expect(page.getByTestId(`palette-${type}`)).toBeVisible();

  await page.getByTestId('add-Conv1D').click();
  await expect(inspector).toContainText('Conv1D');
  await expect(page.getByTestId('field-filters')).toHaveValue('16');
  await expect(page.getByTestId('field-kernelSize')).toHaveValue('3');
  await expect(page.getByTestId('field-padding')).toHaveValue('same');
  await expect(page.getByTestId('field-padding').locator('option')).toHaveText(['default (valid)', 'valid', 'same', 'causal']);
  await expect(page.getByTestId('field-activation')).toHaveValue('relu');

  await page.getByTestId('add-MaxPooling1D').click();
  await expect(inspector).toContainText('MaxPooling1D');
  await expect(page.getByTestId('field-poolSize')).toHaveValue('2');

  await page.getByTestId('add-AveragePooling1D').click();
  await expect(inspector).toContainText('AveragePooling1D');
  await expect(page.getByTestId('field-poolSize')).toHaveValue('2');
  const result = await new AxeBuilder({ page }).include('[data-testid="inspector"]').analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('the conv1d-text preset trains in the app with a falling loss', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await page.getByTestId('preset-conv1d-text').click();
  await expect(page.getByTestId('preset-conv1d-text')).toHaveAttribute('aria-pressed', 'true');
  for (const id of ['conv1d', 'max_pooling1d', 'conv1d_1']) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await recordLosses(page);
  await page.getByTestId('train').click();
  await page.waitForFunction(() => (window.__losses ?? []).length >= 6, null, { timeout: 90_000 });
  await page.getByTestId('pause').click();
  const seen = await losses(page);
  expect(Math.min(...seen.slice(-3))).toBeLessThan(seen[0]);
});
