/**
 * The built-in datasets by id, with UI labels, descriptions and default sizes. `load` returns a
 * train set and a held-out test set drawn from different streams of the same seed (same task and,
 * for feature clusters, the same class structure). DatasetId is the union of the registry keys.
 */

import type { Dataset, DatasetSplits, Task } from './dataset';
import { digits, DIGITS_DEFAULT_NOISE } from './digits';
import { FASHION_MNIST_TEST_SIZE, FASHION_MNIST_TRAIN_SIZE, loadFashionMnist } from './fashion-mnist';
import { featureClusters } from './features';
import { deriveSeed } from './rng';
import { sentimentCorpus, topicCorpus, TOPIC_DEFAULT_NOISE, type CorpusOptions, type LabelledCorpus } from './corpora';
import { waves, WAVES_DEFAULT_NOISE, WAVES_DEFAULT_STEPS } from './sequences';
import { textDatasetSplits, type TextMode } from './text/text-dataset';
import { circles, gaussian, gaussians, plane, spiral, xor, type Synthetic2dOptions } from './synthetic2d';

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

function twoD(
  id: string,
  label: string,
  description: string,
  task: Task,
  generate: (opts: Synthetic2dOptions) => Dataset,
): DatasetEntry {
  const defaults = { train: 1000, test: 500, noise: 0.1 };
  return {
    label, description, task, inputShape: [2], defaults,
    ...(task === 'classification' ? { numClasses: 2 } : {}),
    load(opts = {}) {
      const seed = opts.seed ?? DEFAULT_SEED;
      const noise = opts.noise ?? defaults.noise;
      return {
        train: withName(generate({ n: opts.n ?? defaults.train, noise, seed: deriveSeed(seed, 'train') }), id),
        test: withName(generate({ n: defaults.test, noise, seed: deriveSeed(seed, 'test') }), id),
      };
    },
  };
}

function features(id: string, label: string, count: number): DatasetEntry {
  const defaults = { train: 5000, test: 1000, noise: 1 };
  return {
    label,
    description:
      `${count} generated numeric features, 10 classes. Each class has a random prototype, a few strongly ` +
      'class-specific features and two sub-clusters, plus Gaussian noise; a small MLP gets roughly 90% (chance 10%).',
    task: 'classification', inputShape: [count], numClasses: 10, defaults,
    load(opts = {}) {
      const seed = opts.seed ?? DEFAULT_SEED;
      const noise = opts.noise ?? defaults.noise;
      const common = { features: count, classes: 10, seed, noise };
      return {
        train: withName(featureClusters({ ...common, n: opts.n ?? defaults.train, stream: 'train' }), id),
        test: withName(featureClusters({ ...common, n: defaults.test, stream: 'test' }), id),
      };
    },
  };
}

function fashionMnistEntry(): DatasetEntry {
  const defaults = { train: FASHION_MNIST_TRAIN_SIZE, test: FASHION_MNIST_TEST_SIZE, noise: 0 };
  return {
    label: 'Fashion-MNIST',
    description:
      'Zalando\'s 28x28 greyscale photos of 10 clothing classes (T-shirt/top, trouser, pullover, dress, coat, ' +
      'sandal, shirt, sneaker, bag, ankle boot): 60000 train and 10000 test images read from the dataset files. ' +
      'A small CNN gets about 90%. `n` keeps the first n training images; seed and noise do not apply.',
    task: 'classification', inputShape: [28, 28, 1], numClasses: 10, kind: 'image', source: 'files', defaults,
    load(opts = {}) {
      return loadFashionMnist({ trainLimit: opts.n });
    },
  };
}

function digitsEntry(): DatasetEntry {
  const defaults = { train: 10000, test: 2000, noise: DIGITS_DEFAULT_NOISE };
  return {
    label: 'Digits (procedural)',
    description:
      'Handwritten-style digits 0-9 drawn as random pen strokes into 28x28 greyscale images (varied shape, size, ' +
      'slant, rotation, position, pen width, pixel noise). Generated offline; a small CNN learns it well, nearest ' +
      'class mean gets about 70%. `noise` sets the pixel noise.',
    task: 'classification', inputShape: [28, 28, 1], numClasses: 10, kind: 'image', defaults,
    load(opts = {}) {
      const seed = opts.seed ?? DEFAULT_SEED;
      const noise = opts.noise ?? defaults.noise;
      return {
        train: digits({ n: opts.n ?? defaults.train, seed: deriveSeed(seed, 'train'), noise }),
        test: digits({ n: defaults.test, seed: deriveSeed(seed, 'test'), noise }),
      };
    },
  };
}

/** Vocabulary sizes (ids incl. PAD 0 and OOV 1) and sequence lengths of the generated text datasets. */
export const TOPICS_VOCABULARY_SIZE = 1000;
export const TOPICS_SEQUENCE_LENGTH = 64;
export const SENTIMENT_VOCABULARY_SIZE = 128;
export const SENTIMENT_SEQUENCE_LENGTH = 40;

function textEntry(
  id: string,
  label: string,
  description: string,
  corpus: (opts: CorpusOptions) => LabelledCorpus,
  mode: TextMode,
  vocabularySize: number,
  length: number,
  numClasses: number,
  defaultNoise: number,
): DatasetEntry {
  const defaults = { train: 5000, test: 1000, noise: defaultNoise };
  return {
    label, description, task: 'classification', inputShape: [mode === 'ids' ? length : vocabularySize], numClasses, defaults,
    load(opts = {}) {
      const seed = opts.seed ?? DEFAULT_SEED;
      const noise = opts.noise ?? defaults.noise;
      const train = corpus({ n: opts.n ?? defaults.train, seed, noise, stream: 'train' });
      const test = corpus({ n: defaults.test, seed, noise, stream: 'test' });
      // Vocabulary and idf are fitted on the training texts only.
      return textDatasetSplits(train, test, { mode, vocabularySize, length, classNames: train.classNames, name: id });
    },
  };
}

