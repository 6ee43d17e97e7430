/**
 * The Training settings panel offers every optimizer of the table with its own fields (Lion: betas
 * and decoupled weight decay, no epsilon; AdamW: AMSGrad as a checkbox), the one-cycle schedule and
 * the warm-up fields; a short run with Lion behind a warm-up and one-cycle trains (finite, falling
 * loss), and the panel has no serious accessibility violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { losses, openApp, recordLosses, shot, testLoss, trainEpochs, waitReady } from './helpers';

test('new optimizers and schedules in the training settings; Lion with warm-up and one-cycle trains', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  const settings = page.getByTestId('training-settings');
  await settings.getByTestId('model-optimizer').selectOption('adamw');
  await expect(settings.getByTestId('optimizer-weightDecay')).toHaveAttribute('placeholder', 'default 0.01');
  await expect(settings.getByTestId('optimizer-amsgrad')).toHaveAttribute('type', 'checkbox');
  await settings.getByTestId('model-optimizer').selectOption('lion');
  for (const k of ['lr', 'beta1', 'beta2', 'weightDecay']) await expect(settings.getByTestId(`optimizer-${k}`)).toBeVisible();
  await expect(settings.getByTestId('optimizer-epsilon')).toHaveCount(0);
  await expect(settings.getByTestId('optimizer-amsgrad')).toHaveCount(0);

  await settings.getByTestId('settings-schedule').selectOption('onecycle');
  for (const k of ['totalSteps', 'pctStart', 'divFactor', 'finalDivFactor', 'warmupSteps', 'warmupStart']) await expect(settings.getByTestId(`schedule-${k}`)).toBeVisible();
  await settings.getByTestId('schedule-warmupSteps').fill('5');
  await settings.getByTestId('schedule-warmupSteps').press('Enter');
  await settings.getByTestId('optimizer-lr').fill('0.003');
  await settings.getByTestId('optimizer-lr').press('Enter');
  await expect(page.locator('[data-testid$="-error"]')).toHaveCount(0);

  const axe = await new AxeBuilder({ page }).include('[data-testid="training-settings"]').analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) console.log(`[axe] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);

  // The test loss before and after (a fast run can coalesce the live readout into one reading).
  const before = await testLoss(page);
  await recordLosses(page);
  await trainEpochs(page, 3);
  const seen = await losses(page);
  const after = await testLoss(page, before.text);
  console.log(`[optimizers e2e] Lion + warm-up + one-cycle: test loss ${before.value} untrained, ${after.value} after 3 epochs; ${seen.length} live readings, last ${seen[seen.length - 1]}`);
  expect(seen.length).toBeGreaterThan(0);
  for (const v of seen) expect(Number.isFinite(v)).toBe(true);
  expect(after.value).toBeLessThan(before.value);
  await shot(page, testInfo, 'lion-onecycle');
});
