/**
 * Spec -> React Flow nodes and edges, with each node's inferred shape, parameter count and
 * errors. Rebuilding keeps what React Flow measured about existing nodes (so nothing re-measures).
 */
import type { Edge, Node } from '@xyflow/react';
import { formatSpecError } from '../../../engine/graph';
import type { LayerSpec, ModelSpec } from '../../../engine/spec';
import type { EditorAnalysis } from '../../model/analysis';
import type { XY } from '../../model/layout';
import { findBlocks } from '../../model/blocks';

export interface LayerNodeData extends Record<string, unknown> {
  layer: LayerSpec;
  shape: string | null;
  params: number | null;
  errors: string[];
  isOutput: boolean;
  takesInputs: boolean;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

export interface BlockBoxData extends Record<string, unknown> {
  prefix: string;
  count: number;
  width: number;
  height: number;
}

/** A labelled box behind the layers of a block (see model/blocks.ts); id `block:<prefix>`. */
export type BlockFlowNode = Node<BlockBoxData, 'block'>;
export type FlowNode = LayerFlowNode | BlockFlowNode;
export const isBlockNodeId = (id: string): boolean => id.startsWith('block:');

const PAD = 16;
const LABEL = 22;
const NODE_W = 190;
const NODE_H = 78;

/** One box per block found in the spec, around its layers' positions (measured sizes when known). */
export function buildBlockBoxes(spec: ModelSpec, positions: Record<string, XY>, measured: readonly FlowNode[]): BlockFlowNode[] {
  const size = new Map(measured.map((n) => [n.id, n.measured]));
  return findBlocks(spec).flatMap(({ prefix, ids }) => {
    const ps = ids.map((id) => ({ p: positions[id], m: size.get(id) })).filter((v) => v.p);
    if (ps.length !== ids.length) return [];
    const x0 = Math.min(...ps.map((v) => v.p.x)) - PAD;
    const y0 = Math.min(...ps.map((v) => v.p.y)) - PAD - LABEL;
    const x1 = Math.max(...ps.map((v) => v.p.x + (v.m?.width ?? NODE_W))) + PAD;
    const y1 = Math.max(...ps.map((v) => v.p.y + (v.m?.height ?? NODE_H))) + PAD;
    return [{
      id: `block:${prefix}`, type: 'block' as const, position: { x: x0, y: y0 },
      data: { prefix, count: ids.length, width: x1 - x0, height: y1 - y0 },
      selectable: false, draggable: false, deletable: false, focusable: false, connectable: false, zIndex: -1,
    }];
  });
}

export const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** A one-line description of a layer's main settings. */
export function layerDetail(l: LayerSpec): string {
  const size = (v: number | [number, number] | undefined) => (v === undefined ? null : typeof v === 'number' ? `${v}×${v}` : `${v[0]}×${v[1]}`);
  switch (l.type) {
    case 'Input':
      return fmtShape(l.shape ?? []);
    case 'Dense':
      return [`${l.units} unit${l.units === 1 ? '' : 's'}`, l.activation && l.activation !== 'linear' ? l.activation : null].filter(Boolean).join(', ');
    case 'Activation':
      return l.activation;
    case 'Conv2D':
      return [`${l.filters} filters`, size(l.kernelSize), l.activation && l.activation !== 'linear' ? l.activation : null].filter(Boolean).join(', ');
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return size(l.poolSize ?? 2) ?? '';
    case 'Dropout':
      return `rate ${l.rate}`;
    case 'Reshape':
      return `to ${fmtShape(l.targetShape ?? [])}`;
    case 'Embedding':
      return `${l.inputDim} ids → ${l.outputDim}`;
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return `${l.units} units${l.returnSequences ? ', sequences' : ''}`;
    case 'Bidirectional':
      return `${l.layer?.type ?? '?'}(${l.layer?.units ?? '?'}), ${l.mergeMode ?? 'concat'}`;
    case 'Add':
    case 'Flatten':
    case 'GlobalAveragePooling2D':
      return '';
    default:
      return '';
  }
}

export function buildNodes(
  spec: ModelSpec,
  positions: Record<string, XY>,
  selection: readonly string[],
  a: EditorAnalysis,
  takesInputs: (type: string) => boolean,
  prev: readonly LayerFlowNode[],
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
    };
    const o = old.get(l.id);
    const position = positions[l.id] ?? o?.position ?? { x: 0, y: 0 };
    const label = `${l.type} layer ${l.id}${shape ? `, output ${fmtShape(shape.shape)}` : ''}${errors.length ? `, error: ${errors[0]}` : ''}`;
    return { ...(o ?? {}), id: l.id, type: 'layer', position, data, selected: sel.has(l.id), ariaLabel: label, dragging: o?.dragging };
  });
}

export function buildEdges(spec: ModelSpec, a: EditorAnalysis, prev: readonly Edge[]): Edge[] {
  const old = new Map(prev.map((e) => [e.id, e]));
  const out: Edge[] = [];
  for (const l of spec.layers) {
    const bad = (a.byLayer.get(l.id) ?? []).some((e) => e.field === 'inputs');
    for (const [i, src] of (l.inputs ?? []).entries()) {
      if (!spec.layers.some((x) => x.id === src)) continue;
      const id = `${src}->${l.id}`;
      out.push({
        id,
        source: src,
        target: l.id,
        selected: old.get(id)?.selected ?? false,
        className: bad ? 'edge-invalid' : undefined,
        ariaLabel: `Connection from ${src} to ${l.id}${(l.inputs ?? []).length > 1 ? ` (input ${i + 1})` : ''}`,
        data: { index: i },
      });
    }
  }
  return out;
}
