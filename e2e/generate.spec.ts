/**
 * Text generation with the character language model (preset 10b): load it (README corpus), train
 * a few optimizer steps, generate 40 characters greedily (top-k 1) and see exactly 40 new
 * characters stream in, every one a character of the corpus's vocabulary; a fixed seed repeats the
 * same text; bad field values are named next to their field.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { loadPreset, openApp, shot } from './helpers';

/** The characters of the README's training part (its first 80%): the model's vocabulary. */
function vocabulary(): Set<string> {
  const chars = [...readFileSync(new URL('../README.md', import.meta.url), 'utf8')];
  return new Set(chars.slice(0, chars.length - 2 * Math.floor(chars.length * 0.1)));
}

async function generate(page: Page, length: number): Promise<string> {
  await page.getByTestId('generate-start').click();
  await expect(page.getByTestId('generate-status')).toHaveText(`Done: ${length} characters.`, { timeout: 300_000 });
  return (await page.getByTestId('generated-text').textContent()) ?? '';
}

test('10b: train a few steps, then generate 40 characters with top-k 1', async ({ page }, testInfo) => {
  test.setTimeout(900_000);
  await openApp(page);
  await loadPreset(page, 'char-lm');
  const panel = page.getByTestId('generate-panel');
  await expect(panel).toBeVisible();

  for (let i = 0; i < 3; i++) {
    await page.getByTestId('step').click();
    await expect(page.getByTestId('run-status')).toHaveText(/Paused|Ready/, { timeout: 300_000 });
    await expect(page.getByTestId('step')).toBeEnabled({ timeout: 300_000 });
  }

  // Field checks: each bad value is named at its field and Generate stays off.
  await page.getByTestId('generate-length').fill('0');
  await expect(page.getByTestId('generate-length-error')).toHaveText('A whole number from 1 to 2000.');
  await page.getByTestId('generate-topK').fill('-1');
  await expect(page.getByTestId('generate-topK-error')).toBeVisible();
  await expect(page.getByTestId('generate-start')).toBeDisabled();

  await page.getByTestId('generate-prompt').fill('The model ');
  await page.getByTestId('generate-length').fill('40');
  await page.getByTestId('generate-temperature').fill('1');
  await page.getByTestId('generate-topK').fill('1');
  await page.getByTestId('generate-seed').fill('3');
  await expect(page.getByTestId('generate-start')).toBeEnabled();

  const text = await generate(page, 40);
  const chars = [...text];
  expect(chars).toHaveLength(40);
  const vocab = vocabulary();
  for (const ch of chars) expect(vocab.has(ch), `generated ${JSON.stringify(ch)} is not in the vocabulary`).toBe(true);
  await expect(page.getByTestId('generate-output')).toContainText(`The model ${text}`);

  // Greedy decoding of the same weights gives the same text again: 41 characters, so the status
  // "Done: 41 characters." cannot be the previous run's, and the first 40 are the same.
  await page.getByTestId('generate-length').fill('41');
  expect([...(await generate(page, 41))].slice(0, 40).join('')).toBe(text);
  await shot(page, testInfo, 'generate-10b');

  const a11y = await new AxeBuilder({ page }).include('[data-testid="generate-panel"]').analyze();
  expect(a11y.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

/** Arithmetic lines: a text whose characters (digits, "+", "=", newline) are a small part of the README's. */
function arithmetic(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const a = (i * 37) % 50;
    const b = (i * 11) % 49;
    out.push(`${a}+${b}=${a + b}`);
  }
  return out.join('\n');
}

test('10b on pasted text: too short is refused at the dataset, a longer text trains and generates from its own characters', async ({ page }, testInfo) => {
  test.setTimeout(900_000);
  await openApp(page);
  await loadPreset(page, 'char-lm');

  // Too short for a context of 64: added, but the panel says why it does not fit and Train stays off.
  await page.getByTestId('paste-open').click();
  await page.getByTestId('paste-name').fill('Tiny sums');
  await page.getByTestId('paste-text').fill(arithmetic(20));
  await page.getByTestId('paste-add').click();
  await expect(page.getByTestId('paste-options')).toHaveCount(0);
  await expect(page.getByTestId('dataset-select').locator('option:checked')).toHaveText('Tiny sums');
  const tinyChars = [...arithmetic(20)].length;
  await expect(page.getByTestId('dataset-fit-error')).toContainText(`Tiny sums has ${tinyChars} characters; a context of 64 needs at least 650`);
  await expect(page.getByTestId('train')).toBeDisabled();

  // An empty paste cannot be added.
  await page.getByTestId('paste-open').click();
  await expect(page.getByTestId('paste-add')).toBeDisabled();

  const text = arithmetic(400);
  const chars = [...text];
  await page.getByTestId('paste-name').fill('Sums');
  await page.getByTestId('paste-text').fill(text);
  await page.getByTestId('paste-add').click();
  await expect(page.getByTestId('dataset-select').locator('option:checked')).toHaveText('Sums');
  await expect(page.getByTestId('dataset-fit-error')).toHaveCount(0);
  // Windows of 64 over the first 80% of the text, cut in order.
  const trainChars = chars.length - 2 * Math.floor(chars.length * 0.1);
  await expect(page.getByTestId('dataset-train-rows')).toHaveText((trainChars - 64).toLocaleString('en-US'));
  await expect(page.getByTestId('dataset-preview')).toContainText(chars.slice(0, 64).join('').split('\n')[0]);
  await shot(page, testInfo, 'pasted-text');

  for (let i = 0; i < 3; i++) {
    await page.getByTestId('step').click();
    await expect(page.getByTestId('run-status')).toHaveText(/Paused|Ready/, { timeout: 300_000 });
    await expect(page.getByTestId('step')).toBeEnabled({ timeout: 300_000 });
  }
  await page.getByTestId('generate-prompt').fill('12+');
  await page.getByTestId('generate-length').fill('30');
  await page.getByTestId('generate-topK').fill('3');
  await page.getByTestId('generate-seed').fill('5');
  const generated = [...(await generate(page, 30))];
  expect(generated).toHaveLength(30);
  // Only the pasted text's characters (or the unknown character, id 0): none of the README's letters.
  const vocab = new Set([...chars.slice(0, trainChars), '\uFFFD']);
  for (const ch of generated) expect(vocab.has(ch), `generated ${JSON.stringify(ch)} is not a character of the pasted text`).toBe(true);

  // The pasted text is kept like any upload: it is still there after a reload.
  await page.reload();
  await expect(page.getByTestId('dataset-select').locator('option:checked')).toHaveText('Sums', { timeout: 60_000 });
});
