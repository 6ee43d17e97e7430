/**
 * The editable fields of every layer type, for the inspector: kind (whole number, number,
 * choice, on/off, shape list, 2D size), label, bounds and default. A Record over LayerType, so a
 * new type in spec.ts fails to compile until its fields are described here.
 */
import { ACTIVATIONS, INITIALIZERS, type LayerSpec, type LayerType } from '../../engine/spec';

interface FieldBase {
  key: string;
  label: string;
  help?: string;
  /** May be left empty (the engine's default applies). */
  optional?: boolean;
}

export type FieldDesc =
  | (FieldBase & { kind: 'int'; min?: number; max?: number; default?: number })
  | (FieldBase & { kind: 'number'; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; default?: number })
  | (FieldBase & { kind: 'select'; options: readonly string[]; default?: string })
  | (FieldBase & { kind: 'bool'; default: boolean })
  | (FieldBase & { kind: 'shape' })
  | (FieldBase & { kind: 'size2'; default?: number });

const activation: FieldDesc = { key: 'activation', label: 'Activation', kind: 'select', options: ACTIVATIONS, default: 'linear', optional: true };
const useBias: FieldDesc = { key: 'useBias', label: 'Use bias', kind: 'bool', default: true };
const initializer: FieldDesc = { key: 'kernelInitializer', label: 'Kernel initializer', kind: 'select', options: INITIALIZERS, default: 'glorot_uniform', optional: true };
const padding: FieldDesc = { key: 'padding', label: 'Padding', kind: 'select', options: ['valid', 'same'], default: 'valid', optional: true };
const pool: FieldDesc[] = [
  { key: 'poolSize', label: 'Pool size', kind: 'size2', default: 2, optional: true, help: 'One number, or height, width' },
  { key: 'strides', label: 'Strides', kind: 'size2', optional: true, help: 'Empty: the pool size' },
  padding,
];

export const LAYER_FIELDS: Record<LayerType, FieldDesc[]> = {
  Input: [
    { key: 'shape', label: 'Shape', kind: 'shape', help: 'One sample, without the batch axis, e.g. 28, 28, 1' },
    { key: 'dtype', label: 'Data type', kind: 'select', options: ['float32', 'int32'], default: 'float32', optional: true },
  ],
  Dense: [{ key: 'units', label: 'Units', kind: 'int', min: 1, max: 65536 }, activation, useBias, initializer],
  Activation: [{ ...activation, optional: false }],
  Add: [],
  Flatten: [],
  Reshape: [{ key: 'targetShape', label: 'Target shape', kind: 'shape', help: 'Same number of values as the input' }],
  Conv2D: [
    { key: 'filters', label: 'Filters', kind: 'int', min: 1, max: 4096 },
    { key: 'kernelSize', label: 'Kernel size', kind: 'size2', help: 'One number, or height, width' },
    { key: 'strides', label: 'Strides', kind: 'size2', default: 1, optional: true },
    padding,
    activation,
    useBias,
    initializer,
  ],
  MaxPooling2D: pool,
  AveragePooling2D: pool,
  GlobalAveragePooling2D: [],
  Dropout: [{ key: 'rate', label: 'Rate', kind: 'number', min: 0, max: 1, maxExclusive: true, help: 'Fraction of values zeroed while training' }],
  Embedding: [
    { key: 'inputDim', label: 'Vocabulary size', kind: 'int', min: 1, help: 'Token ids run from 0 to this minus 1' },
    { key: 'outputDim', label: 'Vector size', kind: 'int', min: 1 },
    { key: 'maskZero', label: 'Id 0 is padding', kind: 'bool', default: false },
  ],
  SimpleRNN: recurrent(),
  LSTM: [...recurrent(), { key: 'recurrentActivation', label: 'Recurrent activation', kind: 'select', options: ACTIVATIONS, default: 'sigmoid', optional: true }, { key: 'unitForgetBias', label: 'Forget-gate bias 1', kind: 'bool', default: true }],
  GRU: [...recurrent(), { key: 'recurrentActivation', label: 'Recurrent activation', kind: 'select', options: ACTIVATIONS, default: 'sigmoid', optional: true }],
  Bidirectional: [
    { key: 'layer.type', label: 'Recurrent layer', kind: 'select', options: ['SimpleRNN', 'LSTM', 'GRU'] },
    { key: 'layer.units', label: 'Units', kind: 'int', min: 1, max: 4096 },
    { key: 'layer.activation', label: 'Activation', kind: 'select', options: ACTIVATIONS, default: 'tanh', optional: true },
    { key: 'layer.returnSequences', label: 'Return sequences', kind: 'bool', default: false },
    { key: 'mergeMode', label: 'Merge', kind: 'select', options: ['concat', 'sum'], default: 'concat', optional: true },
  ],
  LayerNormalization: [{ key: 'epsilon', label: 'Epsilon', kind: 'number', min: 0, minExclusive: true, default: 1e-3, optional: true }],
  PositionEmbedding: [{ key: 'mode', label: 'Positions', kind: 'select', options: ['learned', 'sinusoidal'], default: 'learned', optional: true }],
  GlobalAveragePooling1D: [],
  MultiHeadAttention: [
    { key: 'numHeads', label: 'Heads', kind: 'int', min: 1, max: 64 },
    { key: 'keyDim', label: 'Head size', kind: 'int', min: 4, max: 64, optional: true, help: 'Empty: model dim / heads; a multiple of 4' },
    { key: 'causal', label: 'Causal', kind: 'bool', default: false, help: 'Each position sees only earlier ones' },
    useBias,
  ],
};

