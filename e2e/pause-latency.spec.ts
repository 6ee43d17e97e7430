/**
 * Pause takes effect within a step on heavy models: the training loop keeps at most one slow step
 * in flight on the GPU (src/engine/step-window.ts), so once Pause is pressed at most the step
 * running then (and one whose progress message is on its way) still completes. The epoch counter
 * keeps Keras's "Epoch 1 / N" while paused inside the first epoch.
 */
import { expect, test } from '@playwright/test';
import { loadPreset, openApp } from './helpers';

const stepOf = (text: string | null): number => {
  const m = /step (\d+) \//.exec(text ?? '');
  if (!m) throw new Error(`no step in "${text}"`);
  return Number(m[1]);
};

for (const preset of ['cnn', 'lstm-sentiment']) {
  test(`Pause on ${preset} stops within two steps`, async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page);
    await loadPreset(page, preset);
    const progress = page.getByTestId('progress');
    const status = page.getByTestId('run-status');
    await page.getByTestId('train').click();
    await expect(progress).toContainText(/step ([3-9]|\d\d+) \//, { timeout: 180_000 });
    // Read the step on screen and press Pause in the same task, so nothing happens in between.
    const atPause = await page.evaluate(() => {
      const text = document.querySelector('[data-testid="progress"]')?.textContent ?? null;
      (document.querySelector('[data-testid="pause"]') as HTMLButtonElement).click();
      return text;
    });
    await expect(status).toHaveText('Paused');
    const paused = await progress.textContent();
    const after = stepOf(paused) - stepOf(atPause);
    console.log(`${preset}: step ${stepOf(atPause)} on screen at Pause, ${stepOf(paused)} once paused (${after} more)`);
    expect(after).toBeGreaterThanOrEqual(0);
    expect(after).toBeLessThanOrEqual(2);
    expect(paused).toContain('Epoch 1 /');
    // Nothing moves while paused.
    await page.waitForTimeout(1000);
    expect(await progress.textContent()).toBe(paused);
  });
}
