/**
 * Turning model outputs into what the evaluation panel shows about single samples: class
 * probabilities (a one-unit sigmoid output becomes two columns), class names, and the
 * misclassified samples of an evaluation (from the same probabilities as its confusion matrix).
 */
import { featureSize, type Dataset } from '../data/dataset';
import type { MisclassifiedSample } from './protocol';

/** [n, classes] probabilities from [n, outputs] model outputs: one sigmoid unit gives p(0) = 1 - p, p(1) = p. */
export function classProbabilities(outputs: Float32Array, outputCount: number): Float32Array {
  if (outputCount !== 1) return outputs;
  const n = outputs.length;
  const probs = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    probs[i * 2] = 1 - outputs[i];
    probs[i * 2 + 1] = outputs[i];
  }
  return probs;
}

/** The dataset's class names, or the class ids as text. */
export function classNamesOf(ds: Pick<Dataset, 'classNames'>, classes: number): string[] {
  return Array.from({ length: classes }, (_, c) => ds.classNames?.[c] ?? String(c));
}

/** The predicted class of row i: the first largest probability (the confusion matrix's rule). */
export function argmaxRow(probs: Float32Array, i: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
  return best;
}

/**
 * Every row whose predicted class differs from its label is counted in `total`; the `max` most
 * confident of them (ties: lower row first) are returned with a copy of their input row.
 */
export function findMisclassified(probs: Float32Array, ds: Dataset, classes: number, max = 24): { total: number; samples: MisclassifiedSample[] } {
  const wrong: { index: number; actual: number; predicted: number; confidence: number }[] = [];
  for (let i = 0; i < ds.n; i++) {
    const predicted = argmaxRow(probs, i, classes);
    const actual = ds.y[i];
    if (predicted !== actual) wrong.push({ index: i, actual, predicted, confidence: probs[i * classes + predicted] });
  }
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  const width = featureSize(ds);
  const samples = wrong.slice(0, Math.max(0, max)).map((w) => ({ ...w, input: ds.x.slice(w.index * width, (w.index + 1) * width) }));
  return { total: wrong.length, samples };
}
