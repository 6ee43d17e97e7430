// embedding.wgsl — token-id lookup table (Keras Embedding).
//
//   embedding_forward   y[P, D] = table[clamp(ids[p], 0, V-1), :]
//   embedding_backward  dtable[v, :] = Σ_{p : clamp(ids[p]) == v} dy[p, :]   (overwrites)
//
// Legend: P = batch * T token positions, V vocabulary rows (inputDim), D features (outputDim).
// The table [V, D] lives in the flat params at W_OFF; its gradient goes to the same offset of the
// flat gradient buffer. Ids outside [0, V) are clamped (the dataset check rejects them earlier).
//
// Backward is a deterministic, atomic-free scatter-add: one invocation per vocabulary row v scans
// all P ids (neighbouring invocations read the same id, so the scan is a broadcast) and adds the
// dy rows of the positions whose id is v into its own table row, in increasing p. No barriers,
// no workgroup memory, no atomics; every matching dy element is read once and the summation
// order is fixed, so results are bit-reproducible. Cost: V*P id reads + P*D adds.
//
// Bindings: embedding_forward 0 ids (read) · 1 params (read) · 2 y (rw)
//           embedding_backward 0 ids (read) · 1 dy (read) · 2 grads (rw)
// Dispatch: forward ceil(P*D/64), backward ceil(V/64) workgroups of 64 (split as X x Y when
// above 65535: the kernels linearise with num_workgroups).

override P: u32;
override V: u32;
override D: u32;
override W_OFF: u32 = 0u;

fn row_of(id: i32) -> u32 {
  return u32(clamp(id, 0, i32(V) - 1));
}

@group(0) @binding(0) var<storage, read> f_ids: array<i32>;
@group(0) @binding(1) var<storage, read> f_params: array<f32>;
@group(0) @binding(2) var<storage, read_write> f_y: array<f32>;

@compute @workgroup_size(64)
fn embedding_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= P * D) { return; }
  let p = i / D;
  let d = i % D;
  f_y[i] = f_params[W_OFF + row_of(f_ids[p]) * D + d];
}

@group(0) @binding(0) var<storage, read> b_ids: array<i32>;
@group(0) @binding(1) var<storage, read> b_dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> b_grads: array<f32>;

@compute @workgroup_size(64)
fn embedding_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let v = gid.x + gid.y * nwg.x * 64u;
  if (v >= V) { return; }
  let row = W_OFF + v * D;
  for (var d = 0u; d < D; d++) { b_grads[row + d] = 0.0; }
  for (var p = 0u; p < P; p++) {
    if (row_of(b_ids[p]) != v) { continue; }
    let src = p * D;
    for (var d = 0u; d < D; d++) { b_grads[row + d] += b_dy[src + d]; }
  }
}
