// gather.wgsl — assemble one batch from a dataset that lives on the GPU.
//
//   gather_batch  xb[B, XW] = xs[perm[base + i], :],  yb[B, YW] = ys[perm[base + i], :]
//
// Values are copied as 32-bit words, so float features, token ids and labels share one kernel.
// Rows i >= step.rows (the tail of the last batch of an epoch) repeat the last valid row; the
// loss kernel masks them out. Legend: B batch, XW words per input row, YW words per target row,
// NROWS rows in the dataset (indices are clamped, never out of bounds).
//
// Bindings: 0 step (uniform) · 1 perm (read) · 2 xs (read) · 3 ys (read) · 4 xb (rw) · 5 yb (rw)
// Dispatch: ceil(max(XW, YW) / 64) x B workgroups of 64.
// #include step


override B: u32;
override XW: u32;
override YW: u32;
override NROWS: u32;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> perm: array<u32>;
@group(0) @binding(2) var<storage, read> xs: array<u32>;
@group(0) @binding(3) var<storage, read> ys: array<u32>;
@group(0) @binding(4) var<storage, read_write> xb: array<u32>;
@group(0) @binding(5) var<storage, read_write> yb: array<u32>;

@compute @workgroup_size(64)
fn gather_batch(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.y;
  let j = gid.x;
  if (i >= B) { return; }
  let slot = step.base + min(i, max(step.rows, 1u) - 1u);
  let src = min(perm[slot], NROWS - 1u);
  if (j < XW) { xb[i * XW + j] = xs[src * XW + j]; }
  if (j < YW) { yb[i * YW + j] = ys[src * YW + j]; }
}
