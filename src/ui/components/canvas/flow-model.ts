/**
 * Spec -> React Flow nodes and edges, with each node's inferred shape, parameter count and
 * errors. Rebuilding keeps what React Flow measured about existing nodes (so nothing re-measures).
 */
import type { Edge, Node } from '@xyflow/react';
import { formatSpecError } from '../../../engine/graph';
import { layerDef } from '../../../engine/layers/registry';
import type { LayerSpec, ModelSpec } from '../../../engine/spec';
import type { EditorAnalysis } from '../../model/analysis';
import { NODE_HEIGHT, NODE_WIDTH, type XY } from '../../model/layout';
import { findBlocks, type BlockType } from '../../model/blocks';
import { blockNodeId, viewEdges, type CanvasView } from './collapse';

export interface LayerNodeData extends Record<string, unknown> {
  layer: LayerSpec;
  shape: string | null;
  params: number | null;
  errors: string[];
  isOutput: boolean;
  takesInputs: boolean;
  /** The pass in which this layer produced the first non-finite value of a diverged run (the NaN trap). */
  nanPass?: string;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

/** Collapses or expands the block with this prefix (a view state of the canvas). */
export type ToggleBlock = (prefix: string) => void;

export interface BlockBoxData extends Record<string, unknown> {
  prefix: string;
  blockType: BlockType;
  count: number;
  width: number;
  height: number;
  /** Where the label starts (px from the box's left): right of the column of the block's output layer. */
  labelLeft: number;
  onToggle: ToggleBlock;
}

/** A labelled box behind the layers of an expanded block (see model/blocks.ts); id `block:<prefix>`. */
export type BlockFlowNode = Node<BlockBoxData, 'block'>;

export interface CollapsedData extends Record<string, unknown> {
  prefix: string;
  blockType: BlockType;
  count: number;
  shape: string | null;
  params: number;
  errors: number;
  onToggle: ToggleBlock;
}

/** A collapsed block: one node standing for its layers; id `block:<prefix>` too. */
export type CollapsedFlowNode = Node<CollapsedData, 'collapsed'>;
export type FlowNode = LayerFlowNode | BlockFlowNode | CollapsedFlowNode;
export const isBlockNodeId = (id: string): boolean => id.startsWith('block:');

const PAD = 16;
const LABEL = 30;

/** Right of the main column at `spine` when that leaves room for the label, else at the left. */
const labelLeft = (spine: number, width: number): number => (spine > 70 && width - spine > 180 ? spine + 8 : 10);

/** One box per expanded block found in the spec, around its layers' positions (measured sizes when known). */
export function buildBlockBoxes(spec: ModelSpec, positions: Record<string, XY>, measured: readonly FlowNode[], collapsed: ReadonlySet<string>, onToggle: ToggleBlock): BlockFlowNode[] {
  const size = new Map(measured.map((n) => [n.id, n.measured]));
  return findBlocks(spec).flatMap(({ prefix, ids, type }) => {
    if (collapsed.has(prefix)) return [];
    const ps = ids.map((id) => ({ p: positions[id], m: size.get(id) })).filter((v) => v.p);
    if (ps.length !== ids.length) return [];
    const x0 = Math.min(...ps.map((v) => v.p.x)) - PAD;
    const y0 = Math.min(...ps.map((v) => v.p.y)) - PAD - LABEL;
    const x1 = Math.max(...ps.map((v) => v.p.x + (v.m?.width ?? NODE_WIDTH))) + PAD;
    const y1 = Math.max(...ps.map((v) => v.p.y + (v.m?.height ?? NODE_HEIGHT))) + PAD;
    return [{
      id: blockNodeId(prefix), type: 'block' as const, position: { x: x0, y: y0 },
      data: { prefix, blockType: type, count: ids.length, width: x1 - x0, height: y1 - y0, labelLeft: labelLeft(positions[ids[ids.length - 1]].x + NODE_WIDTH / 2 - x0, x1 - x0), onToggle },
      selectable: false, draggable: false, deletable: false, focusable: false, connectable: false, zIndex: -1,
    }];
  });
}

/** One node per collapsed block of the view, with its output shape, total parameters and error count. */
export function buildCollapsedNodes(view: CanvasView, a: EditorAnalysis, onToggle: ToggleBlock, prev: readonly FlowNode[]): CollapsedFlowNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  return view.blocks.map((b) => {
    const id = blockNodeId(b.prefix);
    const out = a.shapes.get(b.ids[b.ids.length - 1]);
    const data: CollapsedData = {
      prefix: b.prefix,
      blockType: b.type,
      count: b.ids.length,
      shape: out ? fmtShape(out.shape) : null,
      params: b.ids.reduce((s, x) => s + (a.paramCounts.get(x) ?? 0), 0),
      errors: b.ids.reduce((s, x) => s + (a.byLayer.get(x)?.length ?? 0), 0),
      onToggle,
    };
    const o = old.get(id);
    const keep = o?.type === 'collapsed' ? o : {};
    return {
      ...keep, id, type: 'collapsed' as const, position: b.at, data, deletable: false, connectable: false,
      ariaLabel: `${b.prefix} · ${b.type} · ${b.ids.length} layers, collapsed`,
    };
  });
}

