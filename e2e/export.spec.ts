/**
 * Export and import from the app: train the spiral MLP a little, export safetensors through the
 * Export menu (a real download, decoded here: names and shapes are the model's), reset the
 * weights, import the downloaded file and evaluate to exactly the same test loss and accuracy; a
 * truncated file and a file of another model are refused at the import control with the reason
 * and change nothing; int8 shows float and int8 test accuracy (within 0.05 of each other) before
 * its download; the TF.js export is a zip of model.json and one .bin (and imports back), the
 * .keras archive downloads as it is, and it and the .onnx file import back to the same results, the
 * PyTorch bundle carries the training split; the project
 * keeps the imported weights across a reload.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Download, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors';
import { openApp, shot, waitReady } from './helpers';

/** The spiral preset's layers: Input(2) -> Dense(16) -> Dense(16) -> Dense(2), in PyTorch layout. */
const SPIRAL_STATE_DICT: Record<string, number[]> = {
  'dense.weight': [16, 2],
  'dense.bias': [16],
  'dense_1.weight': [16, 16],
  'dense_1.bias': [16],
  'dense_2.weight': [2, 16],
  'dense_2.bias': [2],
};

/** Evaluates on the test set and returns the loss and accuracy the page shows. */
async function evaluate(page: Page): Promise<{ loss: string; accuracy: string }> {
  const seq = Number(await page.getByTestId('test-result').getAttribute('data-eval-seq'));
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('test-result')).toHaveAttribute('data-eval-seq', String(seq + 1));
  return { loss: (await page.getByTestId('test-loss').textContent()) ?? '', accuracy: (await page.getByTestId('eval-accuracy').textContent()) ?? '' };
}

async function downloadVia(page: Page, testId: string): Promise<{ download: Download; bytes: Uint8Array }> {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const download = await pending;
  return { download, bytes: new Uint8Array(readFileSync(await download.path())) };
}

