/**
 * Procedural handwritten-style digits: 0-9 drawn as pen strokes (polylines and elliptic arcs)
 * and rasterized with anti-aliasing into 28x28x1 greyscale images in [0, 1], MNIST-like (white
 * ink on black). Every sample varies: glyph variant (e.g. 1 with or without a flag, open or
 * closed 4, 7 with or without a bar), jittered stroke geometry, a smooth quadratic warp, scale,
 * width, slant, small rotation, offset, pen thickness, ink intensity and pixel noise. A small CNN
 * learns it well; a nearest-centroid classifier on raw pixels is far from perfect.
 *
 * Deterministic per (n, seed, noise) and bit-identical on every platform: only the seeded RNG,
 * + - * /, sqrt and the deterministic sin/cos of detmath.ts are used. Needs no files or network.
 */

import type { Dataset } from './dataset';
import { dcos, dsin } from './detmath';
import { createRng, type Rng } from './rng';

export const DIGIT_SIZE = 28;
export const DIGIT_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Default pixel-noise level (peak amplitude of the per-pixel noise; see DigitsOptions.noise). */
export const DIGITS_DEFAULT_NOISE = 0.2;

export interface DigitsOptions {
  /** Number of images (>= 1). Classes are balanced: counts differ by at most one. */
  readonly n: number;
  /** Integer seed; same options => identical dataset. */
  readonly seed: number;
  /**
   * Pixel noise, >= 0 (default 0.2): each image adds zero-mean triangular noise of peak
   * amplitude noise * uniform(0.5, 1) to every pixel, then clamps to [0, 1].
   */
  readonly noise?: number;
}

type Pt = readonly [number, number];
type Stroke = readonly Pt[];
/** Returns uniform(-a, a). */
type Jitter = (a: number) => number;
/** Draws one variant of a digit in the unit box (u right, v down; the glyph spans v in [0, 1]). */
type Glyph = (j: Jitter) => Stroke[];

const DEG = 0.017453292519943295;

/** Points along the ellipse (cx + rx cos a, cy + ry sin a) for a from a0 to a1 degrees (clockwise on screen). */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number): Pt[] {
  const steps = Math.max(2, Math.ceil(Math.abs(a1 - a0) / 15));
  const pts: Pt[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = (a0 + ((a1 - a0) * i) / steps) * DEG;
    pts.push([cx + rx * dcos(a), cy + ry * dsin(a)]);
  }
  return pts;
}

