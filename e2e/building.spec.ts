/**
 * Building a model: drag a Dense layer from the palette onto the canvas, connect it by dragging
 * handles, see its inferred shape and parameters; an invalid connection turns the node red with
 * the reason and disables Train; inspector fields reject non-numbers; undo/redo and keyboard delete.
 */
import { expect, test, type Page } from '@playwright/test';
import { closePalette, openApp, openPalette, shot, waitReady } from './helpers';

async function connect(page: Page, from: string, to: string): Promise<void> {
  const src = page.getByTestId(`source-${from}`);
  const dst = page.getByTestId(`target-${to}`);
  const a = (await src.boundingBox())!;
  const b = (await dst.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

test('drag, connect, infer shapes, show errors, undo', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  const canvas = page.getByTestId('canvas');

  // Drag a Dense layer from the palette onto an empty part of the canvas.
  await openPalette(page);
  await page.getByTestId('palette-Dense').dragTo(canvas, { targetPosition: { x: 120, y: 120 } });
  const node = page.getByTestId('node-dense_3');
  await expect(node).toBeVisible();
  await expect(page.getByTestId('inspector')).toContainText('Dense');
  // Unconnected: red with the reason, and Train is disabled with the reason.
  await expect(page.getByTestId('errors-dense_3')).toContainText(/not connected/);
  await expect(page.getByTestId('train')).toBeDisabled();
  await expect(page.getByTestId('train-blocker')).toContainText(/dense_3/);

  // Connect dense_1 -> dense_3 by dragging handles: the shape is inferred.
  await connect(page, 'dense_1', 'dense_3');
  await expect(page.getByTestId('shape-dense_3')).toContainText('[16]');
  await expect(page.getByTestId('shape-dense_3')).toContainText('272 params');
  await shot(page, testInfo, 'building-connected');

  // The new layer is not wired to the output: still an error until it is removed.
  await expect(page.getByTestId('errors-dense_3')).toContainText(/disconnected/);

  // An invalid connection: Add of [2] and [16].
  await page.getByTestId('add-Add').click();
  await expect(page.getByTestId('node-add')).toBeVisible();
  // The handles to drag may sit under the open palette: fold it first, as a user would.
  await closePalette(page);
  await page.getByTestId('auto-layout').click();
  await page.waitForTimeout(300);
  // Show the whole graph (React Flow's fit-view control), so no handle sits at the canvas edge.
  await page.getByRole('button', { name: 'Fit View' }).dispatchEvent('click');
  await page.waitForTimeout(300);
  await connect(page, 'input', 'add');
  await connect(page, 'dense', 'add');
  await expect(page.getByTestId('errors-add')).toContainText('Add needs equal shapes, got [2] and [16]');
  await expect(page.getByTestId('node-add')).toHaveClass(/invalid/);
  await shot(page, testInfo, 'building-invalid');

  // Undo twice removes both connections; redo restores one.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('errors-add')).toContainText(/not connected/);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('errors-add')).toContainText(/takes 2 inputs, got 1/);

  // Select the Add node and delete it with the keyboard; then the stray Dense.
  await page.getByTestId('node-add').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-add')).toHaveCount(0);
  await page.getByTestId('node-dense_3').click();
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('node-dense_3')).toHaveCount(0);
  await expect(page.getByTestId('graph-status')).toHaveText('valid');
  await expect(page.getByTestId('train')).toBeEnabled();

  // The inspector validates numbers next to the field, and applies valid ones.
  await page.getByTestId('node-dense').click();
  const units = page.getByTestId('field-units');
  await units.fill('abc');
  await expect(page.getByTestId('field-units-error')).toHaveText('Enter a whole number');
  await expect(page.getByTestId('shape-dense')).toContainText('[16]');
  await units.fill('24');
  await expect(page.getByTestId('field-units-error')).toHaveCount(0);
  await expect(page.getByTestId('shape-dense')).toContainText('[24]');
  await expect(page.getByTestId('shape-dense_1')).toContainText('400 params');

  // Keyboard insert: a Dense after the selected layer, rewired into the chain.
  await openPalette(page);
  await page.getByTestId('insert-Dense').click();
  await expect(page.getByTestId('shape-dense_3')).toContainText('[16]');
  await expect(page.getByTestId('graph-status')).toHaveText('valid');
  await expect(page.getByTestId('total-params')).not.toHaveText('0');
  await shot(page, testInfo, 'building-final');

  // A graph that does not fit its dataset: Train is disabled with the reason.
  await page.getByTestId('dataset-select').selectOption('features-100');
  await expect(page.getByTestId('train-blocker')).toContainText('Input "input" expects [2], but Feature clusters (100) samples have shape [100]');
  await expect(page.getByTestId('train')).toBeDisabled();
  await page.getByTestId('node-input').click();
  await page.getByTestId('field-shape').fill('100');
  await expect(page.getByTestId('train-blocker')).toContainText('Feature clusters (100) is a classification dataset (10 classes). Make the output fit it: the last Dense gets 10 units and a softmax activation, and the loss stays sparse_categorical_crossentropy.');
  await page.getByTestId('node-dense_2').click();
  await page.getByTestId('field-units').fill('10');
  await expect(page.getByTestId('train-blocker')).toHaveCount(0);
  await expect(page.getByTestId('train')).toBeEnabled();
});
