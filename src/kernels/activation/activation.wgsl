// activation.wgsl — standalone activation layers (when not fused into a Dense epilogue).
//
//   activation_forward   y[E] = act(x[E])                     ACT: 0 linear 1 relu 2 sigmoid 3 tanh
//   activation_backward  dx[E] (=|+=) dy[E] · act'(y[E])      derivative from the output y
//   softmax_forward      y[R,C] = softmax(x[R,C]) per row (max-subtracted)
//   softmax_backward     dx[R,C] (=|+=) y ⊙ (dy - Σ_c dy·y)
// Legend: E elements, R rows, C classes (last axis).
//
// Bindings: forward: 0 x (read) · 1 y (rw);  backward: 0 dy (read) · 1 y (read) · 2 dx (rw)
// Dispatch: elementwise ceil(E/256) workgroups of 256; softmax ceil(R/64) workgroups of 64.
// #include activations

override E: u32 = 1u;
override R: u32 = 1u;
override C: u32 = 1u;
override ACT: u32 = 0u;
override ACCUMULATE: bool = false;



@group(0) @binding(0) var<storage, read> f_x: array<f32>;
@group(0) @binding(1) var<storage, read_write> f_y: array<f32>;

@compute @workgroup_size(256)
fn activation_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i < E) { f_y[i] = act_fwd(f_x[i]); }
}

@compute @workgroup_size(64)
fn softmax_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.x;
  if (r >= R) { return; }
  let o = r * C;
  var mx = f_x[o];
  for (var c = 1u; c < C; c++) { mx = max(mx, f_x[o + c]); }
  var s = 0.0;
  for (var c = 0u; c < C; c++) {
    let e = exp(f_x[o + c] - mx);
    f_y[o + c] = e;
    s += e;
  }
  let inv = 1.0 / s;
  for (var c = 0u; c < C; c++) { f_y[o + c] *= inv; }
}

@group(0) @binding(0) var<storage, read> b_dy: array<f32>;
@group(0) @binding(1) var<storage, read> b_y: array<f32>;
@group(0) @binding(2) var<storage, read_write> b_dx: array<f32>;

@compute @workgroup_size(256)
fn activation_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= E) { return; }
  let g = b_dy[i] * act_grad(b_y[i]);
  if (ACCUMULATE) { b_dx[i] += g; } else { b_dx[i] = g; }
}

@compute @workgroup_size(64)
fn softmax_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.x;
  if (r >= R) { return; }
  let o = r * C;
  var s = 0.0;
  for (var c = 0u; c < C; c++) { s += b_dy[o + c] * b_y[o + c]; }
  for (var c = 0u; c < C; c++) {
    let g = b_y[o + c] * (b_dy[o + c] - s);
    if (ACCUMULATE) { b_dx[o + c] += g; } else { b_dx[o + c] = g; }
  }
}
