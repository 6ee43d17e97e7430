/**
 * One screen to learn on: at 1440x900 and 1024x768 the Train button, the dataset preview, the
 * graph canvas and the loss chart all lie within the first viewport, with no horizontal scroll;
 * on a 390x844 phone Train sits in a sticky top bar and four tabs (Data, Model, Train, Results)
 * each show their part; the first-visit hint shows once and stays dismissed after a reload.
 * Screenshots of the first screen go to the report and to docs/screenshots/.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, waitReady } from './helpers';

/** Saves the first screen (the viewport, not the full page) to the report and to docs/screenshots/. */
async function firstScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  const dir = resolve(testInfo.config.rootDir, '..', 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: resolve(dir, `${name}.png`) });
}

async function expectInViewport(page: Page, testId: string, width: number, height: number): Promise<void> {
  const box = await page.getByTestId(testId).first().boundingBox();
  expect(box, `${testId} has a box`).not.toBeNull();
  const b = box!;
  console.log(`${width}x${height} ${testId}: x=${Math.round(b.x)} y=${Math.round(b.y)} w=${Math.round(b.width)} h=${Math.round(b.height)}`);
  expect(b.y, `${testId} top`).toBeGreaterThanOrEqual(0);
  expect(b.x, `${testId} left`).toBeGreaterThanOrEqual(0);
  expect(b.y + b.height, `${testId} bottom within ${height}`).toBeLessThanOrEqual(height);
  expect(b.x + b.width, `${testId} right within ${width}`).toBeLessThanOrEqual(width);
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, 'no horizontal scroll').toBeLessThanOrEqual(inner);
}

for (const [width, height] of [
  [1440, 900],
  [1024, 768],
] as const) {
  test(`the loop fits one ${width}x${height} screen`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height });
    await openApp(page);
    await waitReady(page);
    await expect(page.getByTestId('loss-chart')).toBeVisible();
    await expect(page.getByTestId('preview-scatter')).toBeVisible();
    await expect(page.getByTestId('first-visit-hint')).toBeVisible();
    // The preview (its scatter plot; the first rows follow it in the column, which scrolls).
    for (const id of ['train', 'preview-scatter', 'canvas', 'loss-chart', 'loss']) await expectInViewport(page, id, width, height);
    expect((await page.getByTestId('dataset-preview').boundingBox())!.y).toBeLessThan(height / 2);
    await noHorizontalScroll(page);
    // A few steps, so the screenshot shows curves and a decision boundary.
    for (let i = 0; i < 6; i++) {
      await page.getByTestId('step').click();
      await expect(page.getByTestId('run-status')).toHaveText('Paused');
    }
    await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', /[1-9]/);
    await expect(page.getByTestId('decision-boundary')).toBeVisible();
    for (const id of ['train', 'preview-scatter', 'canvas', 'loss-chart']) await expectInViewport(page, id, width, height);
    await page.evaluate(() => window.scrollTo(0, 0));
    await firstScreen(page, testInfo, `first-screen-${width}x${height}`);
    // Selecting a layer shows the inspector next to the canvas, on the same screen.
    await page.getByTestId('node-dense').click();
    await expect(page.getByTestId('field-units')).toBeVisible();
    await expectInViewport(page, 'field-units', width, height);
  });
}

test('drawers open from their buttons and close with Escape', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await waitReady(page);
  const toggle = page.getByTestId('examples-toggle');
  await expect(toggle).toHaveAttribute('aria-controls', 'examples-drawer');
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await expect(page.locator('#examples-drawer')).toHaveCount(0);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('preset-spiral-mlp')).toBeVisible();
  // Focus moved into the drawer; Escape closes it and gives focus back to its button.
  expect(await page.evaluate(() => document.getElementById('examples-drawer')?.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.locator('#examples-drawer')).toHaveCount(0);
  await expect(toggle).toBeFocused();
  // The palette opens beside the canvas on demand, with focus inside it; Escape folds it away.
  const palette = page.getByTestId('palette-toggle');
  await expect(palette).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('palette-Dense')).toHaveCount(0);
  await palette.click();
  await expect(page.getByTestId('palette-Dense')).toBeVisible();
  await expect(page.getByTestId('add-Input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('palette-Dense')).toHaveCount(0);
  await expect(palette).toBeFocused();
});

test('on a phone: Train in a sticky top bar, four tabs that each show their part', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  const train = page.getByTestId('train');
  await expect(train).toBeEnabled();
  await page.evaluate(() => window.scrollTo(0, 0));
  await firstScreen(page, testInfo, 'first-screen-390x844');
  await expectInViewport(page, 'train', 390, 300);
  await noHorizontalScroll(page);
  const parts = [
    ['data', 'dataset-panel'],
    ['model', 'canvas'],
    ['train', 'training-settings'],
    ['results', 'loss-chart'],
  ] as const;
  for (const [tab, shown] of parts) {
    await page.getByTestId(`tab-${tab}`).click();
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId(shown)).toBeVisible();
    for (const [other, hidden] of parts) if (other !== tab) await expect(page.getByTestId(hidden)).toBeHidden();
  }
  // Scrolled down, Train is still at the top of the screen.
  await page.getByTestId('tab-train').click();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expectInViewport(page, 'train', 390, 200);
});

test('the first-visit hint shows once and stays dismissed after a reload', async ({ page }) => {
  await openApp(page);
  const hint = page.getByTestId('first-visit-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('press Train');
  await page.getByTestId('first-visit-hint-dismiss').click();
  await expect(hint).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('adapter')).toBeVisible();
  await waitReady(page);
  await expect(hint).toHaveCount(0);
});
