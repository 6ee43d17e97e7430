/**
 * Without WebGPU the page says so clearly (and shows no adapter or controls). Runs Chromium with
 * the GPU and WebGPU switched off; skipped if that browser still finds an adapter.
 */
import { expect, test } from '@playwright/test';
import { NO_WEBGPU_LAUNCH } from './browser';

test.use({ launchOptions: NO_WEBGPU_LAUNCH });

test('shows the no-WebGPU notice', async ({ page }, testInfo) => {
  await page.goto('/');
  const notice = page.getByTestId('no-webgpu');
  await expect(notice.or(page.getByTestId('adapter'))).toBeVisible();
  test.skip(await page.getByTestId('adapter').isVisible(), 'this browser still exposes a WebGPU adapter');
  await expect(notice).toContainText(/WebGPU-capable Chrome or\s+Chromium/);
  await expect(page.getByTestId('train')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('no-webgpu.png') });
});
