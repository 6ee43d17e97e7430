/**
 * The editor's undo reducer (src/ui/editor/editor-state.ts): updates are undo steps (coalesced
 * within a short window under one key), undo/redo walk them, a new edit clears redo, open starts
 * a fresh history, replace is one step, and positions/selection are not part of undo.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { editorReducer, initialEditor, type EditorAction, type EditorState } from '../../src/ui/editor/editor-state';
import { DEFAULT_PRESET, presetCore } from '../../src/ui/playground/documents';
import { PRESETS } from '../../src/presets/presets';
import type { ProjectCore } from '../../src/ui/project/types';

const run = (s: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, s);
const withSeed = (seed: number) => (c: ProjectCore): ProjectCore => ({ ...c, settings: { ...c.settings, seed } });
const seedOf = (s: EditorState) => s.present.settings.seed;

describe('editor undo reducer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
  });
  afterEach(() => vi.useRealTimers());

  it('an update is one undo step; undo and redo walk it', () => {
    const s0 = initialEditor(presetCore(DEFAULT_PRESET));
    const s1 = run(s0, { kind: 'update', fn: withSeed(7) });
    expect(seedOf(s1)).toBe(7);
    expect(s1.past).toEqual([s0.present]);
    const u = run(s1, { kind: 'undo' });
    expect(u.present).toBe(s0.present);
    expect(u.future).toHaveLength(1);
    const r = run(u, { kind: 'redo' });
    expect(seedOf(r)).toBe(7);
    expect(r.future).toEqual([]);
  });

  it('undo and redo with nothing to do return the same state', () => {
    const s0 = initialEditor(presetCore(DEFAULT_PRESET));
    expect(run(s0, { kind: 'undo' })).toBe(s0);
    expect(run(s0, { kind: 'redo' })).toBe(s0);
  });

  it('an update returning the same core records nothing', () => {
    const s0 = initialEditor(presetCore(DEFAULT_PRESET));
    expect(run(s0, { kind: 'update', fn: (c) => c })).toBe(s0);
  });

  it('a new edit after undo clears redo', () => {
    const s = run(initialEditor(presetCore(DEFAULT_PRESET)), { kind: 'update', fn: withSeed(1) }, { kind: 'undo' }, { kind: 'update', fn: withSeed(2) });
    expect(seedOf(s)).toBe(2);
    expect(s.future).toEqual([]);
    expect(s.past).toHaveLength(1);
  });

  it('edits with the same coalesce key within the window are one step; later ones are not', () => {
    const s0 = initialEditor(presetCore(DEFAULT_PRESET));
    let s = run(s0, { kind: 'update', fn: withSeed(1), coalesce: 'seed' });
    vi.setSystemTime(10_500);
    s = run(s, { kind: 'update', fn: withSeed(2), coalesce: 'seed' });
    expect(s.past).toHaveLength(1);
    expect(run(s, { kind: 'undo' }).present).toBe(s0.present);
    vi.setSystemTime(20_000);
    s = run(s, { kind: 'update', fn: withSeed(3), coalesce: 'seed' });
    expect(s.past).toHaveLength(2);
    s = run(s, { kind: 'update', fn: withSeed(4), coalesce: 'other' });
    expect(s.past).toHaveLength(3);
  });

  it('open starts a fresh history and asks the view to fit', () => {
    const s = run(initialEditor(presetCore(DEFAULT_PRESET)), { kind: 'update', fn: withSeed(1) });
    const other = presetCore(PRESETS.find((p) => p.id !== DEFAULT_PRESET.id)!);
    const o = run(s, { kind: 'open', core: other, positions: {} });
    expect(o.present).toBe(other);
    expect(o.past).toEqual([]);
    expect(o.future).toEqual([]);
    expect(o.fitToken).toBe(s.fitToken + 1);
    expect(Object.keys(o.positions).sort()).toEqual(other.spec.layers.map((l) => l.id).sort());
  });

  it('replace is one undo step', () => {
    const s0 = initialEditor(presetCore(DEFAULT_PRESET));
    const other = presetCore(PRESETS.find((p) => p.id !== DEFAULT_PRESET.id)!);
    const s = run(s0, { kind: 'replace', core: other });
    expect(s.present).toBe(other);
    expect(run(s, { kind: 'undo' }).present).toBe(s0.present);
  });

  it('moves and selection are not undo steps; undo drops selected layers that no longer exist', () => {
    const s0 = initialEditor(presetCore(DEFAULT_PRESET));
    const id = s0.present.spec.layers[0].id;
    const moved = run(s0, { kind: 'move', moves: [{ id, pos: { x: 5, y: 6 } }] }, { kind: 'select', ids: [id] });
    expect(moved.positions[id]).toEqual({ x: 5, y: 6 });
    expect(moved.selection).toEqual([id]);
    expect(moved.past).toEqual([]);
    expect(run(moved, { kind: 'select', ids: [id] })).toBe(moved);
    const added = run(moved, { kind: 'add', type: 'Dense' });
    expect(added.selection).toHaveLength(1);
    expect(added.present.spec.layers).toHaveLength(s0.present.spec.layers.length + 1);
    const undone = run(added, { kind: 'undo' });
    expect(undone.present).toBe(s0.present);
    expect(undone.selection).toEqual([]);
  });
});
