/**
 * Regression evaluations in the page: after training preset 7 the evaluation line shows R², MAE
 * and the MSE of always predicting the training mean next to the loss, and R² agrees with the
 * loss and the baseline's ordering (a model that learned something beats the mean).
 */
import { expect, test } from '@playwright/test';
import { loadPreset, openApp, trainEpochs, waitReady } from './helpers';

test('the regression evaluation shows R², MAE and the mean baseline beside the loss', async ({ page }, testInfo) => {
  await openApp(page);
  await waitReady(page);
  await loadPreset(page, 'regression');
  await trainEpochs(page, 3);
  await page.getByTestId('evaluate').click();
  const line = page.getByTestId('test-result');
  await expect(page.getByTestId('eval-r2')).toHaveText(/^-?\d\.\d{3}$/);
  await expect(page.getByTestId('eval-mae')).toHaveText(/\d/);
  await expect(page.getByTestId('eval-baseline')).toContainText('predicting the mean: MSE');
  const text = (await line.textContent()) ?? '';
  const loss = Number(/loss ([\d.e-]+)/.exec(text)![1]);
  const baseline = Number(/predicting the mean: MSE ([\d.e-]+)/.exec(text)![1]);
  const r2 = Number(await page.getByTestId('eval-r2').textContent());
  expect(loss).toBeLessThan(baseline);
  expect(r2).toBeGreaterThan(0);
  await expect(page.getByTestId('eval-warnings')).toHaveCount(0);
  await page.getByTestId('evaluation').screenshot({ path: testInfo.outputPath('regression-evaluation.png') });
});
