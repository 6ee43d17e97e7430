/**
 * Float64 CPU reference of global max pooling over the middle axis of x [B, S, C] -> y [B, C]
 * (GlobalMaxPooling1D: S = T steps; GlobalMaxPooling2D: S = H*W pixels, channels last).
 * The backward gives dy[b, c] to the positions holding the maximum, shared equally between
 * tied maxima, as keras.ops.max (torch.amax, tf.reduce_max) does; the GPU kernel
 * (src/kernels/pool1d/global_maxpool.wgsl) does the same.
 */

export function globalMaxPoolForwardRef(x: ArrayLike<number>, batch: number, S: number, C: number): Float64Array {
  const y = new Float64Array(batch * C).fill(-Infinity);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < S; s++) {
      for (let c = 0; c < C; c++) y[b * C + c] = Math.max(y[b * C + c], x[(b * S + s) * C + c]);
    }
  }
  return y;
}

export function globalMaxPoolBackwardRef(x: ArrayLike<number>, dy: ArrayLike<number>, batch: number, S: number, C: number): Float64Array {
  const y = globalMaxPoolForwardRef(x, batch, S, C);
  const dx = new Float64Array(batch * S * C);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < C; c++) {
      const m = y[b * C + c];
      let ties = 0;
      for (let s = 0; s < S; s++) if (x[(b * S + s) * C + c] === m) ties++;
      for (let s = 0; s < S; s++) if (x[(b * S + s) * C + c] === m) dx[(b * S + s) * C + c] = dy[b * C + c] / ties;
    }
  }
  return dx;
}
