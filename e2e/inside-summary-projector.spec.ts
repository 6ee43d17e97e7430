/**
 * The model summary beside the canvas (mlp-100's table and Keras's totals) and the projector on a
 * text preset: labelled token points whose coordinates move after one training step, a view that
 * closes, and an axe scan of both open that finds no serious or critical violation.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadPreset, openApp, shot, waitReady } from './helpers';

test('summary table and embedding projector', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  await loadPreset(page, 'mlp-100');

  // The summary toggle in the graph toolbar opens the layer table under the canvas.
  const toggle = page.getByTestId('summary-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const table = page.getByTestId('network-panel').getByTestId('layer-summary');
  await expect(table).toBeVisible();
  await expect(table.getByTestId('layer-summary-total')).toHaveText('Total params: 11,274 (44.04 KB)');
  await expect(table.getByTestId('layer-summary-row-dense')).toContainText('6,464');
  await expect(table.getByTestId('layer-summary-row-dense_2')).toContainText('(None, 10)');

  // The projector on a text preset: words on the points, coordinates that move with training.
  await loadPreset(page, 'lstm-topics');
  await expect(table.getByTestId('layer-summary-total')).toHaveText('Total params: 97,674 (381.54 KB)');
  const open = page.getByTestId('inside-toggle-projector');
  await open.scrollIntoViewIfNeeded();
  await open.click();
  const view = page.getByTestId('inside-view-projector');
  await expect(view.getByTestId('projector-epoch')).toHaveText('0');
  await expect(view.getByTestId('projector-point')).toHaveCount(499);
  await expect(view.getByTestId('projector-label')).toHaveCount(50);
  await expect(view.getByTestId('projector-label').nth(1)).not.toHaveText('');
  const first = await view.getByTestId('projector-point').first().getAttribute('data-x');
  await page.getByTestId('step').click();
  await expect(view.getByTestId('projector-stamp')).toContainText('step 1');
  const after = await view.getByTestId('projector-point').first().getAttribute('data-x');
  expect(Number(after)).not.toBe(Number(first));

  // The penultimate source: test samples coloured by class with a legend of the topics.
  await view.getByTestId('projector-source-penultimate').check();
  await expect(view.getByTestId('projector-legend')).toBeVisible();
  await expect(view.getByTestId('projector-legend').locator('li')).not.toHaveCount(0);

  await shot(page, testInfo, 'summary-projector');
  // Scoped to the parts this spec opens (the graph panel with its summary, the inside views).
  const result = await new AxeBuilder({ page }).include('[data-testid="network-panel"]').include('[data-testid="inside"]').analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);

  await open.click();
  await expect(view).toHaveCount(0);
  await toggle.click();
  await expect(table).toHaveCount(0);
});
