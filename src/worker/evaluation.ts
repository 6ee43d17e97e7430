/**
 * The worker's reports that run the model on whole splits or grids, in the user's raw units:
 * an evaluation (loss, accuracy, confusion matrix and misclassified samples, or for regression the
 * prediction scatter with R², MAE, the mean-predictor baseline and warnings), the decision-boundary
 * grid (built over raw feature values, scaled before the model sees it), and one typed or drawn
 * row's outputs. Scaling of numeric uploads: scaled-data.ts.
 */
import { targetSize } from '../data/dataset';
import { columnMeans, regressionMetrics, regressionWarnings } from '../engine/regression-metrics';
import { isUploadId } from '../data/uploads/types';
import { confusionMatrix, gridDataset, predictionScatter } from './insights';
import type { LoadedModel } from './model-loader';
import { classNamesOf, classProbabilities, findMisclassified } from './predictions';
import type { EvalReport, EvalSplit, MisclassifiedReport } from './protocol';
import { lossDivisor, rawOutputs, scaleDataset, scaleRow } from '../data/scaled-dataset';
import { isRegressionLoss } from '../engine/losses';

export async function evaluationReport(m: LoadedModel, split: EvalSplit): Promise<{ report: EvalReport; misclassified: MisclassifiedReport | null }> {
  const ds = m.data[split];
  const raw = m.raw[split];
  const r = await m.trainer.evaluate(ds);
  const outputs = await m.trainer.predict(ds);
  const C = m.info.outputs;
  const report: EvalReport = { split, loss: r.loss, accuracy: r.accuracy, count: r.count, confusion: null, scatter: null };
  let misclassified: MisclassifiedReport | null = null;
  if (ds.task === 'classification' && m.trainer.model.lossPlan.positions > 1) {
    // A class per position (a language model over ~100 characters): loss and accuracy per position only.
  } else if (ds.task === 'classification') {
    // One sigmoid output (binary cross-entropy): p(class 1) becomes two columns.
    const probs = classProbabilities(outputs, C);
    const classes = Math.max(2, C);
    report.confusion = confusionMatrix(probs, ds.y, classes);
    // The samples' input rows as the user gave them (not scaled).
    misclassified = { split, ...findMisclassified(probs, raw, classes), classNames: classNamesOf(ds, classes), inputShape: [...ds.inputShape] };
  } else {
    const pred = rawOutputs(outputs, m.preprocessing);
    report.loss = r.loss / lossDivisor(m.preprocessing);
    report.scatter = predictionScatter(pred, raw, C);
    const width = targetSize(raw);
    if (width === C && raw.y.length === pred.length) {
      const metrics = regressionMetrics(pred, raw.y, width, columnMeans(m.raw.train.y, width));
      report.regression = { r2: metrics.r2, mae: metrics.mae, baselineMse: metrics.baselineMse, predictionSpread: metrics.predictionSpread, targetSpread: metrics.targetSpread };
      const canScaleTargets = !m.preprocessing?.targets && isUploadId(m.source.dataset) && raw.inputDtype === 'float32' && isRegressionLoss(m.source.spec.loss);
      report.warnings = regressionWarnings(metrics, { canScaleTargets });
    }
  }
  return { report, misclassified };
}

/** Model outputs over a resolution² grid of raw feature values spanning `extent` (regression outputs raw). */
export async function boundaryOutputs(m: LoadedModel, extent: [number, number, number, number], resolution: number): Promise<Float32Array> {
  const grid = gridDataset(m.data.train, extent, resolution);
  const outputs = await m.trainer.predict(scaleDataset(grid, m.preprocessing && { ...m.preprocessing, targets: null }));
  return m.info.task === 'regression' ? rawOutputs(outputs, m.preprocessing) : outputs;
}

/** The model's outputs for one raw input row (scaled first; regression outputs back in raw units). */
export async function predictRaw(m: LoadedModel, input: Float32Array): Promise<Float32Array> {
  const outputs = await m.trainer.predictOne(scaleRow(input, m.preprocessing));
  return m.info.task === 'regression' ? rawOutputs(outputs, m.preprocessing) : outputs;
}
