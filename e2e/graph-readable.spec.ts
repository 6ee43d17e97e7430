/**
 * Graphs a newcomer can read, at 1440x900: the fitted view never shrinks node titles below 11 px
 * on screen (font size x the viewport's zoom), the Transformer preset opens with its two blocks
 * collapsed to labelled nodes (name, type, layer count) that expand on click, it shows a minimap,
 * and auto layout leaves no node overlapping another.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { loadPreset, openApp } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

/** A screenshot of the canvas alone, attached to the report. */
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.getByTestId('canvas').screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The scale of the React Flow viewport, once it has stopped changing (the fit runs just after a load). */
async function settledZoom(page: Page): Promise<number> {
  const read = () => page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
  let last = -1;
  await expect
    .poll(async () => {
      const z = await read();
      const same = z === last;
      last = z;
      return same;
    }, { intervals: [250, 250, 500] })
    .toBe(true);
  return last;
}

/** The smallest computed font size (px) of the given elements inside the canvas. */
const minFontPx = (page: Page, selector: string): Promise<number> =>
  page.locator(`[data-testid="canvas"] ${selector}`).evaluateAll((els) => Math.min(...els.map((e) => Number.parseFloat(getComputedStyle(e).fontSize))));

async function expectReadable(page: Page, what: string): Promise<number> {
  const zoom = await settledZoom(page);
  const title = await minFontPx(page, '.react-flow__node .layer-type');
  const text = await minFontPx(page, '.react-flow__node .layer-node *');
  console.log(`${what}: zoom ${zoom.toFixed(3)}, title ${title}px -> ${(title * zoom).toFixed(1)}px on screen, smallest node text ${(text * zoom).toFixed(1)}px`);
  expect(title * zoom, `${what}: node titles on screen`).toBeGreaterThanOrEqual(11);
  expect(text * zoom, `${what}: every node text on screen`).toBeGreaterThanOrEqual(11);
  return zoom;
}

const overlapping = (page: Page) =>
  page.locator('.react-flow__node-layer, .react-flow__node-collapsed').evaluateAll((els) => {
    const boxes = els.map((e) => ({ id: e.getAttribute('data-id'), r: e.getBoundingClientRect() }));
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) hits.push(`${boxes[i].id} / ${boxes[j].id}`);
      }
    return hits;
  });

test('the Transformer preset opens readable: collapsed, labelled blocks, a minimap; a block expands on click', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'transformer-sentiment');
  for (const b of ['block1', 'block2']) {
    const node = page.getByTestId(`block-${b}`);
    await expect(node).toHaveAttribute('data-collapsed', 'true');
    await expect(node).toContainText('TransformerBlock');
    await expect(node).toContainText(b);
    await expect(page.getByTestId(`block-count-${b}`)).toHaveText(new RegExp(`^${b} · 7 layers`));
    await expect(page.getByTestId(`block-toggle-${b}`)).toHaveAttribute('aria-expanded', 'false');
  }
  await expect(page.getByTestId('node-block1_attention')).toHaveCount(0);
  await expect(page.locator('.react-flow__minimap')).toBeVisible();
  const zoom = await expectReadable(page, 'transformer-sentiment');
  // The view starts at the top: the input layer is on screen.
  await expect(page.getByTestId('node-input')).toBeInViewport();
  // The block labels are as readable as the node titles.
  const count = await page.getByTestId('block-count-block1').evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
  expect(count * zoom).toBeGreaterThanOrEqual(11);
  await shot(page, testInfo, 'transformer-collapsed');

  await page.getByTestId('block-toggle-block1').click();
  await expect(page.getByTestId('block-block1')).toHaveAttribute('data-collapsed', 'false');
  await expect(page.getByTestId('block-toggle-block1')).toHaveAttribute('aria-expanded', 'true');
  for (const role of ['attention', 'attention_add', 'attention_norm', 'ffn', 'ffn_out', 'ffn_add', 'ffn_norm']) await expect(page.getByTestId(`node-block1_${role}`)).toBeVisible();
  await expect(page.getByTestId('block-block2')).toHaveAttribute('data-collapsed', 'true');
  expect(await overlapping(page)).toEqual([]);
  await shot(page, testInfo, 'transformer-block1-expanded');
  // The canvas with an expanded block, a collapsed one and the minimap passes axe.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const axe = await new AxeBuilder({ page }).include('[data-testid="canvas"]').analyze();
    for (const v of axe.violations) console.log(`axe ${scheme}: [${v.impact}] ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Auto layout keeps what is expanded and leaves no node over another.
  await page.getByTestId('auto-layout').click();
  await settledZoom(page);
  await expect(page.getByTestId('node-block1_ffn')).toBeVisible();
  expect(await overlapping(page)).toEqual([]);
  await expectReadable(page, 'transformer-sentiment after auto layout');

  // Collapsing again brings the single node back.
  await page.getByTestId('block-toggle-block1').click();
  await expect(page.getByTestId('block-block1')).toHaveAttribute('data-collapsed', 'true');
  await expect(page.getByTestId('node-block1_attention')).toHaveCount(0);
  expect(await overlapping(page)).toEqual([]);
});

test('the CNN preset opens with readable node text and no minimap', async ({ page }, testInfo) => {
  await openApp(page);
  await loadPreset(page, 'cnn');
  await expect(page.getByTestId('node-conv2d')).toBeVisible();
  await expectReadable(page, 'cnn');
  await expect(page.getByTestId('node-input')).toBeInViewport();
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
  expect(await overlapping(page)).toEqual([]);
  await shot(page, testInfo, 'cnn-readable');
});
