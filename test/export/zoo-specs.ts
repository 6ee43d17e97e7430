/**
 * The export-corner models as plain specs (no GPU): see zoo.ts for what they reach and
 * zooModel, which trains nothing but runs them on the GPU for the reference predictions.
 */
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type LossName, type ModelSpec } from '../../src/engine/spec';
import { buildGraph } from '../../src/engine/graph';

const spec = (name: string, layers: LayerSpec[], output: string, loss: LossName = 'sparse_categorical_crossentropy'): ModelSpec => ({
  format: SPEC_FORMAT,
  version: SPEC_VERSION,
  name,
  layers,
  output,
  loss,
  optimizer: { type: 'adam' },
});

const IDS_7 = [3, 0, 5, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 4, 5, 0, 0, 0, 9, 8, 0, 0, 0, 0, 0];

export const ZOO: ZooEntry[] = [
  {
    id: 'zoo-conv-dag',
    rows: 3,
    inputShape: [9, 9, 3],
    spec: spec(
      'zoo conv dag',
      [
        { id: 'x', type: 'Input', shape: [9, 9, 3], inputs: [] },
        { id: 'a', type: 'Conv2D', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', inputs: ['x'] },
        { id: 'p', type: 'AveragePooling2D', poolSize: 3, strides: 1, padding: 'same', inputs: ['a'] },
        { id: 'm', type: 'MaxPooling2D', poolSize: 2, padding: 'same', inputs: ['a'] },
        { id: 'b', type: 'Conv2D', filters: 4, kernelSize: [1, 2], padding: 'same', inputs: ['p'] },
        { id: 's', type: 'Add', inputs: ['a', 'b'] },
        { id: 'g', type: 'GlobalAveragePooling2D', inputs: ['s'] },
        { id: 'r', type: 'Reshape', targetShape: [36], inputs: ['m'] },
        { id: 'd1', type: 'Dense', units: 5, activation: 'gelu', inputs: ['r'] },
        { id: 'd2', type: 'Dense', units: 5, activation: 'tanh', inputs: ['g'] },
        { id: 'sum', type: 'Add', inputs: ['d1', 'd2'] },
        { id: 'drop', type: 'Dropout', rate: 0.3, inputs: ['sum'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['drop'] },
      ],
      'out',
    ),
  },
  {
    // Multiply of two images (NCHW in PyTorch/ONNX), of a flattened image with a Dense's output
    // (model.py's (C, H, W) order meets the playground's), and of a layer with itself.
    id: 'zoo-multiply',
    rows: 3,
    inputShape: [6, 6, 3],
    spec: spec(
      'zoo multiply',
      [
        { id: 'x', type: 'Input', shape: [6, 6, 3], inputs: [] },
        { id: 'a', type: 'Conv2D', filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', inputs: ['x'] },
        { id: 'g', type: 'Conv2D', filters: 4, kernelSize: 1, activation: 'sigmoid', inputs: ['x'] },
        { id: 'm', type: 'Multiply', inputs: ['a', 'g'] },
        { id: 'p', type: 'MaxPooling2D', poolSize: 2, inputs: ['m'] },
        { id: 'f', type: 'Flatten', inputs: ['p'] },
        { id: 'd', type: 'Dense', units: 36, activation: 'sigmoid', inputs: ['f'] },
        { id: 'gate', type: 'Multiply', inputs: ['f', 'd'] },
        { id: 'sq', type: 'Multiply', inputs: ['gate', 'gate'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['sq'] },
      ],
      'out',
    ),
  },
  {
    // Concatenate of images on the channels (NCHW axis 1 in PyTorch/ONNX) and on the height, of a
    // flattened image with a Dense's output (model.py's (C, H, W) order meets the playground's),
    // and of sequences on the time axis.
    id: 'zoo-concatenate',
    rows: 3,
    inputShape: [6, 6, 3],
    spec: spec(
      'zoo concatenate',
      [
        { id: 'x', type: 'Input', shape: [6, 6, 3], inputs: [] },
        { id: 'a', type: 'Conv2D', filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', inputs: ['x'] },
        { id: 'ch', type: 'Concatenate', inputs: ['a', 'x', 'a'] },
        { id: 'b', type: 'Conv2D', filters: 2, kernelSize: 3, strides: 2, inputs: ['ch'] },
        { id: 'c', type: 'Conv2D', filters: 2, kernelSize: [1, 3], strides: [1, 2], inputs: ['x'] },
        { id: 'rows', type: 'Concatenate', axis: 1, inputs: ['b', 'c'] },
        { id: 'f', type: 'Flatten', inputs: ['rows'] },
        { id: 'd', type: 'Dense', units: 17, activation: 'tanh', inputs: ['f'] },
        { id: 'fd', type: 'Concatenate', axis: -1, inputs: ['f', 'd'] },
        { id: 'seq', type: 'Reshape', targetShape: [7, 7], inputs: ['fd'] },
        { id: 'e', type: 'Dense', units: 7, activation: 'sigmoid', inputs: ['seq'] },
        { id: 'time', type: 'Concatenate', axis: 1, inputs: ['seq', 'e'] },
        { id: 'ft', type: 'Flatten', inputs: ['time'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['ft'] },
      ],
      'out',
    ),
  },
  {
    // ZeroPadding2D in every form (asymmetric pairs, one number, [height, width]) around convolutions.
    id: 'zoo-zero-padding',
    rows: 3,
    inputShape: [5, 5, 2],
    spec: spec(
      'zoo zero padding',
      [
        { id: 'x', type: 'Input', shape: [5, 5, 2], inputs: [] },
        { id: 'p1', type: 'ZeroPadding2D', padding: [[1, 0], [2, 1]], inputs: ['x'] },
        { id: 'a', type: 'Conv2D', filters: 3, kernelSize: 3, activation: 'tanh', inputs: ['p1'] },
        { id: 'p2', type: 'ZeroPadding2D', padding: 1, inputs: ['a'] },
        { id: 'b', type: 'Conv2D', filters: 2, kernelSize: [2, 3], strides: 2, inputs: ['p2'] },
        { id: 'p3', type: 'ZeroPadding2D', padding: [0, 2], inputs: ['b'] },
        { id: 'm', type: 'MaxPooling2D', poolSize: [1, 2], inputs: ['p3'] },
        { id: 'g', type: 'GlobalAveragePooling2D', inputs: ['m'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['g'] },
      ],
      'out',
    ),
  },
  {
    // UpSampling2D (default 2, [height, width], after a stride-2 convolution) joined with the
    // image it came from and averaged; nearest in every format.
    id: 'zoo-upsampling',
    rows: 3,
    inputShape: [6, 6, 2],
    spec: spec(
      'zoo upsampling',
      [
        { id: 'x', type: 'Input', shape: [6, 6, 2], inputs: [] },
        { id: 'a', type: 'Conv2D', filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh', inputs: ['x'] },
        { id: 'up', type: 'UpSampling2D', inputs: ['a'] },
        { id: 'b', type: 'Conv2D', filters: 3, kernelSize: 1, inputs: ['x'] },
        { id: 'sum', type: 'Add', inputs: ['up', 'b'] },
        { id: 'c', type: 'Conv2D', filters: 2, kernelSize: 3, strides: 2, inputs: ['sum'] },
        { id: 'up2', type: 'UpSampling2D', size: [1, 3], inputs: ['c'] },
        { id: 'g', type: 'GlobalAveragePooling2D', inputs: ['up2'] },
        { id: 'm', type: 'MaxPooling2D', poolSize: [2, 6], inputs: ['up2'] },
        { id: 'mf', type: 'Reshape', targetShape: [2], inputs: ['m'] },
        { id: 'gm', type: 'Add', inputs: ['g', 'mf'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['gm'] },
      ],
      'out',
    ),
  },
  {
    // Conv1D 'same' with stride 2 (pads 0 before, 1 after), overlapping MaxPooling1D 'same', a
    // valid Conv1D dilated by 2 with gelu and no bias, AveragePooling1D 'same' (a last window of
    // one real step), Flatten of the sequence.
    id: 'zoo-conv1d',
    rows: 3,
    inputShape: [12, 3],
    spec: spec(
      'zoo conv1d',
      [
        { id: 'x', type: 'Input', shape: [12, 3], inputs: [] },
        { id: 'a', type: 'Conv1D', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh', inputs: ['x'] },
        { id: 'm', type: 'MaxPooling1D', poolSize: 3, strides: 1, padding: 'same', inputs: ['a'] },
        { id: 'b', type: 'Conv1D', filters: 3, kernelSize: 2, dilationRate: 2, activation: 'gelu', useBias: false, inputs: ['m'] },
        { id: 'p', type: 'AveragePooling1D', poolSize: 2, padding: 'same', inputs: ['b'] },
        { id: 'f', type: 'Flatten', inputs: ['p'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['f'] },
      ],
      'out',
    ),
  },
  {
    // GlobalMaxPooling2D of a convolution and GlobalMaxPooling1D of the image's rows as a
    // sequence [6, 12] (per-step Dense), joined: ReduceMax / GlobalMaxPool / amax in every format.
    id: 'zoo-global-max',
    rows: 3,
    inputShape: [6, 6, 2],
    spec: spec(
      'zoo global max',
      [
        { id: 'x', type: 'Input', shape: [6, 6, 2], inputs: [] },
        { id: 'a', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', inputs: ['x'] },
        { id: 'g2', type: 'GlobalMaxPooling2D', inputs: ['a'] },
        { id: 'rows', type: 'Reshape', targetShape: [6, 12], inputs: ['x'] },
        { id: 'd', type: 'Dense', units: 4, activation: 'tanh', inputs: ['rows'] },
        { id: 'g1', type: 'GlobalMaxPooling1D', inputs: ['d'] },
        { id: 'cat', type: 'Concatenate', inputs: ['g2', 'g1'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['cat'] },
      ],
      'out',
    ),
  },
  {
    // Causal Conv1D (stride 1 dilated by 2, then stride 2 with softmax over the filters), default
    // pooling, GlobalAveragePooling1D. TF.js cannot run causal Conv1D (its export refuses it).
    id: 'zoo-conv1d-causal',
    rows: 3,
    inputShape: [9, 2],
    spec: spec(
      'zoo conv1d causal',
      [
        { id: 'x', type: 'Input', shape: [9, 2], inputs: [] },
        { id: 'a', type: 'Conv1D', filters: 3, kernelSize: 3, padding: 'causal', dilationRate: 2, activation: 'relu', inputs: ['x'] },
        { id: 'b', type: 'Conv1D', filters: 4, kernelSize: 2, strides: 2, padding: 'causal', activation: 'softmax', inputs: ['a'] },
        { id: 'p', type: 'MaxPooling1D', inputs: ['b'] },
        { id: 'g', type: 'GlobalAveragePooling1D', inputs: ['p'] },
        { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['g'] },
      ],
      'out',
    ),
  },
  {
    // The training-only random layers, identities at inference in every format: SpatialDropout2D
    // after a convolution, GaussianNoise on the image, SpatialDropout1D on the rows as a sequence.
    id: 'zoo-noise',
    rows: 3,
    inputShape: [6, 6, 2],
    spec: spec(
      'zoo noise',
      [
        { id: 'x', type: 'Input', shape: [6, 6, 2], inputs: [] },
        { id: 'noisy', type: 'GaussianNoise', stddev: 0.2, inputs: ['x'] },
        { id: 'a', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', inputs: ['noisy'] },
        { id: 'sd2', type: 'SpatialDropout2D', rate: 0.3, inputs: ['a'] },
        { id: 'g2', type: 'GlobalMaxPooling2D', inputs: ['sd2'] },
        { id: 'rows', type: 'Reshape', targetShape: [6, 12], inputs: ['x'] },
        { id: 'd', type: 'Dense', units: 4, activation: 'tanh', inputs: ['rows'] },
        { id: 'sd1', type: 'SpatialDropout1D', rate: 0.25, inputs: ['d'] },
        { id: 'g1', type: 'GlobalAveragePooling1D', inputs: ['sd1'] },
        { id: 'cat', type: 'Concatenate', inputs: ['g2', 'g1'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['cat'] },
      ],
      'out',
    ),
  },
  {
    // Conv2D with a dilation rate: 2 with 'same' padding (pads 2 on every side), [2, 1] 'valid'
    // with a [2, 3] kernel.
    id: 'zoo-conv2d-dilated',
    rows: 3,
    inputShape: [7, 7, 2],
    spec: spec(
      'zoo conv2d dilated',
      [
        { id: 'x', type: 'Input', shape: [7, 7, 2], inputs: [] },
        { id: 'a', type: 'Conv2D', filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu', inputs: ['x'] },
        { id: 'b', type: 'Conv2D', filters: 3, kernelSize: [2, 3], dilationRate: [2, 1], activation: 'tanh', inputs: ['a'] },
        { id: 'g', type: 'GlobalAveragePooling2D', inputs: ['b'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['g'] },
      ],
      'out',
    ),
  },
  {
    // PReLU with every sharing: per channel of an image ([1, 2]), per value of an image and of a
    // flat vector (Keras's default), per feature of a sequence ([1]); its alphas seeded non-zero (zoo.ts).
    id: 'zoo-prelu',
    rows: 3,
    inputShape: [6, 6, 2],
    spec: spec(
      'zoo prelu',
      [
        { id: 'x', type: 'Input', shape: [6, 6, 2], inputs: [] },
        { id: 'a', type: 'Conv2D', filters: 3, kernelSize: 3, padding: 'same', inputs: ['x'] },
        { id: 'pa', type: 'PReLU', sharedAxes: [1, 2], inputs: ['a'] },
        { id: 'b', type: 'Conv2D', filters: 2, kernelSize: 3, strides: 2, inputs: ['pa'] },
        { id: 'pb', type: 'PReLU', inputs: ['b'] },
        { id: 'f', type: 'Flatten', inputs: ['pb'] },
        { id: 'rows', type: 'Reshape', targetShape: [6, 12], inputs: ['x'] },
        { id: 'd', type: 'Dense', units: 4, inputs: ['rows'] },
        { id: 'pd', type: 'PReLU', sharedAxes: [1], inputs: ['d'] },
        { id: 'g1', type: 'GlobalMaxPooling1D', inputs: ['pd'] },
        { id: 'cat', type: 'Concatenate', inputs: ['f', 'g1'] },
        { id: 'e', type: 'Dense', units: 5, inputs: ['cat'] },
        { id: 'pe', type: 'PReLU', inputs: ['e'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pe'] },
      ],
      'out',
    ),
  },
  {
    // BatchNormalization on an image's channels (after a bias-free convolution), after Dense (other
    // momentum and epsilon) and on a [T, F] sequence; seeded moving statistics (zooModel), evaluation
    // mode everywhere.
    id: 'zoo-batchnorm',
    rows: 3,
    inputShape: [6, 6, 2],
    spec: spec(
      'zoo batchnorm',
      [
        { id: 'x', type: 'Input', shape: [6, 6, 2], inputs: [] },
        { id: 'c', type: 'Conv2D', filters: 3, kernelSize: 3, useBias: false, inputs: ['x'] },
        { id: 'bn', type: 'BatchNormalization', inputs: ['c'] },
        { id: 'r', type: 'Activation', activation: 'relu', inputs: ['bn'] },
        { id: 'p', type: 'MaxPooling2D', inputs: ['r'] },
        { id: 'f', type: 'Flatten', inputs: ['p'] },
        { id: 'd', type: 'Dense', units: 6, inputs: ['f'] },
        { id: 'bn2', type: 'BatchNormalization', momentum: 0.9, epsilon: 0.01, inputs: ['d'] },
        { id: 'seq', type: 'Reshape', targetShape: [3, 2], inputs: ['bn2'] },
        { id: 'bn3', type: 'BatchNormalization', inputs: ['seq'] },
        { id: 'sf', type: 'Flatten', inputs: ['bn3'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['sf'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-gru-masked',
    rows: 5,
    inputShape: [7],
    ids: IDS_7,
    spec: spec(
      'zoo gru masked',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 6, maskZero: true, inputs: ['ids'] },
        { id: 'drop', type: 'Dropout', rate: 0.2, inputs: ['emb'] },
        { id: 'gru', type: 'GRU', units: 5, returnSequences: true, inputs: ['drop'] },
        { id: 'flat', type: 'Flatten', inputs: ['gru'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['flat'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-lstm-masked-seq',
    rows: 5,
    inputShape: [7],
    ids: IDS_7,
    spec: spec(
      'zoo lstm masked seq',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 4, maskZero: true, inputs: ['ids'] },
        { id: 'lstm', type: 'LSTM', units: 3, returnSequences: true, inputs: ['emb'] },
        { id: 'flat', type: 'Flatten', inputs: ['lstm'] },
        { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['flat'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-bidirectional',
    rows: 5,
    inputShape: [7],
    ids: IDS_7,
    spec: spec(
      'zoo bidirectional',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 4, maskZero: true, inputs: ['ids'] },
        { id: 'bi', type: 'Bidirectional', layer: { type: 'LSTM', units: 3, returnSequences: true }, inputs: ['emb'] },
        { id: 'flat', type: 'Flatten', inputs: ['bi'] },
        { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['flat'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-bidirectional-sum',
    rows: 5,
    inputShape: [7],
    ids: IDS_7,
    spec: spec(
      'zoo bidirectional sum',
      [
        { id: 'ids', type: 'Input', shape: [7], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 4, maskZero: true, inputs: ['ids'] },
        { id: 'bi', type: 'Bidirectional', layer: { type: 'SimpleRNN', units: 3 }, mergeMode: 'sum', inputs: ['emb'] },
        { id: 'out', type: 'Dense', units: 2, activation: 'softmax', inputs: ['bi'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-rnn-float',
    rows: 4,
    inputShape: [5, 3],
    spec: spec(
      'zoo rnn float',
      [
        { id: 'seq', type: 'Input', shape: [5, 3], inputs: [] },
        { id: 'rnn', type: 'SimpleRNN', units: 4, activation: 'relu', returnSequences: true, inputs: ['seq'] },
        { id: 'lstm', type: 'LSTM', units: 3, inputs: ['rnn'] },
        { id: 'out', type: 'Dense', units: 2, inputs: ['lstm'] },
      ],
      'out',
      'mse',
    ),
  },
];

const IDS_8 = [3, 0, 5, 0, 0, 7, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 4, 5, 0, 9, 0, 0, 9, 8, 0, 0, 0, 0, 0, 1];

/**
 * Attention corners beyond attention-zoo.ts's ATTENTION_ZOO (build them with its
 * zooModel: seeded weights, non-trivial LayerNorm γ/β): queries that see no key (a row of
 * only padding, leading padding under a causal mask; the playground outputs 0 there, which Keras
 * and TF.js do not reproduce; zoo-attn-cross flattens them into its output, where a masked average
 * would hide them), the masked average over a row of only padding (0), a key-padding mask reaching
 * MultiHeadAttention's value input through a Dense while its query comes from another attention
 * layer, causal cross-attention with TQ > TK (top-left aligned), heads wider
 * than the model (2 heads x 8 over D = 8, no biases), gelu as an Activation layer, and
 * LayerNormalization and Dense over an image's channels ([H, W, C]: PyTorch and ONNX hold it NCHW).
 */
export const ATTENTION_EDGE_ZOO: typeof ZOO = [
  {
    id: 'zoo-attn-self',
    rows: 4,
    inputShape: [6, 8],
    spec: spec(
      'zoo attention self',
      [
        { id: 'seq', type: 'Input', shape: [6, 8], inputs: [] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 8, useBias: false, inputs: ['seq'] },
        { id: 'res', type: 'Add', inputs: ['seq', 'mha'] },
        { id: 'ln', type: 'LayerNormalization', epsilon: 1e-5, inputs: ['res'] },
        { id: 'act', type: 'Activation', activation: 'gelu', inputs: ['ln'] },
        { id: 'pool', type: 'GlobalAveragePooling1D', inputs: ['act'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pool'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-attn-masked',
    rows: 5,
    inputShape: [8],
    ids: IDS_8,
    spec: spec(
      'zoo attention masked',
      [
        { id: 'ids', type: 'Input', shape: [8], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 8, maskZero: true, inputs: ['ids'] },
        { id: 'pos', type: 'PositionEmbedding', inputs: ['emb'] },
        { id: 'drop', type: 'Dropout', rate: 0.2, inputs: ['pos'] },
        { id: 'mha', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, inputs: ['drop'] },
        { id: 'res', type: 'Add', inputs: ['drop', 'mha'] },
        { id: 'ln', type: 'LayerNormalization', epsilon: 0.01, inputs: ['res'] },
        { id: 'ffn', type: 'Dense', units: 8, activation: 'gelu', inputs: ['ln'] },
        { id: 'mha_causal', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, causal: true, inputs: ['ffn'] },
        { id: 'pool', type: 'GlobalAveragePooling1D', inputs: ['mha_causal'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['pool'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-attn-cross',
    rows: 5,
    inputShape: [8],
    ids: IDS_8,
    spec: spec(
      'zoo attention cross',
      [
        { id: 'ids', type: 'Input', shape: [8], dtype: 'int32', inputs: [] },
        { id: 'emb', type: 'Embedding', inputDim: 12, outputDim: 8, maskZero: true, inputs: ['ids'] },
        { id: 'memory', type: 'Reshape', targetShape: [4, 16], inputs: ['emb'] },
        { id: 'cross', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, inputs: ['emb', 'memory'] },
        { id: 'cross_causal', type: 'MultiHeadAttention', numHeads: 1, keyDim: 8, causal: true, inputs: ['cross', 'memory'] },
        { id: 'keys', type: 'Dense', units: 12, activation: 'tanh', inputs: ['emb'] },
        // Causal and key-padded: leading padding leaves the first queries without a key (Flatten shows them).
        { id: 'cross_masked', type: 'MultiHeadAttention', numHeads: 2, keyDim: 4, causal: true, inputs: ['cross_causal', 'keys'] },
        { id: 'flat', type: 'Flatten', inputs: ['cross_masked'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['flat'] },
      ],
      'out',
    ),
  },
  {
    id: 'zoo-norm-image',
    rows: 3,
    inputShape: [5, 5, 3],
    spec: spec(
      'zoo norm image',
      [
        { id: 'img', type: 'Input', shape: [5, 5, 3], inputs: [] },
        { id: 'conv', type: 'Conv2D', filters: 4, kernelSize: 3, padding: 'same', inputs: ['img'] },
        { id: 'ln', type: 'LayerNormalization', inputs: ['conv'] },
        { id: 'pixels', type: 'Dense', units: 6, activation: 'gelu', inputs: ['ln'] },
        { id: 'flat', type: 'Flatten', inputs: ['pixels'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['flat'] },
      ],
      'out',
    ),
  },
];

/** What a zoo model is built from: its spec, input shape and rows (token ids, or seeded floats when absent). */
export interface ZooEntry {
  id: string;
  spec: ModelSpec;
  inputShape: number[];
  /** Token ids, row-major [rows, ...inputShape]. */
  ids?: number[];
  rows: number;
}

/** The output shape of one sample ([units], or [T, classes] per position). */
export function sampleOutputShape(s: ModelSpec): number[] {
  return [...buildGraph(s).output.out.shape];
}
