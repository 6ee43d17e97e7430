/**
 * Attention in the UI: the Transformer preset (10a) shows its blocks as labelled boxes; after a
 * few training steps the attention view shows one heat map per head for each of its 2 attention
 * layers (4 heads), for a test row and for typed text, and the maps follow training. The palette's
 * TransformerBlock inserts its 7 wired layers, and one undo removes them all.
 */
import { expect, test, type Page } from '@playwright/test';
import { loadPreset, openApp, openPalette, shot } from './helpers';

const BLOCK_ROLES = ['attention', 'attention_add', 'attention_norm', 'ffn', 'ffn_out', 'ffn_add', 'ffn_norm'];

async function trainOneStep(page: Page): Promise<void> {
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: 90_000 });
}

const mapsStep = async (page: Page): Promise<number> => Number(await page.getByTestId('attention-maps').getAttribute('data-step'));

test('attention maps: 2 layers x 4 heads for a test row and typed text, updated by training', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openApp(page);
  await loadPreset(page, 'transformer-sentiment');
  await expect(page.getByTestId('block-block1')).toBeVisible();
  await expect(page.getByTestId('block-block2')).toBeVisible();
  await trainOneStep(page);
  await trainOneStep(page);

  await page.getByTestId('attention-toggle').click();
  await expect(page.getByTestId('attention-toggle')).toHaveAttribute('aria-expanded', 'true');
  const maps = page.getByTestId('attention-maps');
  await expect(maps).toBeVisible();
  await expect(maps).toHaveAttribute('data-step', '2');
  for (let layer = 0; layer < 2; layer++) {
    await expect(page.getByTestId(`attention-layer-${layer}`).locator('canvas')).toHaveCount(4);
    for (let head = 0; head < 4; head++) await expect(page.getByTestId(`attention-map-${layer}-${head}`)).toHaveAttribute('aria-label', /attention of \d+ query tokens/);
  }
  await expect(page.getByTestId('attention-map-0-0')).toHaveAttribute('aria-label', /Layer block1_attention, head 1/);
  await expect(page.getByTestId('attention-map-1-3')).toHaveAttribute('aria-label', /Layer block2_attention, head 4/);

  // Typed text, tokenized with the dataset's vocabulary: the axes are its words.
  await page.getByTestId('attention-text').fill('not bad at all');
  await page.getByTestId('attention-text-show').click();
  await expect(page.getByTestId('attention-map-0-0')).toHaveAttribute('aria-label', /attention of 4 query tokens \(rows\) over 4 key tokens/);
  await expect(page.getByTestId('attention-map-0-0')).toHaveAttribute('aria-label', /Strongest: not→\S+, bad→/);

  // The open view follows training.
  await trainOneStep(page);
  await expect(maps).toHaveAttribute('data-step', '3');
  await shot(page, testInfo, 'attention-maps');

  // A bad row is refused with a message, nothing sent.
  await page.getByTestId('attention-row').fill('100000');
  await page.getByTestId('attention-row-show').click();
  await expect(page.getByRole('alert').filter({ hasText: 'Pick a test row from 0 to' })).toBeVisible();
  expect(await mapsStep(page)).toBe(3);
});

test('the TransformerBlock palette entry inserts its 7 wired layers in a labelled box; one undo removes them', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'transformer-sentiment');
  await page.getByTestId('node-position_embedding').click();
  await openPalette(page);
  await page.getByTestId('insert-TransformerBlock').click();
  for (const role of BLOCK_ROLES) await expect(page.getByTestId(`node-transformer_block_${role}`)).toBeVisible();
  await expect(page.getByTestId('block-transformer_block')).toBeVisible();
  // Wired: the residual Adds read the block input and the attention norm; the model stays valid.
  await expect(page.getByTestId('shape-transformer_block_ffn_norm')).toHaveText(/\[40, 64\]/);
  await expect(page.getByTestId('train-blocker')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Connection from position_embedding to transformer_block_attention_add/ }).or(page.getByLabel('Connection from position_embedding to transformer_block_attention_add (input 1)'))).toHaveCount(1);
  await shot(page, testInfo, 'transformer-block-inserted');
  await page.getByTestId('undo').click();
  for (const role of BLOCK_ROLES) await expect(page.getByTestId(`node-transformer_block_${role}`)).toHaveCount(0);
  await expect(page.getByTestId('block-transformer_block')).toHaveCount(0);

  // Keyboard: the add button is reachable and works with Enter; the unconnected block's first Add completes when its attention gets an input.
  await page.getByTestId('add-TransformerBlock').focus();
  await page.keyboard.press('Enter');
  for (const role of BLOCK_ROLES) await expect(page.getByTestId(`node-transformer_block_${role}`)).toBeVisible();
});
