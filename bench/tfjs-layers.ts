/**
 * The tfjs side of a chain preset, layer by layer: one tf.layers layer per spec layer with the same
 * hyperparameters and Keras's initialisers (glorotUniform kernels, orthogonal recurrent kernels,
 * zero biases, LSTM unitForgetBias, embeddings uniform +-0.05), for bench/page.ts.
 */
import type * as TF from '@tensorflow/tfjs';
import type { LayerSpec } from '../src/engine/spec';
import type { BenchResult } from './cases';

type Size2Like = number | [number, number];
const size2 = (v: Size2Like | undefined, d: number): [number, number] => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]]);

type TfAct = NonNullable<Parameters<typeof TF.layers.dense>[0]['activation']>;
const TF_ACTS = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'elu', 'selu', 'softplus', 'softsign', 'swish']);
/** The tfjs name of an activation (tfjs has no leaky_relu or exponential, and its hardSigmoid is Keras 2's). */
function tfAct(a: string): TfAct {
  if (!TF_ACTS.has(a)) throw new Error(`activation "${a}" has no tfjs equivalent for the comparison`);
  return a as TfAct;
}

/** One tfjs layer for one spec layer: the same hyperparameters and Keras's initialisers. */
export function tfjsLayer(tf: typeof TF, l: LayerSpec, notes: BenchResult['notes']): TF.layers.Layer {
  switch (l.type) {
    case 'Dense':
      return tf.layers.dense({
        units: l.units,
        activation: tfAct(l.activation ?? 'linear'),
        useBias: l.useBias !== false,
        kernelInitializer: 'glorotUniform',
        biasInitializer: 'zeros',
      });
    case 'Activation':
      return tf.layers.activation({ activation: tfAct(l.activation) });
    case 'Flatten':
      return tf.layers.flatten();
    case 'Reshape':
      return tf.layers.reshape({ targetShape: l.targetShape });
    case 'Dropout':
      return tf.layers.dropout({ rate: l.rate });
    case 'Conv2D':
      return tf.layers.conv2d({
        filters: l.filters,
        kernelSize: size2(l.kernelSize, 1),
        strides: size2(l.strides, 1),
        padding: l.padding ?? 'valid',
        activation: tfAct(l.activation ?? 'linear'),
        useBias: l.useBias !== false,
        kernelInitializer: 'glorotUniform',
        biasInitializer: 'zeros',
        dataFormat: 'channelsLast',
      });
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const poolSize = size2(l.poolSize, 2);
      const args = { poolSize, strides: l.strides === undefined ? poolSize : size2(l.strides, 1), padding: l.padding ?? 'valid' } as const;
      return l.type === 'MaxPooling2D' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args);
    }
    case 'GlobalAveragePooling2D':
      return tf.layers.globalAveragePooling2d({});
    case 'BatchNormalization':
      return tf.layers.batchNormalization({ axis: -1, momentum: l.momentum ?? 0.99, epsilon: l.epsilon ?? 1e-3, center: l.center ?? true, scale: l.scale ?? true });
    case 'Conv1D':
      return tf.layers.conv1d({
        filters: l.filters,
        kernelSize: l.kernelSize,
        strides: l.strides ?? 1,
        padding: l.padding ?? 'valid',
        activation: tfAct(l.activation ?? 'linear'),
        useBias: l.useBias !== false,
        kernelInitializer: 'glorotUniform',
        biasInitializer: 'zeros',
      });
    case 'MaxPooling1D':
    case 'AveragePooling1D': {
      const poolSize = l.poolSize ?? 2;
      const args = { poolSize, strides: l.strides ?? poolSize, padding: l.padding ?? 'valid' } as const;
      return l.type === 'MaxPooling1D' ? tf.layers.maxPooling1d(args) : tf.layers.averagePooling1d(args);
    }
    case 'GlobalAveragePooling1D':
      return tf.layers.globalAveragePooling1d({});
    case 'Embedding':
      return tf.layers.embedding({
        inputDim: l.inputDim,
        outputDim: l.outputDim,
        maskZero: l.maskZero ?? false,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }),
      });
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      // tfjs's recurrent defaults differ from Keras (glorotNormal kernels, hardSigmoid gates): set Keras's.
      const common = {
        units: l.units,
        activation: tfAct(l.activation ?? 'tanh'),
        returnSequences: l.returnSequences ?? false,
        useBias: l.useBias !== false,
        kernelInitializer: 'glorotUniform',
        recurrentInitializer: 'orthogonal',
        biasInitializer: 'zeros',
      } as const;
      if (l.type === 'SimpleRNN') return tf.layers.simpleRNN(common);
      if (l.type === 'LSTM') {
        return tf.layers.lstm({ ...common, recurrentActivation: tfAct(l.recurrentActivation ?? 'sigmoid'), unitForgetBias: l.unitForgetBias ?? true });
      }
      // tfjs 4.22's GRU has no resetAfter (its cell throws on true): reset-before, same matmul count.
      notes.gruResetAfter = false;
      return tf.layers.gru({ ...common, recurrentActivation: tfAct(l.recurrentActivation ?? 'sigmoid') });
    }
    default:
      throw new Error(`bench: layer type ${l.type} has no tfjs mapping`);
  }
}
