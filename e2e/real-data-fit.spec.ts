/**
 * Real data against the model's head: a regression CSV under the spiral classifier gets one message
 * naming the whole fix (never the contradicting "use cross-entropy"), and "Make the output fit this
 * dataset" sets units, activation and loss in one undoable edit; the run legend and the summary name
 * the file, not its upload id. A CSV with string labels shows its class names in the confusion
 * matrix. The page loads without React Flow's "parent container" warning.
 */
import { expect, test, type Page } from '@playwright/test';
import { numberIn, openApp, shot, waitReady } from './helpers';

async function uploadCsv(page: Page, name: string, text: string, label: string, task: 'regression' | 'classification'): Promise<void> {
  await page.getByTestId('upload-input').setInputFiles([{ name, mimeType: 'text/csv', buffer: Buffer.from(text) }]);
  await page.getByTestId('csv-kind').selectOption('numbers');
  await page.getByTestId('csv-label-column').selectOption(label);
  await page.getByTestId('csv-task').selectOption(task);
  await page.getByTestId('csv-add').click();
  await expect(page.getByTestId('dataset-select')).toHaveValue(/^upload:/);
}

/** The spiral model has 2 inputs: give its Input the CSV's width (as a user does in the inspector). */
async function setInputWidth(page: Page, width: number): Promise<void> {
  await page.getByTestId('node-input').click();
  await page.getByTestId('field-shape').fill(String(width));
  await page.getByTestId('field-shape').press('Enter');
  await expect(page.getByTestId('shape-input')).toContainText(`[${width}]`);
}

async function trainBriefly(page: Page, epochs: number): Promise<void> {
  await page.getByTestId('settings-epochs').fill(String(epochs));
  await page.getByTestId('settings-epochs').press('Enter');
  await waitReady(page);
  await page.getByTestId('train').click();
  // A few epochs of 50-80 rows can end before "Training" is ever seen: wait for the last epoch instead.
  await expect(page.getByTestId('progress')).toContainText(`Epoch ${epochs} / ${epochs}`, { timeout: 90_000 });
  await expect(page.getByTestId('run-status')).toHaveText('Ready', { timeout: 90_000 });
  expect(Number.isFinite(await numberIn(page, 'loss'))).toBe(true);
}

test('no React Flow "parent container" warning when the page loads', async ({ page }) => {
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  await openApp(page);
  await waitReady(page);
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('node-input')).toBeVisible();
  expect(messages.filter((m) => m.includes('parent container'))).toEqual([]);
});

test('a regression CSV under a classifier: one message, one click fixes the head, the file is named', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  // 60 rows, 3 features, a decimal target.
  const rows = Array.from({ length: 60 }, (_, i) => {
    const a = (i % 10) / 2;
    const b = ((i * 7) % 13) / 3;
    const c = ((i * 5) % 11) / 4;
    return `${a.toFixed(2)},${b.toFixed(3)},${c.toFixed(2)},${(1.5 * a - 0.7 * b + 0.25 * c + 0.1).toFixed(3)}`;
  });
  await uploadCsv(page, 'house-prices.csv', `rooms,age,distance,price\n${rows.join('\n')}\n`, 'price', 'regression');
  await setInputWidth(page, 3);

  const want = 'house-prices.csv is a regression dataset (1 target). Make the output fit it: the last Dense gets 1 unit and a linear activation, and the loss becomes mse.';
  const blocker = page.getByTestId('train-blocker');
  await expect(blocker).toContainText(want);
  await expect(blocker).not.toContainText('cross-entropy');
  await expect(blocker).not.toContainText('Use mse');
  await expect(page.getByTestId('train')).toBeDisabled();
  // The loss and optimizer live in the training settings now, same test ids.
  await expect(page.getByTestId('training-settings').getByTestId('model-loss')).toHaveValue('sparse_categorical_crossentropy');

  // Changing only the loss keeps the same advice (the engine's softmax check gives way to it).
  await page.getByTestId('model-loss').selectOption('mse');
  await expect(blocker).toContainText('house-prices.csv is a regression dataset (1 target). Make the output fit it: the last Dense gets 1 unit and a linear activation, and the loss stays mse.');
  await expect(blocker).not.toContainText('cross-entropy');
  // The loss field says the same, not the engine's "mse on a softmax output" advice.
  await expect(page.getByTestId('model-loss-error')).toHaveText('house-prices.csv is a regression dataset (1 target). Make the output fit it: the last Dense gets 1 unit and a linear activation, and the loss stays mse');

  await page.getByTestId('fit-output').click();
  await expect(page.getByTestId('train-blocker')).toHaveCount(0);
  await expect(page.getByTestId('fit-output')).toHaveCount(0);
  await expect(page.getByTestId('model-loss')).toHaveValue('mse');
  await expect(page.getByTestId('shape-dense_2')).toContainText('[1]');
  await page.getByTestId('node-dense_2').click();
  await expect(page.getByTestId('field-units')).toHaveValue('1');
  await expect(page.getByTestId('field-activation')).toHaveValue('linear');
  await expect(page.getByTestId('node-dense_2')).toContainText('1 unit');
  await expect(page.getByTestId('node-dense_2')).not.toContainText('softmax');
  // One undo step puts the whole head back; redo applies it again.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-dense_2')).toContainText('softmax');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('model-loss')).toHaveValue('mse');
  await expect(page.getByTestId('train-blocker')).toHaveCount(0);

  await trainBriefly(page, 3);
  await expect(page.getByTestId('run-current')).toContainText('house-prices.csv');
  await expect(page.getByTestId('run-legend')).not.toContainText('upload:');
  await expect(page.getByTestId('model-summary')).toContainText('house-prices.csv');
  await expect(page.getByTestId('model-summary')).not.toContainText('upload:');
  await shot(page, testInfo, 'real-data-fit-regression');
});

test('a CSV with string labels: the confusion matrix shows the class names', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  const names = ['setosa', 'versicolor', 'virginica'];
  const rows = Array.from({ length: 90 }, (_, i) => {
    const c = i % 3;
    const j = (i * 7) % 10;
    return `${(4.8 + c + j * 0.05).toFixed(2)},${(3.2 - c * 0.4 + j * 0.03).toFixed(2)},${(1.4 + c * 2 + j * 0.04).toFixed(2)},${(0.2 + c * 0.9).toFixed(2)},${names[c]}`;
  });
  await uploadCsv(page, 'flowers.csv', `sepal_length,sepal_width,petal_length,petal_width,species\n${rows.join('\n')}\n`, 'species', 'classification');
  await setInputWidth(page, 4);
  await expect(page.getByTestId('train-blocker')).toContainText('flowers.csv is a classification dataset (3 classes). Make the output fit it: the last Dense gets 3 units and a softmax activation, and the loss stays sparse_categorical_crossentropy.');
  await page.getByTestId('fit-output').click();
  await expect(page.getByTestId('train-blocker')).toHaveCount(0);
  await expect(page.getByTestId('shape-dense_2')).toContainText('[3]');

  await trainBriefly(page, 5);
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  for (const [i, n] of names.entries()) {
    await expect(page.getByTestId(`confusion-row-${i}`)).toHaveText(n);
    await expect(page.getByTestId(`confusion-col-${i}`)).toHaveText(n);
  }
  // Mistakes, if any, are listed by the CSV's column names, not x0..x3.
  const items = page.getByTestId('misclassified-item');
  if ((await items.count()) > 0) {
    await expect(items.first()).toContainText('sepal_length');
    await expect(items.first()).not.toContainText('x0');
  }
  await shot(page, testInfo, 'real-data-fit-confusion');
});
