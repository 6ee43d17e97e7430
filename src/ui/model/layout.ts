/**
 * Automatic layout with dagre (@dagrejs/dagre, the layered-graph layout React Flow's own docs use):
 * layers top to bottom, ranks by longest path from an input, and every edge that skips ranks (a
 * residual connection) gets a slot of its own in each rank it crosses, so the nodes it passes
 * move aside and the edge runs beside them rather than behind them. Positions are top-left
 * corners (React Flow's), deterministic for a given spec. Cycles (an invalid graph) are tolerated.
 */
import dagre from '@dagrejs/dagre';
import type { ModelSpec } from '../../engine/spec';

export interface XY {
  x: number;
  y: number;
}

export const NODE_WIDTH = 190;
/** The height dagre reserves for a layer node (a node with errors may be taller; ranks have slack). */
export const NODE_HEIGHT = 72;
const RANK_SEP = 40;
const NODE_SEP = 70;
const ROW = NODE_HEIGHT + RANK_SEP;

export function depths(spec: ModelSpec): Map<string, number> {
  const byId = new Map(spec.layers.map((l) => [l.id, l]));
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const ins = (byId.get(id)?.inputs ?? []).filter((s) => byId.has(s));
    const d = ins.length === 0 ? 0 : 1 + Math.max(...ins.map(depth));
    visiting.delete(id);
    memo.set(id, d);
    return d;
  };
  for (const l of spec.layers) depth(l.id);
  return memo;
}

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutResult {
  /** Top-left corner of each node. */
  positions: Record<string, XY>;
  /** Dagre's route of each edge (`source->target`), as points through the ranks it crosses. */
  routes: Record<string, XY[]>;
}

/** Lays out any DAG-ish graph of boxes top to bottom; the input node (first) ends up at the top left of its rank. */
export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly [string, string][]): LayoutResult {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  // align 'UL': each layer lines up with its first (leftmost) input, so a residual path is one straight
  // column and the layers it skips sit to its right (dagre's default averages four alignments,
  // which puts the skip edge's column through the middle of the layer it passes).
  g.setGraph({ rankdir: 'TB', align: 'UL', nodesep: NODE_SEP, ranksep: RANK_SEP, edgesep: 24, ranker: 'network-simplex' });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const [s, t] of edges) if (ids.has(s) && ids.has(t) && s !== t) g.setEdge(s, t);
  dagre.layout(g);
  const positions: Record<string, XY> = {};
  for (const n of nodes) {
    const v = g.node(n.id);
    positions[n.id] = { x: Math.round((v.x ?? 0) - n.width / 2), y: Math.round((v.y ?? 0) - n.height / 2) };
  }
  const routes: Record<string, XY[]> = {};
  for (const e of g.edges()) routes[`${e.v}->${e.w}`] = (g.edge(e).points ?? []).map((p: XY) => ({ x: p.x, y: p.y }));
  return { positions, routes };
}

/** Every connection of a spec as [source, target] (existing layers only). */
export function specEdges(spec: ModelSpec): [string, string][] {
  const ids = new Set(spec.layers.map((l) => l.id));
  return spec.layers.flatMap((l) => (l.inputs ?? []).filter((s) => ids.has(s)).map((s): [string, string] => [s, l.id]));
}

/** The spec laid out by dagre, with dagre's edge routes. */
export function autoLayoutDetailed(spec: ModelSpec): LayoutResult {
  return layoutGraph(
    spec.layers.map((l) => ({ id: l.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    specEdges(spec),
  );
}

export function autoLayout(spec: ModelSpec): Record<string, XY> {
  return autoLayoutDetailed(spec).positions;
}

/** Positions for layers that have none: below the lowest positioned layer, or auto-laid out. */
export function fillPositions(spec: ModelSpec, positions: Record<string, XY>): Record<string, XY> {
  const missing = spec.layers.filter((l) => !positions[l.id]);
  if (missing.length === 0) return positions;
  const placed = spec.layers.filter((l) => positions[l.id]);
  if (placed.length === 0) return { ...positions, ...autoLayout(spec) };
  const auto = autoLayout(spec);
  const next = { ...positions };
  for (const l of missing) {
    const src = (l.inputs ?? []).map((s) => next[s]).find(Boolean);
    next[l.id] = src ? { x: src.x, y: src.y + ROW } : (auto[l.id] ?? { x: 0, y: 0 });
  }
  return next;
}
