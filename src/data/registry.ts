/**
 * The built-in datasets by id: the catalogue's metadata (catalog.ts: labels, descriptions, shapes,
 * default sizes) plus a `load` that generates or reads the data. `load` returns a train set and a
 * held-out test set drawn from different streams of the same seed (same task and, for feature
 * clusters, the same class structure). Only the worker (and the CLI and tests) import this file;
 * the UI reads catalog.ts.
 */

import { CATALOG, DATASET_IDS, isDatasetId, type DatasetId, type DatasetMeta } from './catalog';
import type { Dataset, DatasetSplits, Task } from './dataset';
import { digits } from './digits';
import { loadFashionMnist } from './fashion-mnist';
import { featureClusters } from './features';
import { deriveSeed } from './rng';
import { sentimentCorpus, topicCorpus, type CorpusOptions, type LabelledCorpus } from './corpora';
import { waves } from './sequences';
import { charCorpus } from './text/char-corpus';
import { README_TEXT } from './text/readme-text';
import { textDatasetSplits, type TextMode } from './text/text-dataset';
import { circles, gaussian, gaussians, plane, spiral, xor, type Synthetic2dOptions } from './synthetic2d';

export { DATASET_IDS, isDatasetId, type DatasetId };
export { CHAR_LM_CONTEXT, CHAR_LM_VOCABULARY_SIZE } from './catalog';
import { CHAR_LM_CONTEXT, CHAR_LM_VOCABULARY_SIZE } from './catalog';
export { SENTIMENT_SEQUENCE_LENGTH, SENTIMENT_VOCABULARY_SIZE, TOPICS_SEQUENCE_LENGTH, TOPICS_VOCABULARY_SIZE } from './catalog';
import { SENTIMENT_SEQUENCE_LENGTH, SENTIMENT_VOCABULARY_SIZE, TOPICS_SEQUENCE_LENGTH, TOPICS_VOCABULARY_SIZE } from './catalog';

export interface LoadOptions {
  /** Integer seed; default DEFAULT_SEED. */
  readonly seed?: number;
  /** Train rows; default `defaults.train`. The test set always has `defaults.test` rows. */
  readonly n?: number;
  /** Noise level; default `defaults.noise` (meaning depends on the generator). */
  readonly noise?: number;
}

export interface DatasetEntry {
  readonly label: string;
  readonly description: string;
  readonly task: Task;
  readonly inputShape: readonly number[];
  readonly numClasses?: number;
  /**
   * 'image': samples are images of inputShape [height, width, channels], values in [0, 1]
   * (for previews). Absent for point and feature-vector datasets.
   */
  readonly kind?: 'image';
  /**
   * 'files': read from dataset files (may be missing on this machine, loads asynchronously);
   * absent for generated datasets.
   */
  readonly source?: 'files';
  readonly defaults: { readonly train: number; readonly test: number; readonly noise: number };
  load(opts?: LoadOptions): DatasetSplits | Promise<DatasetSplits>;
}

export const DEFAULT_SEED = 1;

function withName(ds: Dataset, name: string): Dataset {
  return { ...ds, name };
}

/** The registry entry of `id`: its catalogue metadata and `load`. */
function entry(id: DatasetId, load: (opts: LoadOptions, defaults: DatasetMeta['defaults']) => DatasetSplits | Promise<DatasetSplits>): DatasetEntry {
  const m: DatasetMeta = CATALOG[id];
  return {
    label: m.label, description: m.description, task: m.task, inputShape: m.inputShape, defaults: m.defaults,
    ...(m.numClasses !== undefined ? { numClasses: m.numClasses } : {}),
    ...(m.kind === 'image' ? { kind: 'image' as const } : {}),
    ...(m.source ? { source: m.source } : {}),
    load: (opts = {}) => load(opts, m.defaults),
  };
}

function twoD(id: DatasetId, generate: (opts: Synthetic2dOptions) => Dataset): DatasetEntry {
  return entry(id, (opts, defaults) => {
    const seed = opts.seed ?? DEFAULT_SEED;
    const noise = opts.noise ?? defaults.noise;
    return {
      train: withName(generate({ n: opts.n ?? defaults.train, noise, seed: deriveSeed(seed, 'train') }), id),
      test: withName(generate({ n: defaults.test, noise, seed: deriveSeed(seed, 'test') }), id),
    };
  });
}

