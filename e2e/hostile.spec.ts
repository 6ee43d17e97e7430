/**
 * Hostile input never breaks the app: share links and project files with inherited layer types,
 * unknown optimizers, malformed runs and evaluations, or NaN weights are refused or cleaned with
 * a visible message; the palette and training keep working and a reload opens a working app. A
 * damaged project already in IndexedDB opens the default project instead, says why, and offers the
 * damaged one as a download.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PRESETS } from '../src/presets/presets';
import { openApp, openPalette, waitReady } from './helpers';

const spiral = PRESETS.find((p) => p.id === 'spiral-mlp')!;
const core = () => structuredClone({ spec: spiral.spec, dataset: spiral.dataset, settings: spiral.train }) as unknown as { spec: { layers: Record<string, unknown>[]; optimizer: object } } & Record<string, unknown>;
const shareHash = (c: object) => `#share=${Buffer.from(JSON.stringify({ v: 1, name: 'Evil', ...c })).toString('base64url')}`;

/** The palette adds a layer (undone again), and one training step moves the step counter. */
async function stillWorks(page: Page): Promise<void> {
  await expect(page.locator('[data-testid^="panel-error-"]')).toHaveCount(0);
  await openPalette(page);
  await page.getByTestId('add-Dropout').click();
  await expect(page.getByTestId('node-dropout')).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-dropout')).toHaveCount(0);
  await waitReady(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
  await expect(page.getByTestId('progress')).toContainText('step 1 /');
}

/** The layer ids of the current project as stored in IndexedDB (what a reload opens). */
const storedLayerIds = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const r = indexedDB.open('webgpu-playground');
        r.onsuccess = () => {
          const tx = r.result.transaction(['meta', 'projects'], 'readonly');
          const cur = tx.objectStore('meta').get('current');
          cur.onsuccess = () => {
            const doc = tx.objectStore('projects').get(cur.result as string);
            doc.onsuccess = () => resolve(((doc.result?.spec?.layers ?? []) as { id: string }[]).map((l) => l.id));
          };
        };
        r.onerror = () => resolve([]);
      }),
  );

async function reloadWorks(page: Page): Promise<void> {
  // The autosave is debounced: reload once the undone Dropout is gone from storage too, as a person
  // would after the "Saved" mark (a reload within the debounce may keep the last edit's state).
  await expect.poll(() => storedLayerIds(page), { timeout: 30_000 }).not.toContain('dropout');
  await page.reload();
  await waitReady(page);
  await expect(page.locator('[data-testid^="panel-error-"]')).toHaveCount(0);
  await expect(page.getByTestId('node-dense_2')).toBeVisible();
}

test('hostile share links are refused with a message; the app keeps working', async ({ page }) => {
  const proto = core();
  proto.spec.layers[1].type = 'constructor';
  await openApp(page, `/${shareHash(proto)}`);
  await expect(page.getByTestId('error').filter({ hasText: 'share link' })).toContainText('The share link holds no usable model: layer "dense" has the unknown type "constructor".');
  const lamb = core();
  lamb.spec.optimizer = { type: 'lamb', lr: 0.001 };
  await page.evaluate((h) => (location.hash = h), shareHash(lamb));
  await expect(page.getByTestId('error').filter({ hasText: 'lamb' })).toContainText('the optimizer "lamb" is unknown; use one of sgd, adagrad, rmsprop, adam');
  await waitReady(page);
  await stillWorks(page);
  await reloadWorks(page);
});

test('hostile project files are refused or cleaned with a message; the app keeps working', async ({ page }) => {
  await openApp(page);
  await waitReady(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
  const download = page.waitForEvent('download');
  await page.getByTestId('project-download').click();
  const good = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  const upload = (name: string, data: unknown) => page.getByTestId('project-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)) });

  const proto = structuredClone(good);
  proto.project.spec.layers[2].type = '__proto__';
  await upload('proto.playground.json', proto);
  await expect(page.getByTestId('error').filter({ hasText: 'proto.playground.json' })).toContainText('layer "dense_1" has the unknown type "__proto__". Your current project is unchanged.');

  const nan = structuredClone(good);
  const bytes = Buffer.from(nan.weights.float32Base64, 'base64');
  bytes.writeFloatLE(NaN, 4 * 5);
  nan.weights.float32Base64 = bytes.toString('base64');
  await upload('nan.playground.json', nan);
  await expect(page.getByTestId('error').filter({ hasText: 'nan.playground.json' })).toContainText('The weights in this file hold a non-finite value (NaN) at index 5.');
  await expect(page.getByTestId('project-select').locator('option')).toHaveCount(1);

  const junk = structuredClone(good);
  junk.project.evaluation = { split: 'test', loss: 1, accuracy: 0.5, count: 3, confusion: 'nope', scatter: null };
  junk.project.current.config = {};
  junk.project.positions = { dense: 'x', toString: { x: 1, y: 1 } };
  junk.project.name = 'Junk';
  await upload('junk.playground.json', junk);
  const note = page.getByTestId('error').filter({ hasText: 'junk.playground.json' });
  await expect(note).toContainText('was opened with parts left out: The current run was dropped (config.dataset: missing;');
  await expect(note).toContainText('The evaluation was dropped (confusion: Invalid type: Expected Array but received "nope").');
  await expect(page.getByTestId('project-select').locator('option')).toHaveCount(2);
  await expect(page.getByTestId('project-name')).toHaveValue('Junk');
  await expect(page.getByTestId('test-result')).toContainText('Not evaluated yet');
  await waitReady(page);
  await stillWorks(page);
  await reloadWorks(page);
});

test('a damaged project stored in IndexedDB opens the default project, says why, and can be downloaded', async ({ page, context }) => {
  await openApp(page);
  await waitReady(page);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.waitForTimeout(1000); // let autosave settle so nothing overwrites the planted document
  const planted = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, no) => {
      const r = indexedDB.open('webgpu-playground');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((ok, no) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => no(r.error))));
    const id = (await req(db.transaction('meta').objectStore('meta').get('current'))) as string;
    const doc = await req(db.transaction('projects').objectStore('projects').get(id));
    doc.spec.layers[1].type = 'constructor';
    doc.evaluation = { confusion: 'nope' };
    const tx = db.transaction('projects', 'readwrite');
    await req(tx.objectStore('projects').put(doc));
    db.close();
    return doc.name as string;
  });
  await page.close();

  const page2 = await context.newPage();
  await openApp(page2);
  const notice = page2.getByTestId('damaged-project');
  await expect(notice).toContainText(`The saved project "${planted}" could not be opened: layer "dense" has the unknown type "constructor".`);
  const saved = page2.waitForEvent('download');
  await page2.getByTestId('download-damaged').click();
  const raw = JSON.parse(readFileSync(await (await saved).path(), 'utf8'));
  expect(raw.project.spec.layers[1].type).toBe('constructor');
  await waitReady(page2);
  await stillWorks(page2);
  await expect(page2.getByTestId('project-select').locator('option')).toHaveCount(2);
  await expect.poll(() => storedLayerIds(page2), { timeout: 30_000 }).not.toContain('dropout');
  await page2.reload();
  await waitReady(page2);
  await expect(page2.getByTestId('damaged-project')).toHaveCount(0);
});
