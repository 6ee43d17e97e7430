/**
 * The TF.js import table: for each layer type, the Keras / tfjs classes read back as it (from a
 * layers topology, topology-to-spec.ts) and how their config fields become the spec's, and which
 * fields the composite metadata of our own export may give (composite-import.ts). Untrusted input:
 * every field is type-checked and each problem is reported with the layer name and field.
 * The export's table is tfjs-layers.ts.
 */
import { ELU_DEFAULT_ALPHA, LEAKY_RELU_DEFAULT_SLOPE } from '../../engine/layers/leaky-elu';
import type { Activation, InputLayer, LayerSpec, LayerType, UpSampling2DLayer } from '../../engine/spec';
import { ACTIVATIONS } from '../../engine/spec';
import { isRefusal, type LayerOf, type Refusal } from '../layer-table';
import { showJson } from './show-json';
import { pads2d } from '../../engine/layers/zero-padding2d';
import { upsampleSize } from '../../engine/layers/upsampling2d';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const show = (v: unknown) => showJson(v);

export type Report = (field: string, msg: string) => void;

/** Other spellings of the same function: Keras 3 saves swish as 'silu'. */
const ACTIVATION_ALIASES: Record<string, Activation> = { silu: 'swish' };

function act(cfg: Json, key: string, dflt: Activation, p: Report): Activation {
  const raw = cfg[key] ?? dflt;
  const v = typeof raw === 'string' ? (ACTIVATION_ALIASES[raw] ?? raw) : raw;
  if (typeof v !== 'string' || !ACTIVATIONS.includes(v as Activation)) {
    p(key, `unsupported activation ${show(v)}; the playground has ${ACTIVATIONS.join(', ')}`);
    return dflt;
  }
  return v as Activation;
}

function num(cfg: Json, key: string, dflt: number, ok: (v: number) => boolean, what: string, p: Report): number {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
    p(key, `must be a number ${what} (got ${show(v)})`);
    return dflt;
  }
  return v;
}

function bool(cfg: Json, key: string, dflt: boolean, p: Report): boolean {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'boolean') {
    p(key, `must be true or false (got ${show(v)})`);
    return dflt;
  }
  return v;
}

function posInt(cfg: Json, key: string, p: Report): number {
  const v = cfg[key];
  if (!isPosInt(v)) {
    p(key, `must be a positive whole number (got ${show(v)})`);
    return 1;
  }
  return v;
}

function pair(cfg: Json, key: string, dflt: [number, number] | null, p: Report): [number, number] {
  const v = cfg[key] ?? dflt;
  const a = isPosInt(v) ? [v, v] : v;
  if (!Array.isArray(a) || a.length !== 2 || !a.every(isPosInt)) {
    p(key, `must be a positive whole number or a pair of them (got ${show(v)})`);
    return [1, 1];
  }
  return [a[0], a[1]];
}

function padding(cfg: Json, p: Report): 'valid' | 'same' {
  const v = cfg.padding ?? 'valid';
  if (v !== 'valid' && v !== 'same') {
    p('padding', `must be "valid" or "same" (got ${show(v)})`);
    return 'valid';
  }
  return v;
}

function channelsLast(cfg: Json, p: Report): void {
  if (cfg.data_format !== undefined && cfg.data_format !== null && cfg.data_format !== 'channels_last') p('data_format', `only channels_last is supported (got ${show(cfg.data_format)})`);
}

function noRecurrentExtras(cfg: Json, p: Report): void {
  for (const k of ['go_backwards', 'stateful', 'return_state']) if (cfg[k] === true) p(k, 'is not supported');
  for (const k of ['dropout', 'recurrent_dropout']) if (cfg[k] !== undefined && cfg[k] !== 0) p(k, `is not supported (got ${show(cfg[k])})`);
}

export function readInput(cfg: Json, name: string, problems: string[]): InputLayer | null {
  const shape = cfg.batch_input_shape ?? cfg.batch_shape;
  if (!Array.isArray(shape) || shape.length < 2 || !shape.slice(1).every(isPosInt)) {
    problems.push(`layer "${name}" (InputLayer) batch_input_shape: must be [null, positive whole numbers...] (got ${show(shape)})`);
    return null;
  }
  const dt = cfg.dtype ?? 'float32';
  if (dt !== 'float32' && dt !== 'int32') {
    problems.push(`layer "${name}" (InputLayer) dtype: must be float32 or int32 (got ${show(dt)})`);
    return null;
  }
  return { id: name, type: 'Input', shape: shape.slice(1) as number[], dtype: dt, inputs: [] };
}

