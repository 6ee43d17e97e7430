/**
 * What a layer definition says about its type besides emission (see LayerDef in layer.ts): how its
 * `activation` field acts, how it treats an Embedding's padding mask, and small helpers for its
 * cost estimate and canvas text. Plain data and pure functions: the UI imports them.
 */
import { size2 } from '../geometry';
import type { LayerSpec, Size2 } from '../spec';
import type { ErrorSink, TensorType } from './layer';

/**
 * How a layer's `activation` field acts on its output, read by the compiler (what the node applies)
 * and the loss checks and loss plan (what the model ends in; a final softmax/sigmoid the loss may absorb):
 * - 'head': applies it, and is seen as the model's final activation when it is the output (Dense, Activation);
 * - 'applied': applies it, but the loss checks see a linear output (Conv2D: a classifier head is a Dense);
 * - 'none': applies no output activation (a recurrent cell's `activation` acts inside the cell).
 */
export type ActivationRole = 'head' | 'applied' | 'none';

/**
 * The two ways an Embedding's padding mask (maskZero) travels, as in Keras: to a recurrent layer
 * only through Dropout and recurrent layers returning sequences; to the attention family
 * (MultiHeadAttention's key/value input, GlobalAveragePooling1D) through the layers that keep
 * positions (Dropout, PositionEmbedding, LayerNormalization, Dense, Activation, Add via its first
 * input, MultiHeadAttention via its query).
 */
export type MaskChain = 'recurrent' | 'attention';

export interface MaskRule<L extends LayerSpec = LayerSpec> {
  /** Makes a mask from its token ids (input 0): an Embedding with maskZero. */
  produces?(layer: L): boolean;
  /** The chains along which it passes its first input's mask on. */
  passes(layer: L): readonly MaskChain[];
  /** Reads the mask reaching its first or last input along `chain` (the compiler's NodeView.maskIds). */
  consumes?: { input: 'first' | 'last'; chain: MaskChain };
}

/** Neither makes, passes nor reads a mask. */
export const NO_MASK: MaskRule = { passes: () => [] };
/** Keeps positions: passes a mask on to the attention family. */
export const KEEPS_ATTENTION_MASK: MaskRule = { passes: () => ['attention'] };

/** The activation a layer applies to its output, or null if its type applies none (the compiler's view). */
export function appliedActivation(role: ActivationRole, spec: LayerSpec): string | null {
  return role === 'none' ? null : ((spec as { activation?: string }).activation ?? 'linear');
}

/** The activation the loss checks see the layer end in ('linear' unless its role is 'head'). */
export function headActivation(role: ActivationRole, spec: LayerSpec): string {
  return role === 'head' ? ((spec as { activation?: string }).activation ?? 'linear') : 'linear';
}

export const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
/** A Size2 (or nothing) as [height, width], `d` when absent. */
export const size2Pair = (v: Size2 | undefined, d: number): [number, number] => (v === undefined ? [d, d] : size2(v));
/** Forward FLOPs of a layer doing about one operation per output value. */
export const perOutput = (_layer: unknown, _in: number[][], out: number[]): number => prod(out);

/** "3×3" for a Size2, null when absent. */
export const size2Text = (v: Size2 | undefined): string | null => (v === undefined ? null : typeof v === 'number' ? `${v}×${v}` : `${v[0]}×${v[1]}`);
/** "[28, 28, 1]". */
export const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;
/** "relu" for a non-linear activation, null for none or linear (a canvas detail part). */
export const activationText = (a: string | undefined): string | null => (a && a !== 'linear' ? a : null);
/** Detail parts joined with ", ", empty parts left out. */
export const joinDetail = (...parts: (string | null)[]): string => parts.filter(Boolean).join(', ');

/** `infer` of an elementwise merge of two float tensors of one shape (Add, Multiply): that shape, or why not. */
export function sameShapeFloatPair(name: string) {
  return (_layer: LayerSpec, [a, b]: TensorType[], err: ErrorSink): TensorType | null => {
    if (a.shape.join(',') !== b.shape.join(',')) {
      err('inputs', `${name} needs equal shapes, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
      return null;
    }
    if (a.dtype !== 'float32' || b.dtype !== 'float32') {
      err('inputs', `${name} needs float inputs`);
      return null;
    }
    return { shape: [...a.shape], dtype: 'float32' };
  };
}
