/**
 * Accessibility: an axe scan of the playground (trained, with charts and evaluation) and of the
 * shortcuts dialog finds no serious or critical violations; the dialog opens with `?`.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, shot, waitReady } from './helpers';

async function scan(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations) console.log(`${label}: [${v.impact}] ${v.id} (${v.nodes.length}): ${v.help}\n   ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n   ')}`);
  expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious accessibility violations (${scheme})`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    await waitReady(page);
    await page.getByTestId('step').click();
    await expect(page.getByTestId('run-status')).toHaveText('Paused');
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('confusion-matrix')).toBeVisible();
    await page.getByTestId('node-dense').click();
    await scan(page, scheme);
    await shot(page, testInfo, `a11y-${scheme}`);
    if (scheme === 'light') {
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('?');
      await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
      await expect(page.getByTestId('shortcuts-dialog')).toContainText('Ctrl+Z');
      await scan(page, 'dialog');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
    }
  });
}
