// optimizer.wgsl — one fused update over the whole flat parameter vector, Keras semantics.
//
//   optimizer_global_norm  norm2[0] = Σ g²                     (only when clipping by global norm)
//   optimizer_update       update_one(i) of prelude/optimizer_rule.wgsl (the OPT table and its
//                          override constants are there) for every trained vec4 i
//
// Bindings: optimizer_update: 0 step (uniform) · 1 grads (read) · 2 norm2 (read) · 3 params (rw) · 4 state (rw)
//           state holds the optimizer's slots stacked: slot k of vec4 i at state[k*P4 + i] (any number of slots)
//           optimizer_global_norm: 0 grads (read) · 1 norm2 (rw)
// Dispatch: update: workgroups of 64 over a grid-stride loop, so any count covers P4 (the launcher
// decides); global_norm exactly 1 workgroup of 64.
// #include step optimizer_rule


@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> grads: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> norm2: array<f32>;
@group(0) @binding(3) var<storage, read_write> params: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> state: array<vec4<f32>>;

@compute @workgroup_size(64)
fn optimizer_update(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Grid-stride loop: any number of workgroups covers all P4 vec4s.
  let end = min(P4, TRAIN_END);
  for (var i = gid.x; i < end; i += 64u * nwg.x) { update_one(i); }
}

@group(0) @binding(0) var<storage, read> n_grads: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> n_out: array<f32>;

var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn optimizer_global_norm(@builtin(local_invocation_index) lid: u32) {
  var s = 0.0;
  for (var i = lid; i < min(P4, TRAIN_END); i += 64u) {
    let g = n_grads[i];
    s += dot(g, g);
  }
  partial[lid] = s;
  workgroupBarrier();
  for (var w = 32u; w > 0u; w = w >> 1u) {
    if (lid < w) { partial[lid] += partial[lid + w]; }
    workgroupBarrier();
  }
  if (lid == 0u) { n_out[0] = partial[0]; }
}
