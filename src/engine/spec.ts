/**
 * The model spec: one versioned plain-JSON document that the UI edits, autosaves, shares and
 * exports, and that the engine compiles. Layers form a DAG through `inputs` (ids of other layers);
 * shapes exclude the batch axis.
 */
import type { LossName, LossOptions } from './losses';
import type { OptimizerSpec } from './optimizers';

export const SPEC_FORMAT = 'webgpu-playground/model';
export const SPEC_VERSION = 1;

/**
 * Keras 3 names and semantics: leaky_relu has Keras's default negative slope 0.2, elu alpha 1,
 * hard_sigmoid is relu6(x + 3) / 6, swish is x · sigmoid(x) (SiLU), exponential is exp(x).
 */
export type Activation =
  | 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'gelu'
  | 'leaky_relu' | 'elu' | 'selu' | 'softplus' | 'softsign' | 'swish' | 'hard_sigmoid' | 'exponential';
export const ACTIVATIONS: readonly Activation[] = [
  'linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'gelu',
  'leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'hard_sigmoid', 'exponential',
];

export type Initializer = 'glorot_uniform' | 'he_normal' | 'zeros' | 'orthogonal' | 'random_uniform' | 'unit_forget_bias' | 'ones';
/** The initializers a user may pick for a kernel (unit_forget_bias is the LSTM bias's own). */
export const INITIALIZERS: readonly Initializer[] = ['glorot_uniform', 'he_normal', 'zeros', 'orthogonal', 'random_uniform'];

interface LayerBase {
  id: string;
  /** Ids of the layers feeding this one, in argument order. */
  inputs?: string[];
}

export interface InputLayer extends LayerBase {
  type: 'Input';
  shape: number[];
  dtype?: 'float32' | 'int32';
}

export interface DenseLayer extends LayerBase {
  type: 'Dense';
  units: number;
  activation?: Activation;
  useBias?: boolean;
  kernelInitializer?: Initializer;
}

export interface ActivationLayer extends LayerBase {
  type: 'Activation';
  activation: Activation;
}

/** Keras 3 LeakyReLU layer: y = x > 0 ? x : negativeSlope · x; negativeSlope >= 0, default 0.3 (Keras 3's). */
export interface LeakyReLULayer extends LayerBase {
  type: 'LeakyReLU';
  negativeSlope?: number;
}

/** Keras 3 ELU layer: y = x > 0 ? x : alpha · (exp(x) - 1); alpha > 0, default 1. */
export interface ELULayer extends LayerBase {
  type: 'ELU';
  alpha?: number;
}

export interface AddLayer extends LayerBase {
  type: 'Add';
}

/** Elementwise product of two inputs of the same shape (Keras Multiply; gating). */
export interface MultiplyLayer extends LayerBase {
  type: 'Multiply';
}

/**
 * Joins its inputs along `axis`, Keras-style: -1 (default) is the last axis, 1 the first after the
 * batch; every other axis must match.
 */
export interface ConcatenateLayer extends LayerBase {
  type: 'Concatenate';
  axis?: number;
}

/** Adds rows and columns of zeros around an image [H, W, C] (Keras ZeroPadding2D; default 1 on every side). */
export interface ZeroPadding2DLayer extends LayerBase {
  type: 'ZeroPadding2D';
  /** One number for all four sides, [height, width] (each on both sides), or [[top, bottom], [left, right]]. */
  padding?: number | [number, number] | [[number, number], [number, number]];
}

/** Repeats every pixel of an image [H, W, C] size times down and across (Keras UpSampling2D, nearest). */
export interface UpSampling2DLayer extends LayerBase {
  type: 'UpSampling2D';
  /** Default 2. */
  size?: Size2;
}

export interface FlattenLayer extends LayerBase {
  type: 'Flatten';
}

export interface ReshapeLayer extends LayerBase {
  type: 'Reshape';
  targetShape: number[];
}

export type Padding = 'valid' | 'same';
/** A size given once for both spatial axes, or as [height, width]. */
export type Size2 = number | [number, number];

/** 2D convolution over channels-last images [H, W, C]; kernel stored [KH, KW, Cin, filters]. */
export interface Conv2DLayer extends LayerBase {
  type: 'Conv2D';
  filters: number;
  kernelSize: Size2;
  strides?: Size2;
  padding?: Padding;
  /** Default 1; above 1 only with strides 1 (Keras). */
  dilationRate?: Size2;
  activation?: Activation;
  useBias?: boolean;
  kernelInitializer?: Initializer;
}

export interface Pooling2DLayer extends LayerBase {
  type: 'MaxPooling2D' | 'AveragePooling2D';
  /** Default 2. */
  poolSize?: Size2;
  /** Default: poolSize. */
  strides?: Size2;
  padding?: Padding;
}

/** Padding of a Conv1D: Keras's 'valid' and 'same', or 'causal' (K - 1 zeros before the sequence, none after). */
export type Padding1D = Padding | 'causal';

