/**
 * Charts: points appear while training (loss and accuracy), the log-scale toggle redraws, and an
 * earlier run is overlaid with a legend saying how its settings differ.
 */
import { expect, test, type Page } from '@playwright/test';
import { loadPreset, openApp, shot, stopIfRunning } from './helpers';

const points = async (page: Page) => Number(await page.getByTestId('loss-chart').getAttribute('data-points'));

test('curves grow while training and earlier runs are compared', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'spiral-mlp');
  await expect(page.getByTestId('loss-chart')).toContainText('Press Train');

  await page.getByTestId('train').click();
  await expect.poll(() => points(page), { timeout: 20_000 }).toBeGreaterThan(5);
  const early = await points(page);
  await expect.poll(() => points(page), { timeout: 20_000 }).toBeGreaterThan(early);
  await expect(page.getByTestId('loss-chart').locator('.recharts-line path').first()).toBeVisible();
  await expect(page.getByTestId('accuracy-chart').locator('.recharts-line path').first()).toBeVisible();
  await page.getByTestId('log-scale').uncheck();
  await expect(page.getByTestId('loss-chart').locator('.recharts-line path').first()).toBeVisible();
  await stopIfRunning(page);

  // A second run with a different learning rate: the first is overlaid and the legend says how it differs.
  await page.getByTestId('optimizer-lr').fill('0.03');
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('run-legend')).toContainText(/Run 1 lr 0\.01/);
  await page.getByTestId('train').click();
  await expect.poll(() => points(page), { timeout: 20_000 }).toBeGreaterThan(3);
  await stopIfRunning(page);
  // Earlier run, training (smoothed) and validation; the faint raw training points (.chart-raw) are not counted.
  await expect(page.getByTestId('loss-chart').locator('.recharts-line:not(.chart-raw) path')).toHaveCount(3, { timeout: 5000 });
  await shot(page, testInfo, 'charts-two-runs');
});
