/**
 * Output sizes and padding of the spatial layers (Conv2D, the 2D poolings), shared by the layer
 * definitions, their float64 references and the exporters. TensorFlow semantics:
 * 'valid' OH = floor((H - K) / S) + 1, no padding; 'same' OH = ceil(H / S),
 * total = max((OH - 1) * S + K - H, 0), padTop = floor(total / 2) (the extra row at the bottom);
 * the same along the width.
 */
import type { Conv2DLayer, Padding, Size2 } from './spec';

export interface Conv2DGeometry {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  SH: number;
  SW: number;
  OH: number;
  OW: number;
  padTop: number;
  padLeft: number;
  Cout: number;
  /** Dilation (default 1): tap (kh, kw) reads input row oh*SH - padTop + kh*DH. */
  DH?: number;
  DW?: number;
}

/** A Size2 as [h, w]. */
export function size2(v: Size2): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function outSize(n: number, k: number, s: number, padding: Padding): { out: number; padBefore: number } {
  if (padding === 'same') {
    const out = Math.ceil(n / s);
    const total = Math.max((out - 1) * s + k - n, 0);
    return { out, padBefore: Math.floor(total / 2) };
  }
  return { out: Math.floor((n - k) / s) + 1, padBefore: 0 };
}

/** Output size and padding of a Conv2D layer on an [H, W, C] input (no validation: see the layer's infer). */
export function conv2dGeometry(inShape: readonly number[], layer: Pick<Conv2DLayer, 'filters' | 'kernelSize' | 'strides' | 'padding' | 'dilationRate'>): Conv2DGeometry {
  const [H, W, C] = inShape;
  const [KH, KW] = size2(layer.kernelSize);
  const [SH, SW] = size2(layer.strides ?? 1);
  const [DH, DW] = size2(layer.dilationRate ?? 1);
  const padding = layer.padding ?? 'valid';
  // A dilated kernel spans (K - 1) * D + 1 rows / columns.
  const h = outSize(H, (KH - 1) * DH + 1, SH, padding);
  const w = outSize(W, (KW - 1) * DW + 1, SW, padding);
  return { H, W, C, KH, KW, SH, SW, OH: h.out, OW: w.out, padTop: h.padBefore, padLeft: w.padBefore, Cout: layer.filters, DH, DW };
}

export interface Pool2DGeometry {
  H: number;
  W: number;
  C: number;
  /** Pool size. */
  PH: number;
  PW: number;
  /** Strides. */
  SH: number;
  SW: number;
  /** Output size. */
  OH: number;
  OW: number;
  /** Padding before the first row / column ('same' only, else 0). */
  PT: number;
  PL: number;
}

/** Output size and padding; OH or OW below 1 means the pool does not fit ('valid'). */
export function pool2dGeometry(H: number, W: number, C: number, pool: [number, number], strides: [number, number], padding: Padding): Pool2DGeometry {
  const [PH, PW] = pool;
  const [SH, SW] = strides;
  if (padding === 'same') {
    const OH = Math.ceil(H / SH);
    const OW = Math.ceil(W / SW);
    const padH = Math.max((OH - 1) * SH + PH - H, 0);
    const padW = Math.max((OW - 1) * SW + PW - W, 0);
    return { H, W, C, PH, PW, SH, SW, OH, OW, PT: Math.floor(padH / 2), PL: Math.floor(padW / 2) };
  }
  const OH = Math.floor((H - PH) / SH) + 1;
  const OW = Math.floor((W - PW) / SW) + 1;
  return { H, W, C, PH, PW, SH, SW, OH: H >= PH ? OH : 0, OW: W >= PW ? OW : 0, PT: 0, PL: 0 };
}

/** The real (non-padded) rows [y0, y1) and columns [x0, x1) of output cell (oy, ox). */
export function poolWindow(g: Pool2DGeometry, oy: number, ox: number): { y0: number; y1: number; x0: number; x1: number } {
  const ys = oy * g.SH - g.PT;
  const xs = ox * g.SW - g.PL;
  return { y0: Math.max(ys, 0), y1: Math.min(ys + g.PH, g.H), x0: Math.max(xs, 0), x1: Math.min(xs + g.PW, g.W) };
}
