/**
 * Spec -> React Flow nodes and edges, with each node's inferred shape, parameter count and
 * errors. Rebuilding keeps what React Flow measured about existing nodes (so nothing re-measures).
 */
import type { Edge, Node } from '@xyflow/react';
import { formatSpecError } from '../../../engine/graph';
import type { LayerSpec, ModelSpec } from '../../../engine/spec';
import type { EditorAnalysis } from '../../model/analysis';
import type { XY } from '../../model/layout';

export interface LayerNodeData extends Record<string, unknown> {
  layer: LayerSpec;
  shape: string | null;
  params: number | null;
  errors: string[];
  isOutput: boolean;
  takesInputs: boolean;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

export const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** A one-line description of a layer's main settings. */
export function layerDetail(l: LayerSpec): string {
  const size = (v: number | [number, number] | undefined) => (v === undefined ? null : typeof v === 'number' ? `${v}×${v}` : `${v[0]}×${v[1]}`);
  switch (l.type) {
    case 'Input':
      return fmtShape(l.shape ?? []);
    case 'Dense':
      return [`${l.units} units`, l.activation && l.activation !== 'linear' ? l.activation : null].filter(Boolean).join(', ');
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
