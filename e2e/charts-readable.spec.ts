/**
 * Charts a newcomer can read: an "Epoch" x-axis with whole-epoch ticks, distinct tick labels, every
 * loss point inside the plot area, legend swatches the colour of their lines (light and dark; the
 * validation line orange, not yellow), smoothed training curves with the raw points faint behind, the
 * curves as CSV (one row per point) and PNG, and a confusion matrix labelled by class name with its
 * own CSV.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadPreset, openApp, shot, trainEpochs } from './helpers';

const EPOCHS = 3;

/** An axis's tick labels (recharts 3 draws them in a layer of their own, `.recharts-xAxis-tick-labels`, apart from the axis line). */
async function tickTexts(chart: Locator, axis: 'xAxis' | 'yAxis'): Promise<string[]> {
  return chart.locator(`.recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();
}

/**
 * Every curve's and dot's geometry against the plot area (the chart's clip rectangle), in SVG units:
 * each curve and each dot's centre inside it, and each dot drawn whole (the clip rectangle recharts
 * applies to the dots holds the entire circle, so a point on the plot's edge is not cut in half).
 */
async function outsidePlot(chart: Locator): Promise<string[]> {
  return chart.locator('svg.recharts-surface').first().evaluate((svg) => {
    const rectOf = (r: Element | null | undefined) => (r ? ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a))) : null);
    const plot = rectOf(svg.querySelector('defs clipPath rect'));
    if (!plot) return ['no plot area (clipPath rect)'];
    const [x, y, w, h] = plot;
    const tol = 1;
    const bad: string[] = [];
    for (const p of svg.querySelectorAll<SVGPathElement>('.recharts-line-curve')) {
      const b = p.getBBox();
      if (b.x < x - tol || b.y < y - tol || b.x + b.width > x + w + tol || b.y + b.height > y + h + tol) {
        bad.push(`curve ${p.closest('.recharts-line')?.getAttribute('class')}: ${JSON.stringify([b.x, b.y, b.width, b.height])} vs ${JSON.stringify([x, y, w, h])}`);
      }
    }
    for (const c of svg.querySelectorAll<SVGCircleElement>('.recharts-line-dots circle')) {
      const cx = Number(c.getAttribute('cx'));
      const cy = Number(c.getAttribute('cy'));
      const r = Number(c.getAttribute('r'));
      if (cx < x - tol || cx > x + w + tol || cy < y - tol || cy > y + h + tol) bad.push(`dot at ${cx},${cy}`);
      const clipped = c.closest('[clip-path]');
      const id = /url\(#([^)]+)\)/.exec(clipped?.getAttribute('clip-path') ?? '')?.[1];
      const clip = id ? rectOf(svg.querySelector(`clipPath[id="${id}"] rect`)) : null;
      if (clipped && !clip) bad.push(`dot at ${cx},${cy}: clip path ${clipped.getAttribute('clip-path')} not found`);
      if (clip) {
        const [kx, ky, kw, kh] = clip;
        if (cx - r < kx || cy - r < ky || cx + r > kx + kw || cy + r > ky + kh) bad.push(`dot at ${cx},${cy} (r ${r}) cut by its clip ${JSON.stringify(clip)}`);
      }
    }
    return bad;
  });
}

/** The legend swatch's colour and the stroke of the loss chart's line of that series. */
async function swatchAndStroke(page: Page, series: 'train' | 'validation'): Promise<{ swatch: string; stroke: string }> {
  const swatch = await page.getByTestId(`legend-swatch-${series}`).evaluate((el) => getComputedStyle(el).backgroundColor);
  const stroke = await page
    .getByTestId('loss-chart')
    .locator(`.chart-line-${series} path.recharts-line-curve`)
    .first()
    .evaluate((el) => getComputedStyle(el).stroke);
  return { swatch, stroke };
}

const rgbOf = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);

/** Sets a range input as a user's drag does (the native setter and an input event, which React hears). */
async function setRange(slider: Locator, value: string): Promise<void> {
  await slider.evaluate((el, v) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const saved = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return readFileSync(await (await saved).path());
}

test('charts: epoch axis, distinct ticks, points in view, matching legend, CSV/PNG, named confusion matrix', async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page);
  await loadPreset(page, 'spiral-mlp');
  await trainEpochs(page, EPOCHS);

  const loss = page.getByTestId('loss-chart');
  const acc = page.getByTestId('accuracy-chart');
  await expect(loss.locator('.recharts-line-curve').first()).toBeVisible();

  // The x-axis: titled "Epoch", whole epochs for a run of several epochs.
  for (const chart of [loss, acc]) {
    await expect(chart.locator('svg text').filter({ hasText: /^Epoch$/ })).toHaveCount(1);
    const xs = await tickTexts(chart, 'xAxis');
    expect(xs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(xs).size).toBe(xs.length);
    for (const t of xs) expect(t).toMatch(/^\d+$/);
    const ys = await tickTexts(chart, 'yAxis');
    expect(ys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ys).size, `y ticks ${ys.join(', ')}`).toBe(ys.length);
  }
  expect(await tickTexts(loss, 'xAxis')).toContain(String(EPOCHS));
  for (const t of await tickTexts(acc, 'yAxis')) expect(t).toMatch(/^\d+(\.\d+)?%$/);

  // Every loss and accuracy point is drawn inside the plot area, on both loss scales (one dot per validation point).
  await expect(loss.locator('.recharts-line-dots circle')).toHaveCount(EPOCHS);
  await expect(acc.locator('.recharts-line-dots circle')).toHaveCount(EPOCHS);
  expect(await outsidePlot(loss)).toEqual([]);
  expect(await outsidePlot(acc)).toEqual([]);
  const log = page.getByTestId('log-scale');
  const wasLog = await log.isChecked();
  await log.setChecked(!wasLog);
  await expect(loss).toHaveAttribute('data-scale', wasLog ? 'linear' : 'log');
  // Polled: recharts 3 may redraw from its own store a render after the figure's data-scale changes.
  await expect.poll(() => outsidePlot(loss)).toEqual([]);
  const ysOther = await tickTexts(loss, 'yAxis');
  expect(new Set(ysOther).size).toBe(ysOther.length);
  await log.setChecked(wasLog);

  // Smoothing: raw training points faint behind the smoothed line; none at 0.
  await expect(page.getByTestId('chart-smoothing-value')).toHaveText('0.60');
  await expect(loss.locator('.chart-raw')).toHaveCount(1);
  await expect(acc.locator('.chart-raw')).toHaveCount(1);
  await setRange(page.getByTestId('chart-smoothing'), '0');
  await expect(page.getByTestId('chart-smoothing-value')).toHaveText('0.00');
  await expect(loss.locator('.chart-raw')).toHaveCount(0);
  await setRange(page.getByTestId('chart-smoothing'), '0.6');
  await expect(loss.locator('.chart-raw')).toHaveCount(1);

  // Legend swatches have their lines' colours, in both schemes; validation is orange, not yellow.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const series of ['train', 'validation'] as const) {
      const { swatch, stroke } = await swatchAndStroke(page, series);
      expect(stroke, `${scheme} ${series}`).toBe(swatch);
    }
    const [r, g, b] = rgbOf((await swatchAndStroke(page, 'validation')).stroke);
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
    expect(g / r, `${scheme} validation colour rgb(${r}, ${g}, ${b}) looks yellow`).toBeLessThan(0.7);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // The curves as CSV: the Keras-style header and one row per recorded point of this run.
  const trainPoints = Number(await loss.getAttribute('data-points'));
  const valPoints = Number(await loss.getAttribute('data-val-points'));
  expect(trainPoints).toBeGreaterThanOrEqual(2);
  expect(valPoints).toBe(EPOCHS);
  const runId = ((await page.getByTestId('run-current').textContent()) ?? '').match(/Run (\d+)/)?.[1];
  const csv = (await download(page, 'charts-download-csv')).toString('utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('run,epoch,step,loss,accuracy,val_loss,val_accuracy');
  const rows = csv.slice(1).map((l) => l.split(','));
  const mine = rows.filter((r) => r[0] === runId);
  expect(mine.length).toBe(rows.length);
  expect(mine.filter((r) => r[3] !== '').length).toBe(trainPoints);
  expect(mine.filter((r) => r[5] !== '').length).toBe(valPoints);
  expect(mine.length).toBeGreaterThanOrEqual(trainPoints);
  expect(mine.length).toBeLessThanOrEqual(trainPoints + valPoints);
  const epochs = mine.map((r) => Number(r[1]));
  expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
  expect(Math.max(...epochs)).toBeCloseTo(EPOCHS, 6);
  for (const r of mine) if (r[2] !== '') expect(Number.isInteger(Number(r[2]))).toBe(true);

  // The charts as PNG.
  const png = await download(page, 'charts-download-png');
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(2000);
  await testInfo.attach('training-curves.png', { body: png, contentType: 'image/png' });

  // The confusion matrix of a dataset with class names (the spirals: negative / positive).
  await page.getByTestId('evaluate').click();
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toBeVisible();
  await expect(page.getByTestId('confusion-col-0')).toHaveText('negative');
  await expect(page.getByTestId('confusion-col-1')).toHaveText('positive');
  await expect(page.getByTestId('confusion-row-0')).toHaveText('negative');
  await expect(page.getByTestId('confusion-row-1')).toHaveText('positive');
  await expect(page.getByTestId('confusion-axis-true')).toHaveText('True');
  await expect(page.getByTestId('confusion-axis-predicted')).toHaveText('Predicted');
  const cm = (await download(page, 'confusion-download-csv')).toString('utf8').trimEnd().split('\n');
  expect(cm[0]).toBe('true \\ predicted,negative,positive');
  expect(cm.length).toBe(3);
  expect(cm[1]).toMatch(/^negative,\d+,\d+$/);
  expect(cm[2]).toMatch(/^positive,\d+,\d+$/);
  const cells = await matrix.locator('td').allTextContents();
  expect(cm.slice(1).flatMap((l) => l.split(',').slice(1))).toEqual(cells);

  await shot(page, testInfo, 'charts-readable');
});