export interface TfjsReadRow<L extends LayerSpec> {
  /** The Keras / tfjs classes read as this layer type (none: only as a composite of our own export). */
  classes?: readonly string[];
  /** The layer from one of those classes' config (`cls` names which); problems go to `p` / `problems`. */
  read?(cfg: Json, id: string, p: Report, problems: string[], cls: string): L | null;
  /** The fields the composite metadata of our own export may give (composite-import.ts). */
  composite?: Readonly<Record<string, 'number' | 'boolean' | 'string'>>;
}

export type TfjsReadTable = { readonly [T in LayerType]: TfjsReadRow<LayerOf<T>> | Refusal };

const RECURRENT_CELLS = ['SimpleRNN', 'LSTM', 'GRU'];

export const TFJS_READ_LAYERS: TfjsReadTable = {
  Input: { classes: ['InputLayer'], read: (cfg, id, _p, problems) => readInput(cfg, id, problems) },
  Dense: { classes: ['Dense'], read: (cfg, id, p) => ({ id, type: 'Dense', units: posInt(cfg, 'units', p), activation: act(cfg, 'activation', 'linear', p), useBias: bool(cfg, 'use_bias', true, p) }) },
  // Keras 3 writes LeakyReLU's slope as negative_slope, Keras 2 / tfjs as alpha.
  LeakyReLU: { classes: ['LeakyReLU'], read: (cfg, id, p) => ({ id, type: 'LeakyReLU', negativeSlope: num(cfg, cfg.negative_slope !== undefined ? 'negative_slope' : 'alpha', LEAKY_RELU_DEFAULT_SLOPE, (v) => v >= 0, '>= 0', p) }) },
  ELU: { classes: ['ELU'], read: (cfg, id, p) => ({ id, type: 'ELU', alpha: num(cfg, 'alpha', ELU_DEFAULT_ALPHA, (v) => v > 0, '> 0', p) }) },
  Activation: { classes: ['Activation'], read: (cfg, id, p) => ({ id, type: 'Activation', activation: act(cfg, 'activation', 'linear', p) }) },
  Add: { classes: ['Add'], read: (_cfg, id) => ({ id, type: 'Add' }) },
  Multiply: { classes: ['Multiply'], read: (_cfg, id) => ({ id, type: 'Multiply' }) },
  ZeroPadding2D: {
    classes: ['ZeroPadding2D'],
    read(cfg, id, p) {
      channelsLast(cfg, p);
      const pads = pads2d(cfg.padding);
      if (!pads) p('padding', `must be a whole number, [height, width] or [[top, bottom], [left, right]] (got ${show(cfg.padding)})`);
      const [t, b, l, r] = pads ?? [1, 1, 1, 1];
      return { id, type: 'ZeroPadding2D', padding: [[t, b], [l, r]] };
    },
  },
  UpSampling2D: {
    classes: ['UpSampling2D'],
    read(cfg, id, p) {
      channelsLast(cfg, p);
      if ((cfg.interpolation ?? 'nearest') !== 'nearest') p('interpolation', `only nearest is supported (got ${show(cfg.interpolation)})`);
      const s = upsampleSize({ size: cfg.size as UpSampling2DLayer['size'] });
      if (!s) p('size', `must be a whole number from 1 to 64 or a pair of them (got ${show(cfg.size)})`);
      return { id, type: 'UpSampling2D', size: s ?? 2 };
    },
  },
  Concatenate: {
    classes: ['Concatenate'],
    read(cfg, id, p) {
      const axis = cfg.axis ?? -1;
      if (typeof axis !== 'number' || !Number.isInteger(axis) || axis === 0) p('axis', `must be a whole number other than 0, the batch axis (got ${show(axis)})`);
      return { id, type: 'Concatenate', axis: axis as number };
    },
  },
  Flatten: {
    classes: ['Flatten'],
    read(cfg, id, p) {
      channelsLast(cfg, p);
      return { id, type: 'Flatten' };
    },
  },
  Reshape: {
    classes: ['Reshape'],
    read(cfg, id, p) {
      const t = cfg.target_shape;
      if (!Array.isArray(t) || !t.every(isPosInt)) p('target_shape', `must be a list of positive whole numbers (got ${show(t)})`);
      return { id, type: 'Reshape', targetShape: Array.isArray(t) ? (t as number[]) : [] };
    },
  },
  Conv2D: {
    classes: ['Conv2D'],
    read(cfg, id, p) {
      channelsLast(cfg, p);
      const d = pair(cfg, 'dilation_rate', [1, 1], p);
      if (cfg.groups !== undefined && cfg.groups !== 1) p('groups', 'only 1 is supported');
      return {
        id,
        type: 'Conv2D',
        filters: posInt(cfg, 'filters', p),
        kernelSize: pair(cfg, 'kernel_size', null, p),
        strides: pair(cfg, 'strides', [1, 1], p),
        padding: padding(cfg, p),
        ...(d[0] !== 1 || d[1] !== 1 ? { dilationRate: d } : {}),
        activation: act(cfg, 'activation', 'linear', p),
        useBias: bool(cfg, 'use_bias', true, p),
      };
    },
  },
  MaxPooling2D: { classes: ['MaxPooling2D'], read: pooling },
  AveragePooling2D: { classes: ['AveragePooling2D'], read: pooling },
  GlobalAveragePooling2D: {
    classes: ['GlobalAveragePooling2D'],
    read(cfg, id, p) {
      channelsLast(cfg, p);
      if (cfg.keepdims === true) p('keepdims', 'is not supported');
      return { id, type: 'GlobalAveragePooling2D' };
    },
  },
  Conv1D: { classes: ['Conv1D'], read: conv1d },
  MaxPooling1D: { classes: ['MaxPooling1D'], read: pooling1d },
  AveragePooling1D: { classes: ['AveragePooling1D'], read: pooling1d },
  Dropout: {
    classes: ['Dropout'],
    read(cfg, id, p) {
      const r = cfg.rate;
      if (typeof r !== 'number' || !(r >= 0 && r < 1)) p('rate', `must be a number in [0, 1) (got ${show(r)})`);
      return { id, type: 'Dropout', rate: typeof r === 'number' ? r : 0 };
    },
  },
  Embedding: { classes: ['Embedding'], read: (cfg, id, p) => ({ id, type: 'Embedding', inputDim: posInt(cfg, 'input_dim', p), outputDim: posInt(cfg, 'output_dim', p), maskZero: bool(cfg, 'mask_zero', false, p) }) },
  SimpleRNN: {
    classes: ['SimpleRNN'],
    read(cfg, id, p) {
      noRecurrentExtras(cfg, p);
      return {
        id,
        type: 'SimpleRNN',
        units: posInt(cfg, 'units', p),
        activation: act(cfg, 'activation', 'tanh', p),
        useBias: bool(cfg, 'use_bias', true, p),
        returnSequences: bool(cfg, 'return_sequences', false, p),
      };
    },
  },
  LSTM: {
    classes: ['LSTM'],
    read(cfg, id, p) {
      noRecurrentExtras(cfg, p);
      return {
        id,
        type: 'LSTM',
        units: posInt(cfg, 'units', p),
        activation: act(cfg, 'activation', 'tanh', p),
        recurrentActivation: act(cfg, 'recurrent_activation', 'sigmoid', p),
        useBias: bool(cfg, 'use_bias', true, p),
        unitForgetBias: bool(cfg, 'unit_forget_bias', true, p),
        returnSequences: bool(cfg, 'return_sequences', false, p),
      };
    },
  },
  GRU: {
    classes: ['GRU'],
    read(cfg, id, p) {
      noRecurrentExtras(cfg, p);
      if (cfg.reset_after !== true) p('reset_after', 'only reset_after: true is supported');
      return {
        id,
        type: 'GRU',
        units: posInt(cfg, 'units', p),
        activation: act(cfg, 'activation', 'tanh', p),
        recurrentActivation: act(cfg, 'recurrent_activation', 'sigmoid', p),
        useBias: bool(cfg, 'use_bias', true, p),
        resetAfter: true,
        returnSequences: bool(cfg, 'return_sequences', false, p),
      };
    },
  },
  Bidirectional: {
    classes: ['Bidirectional'],
    read(cfg, id, p, problems) {
      const merge = cfg.merge_mode ?? 'concat';
      if (merge !== 'concat' && merge !== 'sum') p('merge_mode', `must be "concat" or "sum" (got ${show(merge)})`);
      const inner = cfg.layer;
      if (!isObj(inner) || typeof inner.class_name !== 'string' || !isObj(inner.config) || !RECURRENT_CELLS.includes(inner.class_name)) {
        p('layer', `must be a SimpleRNN, LSTM or GRU layer (got ${show(isObj(inner) ? inner.class_name : inner)})`);
        return null;
      }
      const cell = mapLayer(inner.class_name, inner.config, `${id}/${inner.class_name}`, p, problems);
      if (!cell) return null;
      const { id: _id, inputs: _inputs, ...layer } = cell as LayerSpec & { inputs?: string[] };
      return { id, type: 'Bidirectional', layer: layer as never, mergeMode: merge === 'sum' ? 'sum' : 'concat' };
    },
  },
  LayerNormalization: {
    classes: ['LayerNormalization'],
    read(cfg, id, p) {
      const axis = cfg.axis ?? -1;
      if (!(axis === -1 || (Array.isArray(axis) && axis.length === 1 && axis[0] === -1))) p('axis', `only the last axis (-1) is supported (got ${show(axis)})`);
      for (const k of ['center', 'scale']) if (cfg[k] === false) p(k, 'must be true (the playground always learns gamma and beta)');
      if (cfg.rms_scaling === true) p('rms_scaling', 'is not supported');
      const eps = cfg.epsilon ?? 1e-3;
      if (typeof eps !== 'number' || !(eps > 0)) p('epsilon', `must be a positive number (got ${show(eps)})`);
      return { id, type: 'LayerNormalization', epsilon: typeof eps === 'number' ? eps : 1e-3 };
    },
  },
  BatchNormalization: {
    classes: ['BatchNormalization'],
    read(cfg, id, p) {
      // The last axis only; a positive index is checked against the input's rank by the layer itself.
      const raw = Array.isArray(cfg.axis) && cfg.axis.length === 1 ? cfg.axis[0] : (cfg.axis ?? -1);
      if (!Number.isInteger(raw)) p('axis', `must be the last (channels) axis (got ${show(cfg.axis)})`);
      for (const k of ['renorm', 'synchronized']) if (cfg[k] === true) p(k, 'is not supported');
      const momentum = num(cfg, 'momentum', 0.99, (v) => v >= 0 && v < 1, 'from 0 up to (not including) 1', p);
      const epsilon = num(cfg, 'epsilon', 1e-3, (v) => v > 0, '> 0', p);
      const axis = typeof raw === 'number' && raw !== -1 ? { axis: raw } : {};
      return { id, type: 'BatchNormalization', momentum, epsilon, center: bool(cfg, 'center', true, p), scale: bool(cfg, 'scale', true, p), ...axis };
    },
  },
  // tfjs registers no class for these two: they come back only as our own export's composites.
  PositionEmbedding: { composite: { mode: 'string' } },
  GlobalAveragePooling1D: {
    classes: ['GlobalAveragePooling1D'],
    read(cfg, id, p) {
      channelsLast(cfg, p);
      if (cfg.keepdims === true) p('keepdims', 'is not supported');
      return { id, type: 'GlobalAveragePooling1D' };
    },
    composite: {},
  },
  MultiHeadAttention: { composite: { numHeads: 'number', keyDim: 'number', causal: 'boolean', dropout: 'number', useBias: 'boolean' } },
  GlobalMaxPooling1D: { classes: ['GlobalMaxPooling1D'], read: (cfg, id, p) => globalMax(cfg, id, p, 'GlobalMaxPooling1D') },
  GlobalMaxPooling2D: { classes: ['GlobalMaxPooling2D'], read: (cfg, id, p) => globalMax(cfg, id, p, 'GlobalMaxPooling2D') },
  SpatialDropout1D: { classes: ['SpatialDropout1D'], read: (cfg, id, p) => ({ id, type: 'SpatialDropout1D', rate: num(cfg, 'rate', 0, (v) => v >= 0 && v < 1, 'in [0, 1)', p) }) },
  // Not a tfjs class (our export writes it as a Dropout with a noise shape, which reads back as a Dropout); a Keras-written file may name it.
  SpatialDropout2D: {
    classes: ['SpatialDropout2D'],
    read(cfg, id, p) {
      channelsLast(cfg, p);
      return { id, type: 'SpatialDropout2D', rate: num(cfg, 'rate', 0, (v) => v >= 0 && v < 1, 'in [0, 1)', p) };
    },
  },
  GaussianNoise: { classes: ['GaussianNoise'], read: (cfg, id, p) => ({ id, type: 'GaussianNoise', stddev: num(cfg, 'stddev', 0, (v) => v >= 0, '>= 0', p) }) },
  PReLU: {
    classes: ['PReLU'],
    read(cfg, id, p) {
      const ax = cfg.shared_axes;
      if (ax === null || ax === undefined) return { id, type: 'PReLU' };
      const list = isPosInt(ax) ? [ax] : ax;
      if (!Array.isArray(list) || !list.every(isPosInt)) p('shared_axes', `must be axes from 1 up (got ${show(ax)})`);
      return { id, type: 'PReLU', sharedAxes: Array.isArray(list) ? list.filter(isPosInt) : [] };
    },
  },
};