const GLYPHS: readonly (readonly Glyph[])[] = [
  // 0: an upright ellipse, start point anywhere, small overshoot.
  [
    (j) => {
      const s = j(180);
      return [arc(0.5 + j(0.02), 0.5, 0.27 + j(0.06), 0.47 + j(0.02), s, s + 365 + j(12))];
    },
  ],
  // 1: plain stroke; with a flag; with a flag and a base.
  [
    (j) => [[[0.5 + j(0.06), 0.0], [0.5 + j(0.06), 1.0]]],
    (j) => {
      const x = 0.54 + j(0.04);
      return [[[0.32 + j(0.06), 0.2 + j(0.06)], [x, 0.0], [x + j(0.03), 1.0]]];
    },
    (j) => {
      const x = 0.52 + j(0.04);
      return [[[0.32 + j(0.05), 0.2 + j(0.05)], [x, 0.0], [x, 1.0]], [[0.3 + j(0.05), 1.0], [0.74 + j(0.05), 1.0]]];
    },
  ],
  // 2: a hook on top, a diagonal down to the left, a base to the right.
  [
    (j) => [[
      ...arc(0.5 + j(0.03), 0.29 + j(0.03), 0.28 + j(0.04), 0.27 + j(0.03), 195 + j(15), 380 + j(12)),
      [0.18 + j(0.05), 1.0],
      [0.84 + j(0.05), 1.0 + j(0.03)],
    ]],
    (j) => [[
      ...arc(0.5 + j(0.03), 0.3 + j(0.03), 0.28 + j(0.04), 0.28 + j(0.03), 190 + j(15), 400 + j(10)),
      [0.3 + j(0.05), 0.85 + j(0.04)],
      [0.2 + j(0.04), 1.0],
      [0.84 + j(0.05), 0.98 + j(0.03)],
    ]],
  ],
  // 3: two bowls open to the left, meeting in the middle.
  [
    (j) => {
      const mx = 0.46 + j(0.06);
      return [
        arc(mx, 0.26 + j(0.02), 0.26 + j(0.04), 0.245, 200 + j(20), 450),
        arc(mx, 0.74 + j(0.02), 0.3 + j(0.04), 0.255, 270, 510 + j(15)),
      ];
    },
  ],
  // 4: closed (diagonal into the crossbar) or open (two strokes).
  [
    (j) => {
      const x = 0.62 + j(0.05);
      const bar = 0.68 + j(0.05);
      return [[[x, 0.0], [0.14 + j(0.05), bar], [0.86 + j(0.05), bar + j(0.03)]], [[x, 0.0], [x + j(0.04), 1.0]]];
    },
    (j) => {
      const bar = 0.62 + j(0.05);
      const x = 0.66 + j(0.05);
      return [[[0.3 + j(0.05), 0.0], [0.2 + j(0.04), bar], [0.86 + j(0.05), bar + j(0.03)]], [[x, 0.22 + j(0.06)], [x + j(0.04), 1.0]]];
    },
  ],
  // 5: top bar, short down stroke, a bowl open to the left.
  [
    (j) => {
      const x = 0.31 + j(0.04);
      return [
        [[0.8 + j(0.05), 0.0 + j(0.03)], [x, 0.0]],
        [[x, 0.0], [x - 0.05 + j(0.03), 0.46 + j(0.03)], ...arc(0.48 + j(0.03), 0.69, 0.29 + j(0.03), 0.3, 215, 520 + j(12))],
      ];
    },
  ],
  // 6: a stem curving down from the top right into a loop at the bottom.
  [
    (j) => [[
      [0.72 + j(0.06), 0.0],
      [0.48 + j(0.04), 0.12 + j(0.03)],
      [0.3 + j(0.03), 0.38 + j(0.04)],
      ...arc(0.5 + j(0.03), 0.73, 0.27 + j(0.03), 0.26 + j(0.02), 180, 540 + j(10)),
    ]],
  ],
  // 7: plain; with a crossbar; with a curved stem.
  [
    (j) => [[[0.18 + j(0.05), 0.02 + j(0.03)], [0.82 + j(0.04), 0.0], [0.42 + j(0.08), 1.0]]],
    (j) => [
      [[0.18 + j(0.05), 0.02 + j(0.03)], [0.82 + j(0.04), 0.0], [0.44 + j(0.06), 1.0]],
      [[0.4 + j(0.05), 0.52 + j(0.04)], [0.78 + j(0.05), 0.5 + j(0.04)]],
    ],
    (j) => [[[0.18 + j(0.05), 0.02 + j(0.03)], [0.82 + j(0.04), 0.0], [0.62 + j(0.04), 0.45], [0.5 + j(0.06), 1.0]]],
  ],
  // 8: a smaller loop on a larger loop.
  [
    (j) => {
      const s = j(180);
      return [
        arc(0.5 + j(0.04), 0.25, 0.22 + j(0.03), 0.24, s, s + 365),
        arc(0.5 + j(0.04), 0.73, 0.28 + j(0.03), 0.26, s, s + 365),
      ];
    },
  ],
  // 9: a loop on top with a straight or curved tail on the right.
  [
    (j) => {
      const rx = 0.26 + j(0.03);
      return [arc(0.5, 0.28, rx, 0.27, 0, 365), [[0.5 + rx, 0.28], [0.74 + j(0.04), 1.0]]];
    },
    (j) => {
      const rx = 0.26 + j(0.03);
      return [arc(0.5, 0.28, rx, 0.27, 0, 365), [[0.5 + rx, 0.28], [0.74 + j(0.03), 0.7], [0.58 + j(0.05), 1.0]]];
    },
  ],
];

// Relative frequency of each glyph variant.
const VARIANT_WEIGHTS: readonly (readonly number[])[] = [[1], [4, 4, 2], [3, 1], [1], [3, 2], [1], [1], [5, 2, 3], [1], [1, 1]];

