/**
 * The NaN trap in the app: a divergent learning rate stops the run, and the divergence alert names
 * the first layer (or the loss) and pass that produced a non-finite value, with its input's range;
 * a named layer is outlined on the canvas with a "NaN · pass" badge; axe finds nothing serious there.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadPreset, openApp, shot } from './helpers';

test('a diverged run names the first non-finite value in the alert and on the canvas', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'regression');
  await page.getByTestId('optimizer-lr').fill('1000000');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('diverged')).toBeVisible();
  const line = page.getByTestId('nan-culprit');
  await expect(line).toContainText(/First non-finite value: (\S+ \((forward|backward|optimizer update)\)|the loss( gradient)? \(mse\)) .*at step \d+ \(epoch \d+, step \d+\)/);
  const text = (await line.textContent()) ?? '';
  const layer = /First non-finite value: (\S+) \((forward|backward|optimizer update)\)/.exec(text);
  if (layer) {
    const pass = layer[2] === 'optimizer update' ? 'optimizer' : layer[2];
    await expect(page.getByTestId(`nan-badge-${layer[1]}`)).toHaveText(`NaN · ${pass}`);
  } else {
    await expect(page.locator('[data-testid^="nan-badge-"]')).toHaveCount(0); // the loss has no node
  }
  await shot(page, testInfo, 'nan-trap');
  const result = await new AxeBuilder({ page }).include('[data-testid="diverged"]').include('.layer-node').analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
