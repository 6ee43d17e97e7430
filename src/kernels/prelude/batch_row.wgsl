// The dataset row that batch row i reads: perm[step.base + i] for the step's rows; rows past
// step.rows (the tail of an epoch's last batch) repeat the last valid one; never out of bounds.
// One home for gather.wgsl and the fused MLP steps; the including file declares `step: Step`,
// `perm: array<u32>` and `override NROWS: u32` (rows in the dataset).
fn source_row(i: u32) -> u32 {
  let slot = step.base + min(i, max(step.rows, 1u) - 1u);
  return min(perm[slot], NROWS - 1u);
}
