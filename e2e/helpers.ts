/**
 * Shared steps of the UI specs: open the app (skipping without WebGPU), wait for the model to be
 * built, record the losses the page shows, read numbers, and attach screenshots to the report.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';

declare global {
  interface Window {
    __losses?: number[];
    __lossObserver?: MutationObserver;
  }
}

export async function openApp(page: Page, path = '/'): Promise<void> {
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[browser] ${m.text()}`);
  });
  await page.goto(path);
  await expect(page.getByTestId('adapter').or(page.getByTestId('no-webgpu'))).toBeVisible();
  test.skip(await page.getByTestId('no-webgpu').isVisible(), 'no WebGPU adapter in this browser');
}

/** Waits until the worker has built the model on screen and is idle. */
export async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('model-summary')).toBeVisible();
  await expect(page.getByTestId('train')).toBeEnabled();
}

/** Trains the loaded model for `epochs` epochs from the controls and waits until the run has ended. */
export async function trainEpochs(page: Page, epochs: number): Promise<void> {
  await page.getByTestId('settings-epochs').fill(String(epochs));
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toContainText(`Epoch ${epochs} / ${epochs}`);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
}

/** Opens the layer palette (a side panel of the graph editor that starts folded). */
export async function openPalette(page: Page): Promise<void> {
  const toggle = page.getByTestId('palette-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
}

/** Folds the palette away (at mid widths it opens over the data column and the canvas's left edge). */
export async function closePalette(page: Page): Promise<void> {
  const toggle = page.getByTestId('palette-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
}

export async function loadPreset(page: Page, id: string): Promise<void> {
  await page.getByTestId(`preset-${id}`).click();
  // While an upload is selected, the app asks before switching to the example's dataset.
  const confirm = page.getByTestId('preset-switch-confirm');
  await expect(page.locator(`[data-testid="preset-${id}"][aria-pressed="true"]`).or(confirm).first()).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId(`preset-${id}`)).toHaveAttribute('aria-pressed', 'true');
  await waitReady(page);
}

/** Starts recording every training loss the page shows into window.__losses. */
export async function recordLosses(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__losses = [];
    window.__lossObserver?.disconnect();
    const el = document.querySelector('[data-testid="loss"]');
    if (!el) throw new Error('no loss element');
    window.__lossObserver = new MutationObserver(() => {
      const v = Number.parseFloat(el.textContent ?? '');
      if (Number.isFinite(v)) window.__losses!.push(v);
    });
    window.__lossObserver.observe(el, { childList: true, characterData: true, subtree: true });
  });
}

export async function losses(page: Page): Promise<number[]> {
  return page.evaluate(() => window.__losses ?? []);
}

/**
 * Clicks Evaluate and returns the test loss once it is shown (and differs from `previous`, the text
 * of an earlier evaluation). Fast runs can coalesce the live loss readout into one reading; the
 * test loss before and after training is a trend that cannot.
 */
export async function testLoss(page: Page, previous?: string): Promise<{ text: string; value: number }> {
  await page.getByTestId('evaluate').click();
  const cell = page.getByTestId('test-loss');
  await expect(cell).toHaveText(/^\d/);
  if (previous !== undefined) await expect(cell).not.toHaveText(previous);
  const text = (await cell.textContent()) ?? '';
  return { text, value: Number.parseFloat(text) };
}

export async function numberIn(page: Page, testId: string): Promise<number> {
  return Number.parseFloat(((await page.getByTestId(testId).textContent()) ?? '').replace(/[^\d.eE+-]/g, ''));
}

/** Clicks Stop if a run is still going (checked and clicked in the page, so a finished run is no race). */
export async function stopIfRunning(page: Page): Promise<void> {
  await page.evaluate(() => {
    const stop = document.querySelector('[data-testid="stop"]') as HTMLButtonElement;
    if (!stop.disabled) stop.click();
  });
  await expect(page.getByTestId('run-status')).toHaveText(/Ready|Paused/);
}

export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
