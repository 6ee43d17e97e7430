/**
 * BatchNormalization in the editor (issue 17): the palette lists it; added, the inspector shows its
 * fields with Keras's defaults (momentum 0.99, epsilon 0.001, center and scale on); a momentum of 1
 * is refused (an error under the field); an axe scan of the inspector finds nothing serious.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp, openPalette, waitReady } from './helpers';

test('BatchNormalization: palette, inspector fields and defaults, momentum check', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await openPalette(page);
  await expect(page.getByTestId('palette-BatchNormalization')).toBeVisible();
  await page.getByTestId('add-BatchNormalization').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText('BatchNormalization');
  // Optional fields left empty show the default Keras applies.
  await expect(page.getByTestId('field-momentum')).toHaveAttribute('placeholder', 'default 0.99');
  await expect(page.getByTestId('field-epsilon')).toHaveAttribute('placeholder', 'default 0.001');
  await expect(page.getByTestId('field-center')).toBeChecked();
  await expect(page.getByTestId('field-scale')).toBeChecked();
  await page.getByTestId('field-momentum').fill('1');
  await expect(page.getByTestId('field-momentum-error')).toBeVisible();
  const result = await new AxeBuilder({ page }).include('[data-testid="inspector"]').analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
