/**
 * The model canvas (React Flow): layers as nodes, connections as edges. Drop a palette item to
 * add a layer where it lands; drag from a node's bottom handle to another's top handle to
 * connect; select (shift/ctrl for several), Delete/Backspace removes. Node and edge changes go
 * back to the editor as spec edits; React Flow keeps only view state (measurements, dragging).
 * Blocks (a TransformerBlock's layers) collapse to one node, a view state kept here: a large graph
 * opens with them collapsed. Fitting keeps node text readable (fit.ts); a large graph gets a minimap.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
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
import { NODE_HEIGHT, NODE_WIDTH } from '../../model/layout';
import { buildBlockBoxes, buildCollapsedNodes, buildEdges, buildNodes, isBlockNodeId, type FlowNode, type LayerFlowNode } from './flow-model';
import { BlockBox } from './BlockBox';
import { CollapsedBlock } from './CollapsedBlock';
import { blockMoves, collapseView, defaultCollapsed, storedPosition } from './collapse';
import { MAX_FIT_ZOOM, MIN_ZOOM, MINIMAP_ABOVE, MINIMAP_MIN_BOX, readableViewport, readableZoom, smallestNodeText } from './fit';
import { LayerNode } from './LayerNode';
import { useBoxSize, useHasSize } from './useHasSize';
import './canvas.css';

export const LAYER_DRAG_TYPE = 'application/x-playground-layer';
export const BLOCK_DRAG_TYPE = 'application/x-playground-block';

// Declared once at module scope so React Flow never sees a new object.
const nodeTypes = { layer: LayerNode, block: BlockBox, collapsed: CollapsedBlock };
const takesInputs = (type: string) => (layerDef(type)?.arity[1] ?? 1) > 0;
const deleteKeys = ['Delete', 'Backspace'];
const multiKeys = ['Shift', 'Meta', 'Control'];
const minimapSize = { width: 112, height: 84 };
const minimapColor = (n: FlowNode) => (n.type === 'block' ? 'transparent' : n.type === 'collapsed' ? '#818cf8' : '#94a3b8');

interface Props {
  spec: ModelSpec;
  positions: Record<string, XY>;
  selection: string[];
  analysis: EditorAnalysis;
  fitToken: number;
  dispatch: (a: EditorAction) => void;
  /** The layer and pass the NaN trap named for a diverged run (outlined, with a badge). */
  nan?: { layer: string; pass: string } | null;
}

