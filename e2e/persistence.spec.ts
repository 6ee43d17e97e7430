/**
 * Persistence: the project (graph, settings, runs, evaluation and trained weights) autosaves to
 * IndexedDB and a reload restores it, with the same test accuracy when evaluated again; named
 * projects can be created and switched; a project file round-trips, and a bad file is refused
 * with a clear error while nothing is lost; a full disk (quota) is reported, not swallowed, and
 * the save is retried until it succeeds; a reload in the middle of a run finds weights stored for
 * exactly the epochs the stored run lists.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp, shot, waitReady } from './helpers';

test('reload restores the graph, the runs and the trained weights', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  // Make the graph our own, rename the project, train a little.
  await page.getByTestId('node-dense').click();
  await page.getByTestId('field-units').fill('20');
  await expect(page.getByTestId('shape-dense')).toContainText('[20]');
  await page.getByTestId('project-name').fill('Persisted spiral');
  await page.getByTestId('project-name').press('Enter');
  await page.getByTestId('settings-epochs').fill('6');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-status')).toHaveText('Ready', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toContainText('Epoch 6 / 6');
  await expect(page.getByTestId('test-accuracy')).toHaveText(/%/);
  const accuracy = await page.getByTestId('test-accuracy').textContent();
  const valLoss = await page.getByTestId('val-loss').textContent();
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.waitForTimeout(1200); // the debounced save after the evaluation
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  await page.reload();
  await expect(page.getByTestId('adapter')).toBeVisible();
  await expect(page.getByTestId('project-name')).toHaveValue('Persisted spiral');
  await expect(page.getByTestId('shape-dense')).toContainText('[20]');
  await expect(page.getByTestId('settings-epochs')).toHaveValue('6');
  await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy ?? '');
  await expect(page.getByTestId('val-loss')).toHaveText(valLoss ?? '');
  await expect(page.getByTestId('loss-chart').locator('.recharts-line path').first()).toBeVisible();
  // The weights came back too: the worker is at epoch 6 and evaluates to the same accuracy.
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('progress')).toContainText('Epoch 6 / 6');
  const seq = Number(await page.getByTestId('test-result').getAttribute('data-eval-seq'));
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('test-result')).toHaveAttribute('data-eval-seq', String(seq + 1));
  await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy ?? '');
  await shot(page, testInfo, 'persistence-restored');

  // A second project, then back to the first.
  await page.getByTestId('project-new').click();
  await expect(page.getByTestId('project-name')).not.toHaveValue('Persisted spiral');
  await expect(page.getByTestId('test-accuracy')).toHaveText('–');
  await expect(page.getByTestId('project-select').locator('option')).toHaveCount(2);
  const first = await page.getByTestId('project-select').locator('option', { hasText: 'Persisted spiral' }).getAttribute('value');
  await page.getByTestId('project-select').selectOption(first!);
  await expect(page.getByTestId('project-name')).toHaveValue('Persisted spiral');
  await expect(page.getByTestId('shape-dense')).toContainText('[20]');
  await expect(page.getByTestId('progress')).toContainText('Epoch 6 / 6');
});

test('project files: download, upload, and a bad file changes nothing', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
  const download = page.waitForEvent('download');
  await page.getByTestId('project-download').click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  const parsed = JSON.parse(text);
  expect(parsed.format).toBe('webgpu-playground/project');
  expect(parsed.weights.float32Base64.length).toBeGreaterThan(100);

  // A bad file: a clear error, the project is untouched.
  await page.getByTestId('project-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something else"}') });
  await expect(page.getByTestId('error').filter({ hasText: 'broken.json' })).toContainText(/not a playground project file.*unchanged/);
  await expect(page.getByTestId('project-select').locator('option')).toHaveCount(1);
  await expect(page.getByTestId('node-dense_2')).toBeVisible();

  // The good file opens as a new project with its weights (one step trained).
  await page.getByTestId('project-file').setInputFiles({ name: 'spiral.playground.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('project-select').locator('option')).toHaveCount(2);
  await expect(page.getByTestId('node-dense_2')).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await shot(page, testInfo, 'persistence-uploaded');
});

test('a full disk is reported', async ({ page }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args: Parameters<typeof put>) {
      if ((window as unknown as { __quota?: boolean }).__quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await openApp(page);
  await waitReady(page);
  await page.evaluate(() => ((window as unknown as { __quota?: boolean }).__quota = true));
  await page.getByTestId('project-name').fill('Too big');
  await page.getByTestId('project-name').press('Enter');
  await expect(page.getByTestId('error').filter({ hasText: 'storage is full' })).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Not saved');
  // Space again: the failed save is retried (with backoff) without any new change, and reported once.
  await page.evaluate(() => ((window as unknown as { __quota?: boolean }).__quota = false));
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 20_000 });
  expect(await page.getByTestId('error').filter({ hasText: 'storage is full' }).count()).toBe(1);
  expect((await stored(page)).name).toBe('Too big');
});

/** What IndexedDB holds for the open project: its name, the run's epochs, and the weights' epoch. */
async function stored(page: Page): Promise<{ name: string; lastEpoch: number | null; valX: number[]; weightsEpoch: number | null }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('webgpu-playground');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const get = <T,>(store: string, key: string) =>
      new Promise<T>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).get(key);
        r.onsuccess = () => resolve(r.result as T);
        r.onerror = () => reject(r.error);
      });
    const id = await get<string>('meta', 'current');
    const doc = await get<{ name: string; current: { last: { epoch: number } | null; val: { x: number }[] } | null }>('projects', id);
    const w = await get<{ epoch: number } | undefined>('weights', id);
    db.close();
    return { name: doc.name, lastEpoch: doc.current?.last?.epoch ?? null, valX: doc.current?.val.map((p) => p.x) ?? [], weightsEpoch: w?.epoch ?? null };
  });
}

test('a reload mid-run finds weights for exactly the epochs the stored run lists', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await page.getByTestId('settings-epochs').fill('5000');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toContainText(/Epoch ([3-9]|\d\d+) \//);
  // Weights reach storage during the run (epoch-end snapshots), not only at its end.
  await expect.poll(async () => (await stored(page)).weightsEpoch ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  expect(await page.getByTestId('run-status').textContent()).toBe('Training');

  await page.reload();
  await expect(page.getByTestId('adapter')).toBeVisible();
  const s = await stored(page);
  expect(s.weightsEpoch).toBeGreaterThanOrEqual(2);
  // The stored run ends at the stored weights: its last epoch report and validation points.
  expect(s.lastEpoch).toBe(s.weightsEpoch! - 1);
  expect(s.valX.length).toBe(s.weightsEpoch);
  expect(s.valX.at(-1)).toBeCloseTo(s.weightsEpoch!, 9);
  // And the page continues from them.
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('progress')).toContainText(`Epoch ${s.weightsEpoch} / 5000`);
});