const TOPICS_TEXT =
  'Generated 10-topic corpus: documents of 20-60 pseudo-words from a 1000-word vocabulary; each topic has 60 ' +
  'frequent words of its own, the rest are shared filler words. `noise` is the share of words from other topics.';
const SENTIMENT_TEXT =
  'Generated short movie reviews (positive/negative) with negation ("not bad"), contrast ("good but boring": the ' +
  'clause after "but" decides) and delayed negation ("i expected it to be great, and it was not").';

function wavesEntry(): DatasetEntry {
  const defaults = { train: 5000, test: 1000, noise: WAVES_DEFAULT_NOISE };
  return {
    label: 'Waveforms (100 steps)',
    description:
      '100-step noisy waveforms, 10 classes: sine, square, sawtooth, triangle, chirp, damped, AM, FM, pulse train, ' +
      'noise bursts, with random frequency, phase, amplitude and offset. Input [100, 1] for recurrent layers; ' +
      '`noise` is the std of the added Gaussian noise.',
    task: 'classification', inputShape: [WAVES_DEFAULT_STEPS, 1], numClasses: 10, defaults,
    load(opts = {}) {
      const seed = opts.seed ?? DEFAULT_SEED;
      const noise = opts.noise ?? defaults.noise;
      return {
        train: waves({ n: opts.n ?? defaults.train, seed: deriveSeed(seed, 'train'), noise }),
        test: waves({ n: defaults.test, seed: deriveSeed(seed, 'test'), noise }),
      };
    },
  };
}

const REGISTRY = {
  circles: twoD('circles', 'Circle', 'A disc of one class inside a ring of the other (2D, 2 classes).', 'classification', circles),
  xor: twoD('xor', 'Exclusive or', 'Class by the sign of x0 * x1: opposite quadrants share a class (2D, 2 classes).', 'classification', xor),
  gaussians: twoD('gaussians', 'Gaussian', 'Two Gaussian blobs around (2, 2) and (-2, -2) (2D, 2 classes).', 'classification', gaussians),
  spiral: twoD('spiral', 'Spiral', 'Two interleaved spirals (2D, 2 classes); needs a non-linear model.', 'classification', spiral),
  plane: twoD('plane', 'Plane', 'Regression: y = 0.1 x0 - 0.05 x1 + 0.1 plus noise, x in [-6, 6]^2.', 'regression', plane),
  'gaussian-bump': twoD('gaussian-bump', 'Gaussian bump', 'Regression: y = exp(-|x|^2 / 8) plus noise, x in [-6, 6]^2.', 'regression', gaussian),
  'features-100': features('features-100', 'Feature clusters (100)', 100),
  'features-1000': features('features-1000', 'Feature clusters (1000)', 1000),
  'fashion-mnist': fashionMnistEntry(),
  digits: digitsEntry(),
  'topics-bow': textEntry(
    'topics-bow', 'Topics (tf-idf, 1000)',
    `${TOPICS_TEXT} As 1000 tf-idf features (one per token id, L2-normalised rows); tf-idf logistic regression gets ~97%.`,
    topicCorpus, 'tfidf', TOPICS_VOCABULARY_SIZE, TOPICS_SEQUENCE_LENGTH, 10, TOPIC_DEFAULT_NOISE,
  ),
  'topics-ids': textEntry(
    'topics-ids', 'Topics (token ids)',
    `${TOPICS_TEXT} As 64 int32 token ids (vocabulary 1000: 0 padding, 1 unknown word), for an Embedding layer.`,
    topicCorpus, 'ids', TOPICS_VOCABULARY_SIZE, TOPICS_SEQUENCE_LENGTH, 10, TOPIC_DEFAULT_NOISE,
  ),
  'sentiment-ids': textEntry(
    'sentiment-ids', 'Sentiment (token ids)',
    `${SENTIMENT_TEXT} As 40 int32 token ids (vocabulary 128: 0 padding, 1 unknown word). Word order decides ` +
    'a third of the labels: a bag of words stays below ~78%, while order-aware features reach 93% even with a linear model. `noise` flips labels.',
    sentimentCorpus, 'ids', SENTIMENT_VOCABULARY_SIZE, SENTIMENT_SEQUENCE_LENGTH, 2, 0,
  ),
  'sentiment-bow': textEntry(
    'sentiment-bow', 'Sentiment (bag of words)',
    `${SENTIMENT_TEXT} As 128 word counts (one per token id), the order-blind baseline of sentiment-ids: a ` +
    'bag-of-words MLP gets ~77%, logistic regression ~60%. `noise` flips labels.',
    sentimentCorpus, 'bow', SENTIMENT_VOCABULARY_SIZE, SENTIMENT_SEQUENCE_LENGTH, 2, 0,
  ),
  waves: wavesEntry(),
} satisfies Record<string, DatasetEntry>;

export type DatasetId = keyof typeof REGISTRY;

export const DATASET_IDS = Object.keys(REGISTRY) as DatasetId[];

export function isDatasetId(id: string): id is DatasetId {
  return Object.prototype.hasOwnProperty.call(REGISTRY, id);
}

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