test('export, import back, refusals, int8 and TF.js', async ({ page }, testInfo) => {
  // One long flow (a dozen evaluations and six downloads) on a CPU WebGPU adapter.
  test.setTimeout(300_000);
  await openApp(page);
  await waitReady(page);
  await page.getByTestId('preset-spiral-mlp').click();
  await waitReady(page);
  await expect(page.getByTestId('model-summary')).toContainText('354 parameters');
  // Enough epochs that training is still running when the test checks the blocked export and stops it.
  await page.getByTestId('settings-epochs').fill('100000');
  await page.getByTestId('settings-epochs').press('Enter');

  // The menu lists the six formats; while training runs, export and import wait (the reason is shown).
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-button')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('export-menu').locator('li')).toHaveCount(6);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('export-blocked')).toContainText('Pause or stop training');
  await expect(page.getByTestId('export-safetensors')).toBeDisabled();
  await expect(page.getByTestId('import-choose')).toBeDisabled();
  await expect(page.getByTestId('progress')).toContainText(/Epoch ([2-9]|[1-9]\d+) \//);
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('export-blocked')).toHaveCount(0);
  const trained = await evaluate(page);
  expect(trained.accuracy).toMatch(/%$/);

  // Export safetensors: a zip of weights.safetensors and model.py with the model's tensors.
  const st = await downloadVia(page, 'export-safetensors');
  expect(st.download.suggestedFilename()).toMatch(/-safetensors\.zip$/);
  await expect(page.getByTestId('export-status')).toContainText(st.download.suggestedFilename());
  const zip = unzipSync(st.bytes);
  expect(Object.keys(zip).sort()).toEqual(['model.py', 'weights.safetensors']);
  const weights = zip['weights.safetensors'];
  const decoded = decodeSafetensors(weights);
  expect(decoded.metadata.format).toBe('pt');
  expect(Object.fromEntries([...decoded.tensors].map(([name, t]) => [name, [...t.shape]]))).toEqual(SPIRAL_STATE_DICT);
  expect([...decoded.tensors.values()].reduce((a, t) => a + t.data.length, 0)).toBe(354);
  expect(new TextDecoder().decode(zip['model.py'])).toContain('class ');
  await shot(page, testInfo, 'export-menu');

  // Fresh weights evaluate differently; importing the downloaded file gives the trained results back exactly.
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('progress')).toContainText('Epoch 0');
  const fresh = await evaluate(page);
  expect(fresh.loss).not.toBe(trained.loss);
  await page.getByTestId('import-file').setInputFiles(await st.download.path());
  await expect(page.getByTestId('import-message')).toContainText('Imported 6 tensors (354 parameters) from weights.safetensors');
  expect(await evaluate(page)).toEqual(trained);

  // A truncated copy: refused at the import control, weights unchanged.
  await page.getByTestId('import-file').setInputFiles({ name: 'truncated.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(weights.subarray(0, weights.length - 100)) });
  await expect(page.getByTestId('import-message')).toContainText(/Not imported: "truncated\.safetensors" is not usable: .+ The weights are unchanged\./);
  expect(await evaluate(page)).toEqual(trained);

  // A file of another model (first layer 20 units wide, one layer more): every mismatch listed.
  const other = [...decoded.tensors].map(([name, t]) => ({ name, shape: [...t.shape], data: Float32Array.from(t.data) }));
  other[other.findIndex((t) => t.name === 'dense.weight')] = { name: 'dense.weight', shape: [20, 2], data: new Float32Array(40) };
  other.push({ name: 'dense_3.weight', shape: [2, 2], data: new Float32Array(4) });
  await page.getByTestId('import-file').setInputFiles({ name: 'other-model.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(encodeSafetensors(other, { format: 'pt' })) });
  await expect(page.getByTestId('import-message')).toContainText('"other-model.safetensors" does not match the model');
  await expect(page.getByTestId('import-problems').locator('li')).toHaveText([
    '"dense.weight": the file has shape [20,2], the model needs [16,2]',
    'unexpected "dense_3.weight" [2,2]: the model has no such parameter',
  ]);
  await shot(page, testInfo, 'import-refused');
  expect(await evaluate(page)).toEqual(trained);

  // int8: measure first (float and int8 test accuracy on the GPU), then download.
  await expect(page.getByTestId('export-int8')).toHaveCount(0);
  await page.getByTestId('int8-measure').click();
  await expect(page.getByTestId('int8-float-accuracy')).toBeVisible();
  await expect(page.getByTestId('int8-float-accuracy')).toHaveText(trained.accuracy);
  const floatAcc = Number(await page.getByTestId('int8-float-accuracy').getAttribute('data-value'));
  const int8Acc = Number(await page.getByTestId('int8-int8-accuracy').getAttribute('data-value'));
  expect(floatAcc).toBeGreaterThan(0);
  expect(Math.abs(floatAcc - int8Acc)).toBeLessThanOrEqual(0.05);
  const q = await downloadVia(page, 'export-int8');
  expect(q.download.suggestedFilename()).toMatch(/-int8\.zip$/);
  expect(Object.keys(unzipSync(q.bytes)).sort()).toEqual(['model.py', 'weights-int8.safetensors']);
  // The measurement put the float weights back.
  expect(await evaluate(page)).toEqual(trained);

  // The open menu, the int8 report and the refusal message pass an axe scan (no serious or critical issues).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const axe = await new AxeBuilder({ page }).include('[data-testid="model-io"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme}: ${v.id}: ${v.help}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Keras: the .keras archive downloads as it is (it is a zip already); the PyTorch bundle carries the training split.
  const keras = await downloadVia(page, 'export-keras');
  expect(keras.download.suggestedFilename()).toBe('model.keras');
  expect(Object.keys(unzipSync(keras.bytes)).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
  const bundle = await downloadVia(page, 'export-pytorch-bundle');
  expect(bundle.download.suggestedFilename()).toMatch(/-pytorch-bundle\.zip$/);
  const bundleFiles = unzipSync(bundle.bytes);
  expect(Object.keys(bundleFiles).sort()).toEqual(['README.md', 'data.safetensors', 'model.py', 'optimizer.safetensors', 'train.json', 'train.py', 'weights.safetensors']);
  const trainRows = Number(((await page.getByTestId('model-summary').textContent()) ?? '').match(/(\d[\d,]*) train/)![1].replace(/,/g, ''));
  expect(decodeSafetensors(bundleFiles['data.safetensors']).tensors.get('x_train')!.shape).toEqual([trainRows, 2]);
  // The optimizer's state travels with it (Adam: m and v beside each of the 6 weights), at the step the run reached.
  const optimizer = decodeSafetensors(bundleFiles['optimizer.safetensors']);
  expect(optimizer.tensors.size).toBe(12);
  expect(Number(optimizer.metadata.step)).toBe(JSON.parse(new TextDecoder().decode(bundleFiles['train.json'])).step);

  // TF.js: one zip with model.json and exactly one weights .bin, which the manifest names.
  const tf = await downloadVia(page, 'export-tfjs');
  expect(tf.download.suggestedFilename()).toMatch(/-tfjs\.zip$/);
  const tfFiles = unzipSync(tf.bytes);
  const bins = Object.keys(tfFiles).filter((n) => n.endsWith('.bin'));
  expect(Object.keys(tfFiles).sort()).toEqual(['model.json', ...bins].sort());
  expect(bins).toHaveLength(1);
  const manifest = JSON.parse(new TextDecoder().decode(tfFiles['model.json'])).weightsManifest;
  expect(manifest).toHaveLength(1);
  expect(manifest[0].paths).toEqual(bins);
  expect(tfFiles[bins[0]].length).toBe(354 * 4);
  await shot(page, testInfo, 'export-done');

  // The .keras archive and the .onnx file (the other formats the menu writes) import back the same way.
  const onnx = await downloadVia(page, 'export-onnx');
  expect(onnx.download.suggestedFilename()).toMatch(/\.onnx$/);
  for (const [file, name] of [[await keras.download.path(), 'model.keras'], [await onnx.download.path(), onnx.download.suggestedFilename()]] as const) {
    await page.getByTestId('reset').click();
    expect((await evaluate(page)).loss).not.toBe(trained.loss);
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: readFileSync(file) });
    await expect(page.getByTestId('import-message')).toContainText(`Imported 6 tensors (354 parameters) from ${name}`);
    // Polled (fresh weights cannot evaluate to the trained results, so only an import that took effect passes).
    await expect.poll(() => evaluate(page), { timeout: 60_000 }).toEqual(trained);
  }

  // The TF.js zip imports back too (after a reset): same results.
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('import-message')).toHaveCount(1);
  expect((await evaluate(page)).loss).not.toBe(trained.loss);
  await page.getByTestId('import-file').setInputFiles(await tf.download.path());
  await expect(page.getByTestId('import-message')).toContainText(`Imported 6 tensors (354 parameters) from model.json + ${bins[0]}`);
  expect(await evaluate(page)).toEqual(trained);

  // Keyboard: Escape closes the menu and gives focus back to its button; Enter opens it again.
  await page.getByTestId('export-tfjs').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await expect(page.getByTestId('export-button')).toBeFocused();
  await expect(page.getByTestId('export-button')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-menu')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download ONNX' })).toBeEnabled();

  // The project saved the last imported weights: after a reload they evaluate to the same results. ("Saved"
  // shows only once the change is stored; it used to show during the autosave's debounce, and a reload
  // right then came back with the weights of an earlier save.)
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  // The new document: no import message, no evaluation counted yet.
  await expect(page.getByTestId('import-message')).toHaveCount(0);
  await expect(page.getByTestId('test-result')).toHaveAttribute('data-eval-seq', '0');
  await expect(page.getByTestId('adapter')).toBeVisible();
  await waitReady(page);
  expect(await evaluate(page)).toEqual(trained);
});
