// bidirectional.wgsl — merging the two directions of a Bidirectional recurrent layer (Keras).
//
//   bidirectional_merge_forward   y from a (forward run) and b (backward run, already in the
//                                 input's time order): concat y[r] = [a[r], b[r]]; sum y[r] = a[r] + b[r]
//   bidirectional_merge_backward  da, db from dy: concat splits dy[r] into its halves; sum copies it
//
// Legend: R rows (B*T with returnSequences, row r = b*T + t; else B), U units of one direction,
// W = 2U (concat) or U (sum). Shapes: a, b, da, db [R, U]; y, dy [R, W]; ids [R] int32.
// MASK (returnSequences fed by Embedding(maskZero) only): rows whose token id is 0 output zero and
// pass no gradient, as Keras's Bidirectional forces zero_output_for_mask = return_sequences.
//
// Bindings: merge_forward: 0 ids · 1 a · 2 b · 3 y (rw);  merge_backward: 0 ids · 1 dy · 2 da (rw) · 3 db (rw)
// (ids: any buffer when MASK is off.)
// Dispatch: ceil(R*U/256) workgroups of 256, one invocation per (r, u).

override R: u32;
override U: u32;
override SUM: bool = false;
override MASK: bool = false;

// Width of a merged row.
fn width() -> u32 {
  if (SUM) { return U; }
  return 2u * U;
}

// ---------------------------------------------------------------- forward
@group(0) @binding(0) var<storage, read> f_ids: array<i32>;
@group(0) @binding(1) var<storage, read> f_a: array<f32>;
@group(0) @binding(2) var<storage, read> f_b: array<f32>;
@group(0) @binding(3) var<storage, read_write> f_y: array<f32>;

@compute @workgroup_size(256)
fn bidirectional_merge_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= R * U) { return; }
  let r = gid.x / U;
  let u = gid.x % U;
  var a = f_a[gid.x];
  var b = f_b[gid.x];
  if (MASK && f_ids[r] == 0) {
    a = 0.0;
    b = 0.0;
  }
  if (SUM) {
    f_y[gid.x] = a + b;
  } else {
    f_y[r * width() + u] = a;
    f_y[r * width() + U + u] = b;
  }
}

// ---------------------------------------------------------------- backward
@group(0) @binding(0) var<storage, read> k_ids: array<i32>;
@group(0) @binding(1) var<storage, read> k_dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> k_da: array<f32>;
@group(0) @binding(3) var<storage, read_write> k_db: array<f32>;

@compute @workgroup_size(256)
fn bidirectional_merge_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= R * U) { return; }
  let r = gid.x / U;
  let u = gid.x % U;
  var da = k_dy[r * width() + u];
  var db = da;
  if (!SUM) { db = k_dy[r * width() + U + u]; }
  if (MASK && k_ids[r] == 0) {
    da = 0.0;
    db = 0.0;
  }
  k_da[gid.x] = da;
  k_db[gid.x] = db;
}
