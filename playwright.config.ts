/**
 * End-to-end tests in headless Chromium with WebGPU. Uses Debian's Chromium (or CHROMIUM_PATH)
 * when present, otherwise Playwright's own browser (see e2e/browser.ts); starts Vite itself.
 */
import { defineConfig, devices } from '@playwright/test';
import { chromiumPath, WEBGPU_ARGS } from './e2e/browser';

// Specs that measure the page's responsiveness or the GPU's speed run alone, after the rest.
const SOLO = ['one-screen-perf.spec.ts', 'pause-latency.spec.ts', 'autotune.spec.ts'];
const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1100, height: 900 },
  launchOptions: {
    ...(chromiumPath ? { executablePath: chromiumPath } : {}),
    args: WEBGPU_ARGS,
  },
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Two browsers at a time: a spec spends much of its time waiting on the page, so two overlap well
  // on two cores (the suite took 13.6 min with one worker). Files still run one test at a time.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // SwiftShader (a CPU WebGPU adapter) is slow.
  timeout: 120_000,
  expect: { timeout: 60_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: 'http://127.0.0.1:5173',
    headless: true,
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1100, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
  },
  projects: [
    { name: 'chromium', testIgnore: SOLO, use: chromium },
    // Runs once 'chromium' is done (and only if it passed: a failure there already fails the run).
    { name: 'solo', testMatch: SOLO, workers: 1, dependencies: ['chromium'], use: chromium },
  ],
  webServer: {
    command: 'npx vite --host 127.0.0.1 --port 5173 --strictPort',
    url: 'http://127.0.0.1:5173',
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
