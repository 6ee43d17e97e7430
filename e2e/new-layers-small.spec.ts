/**
 * More layers of issue 17 in the editor: the palette lists GlobalMaxPooling1D/2D, SpatialDropout1D/2D,
 * GaussianNoise and PReLU; adding each shows it in the inspector with its fields and defaults
 * (rate 0.2, stddev 0.1, PReLU's shared axes empty); PReLU's shared axes show on its canvas node;
 * a rate of 1 is rejected with the reason; an axe scan of the inspector finds nothing serious.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp, openPalette, waitReady } from './helpers';

test('GlobalMaxPooling, SpatialDropout, GaussianNoise, PReLU: palette, inspector fields and defaults', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await openPalette(page);
  const inspector = page.getByTestId('inspector');
  const types = ['GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'PReLU'];
  for (const type of types) await expect(page.getByTestId(`palette-${type}`)).toBeVisible();

  await page.getByTestId('add-GlobalMaxPooling2D').click();
  await expect(inspector).toContainText('GlobalMaxPooling2D');

  await page.getByTestId('add-GaussianNoise').click();
  await expect(inspector).toContainText('GaussianNoise');
  await expect(page.getByTestId('field-stddev')).toHaveValue('0.1');

  await page.getByTestId('add-SpatialDropout2D').click();
  await expect(inspector).toContainText('SpatialDropout2D');
  const rate = page.getByTestId('field-rate');
  await expect(rate).toHaveValue('0.2');
  await rate.fill('1');
  await expect(page.getByTestId('field-rate-error')).toHaveText('Must be below 1');
  await rate.fill('0.3');
  await expect(page.getByTestId('canvas')).toContainText('rate 0.3');

  await page.getByTestId('add-PReLU').click();
  await expect(inspector).toContainText('PReLU');
  const axes = page.getByTestId('field-sharedAxes');
  await expect(axes).toHaveValue('');
  await axes.fill('1, 2');
  await expect(page.getByTestId('canvas')).toContainText('shared 1, 2');
  const result = await new AxeBuilder({ page }).include('[data-testid="inspector"]').analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
