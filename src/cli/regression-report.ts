/**
 * The CLI's regression test result: R², MAE and the MSE of always predicting the training
 * targets' mean beside the test loss, with the same warnings as the app's evaluation panel
 * (src/engine/regression-metrics.ts), for the final line and log.json.
 */
import { targetSize, type Dataset } from '../data/dataset';
import { columnMeans, regressionMetrics, regressionWarnings } from '../engine/regression-metrics';
import type { Preprocessing } from '../data/scaling';
import type { Trainer } from '../engine/trainer';
import { rawOutputs, scaleDataset } from '../data/scaled-dataset';

export interface RegressionTestResult {
  r2: number;
  mae: number;
  baselineMse: number;
  predictionSpread: number;
  targetSpread: number;
  warnings: string[];
}

/**
 * Metrics of the trainer's predictions on every row of `test`; `train` gives the baseline's mean.
 * Both in raw units: with a numeric CSV's scaling `pre`, the rows are scaled for the model and its
 * outputs scaled back.
 */
export async function regressionTestResult(trainer: Trainer, train: Dataset, test: Dataset, pre: Preprocessing | null = null): Promise<RegressionTestResult> {
  const width = targetSize(test);
  const pred = rawOutputs(await trainer.predict(scaleDataset(test, pre)), pre);
  const m = regressionMetrics(pred, test.y, width, columnMeans(train.y, width));
  return { r2: m.r2, mae: m.mae, baselineMse: m.baselineMse, predictionSpread: m.predictionSpread, targetSpread: m.targetSpread, warnings: regressionWarnings(m) };
}

/** "  r2 0.8123  mae 0.3121  baseline_mse 1.0021" for the final line. */
export function regressionLine(r: RegressionTestResult): string {
  return `  r2 ${r.r2.toFixed(4)}  mae ${r.mae.toFixed(4)}  baseline_mse ${r.baselineMse.toFixed(4)}`;
}
