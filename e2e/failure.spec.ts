/**
 * Failure handling in the UI: a divergent learning rate is caught (the banner names the step and
 * offers the last good weights, which restore), and a lost GPU device is reported and recovered.
 */
import { expect, test } from '@playwright/test';
import type { ToWorker } from '../src/worker/protocol';
import { loadPreset, openApp, shot, trainEpochs } from './helpers';

test('a divergent learning rate is caught and the last good weights restore', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'regression');
  // A couple of good epochs first, so the snapshot is not the initial weights.
  await trainEpochs(page, 2);

  await page.getByTestId('optimizer-lr').fill('1000000');
  await page.getByTestId('train').click();
  const banner = page.getByTestId('diverged');
  await expect(banner).toContainText(/loss became (NaN|Infinity|-Infinity) at epoch 3, step \d+/);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('restore-snapshot')).toHaveText('Restore weights from epoch 2');
  await shot(page, testInfo, 'diverged');

  await page.getByTestId('restore-snapshot').click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('progress')).toContainText('Epoch 2');
  // With a sane learning rate, training continues from the restored weights.
  await page.getByTestId('optimizer-lr').fill('0.01');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
  await expect(page.getByTestId('loss')).toHaveText(/^\d/);
  expect(await page.getByTestId('error').count()).toBe(0);
});

test('a lost GPU device is reported and training resumes from the snapshot', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'regression');
  await page.getByTestId('settings-epochs').fill('1');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toContainText('Epoch 1 / 1');
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await page.evaluate(() => (window as unknown as { __playgroundSend: (c: ToWorker) => void }).__playgroundSend({ type: 'debug-lose-device' }));
  await expect(page.getByTestId('device-lost')).toContainText(/lost.*epoch 1/);
  await expect(page.getByTestId('run-status')).toHaveText('GPU lost');
  await shot(page, testInfo, 'device-lost');
  await page.getByTestId('recover').click();
  await expect(page.getByTestId('device-lost')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('progress')).toContainText('Epoch 1 / 1');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
});
