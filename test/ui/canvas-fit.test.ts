/** The canvas fit keeps node text readable: it never zooms below 11 px text, and shows a tall graph from its top. */
import { describe, expect, it } from 'vitest';
import { NODE_TEXT_PX, READABLE_PX, READABLE_ZOOM, readableViewport } from '../../src/ui/components/canvas/fit';

describe('readableViewport', () => {
  it('fits and centres a small graph, at most 1.1x', () => {
    const v = readableViewport({ x: 0, y: 0, width: 200, height: 100 }, 800, 600);
    expect(v.zoom).toBe(1.1);
    expect(v.x + 100 * v.zoom).toBeCloseTo(400);
    expect(v.y + 50 * v.zoom).toBeCloseTo(300);
  });

  it('zooms out to fit a medium graph while text stays readable', () => {
    const v = readableViewport({ x: 0, y: 0, width: 200, height: 600 }, 800, 600);
    expect(v.zoom).toBeLessThan(1);
    expect(v.zoom * NODE_TEXT_PX).toBeGreaterThanOrEqual(READABLE_PX);
  });

  it('shows a tall graph from its top at the readable zoom', () => {
    const v = readableViewport({ x: -50, y: -20, width: 400, height: 3000 }, 800, 600);
    expect(v.zoom).toBeCloseTo(READABLE_ZOOM);
    expect(v.zoom * NODE_TEXT_PX).toBeGreaterThanOrEqual(READABLE_PX - 1e-9);
    expect(v.y + -20 * v.zoom).toBeCloseTo(24); // the top edge of the graph is at the padding
    expect(v.x + (-50 + 200) * v.zoom).toBeCloseTo(400); // centred across: it fits across
  });

  it('starts a wide and tall graph at its top-left corner', () => {
    const v = readableViewport({ x: 10, y: 10, width: 3000, height: 3000 }, 800, 600);
    expect(v.x + 10 * v.zoom).toBeCloseTo(24);
    expect(v.y + 10 * v.zoom).toBeCloseTo(24);
  });
});
