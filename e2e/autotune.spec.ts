/**
 * The autotuner in the app: building the 100-64-64-10 MLP times the dense kernels' variants once
 * and stores the winners in IndexedDB under this adapter; after a reload the same model is ready
 * with the store unchanged (nothing timed again, nothing lost).
 */
import { expect, test, type Page } from '@playwright/test';
import { loadPreset, openApp, waitReady } from './helpers';

async function storedWinners(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const req = indexedDB.open('gradient-bench-autotune');
        req.onerror = () => reject(new Error('cannot open the autotune database'));
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('winners')) return resolve({});
          const get = db.transaction('winners').objectStore('winners').get('all');
          get.onsuccess = () => resolve((get.result as Record<string, string> | undefined) ?? {});
          get.onerror = () => reject(new Error('cannot read the winners'));
        };
      }),
  );
}

test('the dense kernels are tuned once per adapter and the winners survive a reload', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  let t0 = Date.now();
  await loadPreset(page, 'mlp-100');
  await waitReady(page);
  const tunedMs = Date.now() - t0;
  await expect.poll(async () => Object.keys(await storedWinners(page)).length).toBeGreaterThanOrEqual(5);
  const first = await storedWinners(page);
  const keys = Object.keys(first);
  console.log(`[autotune e2e] ${keys.length} winners, e.g. ${keys[0]} -> ${first[keys[0]]}`);
  // Dense 100-64 at batch 32 is one of them, under a scope naming the adapter.
  const forward = keys.find((k) => k.includes('|dense_forward|M=32,K=100,N=64,'));
  expect(forward).toBeDefined();
  expect(forward!).toMatch(/^v\d+:[^|]+\|/);
  expect(first[forward!]).toMatch(/^(vec4(_8x8)?|blocked\dx\d)@\d+x\d+$/);
  t0 = Date.now();
  await page.reload();
  await waitReady(page);
  console.log(`[autotune e2e] ready ${tunedMs} ms after choosing the preset (tuning), ${Date.now() - t0} ms after the reload (stored winners)`);
  expect(await storedWinners(page)).toMatchObject(first);
});
