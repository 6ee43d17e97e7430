/** Collapsed blocks (a canvas view state): one node per block, edges re-attached, nothing overlapping, moves map back to stored positions. */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import { blockMoves, blockNodeId, collapseView, defaultCollapsed, storedPosition, viewEdges, viewRects } from '../../src/ui/components/canvas/collapse';
import { autoLayout } from '../../src/ui/model/layout';

const spec = findPreset('transformer-sentiment')!.spec;
const positions = autoLayout(spec);

const overlaps = (rs: { id: string; x: number; y: number; width: number; height: number }[]) => {
  const hits: string[] = [];
  for (let i = 0; i < rs.length; i++)
    for (let j = i + 1; j < rs.length; j++) {
      const a = rs[i];
      const b = rs[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) hits.push(`${a.id} / ${b.id}`);
    }
  return hits;
};

describe('collapsed blocks', () => {
  it('a large graph opens with its blocks collapsed, a small one without', () => {
    expect([...defaultCollapsed(spec)]).toEqual(['block1', 'block2']);
    expect(defaultCollapsed(findPreset('cnn')!.spec).size).toBe(0);
  });

  it('shows each collapsed block as one node in place of its 7 layers, with nothing overlapping', () => {
    const view = collapseView(spec, positions, new Set(['block1', 'block2']));
    expect(view.blocks.map((b) => b.prefix)).toEqual(['block1', 'block2']);
    expect(Object.keys(view.positions)).toEqual(['input', 'embedding', 'position_embedding', 'global_average_pooling1d', 'dense']);
    expect(overlaps(viewRects(view))).toEqual([]);
    // Compact: the block node sits where its first layer was, and the layers below moved up.
    expect(view.blocks[0].at.y).toBe(positions.block1_attention.y);
    expect(view.positions.dense.y).toBeLessThan(positions.dense.y);
    const order = [view.positions.position_embedding.y, view.blocks[0].at.y, view.blocks[1].at.y, view.positions.global_average_pooling1d.y];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('one block expanded: its layers at their stored positions, the rest compact, nothing overlapping', () => {
    const view = collapseView(spec, positions, new Set(['block2']));
    expect(view.positions.block1_ffn).toEqual(positions.block1_ffn);
    expect(view.blocks.map((b) => b.prefix)).toEqual(['block2']);
    expect(overlaps(viewRects(view))).toEqual([]);
  });

  it('re-attaches edges to the block node, once each, and drops the edges inside it', () => {
    const view = collapseView(spec, positions, new Set(['block1', 'block2']));
    expect(viewEdges(spec, view.owner).map((e) => `${e.source}->${e.target}`)).toEqual([
      'input->embedding',
      'embedding->position_embedding',
      'position_embedding->block:block1',
      'block:block1->block:block2',
      'block:block2->global_average_pooling1d',
      'global_average_pooling1d->dense',
    ]);
  });

  it('maps moves in the view back to stored positions', () => {
    const view = collapseView(spec, positions, new Set(['block1']));
    const shown = view.positions.dense;
    expect(storedPosition(view, 'dense', { x: shown.x + 5, y: shown.y + 7 })).toEqual({ x: positions.dense.x + 5, y: positions.dense.y + 7 });
    const at = view.blocks[0].at;
    const moves = blockMoves(view, positions, blockNodeId('block1'), { x: at.x + 10, y: at.y - 4 });
    expect(moves).toHaveLength(7);
    for (const m of moves) expect(m.pos).toEqual({ x: positions[m.id].x + 10, y: positions[m.id].y - 4 });
  });
});
