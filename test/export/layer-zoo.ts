/**
 * The layer zoo: one image model through the layers the presets do not reach ('same' padding with
 * stride 2 and even kernels, average pooling over padded windows, global average pooling, Add,
 * Dropout, Flatten to Dense, Reshape to an image and back, an Activation output layer). Its own
 * file so that the PyTorch tests (pytorch-layers, pytorch-plain) share it.
 */
import { sequential, type ModelSpec } from '../../src/engine/spec';

export function layerZoo(): ModelSpec {
  return sequential(
    'layer zoo',
    [
      { id: 'input', type: 'Input', shape: [8, 8, 3] },
      { id: 'conv_a', type: 'Conv2D', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
      { id: 'conv_b', type: 'Conv2D', filters: 4, kernelSize: [4, 2], padding: 'same', activation: 'tanh' },
      { id: 'add', type: 'Add', inputs: ['conv_a', 'conv_b'] },
      { id: 'avg', type: 'AveragePooling2D', poolSize: 3, strides: 2, padding: 'same', inputs: ['add'] },
      { id: 'maxp', type: 'MaxPooling2D', poolSize: 2, strides: 1, padding: 'same', inputs: ['add'] },
      { id: 'gap', type: 'GlobalAveragePooling2D', inputs: ['maxp'] },
      { id: 'flatten', type: 'Flatten', inputs: ['avg'] },
      { id: 'dense_f', type: 'Dense', units: 4, activation: 'sigmoid' },
      { id: 'add2', type: 'Add', inputs: ['gap', 'dense_f'] },
      { id: 'dropout', type: 'Dropout', rate: 0.3 },
      { id: 'reshape', type: 'Reshape', targetShape: [2, 2, 1] },
      { id: 'conv_c', type: 'Conv2D', filters: 2, kernelSize: 2, padding: 'same', useBias: false },
      { id: 'flatten_1', type: 'Flatten' },
      { id: 'dense_out', type: 'Dense', units: 3 },
      { id: 'softmax', type: 'Activation', activation: 'softmax' },
    ],
    'sparse_categorical_crossentropy',
    { type: 'adam' },
  );
}

/**
 * A flattened image read by more than a Dense: model.py flattens NCHW ((C, H, W) order), gives the
 * Dense permuted columns, and gives the playground's (H, W, C) order back to an Add with a Dense's
 * output and to a LayerNormalization (whose γ and β are in the playground's order).
 */
export function flattenZoo(): ModelSpec {
  return sequential(
    'flatten zoo',
    [
      { id: 'input', type: 'Input', shape: [8, 8, 3] },
      { id: 'conv', type: 'Conv2D', filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
      { id: 'flat', type: 'Flatten' },
      { id: 'act', type: 'Activation', activation: 'tanh' },
      { id: 'dense', type: 'Dense', units: 32, activation: 'sigmoid' },
      { id: 'mix', type: 'Add', inputs: ['flat', 'dense'] },
      { id: 'norm', type: 'LayerNormalization', inputs: ['act'] },
      { id: 'sum', type: 'Add', inputs: ['mix', 'norm'] },
      { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
    ],
    'sparse_categorical_crossentropy',
    { type: 'adam' },
  );
}
