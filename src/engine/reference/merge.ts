/**
 * float64 references of the merge layers (several inputs into one tensor): forward and the
 * gradient to each input for an upstream gradient dy. Multiply: y = a * b, da = dy * b, db = dy * a.
 */

export function multiplyForward(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v * b[i]);
}

/** [da, db] for y = a * b. */
export function multiplyBackward(a: Float64Array, b: Float64Array, dy: Float64Array): [Float64Array, Float64Array] {
  return [dy.map((g, i) => g * b[i]), dy.map((g, i) => g * a[i])];
}
