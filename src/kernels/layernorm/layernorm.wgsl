// layernorm.wgsl — layer normalisation over the last axis (Keras LayerNormalization(axis=-1),
// PyTorch nn.LayerNorm(C)), with learned scale gamma and offset beta.
//
//   layernorm_forward          μ_r = mean(x_r), ρ_r = 1/sqrt(var(x_r) + EPS) (biased variance),
//                              x̂ = (x - μ) ρ,  y = x̂ ⊙ γ + β;  stats[r] = (μ_r, ρ_r) kept for backward
//   layernorm_backward_input   g = dy ⊙ γ;  dx (=|+=) ρ (g - mean(g) - x̂ mean(g ⊙ x̂))
//   layernorm_backward_params  dγ[c] = Σ_r dy[r,c] x̂[r,c],  dβ[c] = Σ_r dy[r,c]
//                              (one invocation per column, rows in order: deterministic, no atomics)
//
// Legend: R rows (batch * positions), C features (the normalised axis). x, y, dy, dx [R, C];
// stats [R, 2]; γ [C] at G_OFF and β [C] at B_OFF of the flat params (gradients at the same
// offsets of the flat gradient buffer). EPS: Keras 1e-3, PyTorch 1e-5.
//
// Bindings: forward          0 x · 1 params · 2 y (rw) · 3 stats (rw)
//           backward_input   0 x · 1 dy · 2 params · 3 stats · 4 dx (rw)
//           backward_params  0 x · 1 dy · 2 stats · 3 grads (rw)
// Dispatch: forward and backward_input ceil(R/64) workgroups of 64 (one invocation per row,
// split as X x Y under 65535, flat index gid.x + gid.y*nwg.x*64); backward_params ceil(C/64).

override R: u32;
override C: u32;
override EPS: f32 = 0.001;
override G_OFF: u32 = 0u;
override B_OFF: u32 = 0u;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<storage, read> f_x: array<f32>;
@group(0) @binding(1) var<storage, read> f_params: array<f32>;
@group(0) @binding(2) var<storage, read_write> f_y: array<f32>;
@group(0) @binding(3) var<storage, read_write> f_stats: array<f32>;

@compute @workgroup_size(64)
fn layernorm_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = gid.x + gid.y * nwg.x * 64u;
  if (r >= R) { return; }
  let o = r * C;
  var s = 0.0;
  for (var c = 0u; c < C; c++) { s += f_x[o + c]; }
  let mu = s / f32(C);
  var v = 0.0;
  for (var c = 0u; c < C; c++) {
    let d = f_x[o + c] - mu;
    v += d * d;
  }
  let rho = inverseSqrt(v / f32(C) + EPS);
  for (var c = 0u; c < C; c++) { f_y[o + c] = (f_x[o + c] - mu) * rho * f_params[G_OFF + c] + f_params[B_OFF + c]; }
  f_stats[2u * r] = mu;
  f_stats[2u * r + 1u] = rho;
}

@group(0) @binding(0) var<storage, read> i_x: array<f32>;
@group(0) @binding(1) var<storage, read> i_dy: array<f32>;
@group(0) @binding(2) var<storage, read> i_params: array<f32>;
@group(0) @binding(3) var<storage, read> i_stats: array<f32>;
@group(0) @binding(4) var<storage, read_write> i_dx: array<f32>;

@compute @workgroup_size(64)
fn layernorm_backward_input(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = gid.x + gid.y * nwg.x * 64u;
  if (r >= R) { return; }
  let o = r * C;
  let mu = i_stats[2u * r];
  let rho = i_stats[2u * r + 1u];
  var sg = 0.0;
  var sgx = 0.0;
  for (var c = 0u; c < C; c++) {
    let g = i_dy[o + c] * i_params[G_OFF + c];
    sg += g;
    sgx += g * (i_x[o + c] - mu) * rho;
  }
  let mg = sg / f32(C);
  let mgx = sgx / f32(C);
  for (var c = 0u; c < C; c++) {
    let g = i_dy[o + c] * i_params[G_OFF + c];
    let xh = (i_x[o + c] - mu) * rho;
    let d = rho * (g - mg - xh * mgx);
    if (ACCUMULATE) { i_dx[o + c] += d; } else { i_dx[o + c] = d; }
  }
}

@group(0) @binding(0) var<storage, read> p_x: array<f32>;
@group(0) @binding(1) var<storage, read> p_dy: array<f32>;
@group(0) @binding(2) var<storage, read> p_stats: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_grads: array<f32>;

@compute @workgroup_size(64)
fn layernorm_backward_params(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= C) { return; }
  var dg = 0.0;
  var db = 0.0;
  for (var r = 0u; r < R; r++) {
    let dy = p_dy[r * C + c];
    dg += dy * (p_x[r * C + c] - p_stats[2u * r]) * p_stats[2u * r + 1u];
    db += dy;
  }
  p_grads[G_OFF + c] = dg;
  p_grads[B_OFF + c] = db;
}