/** 1D convolution over channels-last sequences [T, C]; kernel stored [K, Cin, filters] (Keras layout). */
export interface Conv1DLayer extends LayerBase {
  type: 'Conv1D';
  filters: number;
  kernelSize: number;
  /** Default 1. */
  strides?: number;
  padding?: Padding1D;
  /** Default 1 (the only rate the kernels run today). */
  dilationRate?: number;
  activation?: Activation;
  useBias?: boolean;
  kernelInitializer?: Initializer;
}

/** Pooling over channels-last sequences [T, C] (Keras MaxPooling1D / AveragePooling1D). */
export interface Pooling1DLayer extends LayerBase {
  type: 'MaxPooling1D' | 'AveragePooling1D';
  /** Default 2. */
  poolSize?: number;
  /** Default: poolSize. */
  strides?: number;
  padding?: Padding;
}

export interface GlobalAveragePooling2DLayer extends LayerBase {
  type: 'GlobalAveragePooling2D';
}

/** Zeroes a fraction `rate` of activations while training (scaling the rest by 1/(1-rate)); identity in evaluation. */
export interface DropoutLayer extends LayerBase {
  type: 'Dropout';
  rate: number;
}

/** Token ids [T] (int32) -> vectors [T, outputDim]; table uniform(-0.05, 0.05). */
export interface EmbeddingLayer extends LayerBase {
  type: 'Embedding';
  inputDim: number;
  outputDim: number;
  /** Id 0 is padding: the recurrent layers after this one skip (carry state over) those steps. */
  maskZero?: boolean;
}

/** Fields shared by SimpleRNN, LSTM and GRU (Keras semantics). Input [T, features]. */
interface RecurrentBase extends LayerBase {
  units: number;
  /** Default tanh. */
  activation?: Activation;
  /** Output every timestep [T, units] instead of the last [units]. */
  returnSequences?: boolean;
  useBias?: boolean;
}

export interface SimpleRNNLayer extends RecurrentBase {
  type: 'SimpleRNN';
}

export interface LSTMLayer extends RecurrentBase {
  type: 'LSTM';
  /** Default sigmoid. */
  recurrentActivation?: Activation;
  /** Default true: forget-gate bias starts at 1. */
  unitForgetBias?: boolean;
}

export interface GRULayer extends RecurrentBase {
  type: 'GRU';
  recurrentActivation?: Activation;
  /** Only true (Keras 2+ default, CuDNN-compatible) is supported. */
  resetAfter?: boolean;
}

export type RecurrentLayer = SimpleRNNLayer | LSTMLayer | GRULayer;

/** Runs `layer` forwards and backwards over time and merges the two outputs. */
export interface BidirectionalLayer extends LayerBase {
  type: 'Bidirectional';
  layer: Omit<SimpleRNNLayer, 'id' | 'inputs'> | Omit<LSTMLayer, 'id' | 'inputs'> | Omit<GRULayer, 'id' | 'inputs'>;
  /** Default 'concat'. */
  mergeMode?: 'concat' | 'sum';
}

/** Layer normalisation over the last axis with learned gamma (ones) and beta (zeros). */
export interface LayerNormalizationLayer extends LayerBase {
  type: 'LayerNormalization';
  /** Default 1e-3 (Keras); PyTorch's nn.LayerNorm uses 1e-5. */
  epsilon?: number;
}

/**
 * Keras BatchNormalization over the channels (last) axis: batch statistics while training (the
 * moving mean and variance updated with `momentum`), the moving statistics in evaluation.
 */
export interface BatchNormalizationLayer extends LayerBase {
  type: 'BatchNormalization';
  /** Default 0.99 (Keras): moving = moving * momentum + batch * (1 - momentum). */
  momentum?: number;
  /** Default 1e-3 (Keras); PyTorch's nn.BatchNorm uses 1e-5. */
  epsilon?: number;
  /** Learn the offset beta (default true). */
  center?: boolean;
  /** Learn the scale gamma (default true). */
  scale?: boolean;
  /** Only the last (channels) axis: -1, or its Keras index counting the batch axis. */
  axis?: number;
}

/** Adds a position vector to every step of [T, D]: a learned table [T, D], or the fixed sinusoidal encoding. */
export interface PositionEmbeddingLayer extends LayerBase {
  type: 'PositionEmbedding';
  /** Default 'learned' (table initialised uniform(-0.05, 0.05), like Embedding). */
  mode?: 'learned' | 'sinusoidal';
}

/** Mean over the time axis: [T, D] -> [D] (padded steps excluded when fed from an Embedding with maskZero). */
export interface GlobalAveragePooling1DLayer extends LayerBase {
  type: 'GlobalAveragePooling1D';
}

/**
 * Multi-head scaled dot-product attention (Keras MultiHeadAttention): inputs [query] (self-attention)
 * or [query, value] (cross-attention; the value sequence is also the key). Query [TQ, D],
 * value [TK, DV]; output [TQ, D].
 */
