/**
 * Text classifiers take a typed sentence: it is encoded like the dataset's texts and classified as
 * you type (class names and probabilities), unknown words are marked, and a Transformer shows the
 * attention maps of the same sentence. Token-id and bag-of-words previews show words, not ids.
 */
import { expect, test, type Page } from '@playwright/test';
import { loadPreset, openApp } from './helpers';

async function probabilities(page: Page): Promise<number[]> {
  const items = page.getByTestId('try-sentence').getByTestId('class-probability');
  return (await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-probability')))));
}

test('try a sentence on the Transformer: prediction, unknown words, its attention maps', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await loadPreset(page, 'transformer-sentiment');
  // The preview decodes token ids back to words.
  const firstText = page.getByTestId('preview-table').locator('.preview-text').first();
  await expect(firstText).toHaveText(/^[a-z']+( [a-z'<>]+)+$/);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: 90_000 });

  const box = page.getByTestId('try-sentence');
  await box.getByTestId('try-sentence-text').fill('not bad at all zzzqx');
  await expect(box.getByTestId('prediction-top')).toContainText(/Prediction: (negative|positive)/);
  await expect(box).toHaveAttribute('data-current', 'true');
  const p = await probabilities(page);
  expect(p).toHaveLength(2);
  expect(p[0] + p[1]).toBeCloseTo(1, 5);
  await expect(box.getByTestId('try-sentence-words')).toContainText('1 word not in the vocabulary');
  await expect(box.locator('.word.unknown')).toHaveText('zzzqx');

  // A different sentence gets its own answer.
  await box.getByTestId('try-sentence-text').fill('the acting was wonderful and i loved it');
  await expect(box.getByTestId('try-sentence-words')).not.toContainText('zzzqx');
  await expect(box).toHaveAttribute('data-current', 'true');

  await box.getByTestId('try-sentence-text').fill('not bad at all');
  await box.getByTestId('try-sentence-attention').click();
  await expect(page.getByTestId('attention-toggle')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('attention-text')).toHaveValue('not bad at all');
  await expect(page.getByTestId('attention-map-0-0')).toHaveAttribute('aria-label', /attention of 4 query tokens \(rows\) over 4 key tokens/);
});

test('try a sentence on the bag-of-words classifier: ten topics, preview in words', async ({ page }) => {
  await openApp(page);
  await loadPreset(page, 'bow-text');
  await expect(page.getByTestId('preview-table').locator('.preview-text').first()).toHaveText(/^[a-z']+( · [a-z']+)*/);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-status')).toHaveText('Paused');
  const box = page.getByTestId('try-sentence');
  await box.getByTestId('try-sentence-text').fill('the team won the match in the final minute');
  await expect(box).toHaveAttribute('data-current', 'true');
  const p = await probabilities(page);
  expect(p).toHaveLength(10);
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  // An empty box asks for words; nothing is classified.
  await box.getByTestId('try-sentence-text').fill('');
  await expect(box.getByTestId('try-sentence-note')).toHaveText('Type a few words.');
});