function CanvasInner({ spec, positions, selection, analysis, fitToken, dispatch, nan = null }: Props) {
  const flow = useReactFlow<FlowNode, Edge>();
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const [hint, setHint] = useState<string | null>(null);
  // React Flow needs a laid-out parent: it is mounted once the box has a size (no "parent container" warning).
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const sized = useHasSize(box);
  const boxSize = useBoxSize(box);
  const showMinimap = spec.layers.length > MINIMAP_ABOVE && boxSize.width >= MINIMAP_MIN_BOX.width && boxSize.height >= MINIMAP_MIN_BOX.height;

  // Collapsed blocks: a newly opened graph (the spec replaced together with a fit) starts with its default.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => defaultCollapsed(spec));
  const [seen, setSeen] = useState({ fitToken, spec });
  if (seen.fitToken !== fitToken || seen.spec !== spec) {
    if (seen.fitToken !== fitToken && seen.spec !== spec) setCollapsed(defaultCollapsed(spec));
    setSeen({ fitToken, spec });
  }
  const toggleBlock = useCallback((prefix: string) => setCollapsed((c) => {
    const next = new Set(c);
    if (!next.delete(prefix)) next.add(prefix);
    return next;
  }), []);
  const view = useMemo(() => collapseView(spec, positions, collapsed), [spec, positions, collapsed]);
  const latest = useRef({ view, positions });
  useEffect(() => {
    latest.current = { view, positions };
  }, [view, positions]);
  // A layer selected elsewhere (inspector, undo) inside a collapsed block: the block opens.
  useEffect(() => {
    const open = new Set(selection.flatMap((id) => latest.current.view.blocks.filter((b) => b.ids.includes(id)).map((b) => b.prefix)));
    if (open.size) setCollapsed((c) => new Set([...c].filter((p) => !open.has(p))));
  }, [selection]);

  useEffect(
    () =>
      setNodes((prev) => {
        const visible = { ...spec, layers: spec.layers.filter((l) => !view.owner.has(l.id)) };
        const layers = buildNodes(visible, view.positions, selection, analysis, takesInputs, prev.filter((n): n is LayerFlowNode => n.type === 'layer'), nan);
        return [...buildBlockBoxes(spec, positions, prev, collapsed, toggleBlock), ...buildCollapsedNodes(view, analysis, toggleBlock, prev), ...layers];
      }),
    [spec, positions, selection, analysis, view, collapsed, toggleBlock, nan],
  );
  useEffect(() => setEdges((prev) => buildEdges(spec, analysis, prev, view.owner)), [spec, analysis, view.owner]);

  // Fit on open and on auto layout, never below readable text (fit.ts).
  const fit = useCallback(() => {
    if (!box) return;
    const ns = flow.getNodes();
    if (ns.length === 0) return;
    const rects = ns.map((n) => ({ x: n.position.x, y: n.position.y, w: n.measured?.width ?? (n.type === 'block' ? (n.data.width as number) : NODE_WIDTH), h: n.measured?.height ?? (n.type === 'block' ? (n.data.height as number) : NODE_HEIGHT) }));
    const x0 = Math.min(...rects.map((r) => r.x));
    const y0 = Math.min(...rects.map((r) => r.y));
    const bounds = { x: x0, y: y0, width: Math.max(...rects.map((r) => r.x + r.w)) - x0, height: Math.max(...rects.map((r) => r.y + r.h)) - y0 };
    void flow.setViewport(readableViewport(bounds, box.clientWidth, box.clientHeight, readableZoom(smallestNodeText(box))));
  }, [box, flow]);
  // A fit waits until the nodes have settled (new positions and measured sizes) for 60 ms, so it
  // never frames the layout from before an auto layout.
  const pendingFit = useRef(true);
  useEffect(() => {
    pendingFit.current = true;
  }, [fitToken]);
  useEffect(() => {
    if (!sized || !pendingFit.current) return;
    const t = setTimeout(() => {
      pendingFit.current = false;
      fit();
    }, 60);
    return () => clearTimeout(t);
  }, [fitToken, sized, fit, nodes]);

  /** View moves -> stored moves (a collapsed block moves all its layers). */
  const storedMoves = useCallback((moved: { id: string; pos: XY }[]) => {
    const { view: v, positions: p } = latest.current;
    return moved.flatMap(({ id, pos }) => (isBlockNodeId(id) ? blockMoves(v, p, id, pos) : [{ id, pos: storedPosition(v, id, pos) }]));
  }, []);
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      // Removal goes through onDelete (spec edit); everything else is view state.
      setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
      const moved = changes.flatMap((c) => (c.type === 'position' && c.position && !c.dragging ? [{ id: c.id, pos: c.position }] : []));
      const moves = storedMoves(moved);
      if (moves.length) dispatch({ kind: 'move', moves });
    },
    [dispatch, storedMoves],
  );
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es)), []);
  const onNodeDragStop = useCallback(
    (_: unknown, __: FlowNode, dragged: FlowNode[]) => dispatch({ kind: 'move', moves: storedMoves(dragged.filter((n) => n.type !== 'block').map((n) => ({ id: n.id, pos: n.position }))) }),
    [dispatch, storedMoves],
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
          minZoom={MIN_ZOOM}
          maxZoom={Math.max(2, MAX_FIT_ZOOM)}
          aria-label="Model graph"
          colorMode="system"
          defaultEdgeOptions={{ type: 'smoothstep' }}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} aria-label="Zoom controls" />
          {showMinimap && <MiniMap<FlowNode> position="top-right" pannable zoomable ariaLabel="Overview of the model graph" nodeColor={minimapColor} nodeStrokeWidth={2} style={minimapSize} data-testid="minimap" />}
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
