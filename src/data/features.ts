/**
 * Generated tabular classification data ("feature clusters"): n rows x `features` float columns,
 * `classes` classes (default 10). Each class has a random dense prototype, a few strongly
 * class-specific informative features, and two sub-clusters (prototype +/- a class-specific
 * offset, so classes are not single blobs); every value gets Gaussian noise. The class structure
 * depends only on (seed, features, classes); `stream` picks which samples are drawn, so train and
 * test sets from the same seed share classes but not rows. Tuned with the default noise on 5000
 * train / 1000 test rows: a 64-unit ReLU MLP (Adam, 10 epochs) reached 89-94% test accuracy at 100
 * and at 1000 features over seeds 1-3, nearest class centroid 92-98%; chance is 1/classes.
 */

import type { Dataset } from './dataset';
import { createRng } from './rng';

export interface FeatureClustersOptions {
  /** Number of rows (>= 1); class counts are balanced (they differ by at most 1). */
  readonly n: number;
  /** Number of feature columns (>= 1). */
  readonly features: number;
  /** Number of classes (>= 2); default 10. */
  readonly classes?: number;
  /** Integer seed of the class structure (and, with `stream`, of the samples). */
  readonly seed: number;
  /** Std of the per-value Gaussian noise; default 1. Larger => harder. */
  readonly noise?: number;
  /** Sample stream label; different streams give disjoint-looking samples of the same classes. */
  readonly stream?: string | number;
}

/** Norm of each class's dense prototype (spread over all features). */
export const PROTOTYPE_NORM = 2.5;
/**
 * Informative features per class: max(INFORMATIVE_MIN, round(features * INFORMATIVE_FRACTION)),
 * capped at `features` (4 at 100 features, 8 at 1000); each gets an offset of +/-INFORMATIVE_OFFSET.
 */
export const INFORMATIVE_MIN = 4;
export const INFORMATIVE_FRACTION = 0.008;
export const INFORMATIVE_OFFSET = 1.1;
/** Norm of each class's sub-cluster offset. */
export const SUBCLUSTER_NORM = 1.5;

interface ClassStructure {
  /** [classes, features] class centres. */
  readonly prototypes: Float64Array;
  /** [classes, features] sub-cluster offsets. */
  readonly offsets: Float64Array;
}

function buildStructure(seed: number, features: number, classes: number): ClassStructure {
  const rng = createRng(seed).fork('featureClusters').fork('structure');
  const prototypes = new Float64Array(classes * features);
  const offsets = new Float64Array(classes * features);
  const protoStd = PROTOTYPE_NORM / Math.sqrt(features);
  const offsetStd = SUBCLUSTER_NORM / Math.sqrt(features);
  for (let c = 0; c < classes; c++) {
    const base = c * features;
    for (let j = 0; j < features; j++) prototypes[base + j] = rng.normal(0, protoStd);
    for (let j = 0; j < features; j++) offsets[base + j] = rng.normal(0, offsetStd);
    const k = Math.min(Math.max(INFORMATIVE_MIN, Math.round(features * INFORMATIVE_FRACTION)), features);
    const chosen = rng.permutation(features).subarray(0, k);
    for (const j of chosen) prototypes[base + j] += rng.int(2) === 0 ? -INFORMATIVE_OFFSET : INFORMATIVE_OFFSET;
  }
  return { prototypes, offsets };
}

/** Generates the dataset; deterministic in all options. */
export function featureClusters(opts: FeatureClustersOptions): Dataset {
  const { n, features } = opts;
  const classes = opts.classes ?? 10;
  const noise = opts.noise ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`featureClusters: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(features) || features < 1) throw new RangeError(`featureClusters: features must be a positive integer, got ${features}`);
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`featureClusters: classes must be an integer >= 2, got ${classes}`);
  if (!Number.isFinite(noise) || noise < 0) throw new RangeError(`featureClusters: noise must be a finite number >= 0, got ${noise}`);
  if (!Number.isInteger(opts.seed)) throw new RangeError(`featureClusters: seed must be an integer, got ${opts.seed}`);

  const { prototypes, offsets } = buildStructure(opts.seed, features, classes);
  const rng = createRng(opts.seed).fork('featureClusters').fork('samples').fork(opts.stream ?? 0);
  const order = rng.fork('order').permutation(n);
  const sampler = rng.fork('values');
  const x = new Float32Array(n * features);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const cls = k % classes; // balanced: rows are assigned round-robin, then shuffled by `order`
    const row = order[k];
    const sign = sampler.int(2) === 0 ? -1 : 1;
    const base = cls * features;
    const out = row * features;
    for (let j = 0; j < features; j++) {
      x[out + j] = prototypes[base + j] + sign * offsets[base + j] + sampler.normal(0, noise);
    }
    y[row] = cls;
  }
  const classNames = Array.from({ length: classes }, (_, c) => `class ${c}`);
  return {
    name: `features-${features}`, task: 'classification', n, inputShape: [features], inputDtype: 'float32',
    x, y, targetShape: [], numClasses: classes, classNames,
  };
}
