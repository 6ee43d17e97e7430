/**
 * Datasets in the app: the Fashion-MNIST preview shows the first training images with their real
 * class names; a user's IDX pair (64 real Fashion-MNIST images) uploads, is refused by a model it
 * does not fit, trains a CNN with a falling loss; a truncated IDX file is reported at the drop
 * zone; a numeric CSV (label column chosen) and a text CSV (the sentiment LSTM) train too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { FASHION_MNIST_CLASS_NAMES } from '../src/data/catalog';
import { readIdx } from '../src/data/idx';
import { splitRows } from '../src/data/uploads/test-split';
import { losses, loadPreset, numberIn, openApp, recordLosses, shot, waitReady } from './helpers';

const FM = process.env.FASHION_MNIST_DIR || '/usr/share/datasets/fashion-mnist';
const haveFm = existsSync(`${FM}/train-labels-idx1-ubyte.gz`);

async function firstTrainLabels(n: number): Promise<string[]> {
  const labels = await readIdx(readFileSync(`${FM}/train-labels-idx1-ubyte.gz`), 'labels');
  return Array.from(labels.data.subarray(0, n), (c) => FASHION_MNIST_CLASS_NAMES[c]);
}

/** An IDX file: magic 00 00 08 ndims, big-endian dims, then the bytes. */
function idxFile(dims: number[], payload: Uint8Array): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(payload)]);
}

/** The first n images and labels of the Fashion-MNIST test files, as a new IDX pair. */
async function smallIdxPair(n: number): Promise<{ images: Buffer; labels: Buffer; labelValues: number[] }> {
  const images = await readIdx(readFileSync(`${FM}/t10k-images-idx3-ubyte.gz`), 'images');
  const labels = await readIdx(readFileSync(`${FM}/t10k-labels-idx1-ubyte.gz`), 'labels');
  return {
    images: idxFile([n, 28, 28], (images.data as Uint8Array).subarray(0, n * 784)),
    labels: idxFile([n], (labels.data as Uint8Array).subarray(0, n)),
    labelValues: Array.from(labels.data.subarray(0, n)),
  };
}

async function upload(page: Page, files: { name: string; buffer: Buffer; mimeType?: string }[]): Promise<void> {
  await page.getByTestId('upload-input').setInputFiles(files.map((f) => ({ mimeType: 'application/octet-stream', ...f })));
}

test.skip(!haveFm, `Fashion-MNIST files are not in ${FM}`);

test('fashion-mnist preview: an image grid with the class names of the first training rows', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByTestId('dataset-select').selectOption('fashion-mnist');
  const grid = page.getByTestId('preview-grid');
  await expect(grid).toBeVisible();
  await expect(grid.getByTestId('preview-image')).toHaveCount(24);
  const shown = await grid.getByTestId('preview-label').allTextContents();
  expect(shown).toEqual(await firstTrainLabels(24));
  await expect(grid.locator('canvas').first()).toHaveAttribute('width', '28');
  await expect(page.getByTestId('dataset-train-rows')).toHaveText('60,000');
  await expect(page.getByTestId('dataset-test-rows')).toHaveText('10,000');
  // The 2-input spiral model does not fit 28x28 images: the panel says why and Train is disabled.
  await expect(page.getByTestId('dataset-fit-error')).toContainText('Input "input" expects [2], but Fashion-MNIST samples have shape [28, 28, 1]');
  await expect(page.getByTestId('train')).toBeDisabled();
  await shot(page, testInfo, 'datasets-fashion-preview');
});

test('upload an IDX pair of 64 images, train a CNN on it; a truncated file is refused at the drop zone', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  const pair = await smallIdxPair(64);

  // A truncated image file: the error is shown at the drop zone and nothing changes.
  await upload(page, [
    { name: 'cut-images-idx3-ubyte', buffer: pair.images.subarray(0, 1000) },
    { name: 'cut-labels-idx1-ubyte', buffer: pair.labels },
  ]);
  await expect(page.getByTestId('upload-error')).toContainText('cut-images-idx3-ubyte: truncated: header says 64 x 28 x 28 = 50176 bytes');
  await expect(page.getByTestId('dataset-select')).toHaveValue('spiral');
  await shot(page, testInfo, 'datasets-idx-truncated');

  // The real pair (labels first, any order works).
  await upload(page, [
    { name: 'my-labels-idx1-ubyte', buffer: pair.labels },
    { name: 'my-images-idx3-ubyte', buffer: pair.images },
  ]);
  await expect(page.getByTestId('upload-error')).toHaveCount(0);
  await expect(page.getByTestId('dataset-select')).toHaveValue(/^upload:/);
  await expect(page.getByTestId('dataset-train-rows')).toHaveText('58');
  await expect(page.getByTestId('dataset-test-rows')).toHaveText('6');
  await expect(page.getByTestId('preview-grid').getByTestId('preview-image')).toHaveCount(24);
  await expect(page.getByTestId('dataset-fit-error')).toContainText('samples have shape [28, 28, 1]');
  await expect(page.getByTestId('train')).toBeDisabled();
  const uploadId = await page.getByTestId('dataset-select').inputValue();

  // The CNN preset, then the uploaded data.
  await loadPreset(page, 'cnn');
  await page.getByTestId('dataset-select').selectOption(uploadId);
  await expect(page.getByTestId('dataset-fit-error')).toHaveCount(0);
  await page.getByTestId('settings-epochs').fill('12');
  await page.getByTestId('settings-epochs').press('Enter');
  await expect(page.getByTestId('model-summary')).toContainText('55 train / 3 validation / 6 test rows', { timeout: 60_000 });
  // The preview shows the first training rows of the file (the seeded test rows left out), with class ids as names.
  const expected = splitRows(64).train.slice(0, 24).map((r) => String(pair.labelValues[r]));
  expect(await page.getByTestId('preview-grid').getByTestId('preview-label').allTextContents()).toEqual(expected);

  await waitReady(page);
  await recordLosses(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('run-status')).toHaveText('Training');
  await expect(page.getByTestId('run-status')).toHaveText('Ready', { timeout: 300_000 });
  const seen = await losses(page);
  expect(seen.length).toBeGreaterThan(6);
  const head = seen.slice(0, 3).reduce((a, b) => a + b, 0) / 3;
  const tail = seen.slice(-3).reduce((a, b) => a + b, 0) / 3;
  expect(tail).toBeLessThan(head * 0.8);
  await shot(page, testInfo, 'datasets-idx-trained');

  // The upload survives a reload (IndexedDB): the project reopens on it and rebuilds with the same rows.
  await page.reload();
  await expect(page.getByTestId('dataset-select')).toHaveValue(uploadId);
  await expect(page.getByTestId('model-summary')).toContainText('55 train / 3 validation / 6 test rows', { timeout: 60_000 });
});

