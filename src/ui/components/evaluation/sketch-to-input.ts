/**
 * A drawing turned into a model input the way MNIST digits were made: crop to the ink's bounding
 * box, scale it (aspect kept, area-averaged) so its longer side fills a box of 20/28 of the image,
 * stretch the values so the brightest pixel is 1, and place it so its centre of mass sits at the
 * image centre (whole-pixel shift). White strokes (1) on black (0), values in [0, 1].
 */

export interface SketchToInputOptions {
  /** Side of the box the ink's longer side is scaled to; default round(20/28 of the smaller output side). */
  box?: number;
  /** Pixels brighter than this count as ink for the bounding box; default 0. */
  threshold?: number;
}

/** Ink intensities [height * width], row-major, of the drawing. */
export interface InkImage {
  width: number;
  height: number;
  ink: ArrayLike<number>;
}

/** The [outH * outW] input, or null when nothing is drawn. */
export function sketchToInput(src: InkImage, outW: number, outH: number, opts: SketchToInputOptions = {}): Float32Array | null {
  const { width: W, height: H, ink } = src;
  const threshold = opts.threshold ?? 0;
  let x0 = W;
  let x1 = -1;
  let y0 = H;
  let y1 = -1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (ink[y * W + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const box = opts.box ?? Math.max(1, Math.round((Math.min(outW, outH) * 20) / 28));
  const scale = box / Math.max(w, h);
  const dw = Math.max(1, Math.min(outW, Math.round(w * scale)));
  const dh = Math.max(1, Math.min(outH, Math.round(h * scale)));

  // Area-average the bounding box into dw x dh (separable: rows, then columns).
  const cols = areaWeights(w, dw);
  const rows = areaWeights(h, dh);
  const across = new Float64Array(h * dw);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < dw; i++) {
      let v = 0;
      for (const [k, wt] of cols[i]) v += wt * ink[(y0 + y) * W + x0 + k];
      across[y * dw + i] = v;
    }
  }
  const small = new Float64Array(dh * dw);
  let max = 0;
  for (let j = 0; j < dh; j++) {
    for (let i = 0; i < dw; i++) {
      let v = 0;
      for (const [k, wt] of rows[j]) v += wt * across[k * dw + i];
      small[j * dw + i] = v;
      if (v > max) max = v;
    }
  }
  if (!(max > 0)) return null;

  // Brightest pixel 1, then centre of mass (pixel centres) to the image centre.
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let j = 0; j < dh; j++) {
    for (let i = 0; i < dw; i++) {
      const v = small[j * dw + i] / max;
      small[j * dw + i] = v;
      mass += v;
      mx += v * (i + 0.5);
      my += v * (j + 0.5);
    }
  }
  const ox = Math.round(outW / 2 - mx / mass);
  const oy = Math.round(outH / 2 - my / mass);
  const out = new Float32Array(outW * outH);
  for (let j = 0; j < dh; j++) {
    const y = j + oy;
    if (y < 0 || y >= outH) continue;
    for (let i = 0; i < dw; i++) {
      const x = i + ox;
      if (x >= 0 && x < outW) out[y * outW + x] = Math.min(1, Math.max(0, small[j * dw + i]));
    }
  }
  return out;
}

/**
 * For each of `dst` output cells over `src` input cells: the input cells it overlaps and their
 * share of it (shares sum to 1). Works both ways: shrinking averages, enlarging repeats.
 */
export function areaWeights(src: number, dst: number): [number, number][][] {
  const step = src / dst;
  const out: [number, number][][] = [];
  for (let i = 0; i < dst; i++) {
    const a = i * step;
    const b = (i + 1) * step;
    const cells: [number, number][] = [];
    for (let k = Math.floor(a); k < Math.min(src, Math.ceil(b)); k++) {
      const overlap = Math.min(b, k + 1) - Math.max(a, k);
      if (overlap > 1e-12) cells.push([k, overlap / step]);
    }
    out.push(cells);
  }
  return out;
}

/** Ink intensities from RGBA canvas pixels of white strokes on black: the red channel / 255. */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): InkImage {
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4] / 255;
  return { width, height, ink };
}
