/**
 * The editable fields of a layer, as plain data for the inspector and the project checks: kind
 * (whole number, number, choice, on/off, shape list, 2D size, 2D padding), label, bounds and default. Each
 * layer definition lists its own (`LayerDef.fields`); the snippets below are shared by several.
 */
import { ACTIVATIONS, INITIALIZERS } from '../spec';

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
  | (FieldBase & { kind: 'size2'; default?: number })
  /** Padding of an image: one number, [height, width] or [[top, bottom], [left, right]] (whole numbers >= 0). */
  | (FieldBase & { kind: 'pad2'; default?: number });

/** The recurrent cells, alone or wrapped in Bidirectional. */
export const CELL_TYPES = ['SimpleRNN', 'LSTM', 'GRU'] as const;

/** The activations the recurrent kernels run (prelude/activations_code.wgsl, codes 0 to 3). */
export const CELL_ACTIVATIONS: readonly string[] = ['linear', 'relu', 'sigmoid', 'tanh'];

export const activationField: FieldDesc = { key: 'activation', label: 'Activation', kind: 'select', options: ACTIVATIONS, default: 'linear', optional: true };
export const useBiasField: FieldDesc = { key: 'useBias', label: 'Use bias', kind: 'bool', default: true };
export const initializerField: FieldDesc = { key: 'kernelInitializer', label: 'Kernel initializer', kind: 'select', options: INITIALIZERS, default: 'glorot_uniform', optional: true };
export const paddingField: FieldDesc = { key: 'padding', label: 'Padding', kind: 'select', options: ['valid', 'same'], default: 'valid', optional: true };
export const poolFields: FieldDesc[] = [
  { key: 'poolSize', label: 'Pool size', kind: 'size2', default: 2, optional: true, help: 'One number, or height, width' },
  { key: 'strides', label: 'Strides', kind: 'size2', optional: true, help: 'Empty: the pool size' },
  paddingField,
];

/** The fields every recurrent cell has (LSTM and GRU add their recurrent activation). */
export function recurrentFields(): FieldDesc[] {
  return [
    { key: 'units', label: 'Units', kind: 'int', min: 1, max: 4096 },
    { key: 'activation', label: 'Activation', kind: 'select', options: CELL_ACTIVATIONS, default: 'tanh', optional: true },
    { key: 'returnSequences', label: 'Return sequences', kind: 'bool', default: false, help: 'Output every step [T, units] instead of the last' },
    useBiasField,
  ];
}

export const recurrentActivationField: FieldDesc = { key: 'recurrentActivation', label: 'Recurrent activation', kind: 'select', options: CELL_ACTIVATIONS, default: 'sigmoid', optional: true };
