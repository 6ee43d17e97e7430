/** Auto layout (dagre): for the presets, no edge runs through a node it does not connect, no two nodes overlap, and the result is deterministic. */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import { autoLayout, autoLayoutDetailed, fillPositions, NODE_HEIGHT, NODE_WIDTH, specEdges, type XY } from '../../src/ui/model/layout';

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const rectOf = (p: XY): Rect => ({ x0: p.x, y0: p.y, x1: p.x + NODE_WIDTH, y1: p.y + NODE_HEIGHT });
const centre = (p: XY): XY => ({ x: p.x + NODE_WIDTH / 2, y: p.y + NODE_HEIGHT / 2 });

/** Whether segment a-b meets the open rectangle r (Liang-Barsky clipping). */
function segmentHitsRect(a: XY, b: XY, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q > 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  const e = 0.5; // touching an edge of the box is not passing through it
  if (!clip(-dx, a.x - (r.x0 + e)) || !clip(dx, r.x1 - e - a.x) || !clip(-dy, a.y - (r.y0 + e)) || !clip(dy, r.y1 - e - a.y)) return false;
  return t0 < t1;
}

const overlaps = (a: Rect, b: Rect): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe.each(['transformer-sentiment', 'transformer-topics', 'cnn', 'spiral-mlp'])('auto layout of %s', (id) => {
  const spec = findPreset(id)!.spec;
  const { positions, routes } = autoLayoutDetailed(spec);

  it('places every layer, top to bottom from the input', () => {
    expect(Object.keys(positions).sort()).toEqual(spec.layers.map((l) => l.id).sort());
    const input = spec.layers.find((l) => l.type === 'Input')!;
    for (const l of spec.layers) expect(positions[l.id].y).toBeGreaterThanOrEqual(positions[input.id].y);
    for (const [s, t] of specEdges(spec)) expect(positions[t].y).toBeGreaterThan(positions[s].y);
  });

  it('no two nodes overlap', () => {
    const ids = spec.layers.map((l) => l.id);
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) expect(overlaps(rectOf(positions[ids[i]]), rectOf(positions[ids[j]])), `${ids[i]} / ${ids[j]}`).toBe(false);
  });

  it('no edge passes through a node it does not connect (straight lines between centres, and dagre routes)', () => {
    for (const [s, t] of specEdges(spec)) {
      for (const l of spec.layers) {
        if (l.id === s || l.id === t) continue;
        const r = rectOf(positions[l.id]);
        expect(segmentHitsRect(centre(positions[s]), centre(positions[t]), r), `${s}->${t} through ${l.id}`).toBe(false);
        const pts = [centre(positions[s]), ...(routes[`${s}->${t}`] ?? []), centre(positions[t])];
        for (let k = 0; k + 1 < pts.length; k++) expect(segmentHitsRect(pts[k], pts[k + 1], r), `${s}->${t} route through ${l.id}`).toBe(false);
      }
    }
  });

  it('is deterministic', () => {
    expect(autoLayout(structuredClone(spec))).toEqual(positions);
  });
});

describe('fillPositions', () => {
  it('places a new layer below its input and keeps the others', () => {
    const spec = findPreset('cnn')!.spec;
    const pos = autoLayout(spec);
    const extra = { ...spec, layers: [...spec.layers, { id: 'extra', type: 'Dense' as const, units: 3, inputs: ['dense_1'] }] };
    const next = fillPositions(extra, pos);
    expect(next.extra.x).toBe(pos.dense_1.x);
    expect(next.extra.y).toBeGreaterThan(pos.dense_1.y + NODE_HEIGHT);
    for (const l of spec.layers) expect(next[l.id]).toEqual(pos[l.id]);
  });
});

describe('segmentHitsRect', () => {
  it('detects a segment through a box and ignores one beside it', () => {
    const r = { x0: 0, y0: 0, x1: 10, y1: 10 };
    expect(segmentHitsRect({ x: 5, y: -5 }, { x: 5, y: 15 }, r)).toBe(true);
    expect(segmentHitsRect({ x: 12, y: -5 }, { x: 12, y: 15 }, r)).toBe(false);
    expect(segmentHitsRect({ x: -5, y: -5 }, { x: 15, y: 15 }, r)).toBe(true);
  });
});
