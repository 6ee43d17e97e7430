/**
 * The editor's state: the project's editable core (spec, dataset, settings) with undo/redo
 * history, node positions (not part of undo), the selected layers, the project's name and
 * preset. Graph commands are reducer actions so they always see the latest spec.
 */
import type { LayerType } from '../../engine/spec';
import { addLayer, connect, disconnect, insertAfter, removeLayers } from '../model/edit-spec';
import { autoLayout, fillPositions, type XY } from '../model/layout';
import { addTransformerBlock, blockLayout, completeResidual, type BlockType } from '../model/blocks';
import type { ProjectCore } from '../project/types';

export interface EditorState {
  past: ProjectCore[];
  present: ProjectCore;
  future: ProjectCore[];
  /** Coalescing: consecutive edits with the same key within COALESCE_MS are one undo step. */
  lastKey: string | null;
  lastAt: number;
  positions: Record<string, XY>;
  selection: string[];
  /** Bumped when the view should fit the whole graph (open, auto layout). */
  fitToken: number;
}

export type EditorAction =
  | { kind: 'open'; core: ProjectCore; positions: Record<string, XY> }
  | { kind: 'update'; fn: (c: ProjectCore) => ProjectCore; coalesce?: string }
  /** Replaces the whole core (a preset), as one undo step, and lays the graph out anew. */
  | { kind: 'replace'; core: ProjectCore }
  | { kind: 'add'; type: LayerType; at?: XY }
  | { kind: 'insert-after'; type: LayerType; after: string | null }
  /** A composite entry: `after` null adds it unconnected (at `at`), else inserts it after that layer. One undo step. */
  | { kind: 'add-block'; block: BlockType; after: string | null; at?: XY }
  | { kind: 'remove'; ids: string[]; pairs?: [string, string][] }
  | { kind: 'connect'; source: string; target: string }
  | { kind: 'disconnect'; pairs: [string, string][] }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'move'; moves: { id: string; pos: XY }[] }
  | { kind: 'select'; ids: string[] }
  | { kind: 'auto-layout' };

const HISTORY_LIMIT = 200;
const COALESCE_MS = 1200;

export function initialEditor(core: ProjectCore, positions: Record<string, XY> = {}): EditorState {
  return { past: [], present: core, future: [], lastKey: null, lastAt: 0, positions: fillPositions(core.spec, positions), selection: [], fitToken: 1 };
}

/** Records `next` as a new present (one undo step, unless coalesced). */
function commit(s: EditorState, next: ProjectCore, coalesce?: string): EditorState {
  if (next === s.present) return s;
  const now = Date.now();
  const merge = coalesce !== undefined && coalesce === s.lastKey && now - s.lastAt < COALESCE_MS;
  return {
    ...s,
    past: merge ? s.past : [...s.past, s.present].slice(-HISTORY_LIMIT),
    present: next,
    future: [],
    lastKey: coalesce ?? null,
    lastAt: now,
    positions: fillPositions(next.spec, s.positions),
  };
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.kind) {
    case 'open':
      return { ...initialEditor(a.core, a.positions), fitToken: s.fitToken + 1 };
    case 'update':
      return commit(s, a.fn(s.present), a.coalesce);
    case 'replace': {
      const next = commit(s, a.core);
      return { ...next, positions: autoLayout(a.core.spec), selection: [], fitToken: s.fitToken + 1 };
    }
    case 'add': {
      const r = addLayer(s.present.spec, a.type);
      const next = commit({ ...s, positions: a.at ? { ...s.positions, [r.id]: a.at } : s.positions }, { ...s.present, spec: r.spec });
      return { ...next, selection: [r.id] };
    }
    case 'insert-after': {
      const r = insertAfter(s.present.spec, a.after, a.type);
      const next = commit(s, { ...s.present, spec: r.spec });
      // Make room: the new layer goes where its consumers were, everything below moves down.
      const anchor = a.after ?? s.present.spec.output;
      const at = s.positions[anchor];
      let positions = next.positions;
      if (at) {
        positions = Object.fromEntries(Object.entries(positions).map(([id, p]) => [id, id !== r.id && p.y > at.y ? { x: p.x, y: p.y + 120 } : p]));
        positions[r.id] = { x: at.x, y: at.y + 120 };
      }
      return { ...next, positions, selection: [r.id] };
    }
    case 'add-block': {
      const r = addTransformerBlock(s.present.spec, a.after);
      const next = commit(s, { ...s.present, spec: r.spec });
      const anchor = a.after ? s.positions[a.after] : undefined;
      const origin = a.at ?? (anchor ? { x: anchor.x, y: anchor.y + 120 } : { x: 0, y: Math.max(0, ...Object.values(s.positions).map((p) => p.y)) + 160 });
      let positions = next.positions;
      if (anchor && !a.at) {
        // Make room: everything below the anchor moves down by the block's height.
        const shift = r.ids.length * 110;
        positions = Object.fromEntries(Object.entries(positions).map(([id, p]) => [id, !r.ids.includes(id) && p.y > anchor.y ? { x: p.x, y: p.y + shift } : p]));
      }
      return { ...next, positions: { ...positions, ...blockLayout(r.ids, origin) }, selection: [r.ids[r.ids.length - 1]] };
    }
    case 'remove': {
      if (a.ids.length === 0 && !a.pairs?.length) return s;
      let spec = removeLayers(s.present.spec, a.ids);
      for (const [src, dst] of a.pairs ?? []) spec = disconnect(spec, src, dst);
      const next = commit(s, { ...s.present, spec });
      return { ...next, selection: next.selection.filter((id) => !a.ids.includes(id)) };
    }
    case 'connect':
      return commit(s, { ...s.present, spec: completeResidual(connect(s.present.spec, a.source, a.target), a.source, a.target) });
    case 'disconnect': {
      let spec = s.present.spec;
      for (const [src, dst] of a.pairs) spec = disconnect(spec, src, dst);
      return commit(s, { ...s.present, spec });
    }
    case 'undo': {
      const prev = s.past.at(-1);
      if (!prev) return s;
      return { ...s, past: s.past.slice(0, -1), present: prev, future: [s.present, ...s.future], lastKey: null, positions: fillPositions(prev.spec, s.positions), selection: keep(s.selection, prev) };
    }
    case 'redo': {
      const next = s.future[0];
      if (!next) return s;
      return { ...s, past: [...s.past, s.present], present: next, future: s.future.slice(1), lastKey: null, positions: fillPositions(next.spec, s.positions), selection: keep(s.selection, next) };
    }
    case 'move': {
      const positions = { ...s.positions };
      for (const m of a.moves) positions[m.id] = m.pos;
      return { ...s, positions };
    }
    case 'select':
      return sameIds(s.selection, a.ids) ? s : { ...s, selection: a.ids };
    case 'auto-layout':
      return { ...s, positions: autoLayout(s.present.spec), fitToken: s.fitToken + 1 };
  }
}

const keep = (sel: string[], c: ProjectCore) => sel.filter((id) => c.spec.layers.some((l) => l.id === id));
const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
