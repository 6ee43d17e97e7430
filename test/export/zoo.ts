/**
 * Small models beyond the presets that reach every corner of the export formats: a DAG with Add
 * (Keras's layer order), Conv2D 'same' with stride 2 (asymmetric pads), pooling with 'same',
 * GlobalAveragePooling2D, Reshape, gelu, GRU, SimpleRNN(relu), Bidirectional (concat and sum),
 * returnSequences, and Embedding maskZero with padding in the middle, at the start and a row of
 * only padding. Untrained (seeded init): the playground's predictions are the reference.
 */
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type LossName, type ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { Trainer } from '../../src/engine/trainer';
import { trainedModel, type TrainedModel } from '../../src/io/trained-model';
import { gpu, seededArray } from '../helpers/gpu';

export interface ZooModel {
  id: string;
  model: TrainedModel;
  inputs: Dataset;
  predictions: Float32Array;
  outputs: number;
  conv: boolean;
}

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

export const ZOO: { id: string; spec: ModelSpec; inputShape: number[]; ids?: number[]; rows: number }[] = [
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

/** The zoo model with seeded weights and the playground's predictions on fixed inputs. */
export async function zooModel(z: (typeof ZOO)[number]): Promise<ZooModel> {
  const layout = layoutParams(buildGraph(z.spec));
  const params = initParams(layout, 7);
  // Non-zero biases so bias layouts are checked too.
  for (const e of layout.entries) if (e.name.endsWith('bias')) params.set(seededArray(e.length, e.offset + 1, -0.5, 0.5), e.offset);
  const per = z.inputShape.reduce((a, b) => a * b, 1);
  const x = z.ids ? Int32Array.from(z.ids.slice(0, z.rows * per)) : seededArray(z.rows * per, 11, -1, 1);
  const regression = z.spec.loss === 'mse';
  const units = (z.spec.layers.find((l) => l.id === z.spec.output) as { units: number }).units;
  const inputs: Dataset = {
    name: z.id,
    task: regression ? 'regression' : 'classification',
    n: z.rows,
    inputShape: z.inputShape,
    inputDtype: z.ids ? 'int32' : 'float32',
    x,
    y: regression ? new Float32Array(z.rows * units) : new Int32Array(z.rows),
    targetShape: regression ? [units] : [],
    numClasses: regression ? undefined : units,
  };
  const { device, pipelines } = await gpu();
  const trainer = await Trainer.create(device, pipelines, z.spec, { train: inputs }, { batchSize: 4, epochs: 1, seed: 1 });
  try {
    trainer.writeParams(params);
    const predictions = await trainer.predict(inputs);
    return { id: z.id, model: trainedModel(z.spec, params), inputs, predictions, outputs: predictions.length / z.rows, conv: z.spec.layers.some((l) => l.type === 'Conv2D') };
  } finally {
    trainer.destroy();
  }
}
