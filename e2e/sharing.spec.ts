/**
 * Share links: the link encodes the graph, dataset, settings and seed (not the weights) in the
 * URL hash; opening it in a fresh browser shows the same model as a new project. A damaged link
 * is reported.
 */
import { expect, test } from '@playwright/test';
import { openApp, shot, waitReady } from './helpers';

test('a share link opens the same graph and settings', async ({ page, browser }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  await page.getByTestId('preset-regression').click();
  await waitReady(page);
  await page.getByTestId('node-linear').click();
  await page.getByTestId('field-units').fill('12');
  await page.getByTestId('settings-seed').fill('7');
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await openApp(page2, url.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page2.getByTestId('node-linear')).toContainText('12 units');
  for (const id of ['input', 'linear', 'relu', 'linear_1']) await expect(page2.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page2.getByTestId('settings-seed')).toHaveValue('7');
  await expect(page2.getByTestId('dataset-select')).toHaveValue('plane');
  await expect(page2.getByTestId('model-summary')).toContainText('plane');
  expect(page2.url()).not.toContain('#s=');
  await shot(page2, testInfo, 'shared-link-opened');
  await other.close();
});

test('a damaged share link is reported', async ({ page }) => {
  await openApp(page, '/#share=not-a-model');
  await expect(page.getByTestId('error').filter({ hasText: 'share link' })).toBeVisible();
  await waitReady(page);
});
