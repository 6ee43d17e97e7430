/**
 * Regression metrics against hand-computed values: R² = 1 - SSE/SST (SST around the split's own
 * mean), MAE, the MSE of always predicting the training mean, the spreads, and the two warnings
 * (learned only the mean; nearly constant predictions) with the numbers they quote.
 */
import { describe, expect, it } from 'vitest';
import { columnMeans, formatMetric, regressionMetrics, regressionWarnings } from '../../src/engine/regression-metrics';

describe('regressionMetrics', () => {
  it('matches hand-computed R², MAE, baseline and spreads for one output', () => {
    const target = [1, 2, 3, 4];
    const pred = [1.5, 2, 2, 5];
    // errors 0.5, 0, -1, 1: SSE 2.25, MSE 0.5625, MAE 2.5/4; target mean 2.5, SST 5.
    const m = regressionMetrics(pred, target, 1, [2]);
    expect(m.mse).toBeCloseTo(0.5625, 12);
    expect(m.mae).toBeCloseTo(0.625, 12);
    expect(m.r2).toBeCloseTo(1 - 2.25 / 5, 12);
    // Baseline: always 2 -> (1 + 0 + 1 + 4) / 4.
    expect(m.baselineMse).toBeCloseTo(1.5, 12);
    // Population std: targets sqrt(1.25); predictions mean 2.625, squares 1.265625+0.390625+0.390625+5.640625 = 7.6875.
    expect(m.targetSpread).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(m.predictionSpread).toBeCloseTo(Math.sqrt(7.6875 / 4), 12);
  });

  it('gives R² ≈ 0 and MSE = baseline for a constant prediction of the training mean', () => {
    const target = [10, 20, 30, 40, 50];
    const trainMean = 30.5; // close to, not equal to, the split's mean (30)
    const m = regressionMetrics(new Array(5).fill(trainMean), target, 1, [trainMean]);
    expect(m.mse).toBeCloseTo(m.baselineMse, 12);
    // SSE = SST + n (30.5 - 30)² = 1000 + 1.25.
    expect(m.r2).toBeCloseTo(1 - 1001.25 / 1000, 12);
    expect(m.predictionSpread).toBe(0);
    expect(regressionWarnings(m)).toEqual([
      "The model is no better than predicting the mean (MSE 200.3 vs 200.3): it has learned only the average. Try Adam with a learning rate of 0.01-0.1, or train longer.",
      "The predictions are nearly constant (spread 0 against the targets' 14.1): the model gives almost the same answer for every row. Try Adam with a learning rate of 0.01-0.1, or train longer.",
    ]);
  });

  it('pools two outputs with per-output means (variance-weighted R²)', () => {
    // Rows (y0, y1): (0, 10), (2, 30); predictions (1, 10), (1, 30).
    const m = regressionMetrics([1, 10, 1, 30], [0, 10, 2, 30], 2, [1, 20]);
    expect(columnMeans([0, 10, 2, 30], 2)).toEqual([1, 20]);
    // SSE 2, SST 1 + 1 + 100 + 100 = 202; MSE 2/4; baseline (1+100+1+100)/4.
    expect(m.r2).toBeCloseTo(1 - 2 / 202, 12);
    expect(m.mse).toBeCloseTo(0.5, 12);
    expect(m.baselineMse).toBeCloseTo(50.5, 12);
  });

  it('warns about nothing for a good model and names target scaling only when it is possible', () => {
    const good = regressionMetrics([1.1, 1.9, 3.2, 3.9], [1, 2, 3, 4], 1, [2.5]);
    expect(good.r2).toBeGreaterThan(0.95);
    expect(regressionWarnings(good)).toEqual([]);
    const flat = regressionMetrics([2.6, 2.5, 2.5, 2.4], [1, 2, 3, 4], 1, [2.5]);
    const w = regressionWarnings(flat, { canScaleTargets: true });
    expect(w).toHaveLength(2);
    expect(w[0]).toContain('scale the targets');
    expect(w.every((s) => s.endsWith('.'))).toBe(true);
  });

  it('formats large numbers with one decimal and small ones with 3 significant digits', () => {
    expect(formatMetric(6971.64)).toBe('6971.6');
    expect(formatMetric(0.31234)).toBe('0.312');
    expect(formatMetric(77.123)).toBe('77.1');
  });
});