/** A 1D layer's size: a number or Keras 3's one-element list. */
function single(cfg: Json, key: string, dflt: number | null, p: Report): number {
  const v = cfg[key] ?? dflt;
  const a = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (!isPosInt(a)) {
    p(key, `must be a positive whole number or a list of one (got ${show(v)})`);
    return 1;
  }
  return a;
}

function pooling1d(cfg: Json, id: string, p: Report, _problems: string[], cls: string): LayerOf<'MaxPooling1D'> {
  channelsLast(cfg, p);
  const pool = single(cfg, 'pool_size', 2, p);
  return { id, type: cls as 'MaxPooling1D' | 'AveragePooling1D', poolSize: pool, strides: cfg.strides === null ? pool : single(cfg, 'strides', pool, p), padding: padding(cfg, p) };
}

function conv1d(cfg: Json, id: string, p: Report): LayerOf<'Conv1D'> {
  channelsLast(cfg, p);
  const dilationRate = single(cfg, 'dilation_rate', 1, p);
  if (cfg.groups !== undefined && cfg.groups !== 1) p('groups', 'only 1 is supported');
  const pad = cfg.padding === 'causal' ? 'causal' : padding(cfg, p);
  return { id, type: 'Conv1D', filters: posInt(cfg, 'filters', p), kernelSize: single(cfg, 'kernel_size', null, p), strides: single(cfg, 'strides', 1, p), padding: pad, ...(dilationRate !== 1 ? { dilationRate } : {}), activation: act(cfg, 'activation', 'linear', p), useBias: bool(cfg, 'use_bias', true, p) };
}

