/**
 * The catalogue of built-in datasets: ids, labels, descriptions, task, input shape and dtype,
 * class names, kind and default sizes. Plain data, no generators or loaders, so the UI can show
 * and check datasets without bundling them (the worker loads them through registry.ts, which
 * builds its entries from this catalogue). DatasetId is the union of the catalogue's keys.
 */
import type { Task } from './dataset';

/**
 * How samples look, for previews: 'image' [height, width, channels] in [0, 1]; 'points' two
 * coordinates; 'features' a numeric vector; 'tokens' int32 token ids; 'series' [steps, channels];
 * 'chars' windows of character ids with the next character at every position as labels.
 */
export type DatasetKind = 'image' | 'points' | 'features' | 'tokens' | 'series' | 'chars';

export interface DatasetMeta {
  readonly label: string;
  readonly description: string;
  readonly task: Task;
  readonly inputShape: readonly number[];
  readonly inputDtype: 'float32' | 'int32';
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
  /** Labels per sample when there is one per position ('chars': [context]); absent for one label per sample. */
  readonly targetShape?: readonly number[];
  readonly kind: DatasetKind;
  /** Rows made from texts (token ids or bag-of-words): a typed sentence can be encoded the same way. */
  readonly fromText?: boolean;
  /** 'files': read from dataset files (may be missing on this machine); absent for generated datasets. */
  readonly source?: 'files';
  readonly defaults: { readonly train: number; readonly test: number; readonly noise: number };
}

/** Vocabulary sizes (ids incl. PAD 0 and OOV 1) and sequence lengths of the generated text datasets. */
export const TOPICS_VOCABULARY_SIZE = 1000;
export const TOPICS_SEQUENCE_LENGTH = 64;
export const SENTIMENT_VOCABULARY_SIZE = 128;
export const SENTIMENT_SEQUENCE_LENGTH = 40;

/** The character-level language model's window length and vocabulary size (ids incl. the unknown id 0). */
export const CHAR_LM_CONTEXT = 64;
export const CHAR_LM_VOCABULARY_SIZE = 96;

const TWO_CLASSES = ['negative', 'positive'] as const;
const numbered = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function twoD(label: string, description: string, task: Task): DatasetMeta {
  return {
    label, description, task, inputShape: [2], inputDtype: 'float32', kind: 'points',
    ...(task === 'classification' ? { numClasses: 2, classNames: TWO_CLASSES } : {}),
    defaults: { train: 1000, test: 500, noise: 0.1 },
  };
}

function features(count: number): DatasetMeta {
  return {
    label: `Feature clusters (${count})`,
    description:
      `${count} generated numeric features, 10 classes. Each class has a random prototype, a few strongly ` +
      'class-specific features and two sub-clusters, plus Gaussian noise; a small MLP gets roughly 90% (chance 10%).',
    task: 'classification', inputShape: [count], inputDtype: 'float32', numClasses: 10, classNames: numbered('class ', 10),
    kind: 'features', defaults: { train: 5000, test: 1000, noise: 1 },
  };
}

const TOPICS_TEXT =
  'Generated 10-topic corpus: documents of 20-60 pseudo-words from a 1000-word vocabulary; each topic has 60 ' +
  'frequent words of its own, the rest are shared filler words. `noise` is the share of words from other topics.';
const SENTIMENT_TEXT =
  'Generated short movie reviews (positive/negative) with negation ("not bad"), contrast ("good but boring": the ' +
  'clause after "but" decides) and delayed negation ("i expected it to be great, and it was not").';

const TOPIC_NOISE = 0.1;

function text(label: string, description: string, ids: boolean, width: number, classNames: readonly string[], noise: number): DatasetMeta {
  return {
    label, description, task: 'classification', inputShape: [width], inputDtype: ids ? 'int32' : 'float32',
    numClasses: classNames.length, classNames, kind: ids ? 'tokens' : 'features', fromText: true, defaults: { train: 5000, test: 1000, noise },
  };
}

export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

