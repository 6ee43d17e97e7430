// position_embedding.wgsl — positional embedding added to a sequence of vectors.
//
//   position_embedding_forward   y[n, t, d] = x[n, t, d] + table[t, d]
//   position_embedding_backward  dtable[t, d] = Σ_n dy[n, t, d]   (overwrites; batch summed in
//                                order by one invocation per table element: deterministic)
// (dx = dy is elementwise.wgsl's copy_backward.)
//
// Legend: N batch, T positions, D features. x, y, dy [N, T, D]; table [T, D] at TAB_OFF of the
// bound table buffer: the flat params (learned) or a constant buffer holding the sinusoidal
// encoding (computed once in float64 on the host). dtable goes to W_OFF of the flat gradients.
//
// Bindings: forward 0 x · 1 table · 2 y (rw);  backward 0 dy · 1 grads (rw)
// Dispatch: forward ceil(N*T*D/256), backward ceil(T*D/256) workgroups of 256 (split as X x Y
// under 65535; flat index gid.x + gid.y*nwg.x*256).

override N: u32;
override T: u32;
override D: u32;
override TAB_OFF: u32 = 0u;
override W_OFF: u32 = 0u;

@group(0) @binding(0) var<storage, read> f_x: array<f32>;
@group(0) @binding(1) var<storage, read> f_table: array<f32>;
@group(0) @binding(2) var<storage, read_write> f_y: array<f32>;

@compute @workgroup_size(256)
fn position_embedding_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= N * T * D) { return; }
  f_y[i] = f_x[i] + f_table[TAB_OFF + i % (T * D)];
}

@group(0) @binding(0) var<storage, read> b_dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> b_grads: array<f32>;

@compute @workgroup_size(256)
fn position_embedding_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= T * D) { return; }
  var s = 0.0;
  for (var n = 0u; n < N; n++) { s += b_dy[n * T * D + e]; }
  b_grads[W_OFF + e] = s;
}
