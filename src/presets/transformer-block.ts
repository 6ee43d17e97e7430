/**
 * One Transformer encoder block as plain spec layers (post-norm, as in "Attention is all you
 * need" and the Keras text-classification example):
 *   x -> MultiHeadAttention -> Add(x, ·) -> LayerNormalization -> Dense(ff, act) -> Dense(d)
 *     -> Add(norm, ·) -> LayerNormalization
 * Used by the Transformer presets and by the palette's TransformerBlock entry, which inserts
 * exactly these layers so the user sees what is inside.
 */
import type { Activation, LayerSpec } from '../engine/spec';

export interface TransformerBlockOptions {
  /** Model width D (the block's input and output feature size). */
  dModel: number;
  numHeads: number;
  /** Size of each head (default dModel / numHeads). */
  keyDim?: number;
  /** Hidden units of the feed-forward part (default 2 * dModel). */
  ffUnits?: number;
  /** Activation of the first feed-forward Dense (default relu). */
  ffActivation?: Activation;
}

/** The roles of a block's layers, in order; ids are `${prefix}_${role}`. */
export const BLOCK_ROLES = ['attention', 'attention_add', 'attention_norm', 'ffn', 'ffn_out', 'ffn_add', 'ffn_norm'] as const;
export type BlockRole = (typeof BLOCK_ROLES)[number];

export const blockLayerId = (prefix: string, role: BlockRole): string => `${prefix}_${role}`;

/** The seven layers of one block reading from `input`; the last one is the block's output. */
export function transformerBlock(prefix: string, input: string, o: TransformerBlockOptions): LayerSpec[] {
  const id = (r: BlockRole) => blockLayerId(prefix, r);
  const keyDim = o.keyDim ?? o.dModel / o.numHeads;
  return [
    { id: id('attention'), type: 'MultiHeadAttention', numHeads: o.numHeads, keyDim, inputs: [input] },
    { id: id('attention_add'), type: 'Add', inputs: [input, id('attention')] },
    { id: id('attention_norm'), type: 'LayerNormalization', inputs: [id('attention_add')] },
    { id: id('ffn'), type: 'Dense', units: o.ffUnits ?? 2 * o.dModel, activation: o.ffActivation ?? 'relu', inputs: [id('attention_norm')] },
    { id: id('ffn_out'), type: 'Dense', units: o.dModel, inputs: [id('ffn')] },
    { id: id('ffn_add'), type: 'Add', inputs: [id('attention_norm'), id('ffn_out')] },
    { id: id('ffn_norm'), type: 'LayerNormalization', inputs: [id('ffn_add')] },
  ];
}
