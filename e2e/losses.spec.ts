/**
 * The loss selector of the Training settings panel: label smoothing on the default classifier (a
 * field of the cross-entropies), then Huber with its delta on the regression preset trains a few
 * epochs with a falling, finite loss; the panel has no serious accessibility violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadPreset, losses, openApp, recordLosses, shot, trainEpochs, waitReady } from './helpers';

test('label smoothing on a classifier; Huber on the regression preset trains', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  const settings = page.getByTestId('training-settings');
  await expect(settings.getByTestId('model-loss')).toHaveValue('sparse_categorical_crossentropy');
  await expect(settings.getByTestId('loss-delta')).toHaveCount(0);
  await settings.getByTestId('loss-label-smoothing').fill('0.1');
  await settings.getByTestId('loss-label-smoothing').press('Enter');
  await expect(settings.getByTestId('loss-label-smoothing')).toHaveValue('0.1');
  await expect(page.locator('[data-testid$="-error"]')).toHaveCount(0);

  const axe = await new AxeBuilder({ page }).include('[data-testid="training-settings"]').analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) console.log(`[axe] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);

  await loadPreset(page, 'regression');
  await settings.getByTestId('model-loss').selectOption('huber');
  await expect(settings.getByTestId('loss-label-smoothing')).toHaveCount(0);
  await settings.getByTestId('loss-delta').fill('0.5');
  await settings.getByTestId('loss-delta').press('Enter');
  await expect(settings.getByTestId('model-loss')).toHaveValue('huber');
  await expect(settings.getByTestId('loss-delta')).toHaveValue('0.5');
  await expect(page.locator('[data-testid$="-error"]')).toHaveCount(0);
  await waitReady(page);
  await recordLosses(page);
  await trainEpochs(page, 3);
  const seen = await losses(page);
  console.log(`[losses e2e] Huber (delta 0.5) on the regression preset: ${seen.length} loss readings, first ${seen[0]}, last ${seen[seen.length - 1]}`);
  expect(seen.length).toBeGreaterThan(1);
  for (const v of seen) expect(Number.isFinite(v)).toBe(true);
  expect(seen[seen.length - 1]).toBeLessThan(seen[0]);
  await shot(page, testInfo, 'huber-regression');
});
