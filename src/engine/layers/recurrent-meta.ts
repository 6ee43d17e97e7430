/**
 * The recurrent cells' metadata (fields, mask, cost, canvas text), shared by SimpleRNN, LSTM and
 * GRU (recurrent.ts) and by Bidirectional, which delegates to the cell it wraps.
 */
import type { RecurrentLayer } from '../spec';
import { recurrentActivationField, recurrentFields, type FieldDesc } from './fields';
import type { MaskChain, MaskRule } from './layer-meta';

/** The cell's fields, by cell type. */
export const CELL_FIELDS: Record<RecurrentLayer['type'], FieldDesc[]> = {
  SimpleRNN: recurrentFields(),
  LSTM: [...recurrentFields(), recurrentActivationField, { key: 'unitForgetBias', label: 'Forget-gate bias 1', kind: 'bool', default: true }],
  GRU: [...recurrentFields(), recurrentActivationField],
};

/** Fields a cell may carry that the inspector does not edit. */
export const CELL_STORED_FIELDS: Partial<Record<RecurrentLayer['type'], FieldDesc[]>> = {
  GRU: [{ key: 'resetAfter', label: 'resetAfter', kind: 'bool', default: true }],
};

/** Forward FLOPs per sample: T steps of gates x 2 (F + U) U multiply-adds. */
export function cellFlops(type: string, units: number, inShape: readonly number[]): number {
  const [T = 1, F = 1] = inShape;
  const gates = type === 'LSTM' ? 4 : type === 'GRU' ? 3 : 1;
  return T * gates * 2 * (F + units) * units;
}

/**
 * A cell reads the mask reaching its input (padded steps carry the state over) and, returning
 * sequences, passes it on to a later recurrent layer (Keras compute_mask).
 */
export const cellPasses = (returnSequences: boolean | undefined): readonly MaskChain[] => (returnSequences === true ? ['recurrent'] : []);
export const CELL_CONSUMES: MaskRule['consumes'] = { input: 'first', chain: 'recurrent' };

export const cellDetail = (units: number, returnSequences: boolean | undefined): string => `${units} units${returnSequences ? ', sequences' : ''}`;
