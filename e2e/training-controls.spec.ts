/**
 * Training controls on the spiral preset: Step trains exactly one batch, Train runs, Pause holds
 * (nothing moves while paused), Resume continues mid-epoch, Stop ends the run, Reset weights
 * starts over (the earlier run joins the chart legend). The progress line shows samples/s and ETA.
 */
import { expect, test } from '@playwright/test';
import { loadPreset, openApp, shot } from './helpers';

test('step, train, pause, resume, stop, reset', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'spiral-mlp');
  // Enough epochs that the run is still going when the test pauses and stops it, however fast the GPU.
  await page.getByTestId('settings-epochs').fill('100000');
  await page.getByTestId('settings-epochs').press('Enter');
  const status = page.getByTestId('run-status');
  const progress = page.getByTestId('progress');

  await page.getByTestId('step').click();
  await expect(status).toHaveText('Paused');
  await expect(progress).toContainText('step 1 / 29');
  await page.getByTestId('step').click();
  await expect(progress).toContainText('step 2 / 29');

  await page.getByTestId('train').click();
  await expect(status).toHaveText('Training');
  await expect(progress).toContainText(/samples\/s · ETA/);
  await expect(progress).toContainText(/Epoch ([2-9]|[1-9]\d+) \//);
  await page.getByTestId('pause').click();
  await expect(status).toHaveText('Paused');
  await expect(page.getByTestId('pause')).toHaveText('Resume');
  const held = await progress.textContent();
  await page.waitForTimeout(800);
  expect(await progress.textContent()).toBe(held);
  await shot(page, testInfo, 'controls-paused');

  await page.getByTestId('pause').click();
  await expect(status).toHaveText('Training');
  await expect(progress).not.toHaveText(held ?? '');
  await page.getByTestId('stop').click();
  await expect(status).toHaveText('Ready');
  await expect(page.getByTestId('val-loss')).toHaveText(/\d/);
  await expect(page.getByTestId('test-accuracy')).toHaveText(/%/);

  await page.getByTestId('reset').click();
  await expect(progress).toContainText('Epoch 0 / 100000');
  await expect(page.getByTestId('loss')).toHaveText('–');
  await expect(page.getByTestId('run-legend')).toContainText('Run 1');
  await expect(page.getByTestId('run-legend')).toContainText('Run 2 (current)');
  await shot(page, testInfo, 'controls-reset');
});
