/**
 * Collapsed blocks, a view state of the canvas (never saved into the model): a collapsed block
 * (model/blocks.ts) shows as one node in place of its layers, at the top of where they are laid
 * out, in the column of its output layer; the layers below it move up by the height it saves, so
 * the graph stays compact. Stored positions are untouched: the view only adds a vertical shift to
 * each visible layer, and moving a node in the view moves its stored position by the same amount.
 */
import type { ModelSpec } from '../../../engine/spec';
import { findBlocks, type FoundBlock } from '../../model/blocks';
import { NODE_HEIGHT, NODE_WIDTH, type XY } from '../../model/layout';

/** The height reserved for a collapsed block's node. */
export const COLLAPSED_HEIGHT = NODE_HEIGHT;
/** Graphs with more layers than this open with their blocks collapsed. */
export const COLLAPSE_ABOVE = 16;

export const blockNodeId = (prefix: string): string => `block:${prefix}`;

export interface CollapsedBlock extends FoundBlock {
  /** The block node's position in the view. */
  at: XY;
}

export interface CanvasView {
  /** View positions of the visible layers. */
  positions: Record<string, XY>;
  /** The collapsed blocks shown as one node each. */
  blocks: CollapsedBlock[];
  /** Hidden layer id -> the id of the block node that stands for it. */
  owner: Map<string, string>;
  /** Vertical shift of each visible layer (view y = stored y + shift). */
  shift: Map<string, number>;
}

/** The blocks a freshly opened graph starts with collapsed: all of them in a large graph, else none. */
export function defaultCollapsed(spec: ModelSpec): Set<string> {
  return new Set(spec.layers.length > COLLAPSE_ABOVE ? findBlocks(spec).map((b) => b.prefix) : []);
}

export function collapseView(spec: ModelSpec, positions: Record<string, XY>, collapsed: ReadonlySet<string>): CanvasView {
  const found = findBlocks(spec).filter((b) => collapsed.has(b.prefix) && b.ids.every((id) => positions[id]));
  const boxes = found.map((b) => {
    const ps = b.ids.map((id) => positions[id]);
    const top = Math.min(...ps.map((p) => p.y));
    const lowest = Math.max(...ps.map((p) => p.y));
    return { b, top, lowest, saved: Math.max(0, lowest + NODE_HEIGHT - top - COLLAPSED_HEIGHT) };
  });
  // A node strictly below a block's lowest layer moves up by what that block saves.
  const shiftAt = (y: number, self?: FoundBlock) => -boxes.reduce((s, x) => (x.b !== self && y > x.lowest ? s + x.saved : s), 0);
  const owner = new Map<string, string>();
  for (const { b } of boxes) for (const id of b.ids) owner.set(id, blockNodeId(b.prefix));
  const view: Record<string, XY> = {};
  const shift = new Map<string, number>();
  for (const l of spec.layers) {
    const p = positions[l.id];
    if (!p || owner.has(l.id)) continue;
    const dy = shiftAt(p.y);
    shift.set(l.id, dy);
    view[l.id] = { x: p.x, y: p.y + dy };
  }
  const blocks = boxes.map(({ b, top }) => ({ ...b, at: { x: positions[b.ids[b.ids.length - 1]].x, y: top + shiftAt(top, b) } }));
  return { positions: view, blocks, owner, shift };
}

/** Where a layer dragged to `to` in the view is stored. */
export function storedPosition(view: CanvasView, id: string, to: XY): XY {
  return { x: to.x, y: to.y - (view.shift.get(id) ?? 0) };
}

/** The stored moves for a collapsed block node dragged to `to`: all its layers by the same amount. */
export function blockMoves(view: CanvasView, positions: Record<string, XY>, blockId: string, to: XY): { id: string; pos: XY }[] {
  const b = view.blocks.find((x) => blockNodeId(x.prefix) === blockId);
  if (!b) return [];
  const dx = to.x - b.at.x;
  const dy = to.y - b.at.y;
  return b.ids.flatMap((id) => (positions[id] ? [{ id, pos: { x: positions[id].x + dx, y: positions[id].y + dy } }] : []));
}

/** Edges of the view: endpoints inside a collapsed block re-attached to its node, edges within one block dropped. */
export function viewEdges(spec: ModelSpec, owner: ReadonlyMap<string, string>): { source: string; target: string; from: string; to: string; index: number; inputs: number }[] {
  const ids = new Set(spec.layers.map((l) => l.id));
  const seen = new Set<string>();
  const out: { source: string; target: string; from: string; to: string; index: number; inputs: number }[] = [];
  for (const l of spec.layers) {
    const inputs = l.inputs ?? [];
    for (const [index, from] of inputs.entries()) {
      if (!ids.has(from)) continue;
      const source = owner.get(from) ?? from;
      const target = owner.get(l.id) ?? l.id;
      if (source === target || seen.has(`${source}->${target}`)) continue;
      seen.add(`${source}->${target}`);
      out.push({ source, target, from, to: l.id, index, inputs: inputs.length });
    }
  }
  return out;
}

/** The view's node boxes (layers and collapsed blocks) with the default sizes, for overlap checks. */
export function viewRects(view: CanvasView): { id: string; x: number; y: number; width: number; height: number }[] {
  return [
    ...Object.entries(view.positions).map(([id, p]) => ({ id, ...p, width: NODE_WIDTH, height: NODE_HEIGHT })),
    ...view.blocks.map((b) => ({ id: blockNodeId(b.prefix), ...b.at, width: NODE_WIDTH, height: COLLAPSED_HEIGHT })),
  ];
}