export interface MultiHeadAttentionLayer extends LayerBase {
  type: 'MultiHeadAttention';
  numHeads: number;
  /** Size of each head; default D / numHeads. A multiple of 4, at most 64. */
  keyDim?: number;
  /** Each query position sees only itself and earlier positions. */
  causal?: boolean;
  /** Dropout on the attention weights while training (default 0). */
  dropout?: number;
  useBias?: boolean;
}

/** Max over the time axis: [T, C] -> [C] (Keras 3 GlobalMaxPooling1D; padding steps are not skipped, as in Keras). */
export interface GlobalMaxPooling1DLayer extends LayerBase {
  type: 'GlobalMaxPooling1D';
}

/** Max of each channel over the whole image: [H, W, C] -> [C] (Keras 3 GlobalMaxPooling2D, channels last). */
export interface GlobalMaxPooling2DLayer extends LayerBase {
  type: 'GlobalMaxPooling2D';
}

/** Dropout of whole channels while training ([T, C], one draw per sample and channel); identity in evaluation (Keras SpatialDropout1D). */
export interface SpatialDropout1DLayer extends LayerBase {
  type: 'SpatialDropout1D';
  rate: number;
}

/** Dropout of whole feature maps while training ([H, W, C], one draw per sample and channel); identity in evaluation (Keras SpatialDropout2D). */
export interface SpatialDropout2DLayer extends LayerBase {
  type: 'SpatialDropout2D';
  rate: number;
}

/** Adds zero-mean normal noise of standard deviation `stddev` while training; identity in evaluation (Keras GaussianNoise). */
export interface GaussianNoiseLayer extends LayerBase {
  type: 'GaussianNoise';
  stddev: number;
}

/**
 * max(0, x) + alpha * min(0, x) with alpha trained, one value per input value (Keras 3 PReLU);
 * `sharedAxes` (Keras numbering: 1 = the first axis after the batch) share one alpha along those
 * axes, e.g. [1, 2] for one alpha per channel of an image. alpha starts at zero (Keras).
 */
export interface PReLULayer extends LayerBase {
  type: 'PReLU';
  sharedAxes?: number[];
}

export type LayerSpec =
  | InputLayer
  | DenseLayer
  | ActivationLayer
  | LeakyReLULayer
  | ELULayer
  | AddLayer
  | MultiplyLayer
  | ConcatenateLayer
  | ZeroPadding2DLayer
  | UpSampling2DLayer
  | FlattenLayer
  | ReshapeLayer
  | Conv2DLayer
  | Pooling2DLayer
  | GlobalAveragePooling2DLayer
  | Conv1DLayer
  | Pooling1DLayer
  | DropoutLayer
  | EmbeddingLayer
  | SimpleRNNLayer
  | LSTMLayer
  | GRULayer
  | BidirectionalLayer
  | LayerNormalizationLayer
  | BatchNormalizationLayer
  | PositionEmbeddingLayer
  | GlobalAveragePooling1DLayer
  | MultiHeadAttentionLayer
  | GlobalMaxPooling1DLayer
  | GlobalMaxPooling2DLayer
  | SpatialDropout1DLayer
  | SpatialDropout2DLayer
  | GaussianNoiseLayer
  | PReLULayer;
export type LayerType = LayerSpec['type'];

// The loss names and everything about each loss live in the loss table (losses.ts).
export { LOSSES, type LossName } from './losses';

// The optimizer types, defaults and slots live in the optimizer table (optimizers.ts).
export { OPTIMIZERS, optimizerDefaults, optimizerSlots, type OptimizerName, type OptimizerSpec } from './optimizers';

export interface ModelSpec {
  format: typeof SPEC_FORMAT;
  version: typeof SPEC_VERSION;
  name?: string;
  layers: LayerSpec[];
  /** Id of the layer whose output the loss reads. */
  output: string;
  loss: LossName;
  /** The loss's settings (Huber's delta); left out, Keras's defaults (losses.ts). */
  lossOptions?: LossOptions;
  optimizer: OptimizerSpec;
  /** L2 penalty on kernels (not biases), added to the gradient. */
  weightDecay?: number;
  /** Clip the gradient by its global norm before the update. */
  clipNorm?: number;
}

/** A layer before it is wired: `inputs` may be left out in a chain. */
export type LayerInit = LayerSpec extends infer L ? (L extends LayerSpec ? Omit<L, 'inputs'> & { inputs?: string[] } : never) : never;

/** Builds a spec for a plain chain of layers (each feeds the next unless it names its inputs). */
export function sequential(
  name: string,
  layers: LayerInit[],
  loss: LossName,
  optimizer: OptimizerSpec,
): ModelSpec {
  const out: LayerSpec[] = [];
  let prev: string | null = null;
  for (const l of layers) {
    const layer = { ...l, inputs: l.type === 'Input' ? [] : (l.inputs ?? (prev ? [prev] : [])) } as LayerSpec;
    out.push(layer);
    prev = layer.id;
  }
  return { format: SPEC_FORMAT, version: SPEC_VERSION, name, layers: out, output: prev ?? '', loss, optimizer };
}