function recurrent(): FieldDesc[] {
  return [
    { key: 'units', label: 'Units', kind: 'int', min: 1, max: 4096 },
    { key: 'activation', label: 'Activation', kind: 'select', options: ACTIVATIONS, default: 'tanh', optional: true },
    { key: 'returnSequences', label: 'Return sequences', kind: 'bool', default: false, help: 'Output every step [T, units] instead of the last' },
    useBias,
  ];
}

/** A field's value; keys may be dotted paths into nested objects (Bidirectional's `layer.units`). */
export function getField(layer: object, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), layer);
}

/** Fields for a layer type the inspector has no description of: one per plain value it holds. */
export function fieldsFor(layer: LayerSpec): FieldDesc[] {
  const known = Object.hasOwn(LAYER_FIELDS, layer.type) ? (LAYER_FIELDS as Partial<Record<string, FieldDesc[]>>)[layer.type] : undefined;
  if (known) return known;
  return Object.entries(layer)
    .filter(([k]) => k !== 'id' && k !== 'type' && k !== 'inputs')
    .flatMap(([key, v]): FieldDesc[] =>
      typeof v === 'number'
        ? [{ key, label: key, kind: Number.isInteger(v) ? 'int' : 'number' }]
        : typeof v === 'boolean'
          ? [{ key, label: key, kind: 'bool', default: v }]
          : Array.isArray(v) && v.every((x) => typeof x === 'number')
            ? [{ key, label: key, kind: 'shape' }]
            : [],
    );
}

/** A new layer of `type` with sensible values, not yet connected. */
export function newLayer(type: LayerType, id: string): LayerSpec {
  switch (type) {
    case 'Input':
      return { id, type, shape: [2], inputs: [] };
    case 'Dense':
      return { id, type, units: 16, activation: 'relu', inputs: [] };
    case 'Activation':
      return { id, type, activation: 'relu', inputs: [] };
    case 'Add':
    case 'Flatten':
    case 'GlobalAveragePooling2D':
      return { id, type, inputs: [] };
    case 'Reshape':
      return { id, type, targetShape: [1], inputs: [] };
    case 'Conv2D':
      return { id, type, filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputs: [] };
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return { id, type, poolSize: 2, inputs: [] };
    case 'Dropout':
      return { id, type, rate: 0.2, inputs: [] };
    case 'Embedding':
      return { id, type, inputDim: 1000, outputDim: 32, inputs: [] };
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return { id, type, units: 32, inputs: [] };
    case 'Bidirectional':
      return { id, type, layer: { type: 'LSTM', units: 32 }, inputs: [] };
    case 'LayerNormalization':
    case 'PositionEmbedding':
    case 'GlobalAveragePooling1D':
      return { id, type, inputs: [] };
    case 'MultiHeadAttention':
      return { id, type, numHeads: 4, inputs: [] };
    default:
      return { id, type, inputs: [] } as unknown as LayerSpec;
  }
}

/** Parses the text of a field; returns the value, `undefined` for an empty optional field, or an error message. */
export function parseField(f: FieldDesc, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  if (t === '') return f.optional || f.kind === 'select' || f.kind === 'bool' ? { value: undefined } : { error: 'Required' };
  switch (f.kind) {
    case 'int': {
      if (!/^[+-]?\d+$/.test(t)) return { error: 'Enter a whole number' };
      const v = Number(t);
      if (f.min !== undefined && v < f.min) return { error: `Must be at least ${f.min}` };
      if (f.max !== undefined && v > f.max) return { error: `Must be at most ${f.max}` };
      return { value: v };
    }
    case 'number': {
      const v = Number(t);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) || !Number.isFinite(v)) return { error: 'Enter a number' };
      if (f.min !== undefined && (f.minExclusive ? v <= f.min : v < f.min)) return { error: `Must be ${f.minExclusive ? 'above' : 'at least'} ${f.min}` };
      if (f.max !== undefined && (f.maxExclusive ? v >= f.max : v > f.max)) return { error: `Must be ${f.maxExclusive ? 'below' : 'at most'} ${f.max}` };
      return { value: v };
    }
    case 'shape': {
      const parts = t.split(/[\s,x×]+/).filter(Boolean);
      if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) return { error: 'Enter positive whole numbers separated by commas' };
      return { value: parts.map(Number) };
    }
    case 'size2': {
      const parts = t.split(/[\s,x×]+/).filter(Boolean);
      if (parts.length < 1 || parts.length > 2 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) return { error: 'Enter one or two positive whole numbers' };
      return { value: parts.length === 1 ? Number(parts[0]) : [Number(parts[0]), Number(parts[1])] };
    }
    case 'select':
      return f.options.includes(t) ? { value: t } : { error: `Choose one of ${f.options.join(', ')}` };
    case 'bool':
      return { value: t === 'true' };
  }
}

/** The text shown in a field's input for a spec value. */
export function formatField(f: FieldDesc, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  void f;
  return String(value);
}
