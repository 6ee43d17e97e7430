/** Every layer type the engine knows, by spec `type`. */
import type { LayerSpec, LayerType } from '../spec';
import type { LayerDef } from './layer';
import { activation } from './activation';
import { elu, leakyReLU } from './leaky-elu';
import { add } from './add';
import { multiply } from './multiply';
import { concatenate } from './concatenate';
import { zeroPadding2D } from './zero-padding2d';
import { upSampling2D } from './upsampling2d';
import { multiHeadAttention } from './attention';
import { layerNormalization } from './layernorm';
import { batchNormalization } from './batchnorm';
import { globalAveragePooling1D, positionEmbedding } from './sequence';
import { bidirectional } from './bidirectional';
import { conv2d } from './conv2d';
import { conv1d } from './conv1d';
import { averagePooling1D, maxPooling1D } from './pool1d';
import { dense } from './dense';
import { dropout } from './dropout';
import { embedding } from './embedding';
import { input } from './input';
import { averagePooling2D, globalAveragePooling2D, maxPooling2D } from './pool2d';
import { gru, lstm, simpleRNN } from './recurrent';
import { flatten, reshape } from './reshape';
import { globalMaxPooling1D, globalMaxPooling2D } from './global-max';
import { gaussianNoise, spatialDropout1D, spatialDropout2D } from './noise';
import { prelu } from './prelu';

/** The spec interface whose `type` admits T (Pooling2DLayer covers two types). */
type SpecOf<T extends LayerType> = LayerSpec extends infer L ? (L extends LayerSpec ? (T extends L['type'] ? L : never) : never) : never;

/** Every LayerType must have its definition here (a missing one is a compile error). */
export const LAYERS: { [T in LayerType]: LayerDef<SpecOf<T>> } = {
  Input: input,
  Dense: dense,
  Activation: activation,
  LeakyReLU: leakyReLU,
  ELU: elu,
  Add: add,
  Multiply: multiply,
  Concatenate: concatenate,
  ZeroPadding2D: zeroPadding2D,
  UpSampling2D: upSampling2D,
  Flatten: flatten,
  Reshape: reshape,
  Conv2D: conv2d,
  MaxPooling2D: maxPooling2D,
  AveragePooling2D: averagePooling2D,
  GlobalAveragePooling2D: globalAveragePooling2D,
  Conv1D: conv1d,
  MaxPooling1D: maxPooling1D,
  AveragePooling1D: averagePooling1D,
  Dropout: dropout,
  Embedding: embedding,
  SimpleRNN: simpleRNN,
  LSTM: lstm,
  GRU: gru,
  Bidirectional: bidirectional,
  LayerNormalization: layerNormalization,
  BatchNormalization: batchNormalization,
  PositionEmbedding: positionEmbedding,
  GlobalAveragePooling1D: globalAveragePooling1D,
  MultiHeadAttention: multiHeadAttention,
  GlobalMaxPooling1D: globalMaxPooling1D,
  GlobalMaxPooling2D: globalMaxPooling2D,
  SpatialDropout1D: spatialDropout1D,
  SpatialDropout2D: spatialDropout2D,
  GaussianNoise: gaussianNoise,
  PReLU: prelu,
};

export const LAYER_TYPES = Object.keys(LAYERS) as LayerType[];

/** The definition of `type`; undefined for anything else, inherited names ("constructor", "__proto__") included. */
export function layerDef(type: string): LayerDef | undefined {
  return Object.hasOwn(LAYERS, type) ? (LAYERS as Record<string, LayerDef>)[type] : undefined;
}
