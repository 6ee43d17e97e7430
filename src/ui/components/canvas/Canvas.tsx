/**
 * The model canvas (React Flow): layers as nodes, connections as edges. Drop a palette item to
 * add a layer where it lands; drag from a node's bottom handle to another's top handle to
 * connect; select (shift/ctrl for several), Delete/Backspace removes. Node and edge changes go
 * back to the editor as spec edits; React Flow keeps only view state (measurements, dragging).
 */
import { useCallback, useEffect, useState, type DragEvent } from 'react';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { layerDef } from '../../../engine/layers/registry';
import type { LayerType, ModelSpec } from '../../../engine/spec';
import type { EditorAction } from '../../editor/editor-state';
import type { EditorAnalysis } from '../../model/analysis';
import { connectionProblem } from '../../model/edit-spec';
import { BLOCK_TYPES, type BlockType } from '../../model/blocks';
import type { XY } from '../../model/layout';
import { buildBlockBoxes, buildEdges, buildNodes, isBlockNodeId, type FlowNode, type LayerFlowNode } from './flow-model';
import { BlockBox } from './BlockBox';
import { LayerNode } from './LayerNode';
import { useHasSize } from './useHasSize';

export const LAYER_DRAG_TYPE = 'application/x-playground-layer';
export const BLOCK_DRAG_TYPE = 'application/x-playground-block';

// Declared once at module scope so React Flow never sees a new object.
const nodeTypes = { layer: LayerNode, block: BlockBox };
const takesInputs = (type: string) => (layerDef(type)?.arity[1] ?? 1) > 0;
const deleteKeys = ['Delete', 'Backspace'];
const multiKeys = ['Shift', 'Meta', 'Control'];

interface Props {
  spec: ModelSpec;
  positions: Record<string, XY>;
  selection: string[];
  analysis: EditorAnalysis;
  fitToken: number;
  dispatch: (a: EditorAction) => void;
}

function CanvasInner({ spec, positions, selection, analysis, fitToken, dispatch }: Props) {
  const flow = useReactFlow<FlowNode, Edge>();
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const [hint, setHint] = useState<string | null>(null);
  // React Flow needs a laid-out parent: it is mounted once the box has a size (no "parent container" warning).
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const sized = useHasSize(box);

  useEffect(
    () =>
      setNodes((prev) => {
        const layers = buildNodes(spec, positions, selection, analysis, takesInputs, prev.filter((n): n is LayerFlowNode => n.type === 'layer'));
        return [...buildBlockBoxes(spec, positions, prev), ...layers];
      }),
    [spec, positions, selection, analysis],
  );
  useEffect(() => setEdges((prev) => buildEdges(spec, analysis, prev)), [spec, analysis]);
  useEffect(() => {
    const t = setTimeout(() => void flow.fitView({ padding: 0.25, maxZoom: 1.1 }), 60);
    return () => clearTimeout(t);
  }, [fitToken, flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      // Removal goes through onDelete (spec edit); everything else is view state.
      setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
      const moved = changes.flatMap((c) => (c.type === 'position' && c.position && !c.dragging && !isBlockNodeId(c.id) ? [{ id: c.id, pos: c.position }] : []));
      if (moved.length) dispatch({ kind: 'move', moves: moved });
    },
    [dispatch],
  );
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es)), []);
  const onNodeDragStop = useCallback(
    (_: unknown, __: FlowNode, dragged: FlowNode[]) => dispatch({ kind: 'move', moves: dragged.filter((n) => !isBlockNodeId(n.id)).map((n) => ({ id: n.id, pos: n.position })) }),
    [dispatch],
  );
  const onDelete = useCallback(
    ({ nodes: ns, edges: es }: { nodes: FlowNode[]; edges: Edge[] }) =>
      dispatch({ kind: 'remove', ids: ns.filter((n) => !isBlockNodeId(n.id)).map((n) => n.id), pairs: es.map((e) => [e.source, e.target] as [string, string]) }),
    [dispatch],
  );
  const onSelectionChange = useCallback(({ nodes: ns }: OnSelectionChangeParams) => dispatch({ kind: 'select', ids: ns.map((n) => n.id).filter((id) => !isBlockNodeId(id)) }), [dispatch]);
  const onConnect = useCallback(
    (c: Connection) => {
      if (c.source && c.target) dispatch({ kind: 'connect', source: c.source, target: c.target });
    },
    [dispatch],
  );
  const isValidConnection = useCallback((c: Connection | Edge) => !!c.source && !!c.target && connectionProblem(spec, c.source, c.target) === null, [spec]);
  const onConnectEnd = useCallback(() => setHint(null), []);
  const onConnectStart = useCallback(() => setHint('Drop on the top handle of another layer to connect.'), []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(LAYER_DRAG_TYPE) && !e.dataTransfer.types.includes(BLOCK_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const block = e.dataTransfer.getData(BLOCK_DRAG_TYPE);
      if ((BLOCK_TYPES as readonly string[]).includes(block)) {
        e.preventDefault();
        dispatch({ kind: 'add-block', block: block as BlockType, after: null, at: { x: p.x - 95, y: p.y - 30 } });
        return;
      }
      const type = e.dataTransfer.getData(LAYER_DRAG_TYPE) as LayerType;
      if (!type || !layerDef(type)) return;
      e.preventDefault();
      dispatch({ kind: 'add', type, at: { x: p.x - 95, y: p.y - 30 } });
    },
    [dispatch, flow],
  );

  return (
    <div className="canvas" data-testid="canvas" ref={setBox} onDragOver={onDragOver} onDrop={onDrop}>
      {sized && (
        <ReactFlow<FlowNode, Edge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onDelete={onDelete}
          onSelectionChange={onSelectionChange}
          onConnect={onConnect}
          onConnectStart={onConnectStart}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          deleteKeyCode={deleteKeys}
          multiSelectionKeyCode={multiKeys}
          fitView
          fitViewOptions={{ padding: 0.25, maxZoom: 1.1 }}
          minZoom={0.2}
          maxZoom={2}
          aria-label="Model graph"
          colorMode="system"
          defaultEdgeOptions={{ type: 'smoothstep' }}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} aria-label="Zoom controls" />
        </ReactFlow>
      )}
      {hint && <p className="canvas-hint">{hint}</p>}
      {spec.layers.length === 0 && <p className="canvas-empty">Drag layers here from the palette, or click one to add it.</p>}
    </div>
  );
}

export function Canvas(props: Props) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}
