/**
 * The loss selector of the Training settings panel: label smoothing and class weights on the default
 * classifier (fields of the cross-entropies; the weights' class-count error by the field, then an epoch trains), then Huber with its delta on the regression preset trains a few
 * epochs with finite losses and a test loss well below the untrained one; the panel has no serious accessibility violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadPreset, losses, openApp, recordLosses, shot, testLoss, trainEpochs, waitReady } from './helpers';

test('label smoothing and class weights on a classifier; Huber on the regression preset trains', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  const settings = page.getByTestId('training-settings');
  await expect(settings.getByTestId('model-loss')).toHaveValue('sparse_categorical_crossentropy');
  await expect(settings.getByTestId('loss-delta')).toHaveCount(0);
  await settings.getByTestId('loss-label-smoothing').fill('0.1');
  await settings.getByTestId('loss-label-smoothing').press('Enter');
  await expect(settings.getByTestId('loss-label-smoothing')).toHaveValue('0.1');
  await expect(page.locator('[data-testid$="-error"]')).toHaveCount(0);
  // Class weights: the wrong count is shown by the field with the class count; the right count trains an epoch.
  await settings.getByTestId('loss-class-weights').fill('1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1');
  await expect(settings.getByTestId('loss-class-weights-error')).toContainText(/13 class weights for \d+ classes: give one per class/);
  const classes = Number((await settings.getByTestId('loss-class-weights-error').textContent())!.match(/for (\d+) classes/)![1]);
  await settings.getByTestId('loss-class-weights').fill([...Array(classes - 1).fill('1'), '2.5'].join(', '));
  await expect(page.locator('[data-testid$="-error"]')).toHaveCount(0);
  await waitReady(page);
  await recordLosses(page);
  await trainEpochs(page, 1);
  const weighted = await losses(page);
  console.log(`[losses e2e] class weights on ${classes} classes (the last 2.5, the others 1) with label smoothing 0.1: ${weighted.length} loss readings, last ${weighted[weighted.length - 1]}`);
  expect(weighted.length).toBeGreaterThan(0);
  for (const v of weighted) expect(Number.isFinite(v)).toBe(true);

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
  // The untrained model's test loss, then three epochs (the live readout can coalesce a fast run into one reading).
  const before = await testLoss(page);
  await recordLosses(page);
  await trainEpochs(page, 3);
  const seen = await losses(page);
  const after = (await testLoss(page, before.text)).value;
  console.log(`[losses e2e] Huber (delta 0.5) on the regression preset: test loss ${before.value} untrained, ${after} after 3 epochs; ${seen.length} live readings, last ${seen[seen.length - 1]}`);
  expect(seen.length).toBeGreaterThan(0);
  for (const v of seen) expect(Number.isFinite(v)).toBe(true);
  expect(Number.isFinite(after)).toBe(true);
  expect(after).toBeLessThan(before.value * 0.8);
  await shot(page, testInfo, 'huber-regression');
});
