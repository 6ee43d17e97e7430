/**
 * Composite palette entries ("blocks"): a TransformerBlock expands into its seven plain layers
 * (presets/transformer-block.ts) so the canvas shows what is inside. Pure spec edits plus the
 * block's layout, and recognising blocks in a spec (by their ids) to draw a labelled box.
 */
import { analyzeModel } from '../../engine/graph';
import type { ModelSpec } from '../../engine/spec';
import { BLOCK_ROLES, blockLayerId, transformerBlock } from '../../presets/transformer-block';
import type { XY } from './layout';

export const BLOCK_TYPES = ['TransformerBlock'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];
export const BLOCK_SUMMARY: Record<BlockType, string> = {
  TransformerBlock: 'Self-attention and a feed-forward part, each with a residual Add and LayerNormalization (7 layers)',
};

const DEFAULT_WIDTH = 64;
const PREFIX = 'transformer_block';

/** A block id prefix none of whose layer ids is taken. */
export function blockPrefix(spec: ModelSpec): string {
  const used = new Set(spec.layers.map((l) => l.id));
  const free = (p: string) => BLOCK_ROLES.every((r) => !used.has(blockLayerId(p, r)));
  if (free(PREFIX)) return PREFIX;
  for (let i = 1; ; i++) if (free(`${PREFIX}_${i}`)) return `${PREFIX}_${i}`;
}

/** The feature size D of `anchor`'s [T, D] output, or 64 when unknown. */
function widthOf(spec: ModelSpec, anchor: string | null): number {
  if (!anchor) return DEFAULT_WIDTH;
  const s = analyzeModel(spec).shapes.get(anchor)?.shape;
  return s && s.length === 2 && s[1] > 0 ? s[1] : DEFAULT_WIDTH;
}

/** Four heads of D/4 (a multiple of 4, at most 64). */
const headDim = (D: number): number => Math.min(64, Math.max(4, Math.round(D / 16) * 4));

export interface BlockEdit {
  spec: ModelSpec;
  prefix: string;
  /** The block's layer ids in order (the last is its output). */
  ids: string[];
}

/**
 * Adds a TransformerBlock reading from `after` (its consumers then read the block's output, and
 * it becomes the model output when `after` was), or unconnected when `after` is null: then the
 * first residual Add is completed when something is connected into the block's attention layer.
 */
export function addTransformerBlock(spec: ModelSpec, after: string | null): BlockEdit {
  const anchor = after && spec.layers.some((l) => l.id === after) ? after : null;
  const prefix = blockPrefix(spec);
  const D = widthOf(spec, anchor);
  const layers = transformerBlock(prefix, anchor ?? '', { dModel: D, numHeads: 4, keyDim: headDim(D), ffUnits: 2 * D });
  const out = layers[layers.length - 1].id;
  if (!anchor) {
    layers[0].inputs = [];
    layers[1].inputs = [layers[0].id];
    return { spec: { ...spec, layers: [...spec.layers, ...layers], output: spec.layers.length === 0 ? out : spec.output }, prefix, ids: layers.map((l) => l.id) };
  }
  const rewired = spec.layers.map((l) => ((l.inputs ?? []).includes(anchor) ? { ...l, inputs: (l.inputs ?? []).map((s) => (s === anchor ? out : s)) } : l));
  const at = rewired.findIndex((l) => l.id === anchor);
  rewired.splice(at + 1, 0, ...layers);
  return { spec: { ...spec, layers: rewired, output: spec.output === anchor ? out : spec.output }, prefix, ids: layers.map((l) => l.id) };
}

/** After connecting `source` into a block's attention layer: the block's first Add gets `source` as its residual input. */
export function completeResidual(spec: ModelSpec, source: string, target: string): ModelSpec {
  const m = /^(.*)_attention$/.exec(target);
  if (!m) return spec;
  const addId = blockLayerId(m[1], 'attention_add');
  const add = spec.layers.find((l) => l.id === addId);
  if (!add || add.type !== 'Add' || (add.inputs ?? []).length !== 1 || add.inputs![0] !== target) return spec;
  return { ...spec, layers: spec.layers.map((l) => (l.id === addId ? { ...l, inputs: [source, target] } : l)) };
}

const ROW = 110;
const SIDE = 120;

/** The block's layout below `origin`: the residual path (Adds, norms) in one column, attention and feed-forward offset to the side. */
export function blockLayout(ids: readonly string[], origin: XY): Record<string, XY> {
  const side = new Set([0, 3, 4]);
  const out: Record<string, XY> = {};
  ids.forEach((id, i) => {
    out[id] = { x: origin.x + (side.has(i) ? SIDE : 0), y: origin.y + i * ROW };
  });
  return out;
}

export interface FoundBlock {
  type: BlockType;
  prefix: string;
  /** The block's layer ids in order (the last is its output). */
  ids: string[];
}

/** The TransformerBlocks present in a spec: prefixes whose seven layer ids all exist with the right types. */
export function findBlocks(spec: ModelSpec): FoundBlock[] {
  const types = new Map(spec.layers.map((l) => [l.id, l.type]));
  const expected = ['MultiHeadAttention', 'Add', 'LayerNormalization', 'Dense', 'Dense', 'Add', 'LayerNormalization'];
  const out: FoundBlock[] = [];
  for (const l of spec.layers) {
    const m = /^(.*)_attention$/.exec(l.id);
    if (!m || l.type !== 'MultiHeadAttention') continue;
    const ids = BLOCK_ROLES.map((r) => blockLayerId(m[1], r));
    if (ids.every((id, i) => types.get(id) === expected[i])) out.push({ type: 'TransformerBlock', prefix: m[1], ids });
  }
  return out;
}