function features(id: DatasetId, count: number): DatasetEntry {
  return entry(id, (opts, defaults) => {
    const seed = opts.seed ?? DEFAULT_SEED;
    const noise = opts.noise ?? defaults.noise;
    const common = { features: count, classes: 10, seed, noise };
    return {
      train: withName(featureClusters({ ...common, n: opts.n ?? defaults.train, stream: 'train' }), id),
      test: withName(featureClusters({ ...common, n: defaults.test, stream: 'test' }), id),
    };
  });
}

function textEntry(
  id: DatasetId,
  corpus: (opts: CorpusOptions) => LabelledCorpus,
  mode: TextMode,
  vocabularySize: number,
  length: number,
): DatasetEntry {
  return entry(id, (opts, defaults) => {
    const seed = opts.seed ?? DEFAULT_SEED;
    const noise = opts.noise ?? defaults.noise;
    const train = corpus({ n: opts.n ?? defaults.train, seed, noise, stream: 'train' });
    const test = corpus({ n: defaults.test, seed, noise, stream: 'test' });
    // Vocabulary and idf are fitted on the training texts only.
    return textDatasetSplits(train, test, { mode, vocabularySize, length, classNames: train.classNames, name: id });
  });
}

const REGISTRY = {
  circles: twoD('circles', circles),
  xor: twoD('xor', xor),
  gaussians: twoD('gaussians', gaussians),
  spiral: twoD('spiral', spiral),
  plane: twoD('plane', plane),
  'gaussian-bump': twoD('gaussian-bump', gaussian),
  'features-100': features('features-100', 100),
  'features-1000': features('features-1000', 1000),
  'fashion-mnist': entry('fashion-mnist', (opts) => loadFashionMnist({ trainLimit: opts.n })),
  digits: entry('digits', (opts, defaults) => {
    const seed = opts.seed ?? DEFAULT_SEED;
    const noise = opts.noise ?? defaults.noise;
    return {
      train: digits({ n: opts.n ?? defaults.train, seed: deriveSeed(seed, 'train'), noise }),
      test: digits({ n: defaults.test, seed: deriveSeed(seed, 'test'), noise }),
    };
  }),
  'topics-bow': textEntry('topics-bow', topicCorpus, 'tfidf', TOPICS_VOCABULARY_SIZE, TOPICS_SEQUENCE_LENGTH),
  'topics-ids': textEntry('topics-ids', topicCorpus, 'ids', TOPICS_VOCABULARY_SIZE, TOPICS_SEQUENCE_LENGTH),
  'sentiment-ids': textEntry('sentiment-ids', sentimentCorpus, 'ids', SENTIMENT_VOCABULARY_SIZE, SENTIMENT_SEQUENCE_LENGTH),
  'sentiment-bow': textEntry('sentiment-bow', sentimentCorpus, 'bow', SENTIMENT_VOCABULARY_SIZE, SENTIMENT_SEQUENCE_LENGTH),
  waves: entry('waves', (opts, defaults) => {
    const seed = opts.seed ?? DEFAULT_SEED;
    const noise = opts.noise ?? defaults.noise;
    return {
      train: waves({ n: opts.n ?? defaults.train, seed: deriveSeed(seed, 'train'), noise }),
      test: waves({ n: defaults.test, seed: deriveSeed(seed, 'test'), noise }),
    };
  }),
  // Seed, n and noise do not apply: the corpus is the README, cut in order (char-corpus.ts).
  'readme-chars': entry('readme-chars', () => {
    const c = charCorpus(README_TEXT, { context: CHAR_LM_CONTEXT, capacity: CHAR_LM_VOCABULARY_SIZE, name: 'readme-chars' });
    return { train: c.train, validation: c.validation, test: c.test };
  }),
} satisfies Record<DatasetId, DatasetEntry>;

export function getDataset(id: DatasetId): DatasetEntry {
  return REGISTRY[id];
}

/** All built-in datasets in display order, each with its id. */
export function listDatasets(): (DatasetEntry & { readonly id: DatasetId })[] {
  return DATASET_IDS.map((id) => ({ id, ...REGISTRY[id] }));
}

/** getDataset(id).load(opts), always as a promise (file-backed datasets load asynchronously). */
export async function loadDataset(id: DatasetId, opts?: LoadOptions): Promise<DatasetSplits> {
  return REGISTRY[id].load(opts);
}
