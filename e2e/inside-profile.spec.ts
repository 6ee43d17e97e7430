/**
 * The per-layer GPU profile (Inside the network, "GPU time per layer"): on the mlp-100 preset,
 * profiling one step draws a bar with milliseconds for every layer and the total, and axe finds
 * no serious or critical violations with the chart on screen.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadPreset, openApp, shot } from './helpers';

test('profiling one step shows a bar with milliseconds per layer, axe clean', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'mlp-100');
  await page.getByTestId('go-inside').click();
  const toggle = page.getByTestId('inside-toggle-profile');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await page.getByTestId('profile-run').click();
  const bars = page.getByTestId('profile-bars');
  await expect(bars).toBeVisible();
  for (const layer of ['gather', 'dense', 'dense_1', 'dense_2', 'loss', 'optimizer']) {
    await expect(page.getByTestId(`profile-bar-${layer}`).getByTestId('profile-ms')).toHaveText(/^\d+\.\d+ ms$/);
  }
  await expect(page.getByTestId('profile-total')).toContainText(/Total \d+\.\d+ ms · whole step measured separately \d+\.\d+ ms/);
  // the bars' labels add up to the total (each rounded to 0.01 ms or 0.1 ms)
  const labels = await page.getByTestId('profile-ms').allTextContents();
  const sum = labels.reduce((a, t) => a + Number(t.replace(' ms', '')), 0);
  const total = Number(/Total (\d+\.\d+) ms/.exec((await page.getByTestId('profile-total').textContent()) ?? '')![1]);
  expect(Math.abs(sum - total)).toBeLessThan(0.06 * labels.length + 0.1);
  await shot(page, testInfo, 'inside-profile');

  const result = await new AxeBuilder({ page }).include('[data-testid="inside"]').analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
