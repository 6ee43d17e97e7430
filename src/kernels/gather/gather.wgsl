// gather.wgsl — assemble one batch from a dataset that lives on the GPU.
//
//   gather_batch       xb[B, XW] = xs[perm[base + i], :],  yb[B, YW] = ys[perm[base + i], :]
//   gather_batch_vec4  the same with x moved as vec4 words (XW % 4 == 0; XW4 = XW / 4)
//
// Values are copied as 32-bit words, so float features, token ids and labels share one kernel.
// Rows i >= step.rows (the tail of the last batch of an epoch) repeat the last valid row; the
// loss kernel masks them out. Legend: B batch, XW words per input row, YW words per target row,
// NROWS rows in the dataset (indices are clamped, never out of bounds).
//
// Bindings: 0 step (uniform) · 1 perm (read) · 2 xs (read) · 3 ys (read) · 4 xb (rw) · 5 yb (rw)
// Dispatch: 1 x ceil(B / RPW) workgroups of 64: workgroup i copies rows i*RPW .. i*RPW + RPW - 1,
// its invocations striding over each row's words (RPW rows per workgroup, 1 by default: on a CPU
// adapter each workgroup costs, so the launcher offers the tuner fewer, longer ones).
// #include step batch_row


override B: u32;
override XW: u32;
override YW: u32;
override NROWS: u32;
override RPW: u32 = 1u;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> perm: array<u32>;
@group(0) @binding(2) var<storage, read> xs: array<u32>;
@group(0) @binding(3) var<storage, read> ys: array<u32>;
@group(0) @binding(4) var<storage, read_write> xb: array<u32>;
@group(0) @binding(5) var<storage, read_write> yb: array<u32>;

@compute @workgroup_size(64)
fn gather_batch(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  for (var i = wid.y * RPW; i < min(B, wid.y * RPW + RPW); i++) {
    let src = source_row(i);
    for (var j = lid.x; j < XW; j += 64u) { xb[i * XW + j] = xs[src * XW + j]; }
    for (var j = lid.x; j < YW; j += 64u) { yb[i * YW + j] = ys[src * YW + j]; }
  }
}

@group(0) @binding(2) var<storage, read> xs4: array<vec4<u32>>;
@group(0) @binding(4) var<storage, read_write> xb4: array<vec4<u32>>;

@compute @workgroup_size(64)
fn gather_batch_vec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let XW4 = XW / 4u;
  for (var i = wid.y * RPW; i < min(B, wid.y * RPW + RPW); i++) {
    let src = source_row(i);
    for (var j = lid.x; j < XW4; j += 64u) { xb4[i * XW4 + j] = xs4[src * XW4 + j]; }
    for (var j = lid.x; j < YW; j += 64u) { yb[i * YW + j] = ys[src * YW + j]; }
  }
}
