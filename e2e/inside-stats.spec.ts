/**
 * The layer-statistics views (issue 15, items 4 and 5): on the spiral MLP, Inside ↓ offers
 * Distributions and Layer health; opened together and sampling every step, a short run draws the
 * percentile bands and fills the health table, and a second run moves the newest step, the bands
 * and the gradient norms; axe finds nothing serious with both open (light and dark); each closes
 * from its toggle.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { loadPreset, openApp, shot, trainEpochs } from './helpers';

async function scan(page: Page) {
  const result = await new AxeBuilder({ page }).include('[data-testid="inside"]').analyze();
  for (const v of result.violations) console.log(`inside-stats: [${v.impact}] ${v.id} (${v.nodes.length}): ${v.help}\n   ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n   ')}`);
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

/** What the open views show of the newest sample, read in one go (so both views show the same one). */
async function reading(page: Page) {
  return page.evaluate(() => {
    const text = (id: string, root: ParentNode = document) => root.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    const chart = document.querySelector('[data-testid="dist-chart-weights"]');
    const table = document.querySelector('[data-testid="health-table"]');
    return {
      step: Number(text('dist-step-weights')),
      bands: chart?.querySelector('[data-testid="dist-band"]')?.getAttribute('d') ?? null,
      healthStep: Number(text('health-step')),
      // The layers with parameters (a layer without has "—").
      gradNorms: [...(table?.querySelectorAll('[data-testid="health-grad-norm"]') ?? [])].map((td) => td.textContent ?? '').filter((t) => t !== '—'),
    };
  });
}

test('distributions and layer health open, follow training and close', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'spiral-mlp');
  await page.getByTestId('go-inside').click();
  for (const id of ['distributions', 'health']) {
    await page.getByTestId(`inside-toggle-${id}`).click();
    await expect(page.getByTestId(`inside-toggle-${id}`)).toHaveAttribute('aria-pressed', 'true');
  }
  // (Before any sample they say "Train or step to see distributions." - unless the worker samples the fresh model at once.)
  await expect(page.getByTestId('distributions')).toBeVisible();
  await expect(page.getByTestId('health')).toBeVisible();
  await page.getByTestId('stats-every').first().fill('1');
  // Both views share one interval.
  await expect(page.getByTestId('stats-every').last()).toHaveValue('1');

  await trainEpochs(page, 1);
  await expect(page.getByTestId('dist-chart-weights').getByTestId('dist-band')).toHaveCount(4);
  await expect(page.getByTestId('dist-chart-grads').getByTestId('dist-band')).toHaveCount(4);
  await expect(page.getByTestId('dist-chart-activations').getByTestId('dist-band')).toHaveCount(4);
  await expect(page.getByTestId('health-table').locator('tbody tr').first()).toBeVisible();
  const first = await reading(page);
  expect(first.step).toBeGreaterThan(0);
  expect(first.healthStep).toBe(first.step);
  expect(first.gradNorms.length).toBeGreaterThan(0);
  for (const n of first.gradNorms) expect(Number.parseFloat(n)).toBeGreaterThan(0);
  await expect(page.getByTestId('dist-mean-weights')).toHaveText(/^-?\d/);

  // Another round (however the epochs field counts it): the newest sample moves on; then wait for the run to end.
  await page.getByTestId('train').click();
  await expect.poll(async () => (await reading(page)).step).toBeGreaterThan(first.step);
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  const second = await reading(page);
  expect(second.healthStep).toBe(second.step);
  expect(second.bands).not.toBe(first.bands);
  expect(second.gradNorms).not.toEqual(first.gradNorms);

  // The charts answer the keyboard: Home goes to the oldest sample.
  await page.getByTestId('dist-plot-weights').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('dist-step-weights')).not.toHaveText(String(second.step));

  await scan(page);
  await shot(page, testInfo, 'inside-stats');
  await page.emulateMedia({ colorScheme: 'dark' });
  await scan(page);
  await page.emulateMedia({ colorScheme: 'light' });

  for (const id of ['distributions', 'health']) {
    await page.getByTestId(`inside-toggle-${id}`).click();
    await expect(page.getByTestId(`inside-view-${id}`)).toHaveCount(0);
  }
  await scan(page);
});
