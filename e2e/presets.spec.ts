/**
 * The examples gallery: every preset in PRESETS loads its graph, dataset and settings in one
 * click, trains for a few seconds, and its training loss falls. Presets the engine cannot build
 * yet must say why; presets too heavy for a CPU adapter (>= 300 MFLOP per step) train one step.
 * One page for all presets (the worker and GPU stay up between them) keeps this quick.
 */
import { expect, test, type Page } from '@playwright/test';
import { LAYERS } from '../src/engine/layers/registry';
import { PRESETS } from '../src/presets/presets';
import { losses, openApp, recordLosses, shot } from './helpers';

/** Models above this many FLOPs per training step train one step only (a CPU adapter does ~1 GFLOP/s). */
const HEAVY_FLOPS = 300e6;

function parseFlops(text: string): number {
  const m = /([\d.]+)\s*([kMGTP]?)FLOP/.exec(text);
  if (!m) return 0;
  return Number(m[1]) * { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 }[m[2] as '' | 'k' | 'M' | 'G' | 'T' | 'P'];
}

/** Pause (not Stop: that would close the epoch with a validation pass, slow for big models on a CPU adapter). */
async function pauseIfRunning(page: Page): Promise<void> {
  await page.evaluate(() => {
    const pause = document.querySelector('[data-testid="pause"]') as HTMLButtonElement;
    if (!pause.disabled && pause.textContent === 'Pause') pause.click();
  });
  await expect(page.getByTestId('run-status')).toHaveText(/Ready|Paused/);
}

test('every preset loads and trains with a falling loss', async ({ page }, testInfo) => {
  test.setTimeout(40_000 + PRESETS.length * 50_000);
  await openApp(page);
  for (const preset of PRESETS) {
    await test.step(preset.id, async () => {
      const t0 = Date.now();
      const took = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
      await page.getByTestId(`preset-${preset.id}`).click();
      await expect(page.getByTestId(`preset-${preset.id}`)).toHaveAttribute('aria-pressed', 'true');
      // The preset's graph, dataset and settings are on screen, and the worker built it.
      // (A layer of a collapsed TransformerBlock shows as the block's node.)
      for (const layer of preset.spec.layers) {
        const block = /^(.+)_(attention|attention_add|attention_norm|ffn|ffn_out|ffn_add|ffn_norm)$/.exec(layer.id)?.[1];
        const node = page.getByTestId(`node-${layer.id}`);
        await expect(block ? node.or(page.locator(`[data-testid="block-${block}"][data-collapsed="true"]`)) : node).toBeVisible();
      }
      await expect(page.getByTestId('dataset-select')).toHaveValue(preset.dataset);
      await expect(page.getByTestId('settings-epochs')).toHaveValue(String(preset.train.epochs));
      // A preset whose layers the engine does not implement yet is refused with the reason.
      const missing = preset.spec.layers.map((l) => l.type).filter((t) => !(t in LAYERS));
      if (missing.length > 0) {
        await expect(page.getByTestId('train-blocker')).toContainText(`unknown layer type "${missing[0]}"`);
        await expect(page.getByTestId('train')).toBeDisabled();
        console.log(`${preset.id}: not trainable yet (${missing.join(', ')} not registered, ${took()})`);
        return;
      }
      await expect(page.getByTestId('model-summary')).toContainText(preset.dataset);
      await expect(page.getByTestId('run-status')).toHaveText('Ready');
      // Too heavy for a CPU WebGPU adapter to show a trend in seconds: one step must train.
      const flops = (await page.getByTestId('total-flops').textContent()) ?? '';
      if (parseFlops(flops) >= HEAVY_FLOPS) {
        await page.getByTestId('step').click();
        await expect(page.getByTestId('run-status')).toHaveText('Paused', { timeout: 90_000 });
        await expect(page.getByTestId('loss')).toHaveText(/^\d/);
        console.log(`${preset.id}: ${flops} per step; one step, loss ${await page.getByTestId('loss').textContent()} (${took()})`);
        return;
      }

      await recordLosses(page);
      await page.getByTestId('train').click();
      // Enough readings, or the run finished, or (slow models on a CPU adapter) two readings after 5 s.
      const started = Date.now();
      await page.waitForFunction(
        (t0) => {
          const seen = window.__losses ?? [];
          const idle = (document.querySelector('[data-testid="run-status"]')?.textContent ?? '') === 'Ready';
          return seen.length >= 8 || (seen.length >= 2 && (idle || Date.now() - t0 > 5000));
        },
        started,
        { timeout: 45_000 },
      );
      await pauseIfRunning(page);
      const seen = await losses(page);
      const first = seen[0];
      const lastFew = seen.slice(-3);
      console.log(`${preset.id}: ${flops} per step, ${seen.length} losses, first ${first}, last ${lastFew.join(', ')} (${took()})`);
      expect(Math.min(...lastFew)).toBeLessThan(first);
      await shot(page, testInfo, `preset-${preset.id}`);
    });
  }
});
