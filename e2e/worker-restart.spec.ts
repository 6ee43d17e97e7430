/**
 * A crashed training worker is replaced (TrainerClient): the real worker is made to throw at its
 * top level through the development-only `debug-crash` command; the page says it was restarted
 * and which epoch's weights came back, the model is rebuilt with those weights (same test loss as
 * before the crash), and training works again.
 */
import { expect, test } from '@playwright/test';
import type { ToWorker } from '../src/worker/protocol';
import { loadPreset, openApp, shot, trainEpochs } from './helpers';

const crash = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { __playgroundSend: (c: ToWorker) => void }).__playgroundSend({ type: 'debug-crash' }));

test('a crashed worker is restarted with the trained weights', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'regression');
  await trainEpochs(page, 2);
  // The test loss of the trained weights, evaluated now (the run's own evaluation may still be on its way).
  const seq0 = Number(await page.getByTestId('test-result').getAttribute('data-eval-seq'));
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('test-result')).not.toHaveAttribute('data-eval-seq', String(seq0));
  await expect(page.getByTestId('test-loss')).toHaveText(/^\d/);
  const lossBefore = await page.getByTestId('test-loss').textContent();

  await crash(page);
  const notice = page.getByTestId('error').filter({ hasText: 'crashed and was restarted' });
  await expect(notice).toContainText('The training worker crashed and was restarted; the weights of epoch 2 were restored.');
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('progress')).toContainText('Epoch 2 / 2');
  await shot(page, testInfo, 'worker-restarted');

  // The new worker holds the same weights: evaluating again gives the same test loss (the old
  // worker's answers were all in before the notice, so the next result is the new worker's).
  const seq = Number(await page.getByTestId('test-result').getAttribute('data-eval-seq'));
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('test-result')).toHaveAttribute('data-eval-seq', String(seq + 1));
  await expect(page.getByTestId('test-loss')).toHaveText(lossBefore ?? '');
  // And it trains: one step from there.
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
  await expect(page.getByTestId('loss')).toHaveText(/^\d/);
  expect(await page.getByTestId('error').filter({ hasNotText: 'crashed and was restarted' }).count()).toBe(0);
});

test('repeated crashes stop the restarts and say so', async ({ page }) => {
  await openApp(page);
  await loadPreset(page, 'regression');
  for (let i = 1; i <= 3; i++) {
    await crash(page);
    await expect(page.getByTestId('error').filter({ hasText: 'crashed and was restarted' })).toHaveCount(Math.min(i, 4));
    await expect(page.getByTestId('run-status')).toHaveText('Ready');
  }
  await crash(page);
  await expect(page.getByTestId('error').filter({ hasText: 'was not restarted again' })).toContainText('crashed 4 times within 60 s');
  await expect(page.getByTestId('train')).toBeDisabled();
});
