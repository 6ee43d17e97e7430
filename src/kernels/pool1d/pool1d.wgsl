// pool1d.wgsl — GlobalAveragePooling1D over the time axis, optionally mask-aware (Keras semantics).
//
//   global_avgpool1d_forward   y[n, d] = Σ_t m[n,t] x[n, t, d] / Σ_t m[n,t]
//   global_avgpool1d_backward  dx[n, t, d] (=|+=) m[n,t] dy[n, d] / Σ_t m[n,t]
// m[n,t] = 1, or with MASK: ids[n*T + t] != 0 (the token ids of an Embedding with maskZero). A
// sample with no valid step outputs 0 (Keras would divide by zero).
//
// Legend: N batch, T steps, D features. x, dx [N, T, D]; y, dy [N, D]; ids [N, T] i32 (any
// buffer when MASK is false).
// Bindings: forward 0 x · 1 ids · 2 y (rw);  backward 0 dy · 1 ids · 2 dx (rw)
// Dispatch: ceil(N*D/64) workgroups of 64 for both (one invocation per (n, d), looping over t:
// the backward counts the valid steps once and writes the T gradients of its column), split as
// X x Y under 65535.

override N: u32;
override T: u32;
override D: u32;
override MASK: bool = false;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<storage, read> f_x: array<f32>;
@group(0) @binding(1) var<storage, read> f_ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> f_y: array<f32>;

fn f_keep(n: u32, t: u32) -> f32 {
  if (!MASK) { return 1.0; }
  return select(0.0, 1.0, f_ids[n * T + t] != 0);
}

@compute @workgroup_size(64)
fn global_avgpool1d_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= N * D) { return; }
  let n = i / D;
  let d = i % D;
  var s = 0.0;
  var cnt = 0.0;
  for (var t = 0u; t < T; t++) {
    let k = f_keep(n, t);
    s += k * f_x[(n * T + t) * D + d];
    cnt += k;
  }
  f_y[i] = select(0.0, s / cnt, cnt > 0.0);
}

@group(0) @binding(0) var<storage, read> b_dy: array<f32>;
@group(0) @binding(1) var<storage, read> b_ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> b_dx: array<f32>;

fn b_keep(n: u32, t: u32) -> f32 {
  if (!MASK) { return 1.0; }
  return select(0.0, 1.0, b_ids[n * T + t] != 0);
}

@compute @workgroup_size(64)
fn global_avgpool1d_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= N * D) { return; }
  let n = i / D;
  let d = i % D;
  var cnt = 0.0;
  for (var t = 0u; t < T; t++) { cnt += b_keep(n, t); }
  let g = select(0.0, b_dy[i] / cnt, cnt > 0.0);
  for (var t = 0u; t < T; t++) {
    let o = (n * T + t) * D + d;
    let v = g * b_keep(n, t);
    if (ACCUMULATE) { b_dx[o] += v; } else { b_dx[o] = v; }
  }
}
