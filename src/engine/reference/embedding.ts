/**
 * Float64 reference of Embedding.
 *
 * Shapes: ids [P] (P = batch * T token positions), table [V, D] (Keras layout), y/dy [P, D],
 * dtable [V, D]. Ids outside [0, V) are clamped, as in src/kernels/embedding/embedding.wgsl.
 *   embeddingForwardRef:  y[p, :] = table[clamp(ids[p]), :]
 *   embeddingBackwardRef: dtable[v, :] = Σ_{p : clamp(ids[p]) == v} dy[p, :]
 */
export const clampId = (id: number, V: number): number => Math.min(Math.max(Math.trunc(id), 0), V - 1);

export function embeddingForwardRef(ids: ArrayLike<number>, table: ArrayLike<number>, V: number, D: number): Float64Array {
  const P = ids.length;
  const y = new Float64Array(P * D);
  for (let p = 0; p < P; p++) {
    const row = clampId(ids[p], V) * D;
    for (let d = 0; d < D; d++) y[p * D + d] = table[row + d];
  }
  return y;
}

export function embeddingBackwardRef(ids: ArrayLike<number>, dy: ArrayLike<number>, V: number, D: number): Float64Array {
  const P = ids.length;
  const dt = new Float64Array(V * D);
  for (let p = 0; p < P; p++) {
    const row = clampId(ids[p], V) * D;
    for (let d = 0; d < D; d++) dt[row + d] += dy[p * D + d];
  }
  return dt;
}
