/**
 * The worker protocol driven directly from the page (no UI): one epoch by `step`, evaluation,
 * and a diverging model (huge learning rate) reported as an error that stops training; weights
 * holding a NaN never become the "last good" snapshot.
 */
import { expect, test, type Page } from '@playwright/test';
import { findPreset } from '../src/presets/presets';
import type { FromWorker, ToWorker } from '../src/worker/protocol';

/** Starts a worker from Vite's dev URL, sends `commands`, returns messages until `until` matches. */
async function exchange(page: Page, commands: ToWorker[][], untilTypes: string[]): Promise<FromWorker[]> {
  return page.evaluate(
    ({ commands, untilTypes }) =>
      new Promise<FromWorker[]>((resolve, reject) => {
        const w = new Worker('/src/worker/trainer.worker.ts', { type: 'module' });
        const got: FromWorker[] = [];
        let phase = 0;
        const next = () => {
          for (const c of commands[phase] ?? []) w.postMessage(c);
        };
        w.onerror = (e) => reject(new Error(e.message));
        w.onmessage = (e: MessageEvent<FromWorker>) => {
          got.push(e.data);
          const done = untilTypes[phase];
          const m = e.data as { type: string; status?: string };
          // `done` may list alternatives: 'error|state:ready'.
          if (done.split('|').some((d) => m.type === d || (m.type === 'state' && `state:${m.status}` === d))) {
            phase++;
            if (phase >= commands.length) {
              w.terminate();
              resolve(got);
            } else next();
          }
        };
        next();
      }),
    { commands, untilTypes },
  );
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('adapter').or(page.getByTestId('no-webgpu'))).toBeVisible();
  test.skip(await page.getByTestId('no-webgpu').isVisible(), 'no WebGPU adapter in this browser');
});

test('step trains one epoch, then evaluate answers', async ({ page }) => {
  const msgs = await exchange(
    page,
    [
      [{ type: 'init' }, { type: 'load', source: { kind: 'preset', presetId: 'regression' } }],
      [{ type: 'step' }],
      [{ type: 'evaluate', split: 'test' }],
    ],
    ['state:ready', 'state:paused', 'evaluated'],
  );
  const epochs = msgs.filter((m) => m.type === 'epoch');
  expect(epochs).toHaveLength(1);
  const ev = msgs.find((m) => m.type === 'evaluated');
  expect(ev && ev.type === 'evaluated' && ev.count).toBe(500);
  // Regression: R², MAE and the mean-predictor baseline beside the loss.
  const reg = ev && ev.type === 'evaluated' ? ev.regression : null;
  expect(reg && Number.isFinite(reg.r2) && reg.mae > 0 && reg.baselineMse > 0).toBe(true);
  expect(msgs.filter((m) => m.type === 'error')).toEqual([]);
});

test('step-batch trains exactly one step, then holds mid-epoch', async ({ page }) => {
  const msgs = await exchange(
    page,
    [
      [{ type: 'init' }, { type: 'load', source: { kind: 'preset', presetId: 'regression' }, tag: 't1' }],
      [{ type: 'step-batch' }],
      [{ type: 'step-batch' }],
    ],
    ['state:ready', 'state:paused', 'state:paused'],
  );
  const model = msgs.find((m) => m.type === 'model');
  expect(model && model.type === 'model' && model.info.tag).toBe('t1');
  const progress = msgs.filter((m) => m.type === 'progress');
  expect(progress.map((p) => p.type === 'progress' && p.globalStep)).toEqual([1, 2]);
  expect(msgs.filter((m) => m.type === 'epoch')).toHaveLength(0);
  expect(msgs.filter((m) => m.type === 'weights')).toHaveLength(2);
  expect(msgs.filter((m) => m.type === 'error')).toEqual([]);
});

test('a non-finite loss is reported as a divergence, stops training, and the snapshot restores', async ({ page }) => {
  const preset = findPreset('regression')!;
  const spec = { ...preset.spec, optimizer: { type: 'sgd' as const, lr: 1e6 } };
  const msgs = await exchange(
    page,
    [
      [{ type: 'init' }, { type: 'load', source: { kind: 'custom', spec, dataset: preset.dataset, settings: preset.train } }],
      [{ type: 'train' }],
      [{ type: 'train' }],
      [{ type: 'restore-snapshot' }],
    ],
    ['state:ready', 'state:ready', 'error', 'state:ready'],
  );
  const diverged = msgs.filter((m) => m.type === 'diverged');
  expect(diverged).toHaveLength(1);
  expect(diverged[0]).toMatchObject({ message: expect.stringMatching(/loss became/i), snapshotEpoch: 0 });
  const errors = msgs.filter((m) => m.type === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ where: 'train', message: expect.stringMatching(/Reset/) });
  // Training stopped in the first epoch instead of running all of them.
  expect(msgs.filter((m) => m.type === 'epoch').length).toBe(1);
  // Restoring brings back the epoch-0 weights: a model message and the weights to save.
  const restored = msgs.filter((m) => m.type === 'model' && m.info.weights === 'restored');
  expect(restored).toHaveLength(1);
  const w = msgs.find((m) => m.type === 'weights');
  expect(w && w.type === 'weights' && w.params.every(Number.isFinite)).toBe(true);
});

test('a lost device is reported and recover continues from the last snapshot', async ({ page }) => {
  const msgs = await exchange(
    page,
    [
      [{ type: 'init' }, { type: 'load', source: { kind: 'preset', presetId: 'regression' }, tag: 'r' }],
      [{ type: 'step' }],
      [{ type: 'debug-lose-device' }],
      [{ type: 'recover' }],
    ],
    ['state:ready', 'state:paused', 'device-lost', 'weights'],
  );
  const lost = msgs.find((m) => m.type === 'device-lost');
  expect(lost).toMatchObject({ canRecover: true });
  const models = msgs.filter((m) => m.type === 'model');
  const last = models.at(-1);
  expect(last && last.type === 'model' && last.info).toMatchObject({ weights: 'restored', epoch: 1, tag: 'r' });
});

test('weights holding a NaN are never the last good snapshot', async ({ page }) => {
  const source = { kind: 'preset', presetId: 'regression' } as const;
  // The layout's size: the snapshot of fresh weights, as restore answers it.
  const first = await exchange(page, [[{ type: 'init' }, { type: 'load', source }], [{ type: 'restore-snapshot' }]], ['state:ready', 'weights']);
  const fresh = first.find((m) => m.type === 'weights');
  const n = fresh && fresh.type === 'weights' ? fresh.params.length : 0;
  expect(n).toBeGreaterThan(40);
  // All NaN, so the very first loss is NaN (one NaN weight can hide behind a ReLU, the loss staying finite).
  const params = new Float32Array(n).fill(NaN);
  const msgs = await exchange(
    page,
    [
      [{ type: 'init' }, { type: 'load', source, weights: { params, epoch: 3, globalStep: 90 } }],
      [{ type: 'train' }],
      [{ type: 'restore-snapshot' }],
    ],
    ['state:ready', 'state:ready', 'error|weights'],
  );
  const diverged = msgs.find((m) => m.type === 'diverged');
  // Nothing good to go back to: no restore offered, and restore refuses instead of restoring the NaN.
  expect(diverged).toMatchObject({ snapshotEpoch: null });
  expect(msgs.filter((m) => m.type === 'weights')).toEqual([]);
  expect(msgs.at(-1)).toMatchObject({ type: 'error', message: 'There is no snapshot of good weights to restore.' });
});
