/**
 * The PyTorch state_dict table: for each layer type, the names and layouts its engine parameters
 * take in the generated model.py's state_dict (src/io/state-dict.ts reads and writes the tensors,
 * expected-shapes.ts checks a file's header against them). Names are `<layer id>.<suffix>`:
 *   Dense                nn.Linear: `weight` [out, in] (the engine's [in, out] transposed), `bias`;
 *                        after a Flatten of an image its columns are in PyTorch's (C, H, W) flatten
 *                        order (flatten-layout.ts), as in the model a PyTorch user writes
 *   Conv2D               nn.Conv2d: `weight` [Cout, Cin, KH, KW] (engine [KH, KW, Cin, Cout]), `bias`
 *   Conv1D               nn.Conv1d: `weight` [Cout, Cin, K] (engine [K, Cin, Cout]), `bias`
 *   Embedding            nn.Embedding `weight` [V, D], the same layout
 *   SimpleRNN, LSTM, GRU, Bidirectional   nn.RNN / nn.LSTM / nn.GRU (`weight_ih_l0`, ...): their gate
 *                        orders and split biases differ from the engine's, see ../recurrent-layout.ts
 *   LayerNormalization   nn.LayerNorm: γ -> `weight`, β -> `bias`
 *   BatchNormalization   nn.BatchNorm1d/2d: γ -> `weight`, β -> `bias`, moving_mean -> `running_mean`,
 *                        moving_variance -> `running_var`, and PyTorch's own `num_batches_tracked`
 *                        (a scalar the engine has no counterpart of: written as F32 0, which
 *                        load_state_dict casts into its int64 buffer; only read with momentum=None,
 *                        never by model.py; ignored on import)
 *   PositionEmbedding    the learned table `weight` [T, D] (sinusoidal: no parameters)
 *   MultiHeadAttention   four nn.Linear: `query_weight` [D, H*dk] -> `query.weight` [H*dk, D]
 *                        (transposed like Dense), `query_bias` -> `query.bias`; key, value, output alike
 * Layers without parameters have the empty row.
 */
import type { ParamEntry } from '../../engine/params';
import type { LayerType } from '../../engine/spec';
import type { LayerTable } from '../layer-table';

/** How an engine tensor is laid out in PyTorch: unchanged, a transposed [in, out] kernel, or a Conv2d kernel. */
export type TorchLayout = 'same' | 'linear' | 'conv';

export interface StateDictRow {
  /** The whole layer is an nn.RNN / nn.LSTM / nn.GRU (names and layouts from recurrent-layout.ts). */
  recurrent?: true;
  /** The state_dict suffix of an engine entry (default: the entry's name). */
  name?: (entry: string) => string;
  /** The layout of an engine entry (default: 'same'). */
  layout?: (entry: string) => TorchLayout;
  /** Scalar state_dict entries PyTorch keeps that the engine does not (written as 0, ignored on import). */
  extras?: readonly string[];
}

const NO_PARAMS: StateDictRow = {};
const SAME: StateDictRow = {};
const RECURRENT: StateDictRow = { recurrent: true };
const KERNEL_AND_BIAS = (kernel: TorchLayout): StateDictRow => ({ layout: (e) => (e === 'weight' ? kernel : 'same') });

export const STATE_DICT_LAYERS: LayerTable<StateDictRow> = {
  Input: NO_PARAMS,
  Dense: KERNEL_AND_BIAS('linear'),
  Activation: NO_PARAMS,
  LeakyReLU: NO_PARAMS,
  ELU: NO_PARAMS,
  Add: NO_PARAMS,
  Multiply: NO_PARAMS,
  Concatenate: NO_PARAMS,
  ZeroPadding2D: NO_PARAMS,
  UpSampling2D: NO_PARAMS,
  Flatten: NO_PARAMS,
  Reshape: NO_PARAMS,
  Conv2D: KERNEL_AND_BIAS('conv'),
  MaxPooling2D: NO_PARAMS,
  AveragePooling2D: NO_PARAMS,
  GlobalAveragePooling2D: NO_PARAMS,
  Conv1D: KERNEL_AND_BIAS('conv'),
  MaxPooling1D: NO_PARAMS,
  AveragePooling1D: NO_PARAMS,
  Dropout: NO_PARAMS,
  Embedding: SAME,
  SimpleRNN: RECURRENT,
  LSTM: RECURRENT,
  GRU: RECURRENT,
  Bidirectional: RECURRENT,
  LayerNormalization: { name: (e) => (e === 'gamma' ? 'weight' : 'bias') },
  BatchNormalization: { name: (e) => BATCHNORM_NAMES[e] ?? e, extras: ['num_batches_tracked'] },
  PositionEmbedding: SAME,
  GlobalAveragePooling1D: NO_PARAMS,
  MultiHeadAttention: { name: (e) => e.replace(/_(weight|bias)$/, '.$1'), layout: (e) => (e.endsWith('_weight') ? 'linear' : 'same') },
  GlobalMaxPooling1D: NO_PARAMS,
  GlobalMaxPooling2D: NO_PARAMS,
  SpatialDropout1D: NO_PARAMS,
  SpatialDropout2D: NO_PARAMS,
  GaussianNoise: NO_PARAMS,
  // prelu_layers.py's PReLU: `weight` (alpha) in the engine's channels-last shape.
  PReLU: SAME,
};

/** The state_dict table of one BatchNormalization entry's name. */
const BATCHNORM_NAMES: Record<string, string> = { gamma: 'weight', beta: 'bias', moving_mean: 'running_mean', moving_variance: 'running_var' };

/** The extra scalar state_dict names of a layer (`<id>.num_batches_tracked`), shape []. */
export function torchExtras(layerId: string, layerType: string): string[] {
  return (row(layerType).extras ?? []).map((x) => `${layerId}.${x}`);
}

/** The row of a parameter entry's layer type (ParamEntry.layerType is a LayerType; none is refused). */
function row(type: string): StateDictRow {
  return STATE_DICT_LAYERS[type as LayerType] as StateDictRow;
}

/** Whether the layer type's parameters go through recurrent-layout.ts. */
export const isRecurrentTorch = (type: string): boolean => row(type).recurrent === true;

/** The state_dict name of one engine parameter (not recurrent layers: see recurrent-layout.ts). */
export function torchName(e: ParamEntry): string {
  const r = row(e.layerType);
  return `${e.layer}.${r.name ? r.name(e.name) : e.name}`;
}

/** The layout of one engine parameter in PyTorch. */
export function torchLayout(e: ParamEntry): TorchLayout {
  return row(e.layerType).layout?.(e.name) ?? 'same';
}

/** The PyTorch shape of one engine parameter. */
export function torchShape(e: ParamEntry): number[] {
  const layout = torchLayout(e);
  if (layout === 'linear') return [e.shape[1], e.shape[0]];
  if (layout === 'conv' && e.shape.length === 3) {
    const [K, CI, CO] = e.shape;
    return [CO, CI, K];
  }
  if (layout === 'conv') {
    const [KH, KW, CI, CO] = e.shape;
    return [CO, CI, KH, KW];
  }
  return [...e.shape];
}
