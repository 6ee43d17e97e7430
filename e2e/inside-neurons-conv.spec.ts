/**
 * The inside views of issue 15 in the browser: on the spiral MLP the neuron maps open from Inside
 * (one map per input feature and per Dense unit, links drawn, a unit's incoming weights on focus),
 * follow a training step (the step stamp and the first layer's checksum change) and close; on the
 * CNN the conv view shows the first conv layer's 32 filters and the feature maps of a test image,
 * which change after a training step, and the digit drawn on the sketch pad can be shown instead.
 * Both open views pass an axe scan.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { loadPreset, openApp, shot } from './helpers';

async function trainOneStep(page: Page): Promise<void> {
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: 90_000 });
}

async function scan(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).include('[data-testid="inside"]').analyze();
  for (const v of result.violations) console.log(`${label}: [${v.impact}] ${v.id} (${v.nodes.length}): ${v.help}\n   ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n   ')}`);
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

async function openInside(page: Page, view: string): Promise<void> {
  await page.getByTestId('go-inside').click();
  const toggle = page.getByTestId(`inside-toggle-${view}`);
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
}

test('neuron maps on the spiral MLP follow training; conv views on the CNN follow training', async ({ page }, testInfo) => {
  test.setTimeout(360_000);
  await openApp(page);
  await loadPreset(page, 'spiral-mlp');
  await openInside(page, 'neurons');
  const maps = page.getByTestId('neuron-maps');
  await expect(maps).toBeVisible();
  // 2 inputs + 16 + 16 + 2 units, each a labelled map; links drawn (every layer has <= 32 units).
  await expect(maps.locator('canvas[role="img"]')).toHaveCount(36);
  await expect(maps.locator('svg.neuron-links line')).toHaveCount(2 * 16 + 16 * 16 + 16 * 2);
  await expect(page.getByTestId('neuron-dense-3').locator('canvas')).toHaveAttribute('aria-label', 'dense unit 4 over the input plane');
  // The pointer off the maps: a unit under a resting pointer takes over when the layout shifts (hover wins until it moves).
  await page.mouse.move(0, 0);
  await page.getByTestId('neuron-dense_1-0').focus();
  await expect(page.getByTestId('neuron-info')).toContainText('dense_1 unit 1');
  await expect(page.getByTestId('neuron-info').locator('li')).toHaveCount(16);
  const step0 = await maps.getAttribute('data-step');
  const sum0 = await maps.getAttribute('data-checksum');
  await trainOneStep(page);
  await expect(maps).not.toHaveAttribute('data-step', step0 ?? '');
  await expect(maps).not.toHaveAttribute('data-checksum', sum0 ?? '');
  await scan(page, 'neurons');
  await shot(page, testInfo, 'neuron-maps');
  await page.getByTestId('inside-toggle-neurons').click();
  await expect(maps).toBeHidden();

  await loadPreset(page, 'cnn');
  await openInside(page, 'conv');
  const conv = page.getByTestId('conv-view');
  await expect(conv).toBeVisible();
  await expect(page.getByTestId('conv-filters').locator('canvas')).toHaveCount(32);
  await expect(page.getByTestId('conv-maps-conv2d').locator('canvas')).toHaveCount(32);
  await expect(page.getByTestId('conv-maps-max_pooling2d').locator('canvas')).toHaveCount(32);
  await page.getByTestId('conv-sample').fill('3');
  await expect(conv).toContainText('Test image 3');
  const cstep = await conv.getAttribute('data-step');
  const csum = await conv.getAttribute('data-checksum');
  await trainOneStep(page);
  await expect(conv).not.toHaveAttribute('data-step', cstep ?? '');
  await expect(conv).not.toHaveAttribute('data-checksum', csum ?? '');
  // The digit drawn on the evaluation panel's sketch pad, shown instead of the test image.
  await expect(page.getByTestId('conv-use-drawn')).toBeDisabled();
  const pad = page.getByTestId('sketch-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.48, box.y + box.height * 0.85, { steps: 12 });
  await page.mouse.up();
  await page.getByTestId('conv-use-drawn').check();
  await expect(conv).toHaveAttribute('data-drawn', 'true');
  await expect(conv).toContainText('The drawn digit');
  await scan(page, 'conv');
  await shot(page, testInfo, 'conv-views');
  await page.getByTestId('inside-toggle-conv').click();
  await expect(conv).toBeHidden();
});