export const CATALOG = {
  circles: twoD('Circle', 'A disc of one class inside a ring of the other (2D, 2 classes).', 'classification'),
  xor: twoD('Exclusive or', 'Class by the sign of x0 * x1: opposite quadrants share a class (2D, 2 classes).', 'classification'),
  gaussians: twoD('Gaussian', 'Two Gaussian blobs around (2, 2) and (-2, -2) (2D, 2 classes).', 'classification'),
  spiral: twoD('Spiral', 'Two interleaved spirals (2D, 2 classes); needs a non-linear model.', 'classification'),
  plane: twoD('Plane', 'Regression: y = 0.1 x0 - 0.05 x1 + 0.1 plus noise, x in [-6, 6]^2.', 'regression'),
  'gaussian-bump': twoD('Gaussian bump', 'Regression: y = exp(-|x|^2 / 8) plus noise, x in [-6, 6]^2.', 'regression'),
  'features-100': features(100),
  'features-1000': features(1000),
  'fashion-mnist': {
    label: 'Fashion-MNIST',
    description:
      'Zalando\'s 28x28 greyscale photos of 10 clothing classes (T-shirt/top, trouser, pullover, dress, coat, ' +
      'sandal, shirt, sneaker, bag, ankle boot): 60000 train and 10000 test images read from the dataset files. ' +
      'A small CNN gets about 90%. `n` keeps the first n training images; seed and noise do not apply.',
    task: 'classification', inputShape: [28, 28, 1], inputDtype: 'float32', numClasses: 10, classNames: FASHION_MNIST_CLASS_NAMES,
    kind: 'image', source: 'files', defaults: { train: 60000, test: 10000, noise: 0 },
  },
  digits: {
    label: 'Digits (procedural)',
    description:
      'Handwritten-style digits 0-9 drawn as random pen strokes into 28x28 greyscale images (varied shape, size, ' +
      'slant, rotation, position, pen width, pixel noise). Generated offline; a small CNN learns it well, nearest ' +
      'class mean gets about 70%. `noise` sets the pixel noise.',
    task: 'classification', inputShape: [28, 28, 1], inputDtype: 'float32', numClasses: 10, classNames: numbered('', 10),
    kind: 'image', defaults: { train: 10000, test: 2000, noise: 0.2 },
  },
  'topics-bow': text(
    'Topics (tf-idf, 1000)',
    `${TOPICS_TEXT} As 1000 tf-idf features (one per token id, L2-normalised rows); tf-idf logistic regression gets ~97%.`,
    false, TOPICS_VOCABULARY_SIZE, numbered('topic ', 10), TOPIC_NOISE,
  ),
  'topics-ids': text(
    'Topics (token ids)',
    `${TOPICS_TEXT} As 64 int32 token ids (vocabulary 1000: 0 padding, 1 unknown word), for an Embedding layer.`,
    true, TOPICS_SEQUENCE_LENGTH, numbered('topic ', 10), TOPIC_NOISE,
  ),
  'sentiment-ids': text(
    'Sentiment (token ids)',
    `${SENTIMENT_TEXT} As 40 int32 token ids (vocabulary 128: 0 padding, 1 unknown word). Word order decides ` +
    'a third of the labels: a bag of words stays below ~78%, while order-aware features reach 93% even with a linear model. `noise` flips labels.',
    true, SENTIMENT_SEQUENCE_LENGTH, TWO_CLASSES, 0,
  ),
  'sentiment-bow': text(
    'Sentiment (bag of words)',
    `${SENTIMENT_TEXT} As 128 word counts (one per token id), the order-blind baseline of sentiment-ids: a ` +
    'bag-of-words MLP gets ~77%, logistic regression ~60%. `noise` flips labels.',
    false, SENTIMENT_VOCABULARY_SIZE, TWO_CLASSES, 0,
  ),
  waves: {
    label: 'Waveforms (100 steps)',
    description:
      '100-step noisy waveforms, 10 classes: sine, square, sawtooth, step, triangle, chirp, damped, growing, pulse ' +
      'train, noise bursts, with random frequency, phase, amplitude and offset. Input [100, 1] for recurrent layers; ' +
      '`noise` is the std of the added Gaussian noise.',
    task: 'classification', inputShape: [100, 1], inputDtype: 'float32', numClasses: 10,
    classNames: ['sine', 'square', 'sawtooth', 'step', 'triangle', 'chirp', 'damped', 'growing', 'pulse train', 'noise bursts'],
    kind: 'series', defaults: { train: 5000, test: 1000, noise: 0.05 },
  },
  'readme-chars': {
    label: 'README characters',
    description:
      `The project's README as a character-level language-modelling corpus: windows of ${CHAR_LM_CONTEXT} characters, each ` +
      `labelled with the next character at every position. Vocabulary: the ${CHAR_LM_VOCABULARY_SIZE - 1} most frequent ` +
      'characters of the training part plus an unknown id. The text is cut in order into train (80%), validation (10%) ' +
      'and test (10%), so held-out windows come from text the model never saw. Paste or upload your own text to train on it instead.',
    task: 'classification', inputShape: [CHAR_LM_CONTEXT], inputDtype: 'int32', numClasses: CHAR_LM_VOCABULARY_SIZE,
    targetShape: [CHAR_LM_CONTEXT], kind: 'chars',
    // Window counts of the README when this was written (they follow its length).
    defaults: { train: 20689, test: 2530, noise: 0 },
  },
} satisfies Record<string, DatasetMeta>;

export type DatasetId = keyof typeof CATALOG;

export const DATASET_IDS = Object.keys(CATALOG) as DatasetId[];

export function isDatasetId(id: string): id is DatasetId {
  return Object.prototype.hasOwnProperty.call(CATALOG, id);
}

export function datasetMeta(id: DatasetId): DatasetMeta {
  return CATALOG[id];
}

/** All built-in datasets in display order, each with its id. */
export function listCatalog(): (DatasetMeta & { readonly id: DatasetId })[] {
  return DATASET_IDS.map((id) => ({ id, ...CATALOG[id] }));
}
