/** The drawing -> model input transform (MNIST-style crop, scale to a 20/28 box, centre of mass), by hand. */
import { describe, expect, it } from 'vitest';
import { areaWeights, inkFromRgba, sketchToInput, type InkImage } from '../../src/ui/components/evaluation/sketch-to-input';

function image(width: number, height: number, ink: Record<string, number>): InkImage {
  const a = new Float32Array(width * height);
  for (const [key, v] of Object.entries(ink)) {
    const [x, y] = key.split(',').map(Number);
    a[y * width + x] = v;
  }
  return { width, height, ink: a };
}

/** The nonzero cells of a row-major image as "x,y" -> value. */
function nonzero(a: Float32Array, width: number): Map<string, number> {
  const m = new Map<string, number>();
  a.forEach((v, i) => {
    if (v !== 0) m.set(`${i % width},${Math.floor(i / width)}`, v);
  });
  return m;
}

describe('areaWeights', () => {
  it('splits overlapping cells by area when shrinking 3 -> 2', () => {
    const w = areaWeights(3, 2);
    expect(w).toHaveLength(2);
    expect(w[0].map(([k]) => k)).toEqual([0, 1]);
    expect(w[0][0][1]).toBeCloseTo(2 / 3, 12);
    expect(w[0][1][1]).toBeCloseTo(1 / 3, 12);
    expect(w[1].map(([k]) => k)).toEqual([1, 2]);
    expect(w[1][0][1]).toBeCloseTo(1 / 3, 12);
    expect(w[1][1][1]).toBeCloseTo(2 / 3, 12);
  });

  it('repeats cells when enlarging 2 -> 4', () => {
    expect(areaWeights(2, 4)).toEqual([[[0, 1]], [[0, 1]], [[1, 1]], [[1, 1]]]);
  });
});

describe('sketchToInput', () => {
  it('returns null for an empty drawing', () => {
    expect(sketchToInput(image(10, 10, {}), 28, 28)).toBeNull();
  });

  it('scales a 2x2 block to the 20x20 box, centred in 28x28 (rows and columns 4..23)', () => {
    const out = sketchToInput(image(10, 10, { '3,5': 1, '4,5': 1, '3,6': 1, '4,6': 1 }), 28, 28)!;
    expect(out).toHaveLength(784);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const inside = x >= 4 && x <= 23 && y >= 4 && y <= 23;
        expect(out[y * 28 + x], `${x},${y}`).toBe(inside ? 1 : 0);
      }
    }
  });

  it('keeps the aspect ratio of a vertical bar (a "1"): 5 wide, 20 tall, shifted by the centre of mass', () => {
    // A 1x4 bar: scale 20/4 = 5 -> 5x20 ones; centre of mass (2.5, 10) -> shift round(14 - 2.5) = 12, 14 - 10 = 4.
    const out = sketchToInput(image(10, 10, { '7,2': 1, '7,3': 1, '7,4': 1, '7,5': 1 }), 28, 28)!;
    const cells = nonzero(out, 28);
    expect(cells.size).toBe(100);
    for (let y = 4; y <= 23; y++) for (let x = 12; x <= 16; x++) expect(cells.get(`${x},${y}`), `${x},${y}`).toBe(1);
  });

  it('area-averages when shrinking, stretches the brightest pixel to 1 and shifts by the rounded centre of mass', () => {
    // 4x2 ink, box 2: scale 1/2 -> 2x1 cells: (1 + .5 + 0 + .5)/4 = 0.5 and (0 + 1 + 1 + 1)/4 = 0.75;
    // stretched: 2/3 and 1. Centre of mass x = (0.5 * 2/3 + 1.5 * 1) / (5/3) = 1.1, y = 0.5;
    // shift round(2 - 1.1) = 1, round(2 - 0.5) = 2 in a 4x4 output.
    const src = image(4, 2, { '0,0': 1, '1,0': 0.5, '3,0': 1, '1,1': 0.5, '2,1': 1, '3,1': 1 });
    const out = sketchToInput(src, 4, 4, { box: 2 })!;
    const cells = nonzero(out, 4);
    expect([...cells.keys()].sort()).toEqual(['1,2', '2,2']);
    expect(cells.get('1,2')).toBeCloseTo(2 / 3, 6);
    expect(cells.get('2,2')).toBe(1);
  });

  it('gives the same input wherever on the pad the same shape is drawn', () => {
    const at = (dx: number, dy: number) =>
      sketchToInput(image(40, 40, { [`${5 + dx},${3 + dy}`]: 0.8, [`${6 + dx},${3 + dy}`]: 0.4, [`${6 + dx},${4 + dy}`]: 1, [`${6 + dx},${9 + dy}`]: 0.6 }), 28, 28)!;
    expect(Array.from(at(20, 25))).toEqual(Array.from(at(0, 0)));
    const sum = at(0, 0).reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(0);
  });

  it('ignores faint pixels below the threshold when cropping', () => {
    const faint = image(10, 10, { '0,0': 0.01, '3,5': 1, '4,5': 1, '3,6': 1, '4,6': 1 });
    const out = sketchToInput(faint, 28, 28, { threshold: 0.05 })!;
    // The faint pixel lies outside the crop, so the block fills rows and columns 4..23 exactly as without it.
    expect(nonzero(out, 28).size).toBe(400);
  });
});

describe('inkFromRgba', () => {
  it('reads the red channel of white-on-black pixels as ink in [0, 1]', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 51, 51, 51, 255]);
    const img = inkFromRgba(rgba, 3, 1);
    expect(Array.from(img.ink)).toEqual([1, 0, 0.2].map((v) => Math.fround(v)));
  });
});
