/**
 * The layers of issue 17 in the editor: the palette lists Multiply, Concatenate, ZeroPadding2D and
 * UpSampling2D; adding each shows it in the inspector with its fields and defaults; ZeroPadding2D's
 * padding takes four numbers (shown on its canvas node) and rejects three with the reason; an axe
 * scan of the inspector finds nothing serious.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp, openPalette, waitReady } from './helpers';

test('the new layers: palette, inspector fields and defaults, padding field', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await openPalette(page);
  const inspector = page.getByTestId('inspector');
  for (const type of ['Multiply', 'Concatenate', 'ZeroPadding2D', 'UpSampling2D']) await expect(page.getByTestId(`palette-${type}`)).toBeVisible();

  await page.getByTestId('add-Multiply').click();
  await expect(inspector).toContainText('Multiply');

  await page.getByTestId('add-Concatenate').click();
  await expect(inspector).toContainText('Concatenate');
  await expect(page.getByTestId('field-axis')).toHaveValue('-1');

  await page.getByTestId('add-UpSampling2D').click();
  await expect(inspector).toContainText('UpSampling2D');
  await expect(page.getByTestId('field-size')).toHaveValue('2');

  await page.getByTestId('add-ZeroPadding2D').click();
  await expect(inspector).toContainText('ZeroPadding2D');
  const padding = page.getByTestId('field-padding');
  await expect(padding).toHaveValue('1');
  await padding.fill('2, 0, 1, 3');
  await expect(page.getByTestId('canvas')).toContainText('pad 2, 0, 1, 3');
  await padding.fill('1, 2, 3');
  await expect(page.getByTestId('field-padding-error')).toHaveText('Enter one, two (height, width) or four (top, bottom, left, right) whole numbers');
  const result = await new AxeBuilder({ page }).include('[data-testid="inspector"]').analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
