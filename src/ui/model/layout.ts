/**
 * Automatic layout: layers placed top to bottom by topological depth (longest path from an
 * input), each row centred. Cycles (an invalid graph) are tolerated: such layers go to the end.
 */
import type { ModelSpec } from '../../engine/spec';

export interface XY {
  x: number;
  y: number;
}

export const NODE_WIDTH = 190;
const ROW = 120;
const COL = 230;

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

export function autoLayout(spec: ModelSpec): Record<string, XY> {
  const d = depths(spec);
  const rows = new Map<number, string[]>();
  for (const l of spec.layers) {
    const k = d.get(l.id) ?? 0;
    rows.set(k, [...(rows.get(k) ?? []), l.id]);
  }
  const out: Record<string, XY> = {};
  for (const [row, ids] of rows) {
    ids.forEach((id, i) => {
      out[id] = { x: (i - (ids.length - 1) / 2) * COL, y: row * ROW };
    });
  }
  return out;
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