function globalMax<T extends 'GlobalMaxPooling1D' | 'GlobalMaxPooling2D'>(cfg: Json, id: string, p: Report, type: T): LayerOf<T> {
  channelsLast(cfg, p);
  if (cfg.keepdims === true) p('keepdims', 'is not supported');
  return { id, type } as LayerOf<T>;
}

function pooling(cfg: Json, id: string, p: Report, _problems: string[], cls: string): LayerOf<'MaxPooling2D'> {
  channelsLast(cfg, p);
  const pool = pair(cfg, 'pool_size', [2, 2], p);
  return { id, type: cls as 'MaxPooling2D' | 'AveragePooling2D', poolSize: pool, strides: cfg.strides === null ? pool : pair(cfg, 'strides', pool, p), padding: padding(cfg, p) };
}

/** Each readable class name -> its row. */
const BY_CLASS = new Map<string, TfjsReadRow<LayerSpec>>(
  Object.values(TFJS_READ_LAYERS).flatMap((row) => (isRefusal(row) ? [] : (row.classes ?? []).map((cls) => [cls, row as TfjsReadRow<LayerSpec>] as const))),
);

/** The layer of one Keras class and config; an unknown class is a problem. */
export function mapLayer(cls: string, cfg: Json, id: string, p: Report, problems: string[]): LayerSpec | null {
  const row = BY_CLASS.get(cls);
  if (!row?.read) {
    problems.push(`layer "${id}": layer class ${show(cls)} is not supported by the playground`);
    return null;
  }
  return row.read(cfg, id, p, problems, cls);
}

/** The composite fields of a layer type our export writes as a group, or undefined. */
export function compositeFields(type: unknown): Readonly<Record<string, 'number' | 'boolean' | 'string'>> | undefined {
  if (typeof type !== 'string' || !Object.hasOwn(TFJS_READ_LAYERS, type)) return undefined;
  const row = TFJS_READ_LAYERS[type as LayerType];
  return isRefusal(row) ? undefined : row.composite;
}
