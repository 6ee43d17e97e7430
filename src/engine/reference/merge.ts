/**
 * float64 references of the merge layers (several inputs into one tensor): forward and the
 * gradient to each input for an upstream gradient dy. Multiply: y = a * b, da = dy * b, db = dy * a.
 * Concatenate: each input's values in its slice of every row of the output; its gradient is that slice of dy.
 */

export function multiplyForward(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v * b[i]);
}

/** [da, db] for y = a * b. */
export function multiplyBackward(a: Float64Array, b: Float64Array, dy: Float64Array): [Float64Array, Float64Array] {
  return [dy.map((g, i) => g * b[i]), dy.map((g, i) => g * a[i])];
}

/** [outer, inner] of `shape` (with the batch) around sample axis k: the axes before it and after it. */
function around(shape: readonly number[], k: number, batch: number): [number, number] {
  return [batch * shape.slice(0, k).reduce((a, b) => a * b, 1), shape.slice(k + 1).reduce((a, b) => a * b, 1)];
}

/** Concatenate along sample axis k (0 = the first axis after the batch): inputs [batch, ...shapes[i]]. */
export function concatForward(xs: Float64Array[], shapes: readonly number[][], k: number, batch: number): Float64Array {
  const [outer, inner] = around(shapes[0], k, batch);
  const segs = shapes.map((s) => s[k] * inner);
  const row = segs.reduce((a, b) => a + b, 0);
  const y = new Float64Array(outer * row);
  let off = 0;
  xs.forEach((x, i) => {
    for (let o = 0; o < outer; o++) for (let j = 0; j < segs[i]; j++) y[o * row + off + j] = x[o * segs[i] + j];
    off += segs[i];
  });
  return y;
}

/** The gradient to each input: input i's slice of dy. */
export function concatBackward(dy: Float64Array, shapes: readonly number[][], k: number, batch: number): Float64Array[] {
  const [outer, inner] = around(shapes[0], k, batch);
  const segs = shapes.map((s) => s[k] * inner);
  const row = segs.reduce((a, b) => a + b, 0);
  let off = 0;
  return segs.map((seg) => {
    const dx = new Float64Array(outer * seg);
    for (let o = 0; o < outer; o++) for (let j = 0; j < seg; j++) dx[o * seg + j] = dy[o * row + off + j];
    off += seg;
    return dx;
  });
}
