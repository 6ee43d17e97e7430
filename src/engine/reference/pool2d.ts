/**
 * Float64 CPU reference for 2D pooling over channels-last images (Keras / TensorFlow semantics).
 *
 * Shapes (row-major, batch first):
 *   x, dx: [B, H, W, C]        y, dy: [B, OH, OW, C]        argmax: [B, OH, OW, C]
 *   global pooling: x [B, H, W, C] -> y [B, C]
 *
 * Geometry: 'valid' OH = floor((H - PH) / SH) + 1; 'same' OH = ceil(H / SH) with TensorFlow
 * padding pad_total = max((OH - 1) * SH + PH - H, 0), pad_top = floor(pad_total / 2) (the extra
 * row, if any, at the bottom); the same along the width. Padded cells never take part: max pooling
 * ignores them and average pooling divides by the number of real cells in each window.
 * Every window holds at least one real cell (pad_total <= PH - 1 because (OH - 1) * SH <= H - 1).
 *
 * argmax holds, per output element, the spatial index iy * W + ix of the first maximum in
 * row-major window order (ties: the first one wins, as in the GPU kernel).
 */
import { poolWindow, type Pool2DGeometry } from '../geometry';

export function maxPool2dForwardRef(x: ArrayLike<number>, batch: number, g: Pool2DGeometry): { y: Float64Array; argmax: Int32Array } {
  const { H, W, C, OH, OW } = g;
  const y = new Float64Array(batch * OH * OW * C);
  const argmax = new Int32Array(y.length);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const { y0, y1, x0, x1 } = poolWindow(g, oy, ox);
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let arg = -1;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const v = x[((b * H + iy) * W + ix) * C + c];
              if (arg < 0 || v > best) {
                best = v;
                arg = iy * W + ix;
              }
            }
          }
          const o = ((b * OH + oy) * OW + ox) * C + c;
          y[o] = best;
          argmax[o] = arg;
        }
      }
    }
  }
  return { y, argmax };
}

/** dx[b, s, c] = Σ over output cells whose argmax is s of dy. */
export function maxPool2dBackwardRef(dy: ArrayLike<number>, argmax: ArrayLike<number>, batch: number, g: Pool2DGeometry): Float64Array {
  const { H, W, C, OH, OW } = g;
  const dx = new Float64Array(batch * H * W * C);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < OH * OW; o++) {
      for (let c = 0; c < C; c++) {
        const i = (b * OH * OW + o) * C + c;
        dx[(b * H * W + argmax[i]) * C + c] += dy[i];
      }
    }
  }
  return dx;
}

export function avgPool2dForwardRef(x: ArrayLike<number>, batch: number, g: Pool2DGeometry): Float64Array {
  const { H, W, C, OH, OW } = g;
  const y = new Float64Array(batch * OH * OW * C);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const { y0, y1, x0, x1 } = poolWindow(g, oy, ox);
        const count = (y1 - y0) * (x1 - x0);
        for (let c = 0; c < C; c++) {
          let s = 0;
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += x[((b * H + iy) * W + ix) * C + c];
          y[((b * OH + oy) * OW + ox) * C + c] = s / count;
        }
      }
    }
  }
  return y;
}

export function avgPool2dBackwardRef(dy: ArrayLike<number>, batch: number, g: Pool2DGeometry): Float64Array {
  const { H, W, C, OH, OW } = g;
  const dx = new Float64Array(batch * H * W * C);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const { y0, y1, x0, x1 } = poolWindow(g, oy, ox);
        const count = (y1 - y0) * (x1 - x0);
        for (let c = 0; c < C; c++) {
          const v = dy[((b * OH + oy) * OW + ox) * C + c] / count;
          for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) dx[((b * H + iy) * W + ix) * C + c] += v;
        }
      }
    }
  }
  return dx;
}

/** y[b, c] = mean over the H x W positions of x[b, :, :, c]. */
export function globalAvgPool2dForwardRef(x: ArrayLike<number>, batch: number, H: number, W: number, C: number): Float64Array {
  const y = new Float64Array(batch * C);
  const HW = H * W;
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < HW; s++) for (let c = 0; c < C; c++) y[b * C + c] += x[(b * HW + s) * C + c];
    for (let c = 0; c < C; c++) y[b * C + c] /= HW;
  }
  return y;
}

export function globalAvgPool2dBackwardRef(dy: ArrayLike<number>, batch: number, H: number, W: number, C: number): Float64Array {
  const HW = H * W;
  const dx = new Float64Array(batch * HW * C);
  for (let b = 0; b < batch; b++) for (let s = 0; s < HW; s++) for (let c = 0; c < C; c++) dx[(b * HW + s) * C + c] = dy[b * C + c] / HW;
  return dx;
}