export const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** A one-line description of a layer's main settings (its definition's `detail`; '' for an unknown type). */
export function layerDetail(l: LayerSpec): string {
  return layerDef(l.type)?.detail(l) ?? '';
}

export function buildNodes(
  spec: ModelSpec,
  positions: Record<string, XY>,
  selection: readonly string[],
  a: EditorAnalysis,
  takesInputs: (type: string) => boolean,
  prev: readonly LayerFlowNode[],
  nan: { layer: string; pass: string } | null = null,
): LayerFlowNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  const sel = new Set(selection);
  return spec.layers.map((l) => {
    const shape = a.shapes.get(l.id);
    const errors = (a.byLayer.get(l.id) ?? []).map((e) => formatSpecError({ ...e, layer: null }));
    const data: LayerNodeData = {
      layer: l,
      shape: shape ? fmtShape(shape.shape) : null,
      params: a.paramCounts.get(l.id) ?? null,
      errors,
      isOutput: spec.output === l.id,
      takesInputs: takesInputs(l.type),
      ...(nan?.layer === l.id ? { nanPass: nan.pass } : {}),
    };
    const o = old.get(l.id);
    const position = positions[l.id] ?? o?.position ?? { x: 0, y: 0 };
    const label = `${l.type} layer ${l.id}${shape ? `, output ${fmtShape(shape.shape)}` : ''}${errors.length ? `, error: ${errors[0]}` : ''}${nan?.layer === l.id ? `, first non-finite value (${nan.pass})` : ''}`;
    return { ...(o ?? {}), id: l.id, type: 'layer', position, data, selected: sel.has(l.id), ariaLabel: label, dragging: o?.dragging };
  });
}

/** The view's edges: a connection into or out of a collapsed block attaches to the block's node (and cannot be deleted there). */
export function buildEdges(spec: ModelSpec, a: EditorAnalysis, prev: readonly Edge[], owner: ReadonlyMap<string, string> = new Map()): Edge[] {
  const old = new Map(prev.map((e) => [e.id, e]));
  return viewEdges(spec, owner).map(({ source, target, from, to, index, inputs }) => {
    const id = `${source}->${target}`;
    const plain = source === from && target === to;
    const bad = (a.byLayer.get(to) ?? []).some((e) => e.field === 'inputs');
    const label = plain ? `Connection from ${from} to ${to}${inputs > 1 ? ` (input ${index + 1})` : ''}` : `Connection from ${source.replace(/^block:/, 'block ')} to ${target.replace(/^block:/, 'block ')}`;
    return {
      id,
      source,
      target,
      selected: old.get(id)?.selected ?? false,
      className: bad ? 'edge-invalid' : undefined,
      ariaLabel: label,
      deletable: plain,
      data: { index },
    };
  });
}
