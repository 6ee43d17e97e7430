/**
 * The new activations and activation layers in the editor: the palette offers LeakyReLU and ELU,
 * the inspector shows their parameter with its default and refuses an out-of-range value, and a
 * Dense layer's activation choice lists the Keras 3 activations. Axe scan of the open inspector.
 */
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openApp, openPalette, waitReady } from './helpers';

test('LeakyReLU / ELU layers and the Keras 3 activations in the palette and inspector', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await openPalette(page);
  await expect(page.getByTestId('palette-LeakyReLU')).toBeVisible();
  await expect(page.getByTestId('palette-ELU')).toBeVisible();

  await page.getByTestId('add-LeakyReLU').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText('LeakyReLU');
  const slope = page.getByTestId('field-negativeSlope');
  await expect(slope).toHaveAttribute('placeholder', /0\.3/);
  await slope.fill('-1');
  await expect(page.getByTestId('field-negativeSlope-error')).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[data-testid="inspector"]').analyze();
  // As a11y.spec.ts: no serious or critical violation.
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await page.getByTestId('add-ELU').click();
  await expect(inspector).toContainText('ELU');
  await expect(page.getByTestId('field-alpha')).toHaveAttribute('placeholder', /1/);

  await page.getByTestId('add-Dense').click();
  const options = await page.getByTestId('field-activation').locator('option').allTextContents();
  for (const a of ['leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'hard_sigmoid', 'exponential']) expect(options).toContain(a);
});