test('numeric CSV with a chosen label column, and a text CSV for the sentiment LSTM', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);

  // 80 points: label "inside" within radius 1, else "outside"; the label is the first column.
  const rows: string[] = [];
  for (let i = 0; i < 80; i++) {
    const r = 0.3 + (i % 10) * 0.2;
    const a = i * 2.4;
    rows.push(`${r < 1.1 ? 'inside' : 'outside'},${(r * Math.cos(a)).toFixed(4)},${(r * Math.sin(a)).toFixed(4)}`);
  }
  await upload(page, [{ name: 'rings.csv', mimeType: 'text/csv', buffer: Buffer.from(`shape,x,y\n${rows.join('\n')}\n`) }]);
  await expect(page.getByTestId('csv-options')).toContainText('rings.csv: 80 rows');
  await page.getByTestId('csv-kind').selectOption('numbers');
  await page.getByTestId('csv-label-column').selectOption('shape');
  await page.getByTestId('csv-add').click();
  await expect(page.getByTestId('dataset-select')).toHaveValue(/^upload:/);
  await expect(page.getByTestId('dataset-train-rows')).toHaveText('72');
  await expect(page.getByTestId('preview-scatter').getByTestId('preview-point')).toHaveCount(72); // every training point of a 2-feature set (up to 400)
  await expect(page.getByTestId('dataset-fit-error')).toHaveCount(0);
  await expect(page.getByTestId('model-summary')).toContainText('65 train / 7 validation / 8 test rows');
  await waitReady(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
  expect(Number.isFinite(await numberIn(page, 'loss'))).toBe(true);
  await shot(page, testInfo, 'datasets-csv');

  // A bad numeric CSV: the error names the row and the column, at the drop zone.
  await upload(page, [{ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,label\n1,2,a\n3,oops,b\n') }]);
  await page.getByTestId('csv-kind').selectOption('numbers');
  await page.getByTestId('csv-add').click();
  await expect(page.getByTestId('upload-error')).toHaveText('CSV row 2 (line 3), column "y": "oops" is not a number.');
  // A one-row CSV is refused as soon as it is dropped (parsed in the upload worker), saying how many rows it needs.
  await upload(page, [{ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('x,label\n1,a\n') }]);
  await expect(page.getByTestId('upload-error')).toHaveText('"one.csv": CSV has 1 data row; a dataset needs at least 2 (one to train on, one to test on).');

  // Text: reviews with a label column, for the sentiment preset (Embedding -> LSTM -> 2 classes).
  await loadPreset(page, 'lstm-sentiment');
  const good = ['a great film', 'i loved it', 'wonderful acting and a fine story', 'really good fun'];
  const bad = ['a dull film', 'i hated it', 'boring acting and a weak story', 'really bad'];
  const reviews = Array.from({ length: 40 }, (_, i) => (i % 2 ? `"${good[i % 4]}, ${i}",pos` : `"${bad[i % 4]}, ${i}",neg`));
  await upload(page, [{ name: 'reviews.csv', mimeType: 'text/csv', buffer: Buffer.from(`review,label\n${reviews.join('\n')}\n`) }]);
  await page.getByTestId('csv-kind').selectOption('text');
  await page.getByTestId('csv-text-column').selectOption('review');
  await page.getByTestId('csv-label-column').selectOption('label');
  await page.getByTestId('csv-add').click();
  await expect(page.getByTestId('dataset-select')).toHaveValue(/^upload:/);
  await expect(page.getByTestId('preview-table').getByTestId('preview-row')).toHaveCount(24);
  const labels = await page.getByTestId('preview-table').getByTestId('preview-label').allTextContents();
  expect(labels).toEqual(splitRows(40).train.slice(0, 24).map((r) => (r % 2 ? 'pos' : 'neg')));
  const r0 = splitRows(40).train[0];
  await expect(page.getByTestId('preview-table').locator('.preview-text').first()).toHaveText(`${(r0 % 2 ? good : bad)[r0 % 4]}, ${r0}`);
  await expect(page.getByTestId('dataset-fit-error')).toHaveCount(0);
  await expect(page.getByTestId('model-summary')).toContainText('32 train / 4 validation / 4 test rows', { timeout: 60_000 });
  await waitReady(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: 120_000 });
  expect(Number.isFinite(await numberIn(page, 'loss'))).toBe(true);
  await shot(page, testInfo, 'datasets-text');
});