function pickVariant(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Max-combines the anti-aliased coverage of segment a-b with pen radius r into img. */
function drawSegment(img: Float64Array, ax: number, ay: number, bx: number, by: number, r: number): void {
  const S = DIGIT_SIZE;
  const reach = r + 0.5;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
  const x1 = Math.min(S - 1, Math.ceil(Math.max(ax, bx) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const y1 = Math.min(S - 1, Math.ceil(Math.max(ay, by) + reach));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const inv = len2 > 0 ? 1 / len2 : 0;
  const reach2 = reach * reach;
  for (let py = y0; py <= y1; py++) {
    const cy = py + 0.5 - ay;
    for (let px = x0; px <= x1; px++) {
      const cx = px + 0.5 - ax;
      let t = (cx * dx + cy * dy) * inv;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = cx - t * dx;
      const ey = cy - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 >= reach2) continue;
      // Coverage of a pixel by a pen of radius r: 1 inside r - 0.5, falling linearly to 0 at r + 0.5.
      const c = reach - Math.sqrt(d2);
      const v = c > 1 ? 1 : c;
      const k = py * S + px;
      if (v > img[k]) img[k] = v;
    }
  }
}

/**
 * Renders one random instance of `digit` into out[offset .. offset + 784), values in [0, 1].
 * `img` is a 784-element scratch buffer.
 */
function renderDigit(digit: number, rng: Rng, noise: number, img: Float64Array, out: Float32Array, offset: number): void {
  const j: Jitter = (a) => a * (2 * rng.next() - 1);
  const variants = GLYPHS[digit];
  const strokes = variants[pickVariant(rng, VARIANT_WEIGHTS[digit])](j);

  // Per-image style.
  const height = rng.uniform(16.5, 21);
  const width = height * rng.uniform(0.75, 1.2);
  const slant = rng.uniform(-0.35, 0.35);
  const angle = rng.uniform(-0.2, 0.2);
  const cos = dcos(angle);
  const sin = dsin(angle);
  const cx = DIGIT_SIZE / 2 + rng.uniform(-2.5, 2.5);
  const cy = DIGIT_SIZE / 2 + rng.uniform(-2, 2);
  const pen = rng.uniform(0.75, 1.75);
  const ink = rng.uniform(0.7, 1);
  const amp = noise * rng.uniform(0.5, 1);
  // Smooth quadratic warp of the unit box.
  const wu1 = j(0.3);
  const wu2 = j(0.3);
  const wv1 = j(0.3);
  const wv2 = j(0.3);

  img.fill(0);
  for (const stroke of strokes) {
    let pxPrev = 0;
    let pyPrev = 0;
    for (let i = 0; i < stroke.length; i++) {
      const p = stroke[i][0] - 0.5;
      const q = stroke[i][1] - 0.5;
      const u = p + wu1 * q * q + wu2 * p * q;
      const v = q + wv1 * p * p + wv2 * p * q;
      const sx = u * width - slant * v * height;
      const sy = v * height;
      const px = cx + cos * sx - sin * sy;
      const py = cy + sin * sx + cos * sy;
      if (i > 0) drawSegment(img, pxPrev, pyPrev, px, py, pen);
      pxPrev = px;
      pyPrev = py;
    }
  }

  const scale = amp / 65536;
  for (let k = 0; k < DIGIT_SIZE * DIGIT_SIZE; k++) {
    // Triangular noise in [-amp, amp) from the two 16-bit halves of one u32.
    const r = rng.nextU32();
    const value = ink * img[k] + ((r & 0xffff) + (r >>> 16) - 65535) * scale;
    out[offset + k] = value < 0 ? 0 : value > 1 ? 1 : value;
  }
}

/** Generates `n` procedural digit images, 28x28x1 in [0, 1], classes 0-9 balanced and shuffled. */
export function digits(opts: DigitsOptions): Dataset {
  const { n, seed } = opts;
  const noise = opts.noise ?? DIGITS_DEFAULT_NOISE;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`digits: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(seed)) throw new RangeError(`digits: seed must be an integer, got ${seed}`);
  if (!Number.isFinite(noise) || noise < 0) throw new RangeError(`digits: noise must be a finite number >= 0, got ${noise}`);
  const rng = createRng(seed).fork('digits');
  const order = rng.fork('order').permutation(n);
  const sampler = rng.fork('images');
  const size = DIGIT_SIZE * DIGIT_SIZE;
  const x = new Float32Array(n * size);
  const y = new Int32Array(n);
  const img = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    const digit = k % 10;
    const row = order[k];
    renderDigit(digit, sampler, noise, img, x, row * size);
    y[row] = digit;
  }
  return {
    name: 'digits', task: 'classification', n, inputShape: [DIGIT_SIZE, DIGIT_SIZE, 1], inputDtype: 'float32', x, y,
    targetShape: [], numClasses: 10, classNames: DIGIT_CLASS_NAMES,
  };
}

/** ASCII rendering of one image (for debugging and docs): ' .:-=+*#%@' by intensity. */
export function digitToAscii(x: Float32Array | Int32Array, index: number, size = DIGIT_SIZE): string {
  const ramp = ' .:-=+*#%@';
  const lines: string[] = [];
  for (let r = 0; r < size; r++) {
    let line = '';
    for (let c = 0; c < size; c++) {
      const v = x[index * size * size + r * size + c];
      line += ramp[Math.min(ramp.length - 1, Math.max(0, Math.floor(v * ramp.length)))];
    }
    lines.push(line);
  }
  return lines.join('\n');
}
