/**
 * Foundation smoke test: the page finds a WebGPU adapter, trains the regression preset in the
 * worker, and the training loss shown on the page falls; a screenshot of the trained state is
 * attached to the report.
 */
import { expect, test } from '@playwright/test';

declare global {
  interface Window {
    __losses?: number[];
  }
}

test('trains the regression preset and the loss falls', async ({ page }, testInfo) => {
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[browser] ${m.text()}`);
  });
  await page.goto('/');

  // The adapter (or the no-WebGPU notice) appears once the worker has asked for a device.
  const adapter = page.getByTestId('adapter');
  await expect(adapter.or(page.getByTestId('no-webgpu'))).toBeVisible();
  await expect(page.getByTestId('no-webgpu')).toHaveCount(0);
  const adapterName = (await adapter.textContent())?.trim() ?? '';
  expect(adapterName.length).toBeGreaterThan(0);
  expect(adapterName).not.toMatch(/WebGPU is not available/i);
  console.log(`adapter: ${adapterName}`);

  // Pick preset 7 (regression) from the gallery and wait until the model is built.
  const card = page.getByTestId('preset-regression');
  await expect(card).toBeEnabled();
  await expect(card).toContainText(/Regression/);
  await card.click();
  await expect(page.getByTestId('model-summary')).toContainText('plane');
  const train = page.getByTestId('train');
  await expect(train).toBeEnabled();

  // Record every loss value the page shows from now on.
  await page.evaluate(() => {
    window.__losses = [];
    const el = document.querySelector('[data-testid="loss"]');
    if (!el) throw new Error('no loss element');
    new MutationObserver(() => {
      const v = Number.parseFloat(el.textContent ?? '');
      if (Number.isFinite(v)) window.__losses!.push(v);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });

  await train.click();
  // Several progress reports (a fast GPU may finish all 40 epochs before that: fine too; the
  // first report proves the run started, so an enabled Train button then means it finished).
  await page.waitForFunction(
    () => {
      const seen = window.__losses?.length ?? 0;
      const idle = !(document.querySelector('[data-testid="train"]') as HTMLButtonElement).disabled;
      return seen >= 8 || (seen >= 1 && idle);
    },
    undefined,
    { timeout: 90_000 },
  );

  const losses = await page.evaluate(() => window.__losses ?? []);
  const shown = Number.parseFloat((await page.getByTestId('loss').textContent()) ?? '');
  console.log(`losses seen: ${losses.length}; first ${losses[0]}, latest ${shown}`);
  expect(losses.length).toBeGreaterThanOrEqual(2);
  expect(Number.isFinite(shown)).toBe(true);
  expect(shown).toBeLessThan(0.7 * losses[0]);
  await expect(page.getByTestId('progress')).toContainText(/samples\/s/);

  // Stop (checked and clicked in one go in the page, so a run that just finished is no race).
  const stopped = await page.evaluate(() => {
    const stop = document.querySelector('[data-testid="stop"]') as HTMLButtonElement;
    if (stop.disabled) return false;
    stop.click();
    return true;
  });
  console.log(stopped ? 'stopped mid-run' : 'the run had already finished');
  await expect(train).toBeEnabled();
  await expect(page.getByTestId('stop')).toBeDisabled();
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  expect(await page.getByTestId('error').allTextContents()).toEqual([]);
  await expect(page.getByTestId('val-loss')).toHaveText(/\d/);

  const shot = testInfo.outputPath('trained.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('trained', { path: shot, contentType: 'image/png' });
});
