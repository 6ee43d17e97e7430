/**
 * float64 references of the layers that move pixels of channels-last images [batch, H, W, C]
 * without arithmetic: ZeroPadding2D (zeros around; its gradient is the inner window of dy) and
 * UpSampling2D (nearest: each pixel repeated; its gradient sums each pixel's block of dy).
 */

/** [top, bottom, left, right]. */
export type Pads2d = readonly [number, number, number, number];

export function zeroPad2dForward(x: Float64Array, batch: number, [H, W, C]: readonly number[], [t, b, l, r]: Pads2d): Float64Array {
  const OH = H + t + b;
  const OW = W + l + r;
  const y = new Float64Array(batch * OH * OW * C);
  for (let n = 0; n < batch; n++)
    for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) y[((n * OH + h + t) * OW + w + l) * C + c] = x[((n * H + h) * W + w) * C + c];
  return y;
}

export function zeroPad2dBackward(dy: Float64Array, batch: number, [H, W, C]: readonly number[], [t, b, l, r]: Pads2d): Float64Array {
  const OH = H + t + b;
  const OW = W + l + r;
  const dx = new Float64Array(batch * H * W * C);
  for (let n = 0; n < batch; n++)
    for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) dx[((n * H + h) * W + w) * C + c] = dy[((n * OH + h + t) * OW + w + l) * C + c];
  return dx;
}

/** UpSampling2D (nearest): y[n, h, w, c] = x[n, floor(h / SH), floor(w / SW), c]. */
export function upsample2dForward(x: Float64Array, batch: number, [H, W, C]: readonly number[], [SH, SW]: readonly [number, number]): Float64Array {
  const OH = H * SH;
  const OW = W * SW;
  const y = new Float64Array(batch * OH * OW * C);
  for (let n = 0; n < batch; n++)
    for (let h = 0; h < OH; h++) for (let w = 0; w < OW; w++) for (let c = 0; c < C; c++) y[((n * OH + h) * OW + w) * C + c] = x[((n * H + Math.floor(h / SH)) * W + Math.floor(w / SW)) * C + c];
  return y;
}

/** Its gradient: each input pixel gets the sum of dy over its SH x SW block. */
export function upsample2dBackward(dy: Float64Array, batch: number, [H, W, C]: readonly number[], [SH, SW]: readonly [number, number]): Float64Array {
  const OH = H * SH;
  const OW = W * SW;
  const dx = new Float64Array(batch * H * W * C);
  for (let n = 0; n < batch; n++)
    for (let h = 0; h < OH; h++) for (let w = 0; w < OW; w++) for (let c = 0; c < C; c++) dx[((n * H + Math.floor(h / SH)) * W + Math.floor(w / SW)) * C + c] += dy[((n * OH + h) * OW + w) * C + c];
  return dx;
}
