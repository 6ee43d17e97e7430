/**
 * A trained run's model on the GPU for `npm run predict` and `npm run evaluate`: compiled for the
 * rows given, the run's weights written in, and the outputs turned into class probabilities (a
 * single sigmoid unit becomes [1 - p, p]), predicted classes and the metrics of the evaluation
 * panel: loss and accuracy (the GPU's own), a confusion matrix, and for regression MSE, MAE, R².
 */
import type { Dataset } from '../data/dataset';
import type { Preprocessing } from '../data/scaling';
import { DatasetMismatchError } from '../engine/gpu-dataset';
import { regressionMetrics } from '../engine/regression-metrics';
import { ModelTooLargeError } from '../engine/size-check';
import { Trainer } from '../engine/trainer';
import { nodeGpuContext } from '../gpu/node-device';
import { PipelineCache } from '../gpu/pipelines';
import { UsageError } from './args';
import type { Run } from './run-dir';
import { lossDivisor, rawOutputs, scaleDataset } from '../data/scaled-dataset';
import { isRegressionLoss } from '../engine/losses';

/** Runs `fn` with a trainer of the run's model holding its weights, over `ds` (uploaded as its training data; already scaled). */
export async function withRunModel<T>(run: Run, ds: Dataset, fn: (t: Trainer) => Promise<T>): Promise<T> {
  const ctx = await nodeGpuContext();
  const batch = Math.max(1, Math.min(typeof run.log?.settings?.batchSize === 'number' ? run.log.settings.batchSize : 32, ds.n));
  let trainer: Trainer;
  try {
    trainer = await Trainer.create(ctx.device, new PipelineCache(ctx.device), run.model.spec, { train: ds }, { batchSize: batch, epochs: 1, seed: 1 });
  } catch (e) {
    if (e instanceof ModelTooLargeError || e instanceof DatasetMismatchError) throw new UsageError(e.message);
    throw e;
  }
  try {
    trainer.writeParams(run.model.params);
    return await fn(trainer);
  } finally {
    trainer.destroy();
  }
}

/** Per-sample class probabilities [n, classes] from the model's outputs [n, outputs]. */
export function classProbabilities(outputs: Float32Array, n: number): { probs: Float32Array; classes: number } {
  const width = outputs.length / Math.max(1, n);
  if (width !== 1) return { probs: outputs, classes: width };
  const probs = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    probs[2 * i] = 1 - outputs[i];
    probs[2 * i + 1] = outputs[i];
  }
  return { probs, classes: 2 };
}

/** The most probable class of each row (the first on a tie). */
export function argmaxRows(probs: Float32Array, classes: number): Int32Array {
  const n = probs.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** confusion[true][predicted] counts. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

export interface Evaluation {
  samples: number;
  loss: number;
  accuracy?: number;
  confusion?: number[][];
  mse?: number;
  mae?: number;
  r2?: number;
}

/** Model outputs for the raw rows of `ds`, scaled in and out as the run's numeric CSV was (`pre`). */
export async function predictRaw(t: Trainer, ds: Dataset, pre: Preprocessing | null): Promise<Float32Array> {
  return rawOutputs(await t.predict(scaleDataset(ds, pre)), pre);
}

/** The evaluation of the run's model on `ds` (raw rows with labels; `pre`: the run's scaling). */
export async function evaluateRun(run: Run, ds: Dataset, pre: Preprocessing | null): Promise<Evaluation> {
  const scaled = scaleDataset(ds, pre);
  return withRunModel(run, scaled, async (t) => {
    const ev = await t.evaluate(scaled);
    const outputs = await predictRaw(t, ds, pre);
    if (isRegressionLoss(run.model.spec.loss)) {
      const width = outputs.length / ds.n;
      const means = Array.from({ length: width }, () => 0);
      const m = regressionMetrics(outputs, ds.y, width, means);
      return { samples: ds.n, loss: ev.loss / lossDivisor(pre), mse: m.mse, mae: m.mae, r2: m.r2 };
    }
    if (t.model.lossPlan.positions > 1) return { samples: ds.n, loss: ev.loss, accuracy: ev.accuracy };
    const { probs, classes } = classProbabilities(outputs, ds.n);
    const predicted = argmaxRows(probs, classes);
    return { samples: ds.n, loss: ev.loss, accuracy: ev.accuracy, confusion: confusionMatrix(ds.y, predicted, classes) };
  });
}
