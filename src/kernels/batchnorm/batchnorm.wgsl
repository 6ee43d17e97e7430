// batchnorm.wgsl — batch normalisation over the channels (last) axis (Keras BatchNormalization,
// PyTorch nn.BatchNorm1d/2d): statistics per channel over every row (batch * positions).
//
//   batchnorm_moments_partial   per chunk k of L rows and channel c: n_k, mean_k and
//                               M2_k = Σ (x - mean_k)² (two passes over the chunk: no cancellation)
//   batchnorm_moments_finalize  per channel: the chunks merged (Chan et al.), μ = mean,
//                               σ² = M2 / R (biased, as Keras normalises); stats[c] = (μ, 1/√(σ²+EPS));
//                               and the moving statistics updated in place (Keras):
//                               mm = mm·MOMENTUM + μ·(1-MOMENTUM), mv = mv·MOMENTUM + σ²·(1-MOMENTUM)
//   batchnorm_moving_stats      evaluation: stats[c] = (mm, 1/√(mv+EPS)) from the moving statistics
//   batchnorm_apply             y = (x - μ)·ρ·γ + β (γ = 1 without scale, β = 0 without center)
//   batchnorm_backward_partial  per chunk and channel: Σ dy and Σ dy·x̂ (x̂ = (x - μ)ρ)
//   batchnorm_backward_finalize per channel: the chunk sums added (in order: deterministic) into
//                               sums[c] = (Σ dy, Σ dy·x̂); dβ = Σ dy, dγ = Σ dy·x̂ written to grads
//   batchnorm_backward_input    dx (=|+=) γρ (dy - Σdy/R - x̂ Σdy·x̂/R)   (through the mean and variance)
//
// Legend: R rows, C channels; x, y, dy, dx [R, C]; part [K, C, 2] (K = ceil(R/L) chunks of L rows;
// moments: (mean_k, M2_k), backward: (Σ dy, Σ dy·x̂)); stats, sums [C, 2]; γ [C] at G_OFF, β [C] at
// B_OFF, moving mean [C] at MM_OFF and moving variance [C] at MV_OFF of the flat params (dγ, dβ at
// G_OFF, B_OFF of the flat gradients).
//
// Bindings: moments_partial    0 x · 1 part (rw)
//           moments_finalize   0 part · 1 params (rw) · 2 stats (rw)
//           moving_stats       0 params · 1 stats (rw)
//           apply              0 x · 1 params · 2 stats · 3 y (rw)
//           backward_partial   0 x · 1 dy · 2 stats · 3 part (rw)
//           backward_finalize  0 part · 1 sums (rw) · 2 grads (rw)
//           backward_input     0 x · 1 dy · 2 params · 3 stats · 4 sums · 5 dx (rw)
// Dispatch: the partials (ceil(C/64), K) workgroups of 64 (invocation = channel, workgroup y = chunk:
// the rows are reduced in parallel); finalize and moving_stats ceil(C/64); apply and backward_input
// one invocation per element, ceil(R·C/64) workgroups of 64 split as X x Y (prelude index flat_id).
// #include index

const WG: u32 = 64u;

override R: u32;
override C: u32;
override L: u32 = 64u;
override K: u32 = 1u;
override EPS: f32 = 0.001;
override MOMENTUM: f32 = 0.99;
override G_OFF: u32 = 0u;
override B_OFF: u32 = 0u;
override MM_OFF: u32 = 0u;
override MV_OFF: u32 = 0u;
override HAS_GAMMA: bool = true;
override HAS_BETA: bool = true;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<storage, read> mp_x: array<f32>;
@group(0) @binding(1) var<storage, read_write> mp_part: array<f32>;

@compute @workgroup_size(64)
fn batchnorm_moments_partial(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let c = wid.x * WG + lid.x;
  let k = wid.y;
  if (c >= C || k >= K) { return; }
  let r0 = k * L;
  let r1 = min(r0 + L, R);
  var s = 0.0;
  for (var r = r0; r < r1; r++) { s += mp_x[r * C + c]; }
  let mean = s / f32(r1 - r0);
  var m2 = 0.0;
  for (var r = r0; r < r1; r++) {
    let d = mp_x[r * C + c] - mean;
    m2 += d * d;
  }
  mp_part[2u * (k * C + c)] = mean;
  mp_part[2u * (k * C + c) + 1u] = m2;
}

@group(0) @binding(0) var<storage, read> mf_part: array<f32>;
@group(0) @binding(1) var<storage, read_write> mf_params: array<f32>;
@group(0) @binding(2) var<storage, read_write> mf_stats: array<f32>;

@compute @workgroup_size(64)
fn batchnorm_moments_finalize(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= C) { return; }
  var n = 0.0;
  var mean = 0.0;
  var m2 = 0.0;
  for (var k = 0u; k < K; k++) {
    let nb = f32(min(k * L + L, R) - k * L);
    let mb = mf_part[2u * (k * C + c)];
    let delta = mb - mean;
    let nn = n + nb;
    mean += delta * nb / nn;
    m2 += mf_part[2u * (k * C + c) + 1u] + delta * delta * n * nb / nn;
    n = nn;
  }
  let variance = m2 / f32(R);
  mf_stats[2u * c] = mean;
  mf_stats[2u * c + 1u] = inverseSqrt(variance + EPS);
  mf_params[MM_OFF + c] = mf_params[MM_OFF + c] * MOMENTUM + mean * (1.0 - MOMENTUM);
  mf_params[MV_OFF + c] = mf_params[MV_OFF + c] * MOMENTUM + variance * (1.0 - MOMENTUM);
}

@group(0) @binding(0) var<storage, read> ms_params: array<f32>;
@group(0) @binding(1) var<storage, read_write> ms_stats: array<f32>;

@compute @workgroup_size(64)
fn batchnorm_moving_stats(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= C) { return; }
  ms_stats[2u * c] = ms_params[MM_OFF + c];
  ms_stats[2u * c + 1u] = inverseSqrt(ms_params[MV_OFF + c] + EPS);
}

@group(0) @binding(0) var<storage, read> a_x: array<f32>;
@group(0) @binding(1) var<storage, read> a_params: array<f32>;
@group(0) @binding(2) var<storage, read> a_stats: array<f32>;
@group(0) @binding(3) var<storage, read_write> a_y: array<f32>;

@compute @workgroup_size(64)
fn batchnorm_apply(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= R * C) { return; }
  let c = i % C;
  var g = 1.0;
  var b = 0.0;
  if (HAS_GAMMA) { g = a_params[G_OFF + c]; }
  if (HAS_BETA) { b = a_params[B_OFF + c]; }
  a_y[i] = (a_x[i] - a_stats[2u * c]) * a_stats[2u * c + 1u] * g + b;
}

@group(0) @binding(0) var<storage, read> bp_x: array<f32>;
@group(0) @binding(1) var<storage, read> bp_dy: array<f32>;
@group(0) @binding(2) var<storage, read> bp_stats: array<f32>;
@group(0) @binding(3) var<storage, read_write> bp_part: array<f32>;

@compute @workgroup_size(64)
fn batchnorm_backward_partial(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let c = wid.x * WG + lid.x;
  let k = wid.y;
  if (c >= C || k >= K) { return; }
  let mu = bp_stats[2u * c];
  let rho = bp_stats[2u * c + 1u];
  var sd = 0.0;
  var sdx = 0.0;
  for (var r = k * L; r < min(k * L + L, R); r++) {
    let dy = bp_dy[r * C + c];
    sd += dy;
    sdx += dy * (bp_x[r * C + c] - mu) * rho;
  }
  bp_part[2u * (k * C + c)] = sd;
  bp_part[2u * (k * C + c) + 1u] = sdx;
}

@group(0) @binding(0) var<storage, read> bf_part: array<f32>;
@group(0) @binding(1) var<storage, read_write> bf_sums: array<f32>;
@group(0) @binding(2) var<storage, read_write> bf_grads: array<f32>;

@compute @workgroup_size(64)
fn batchnorm_backward_finalize(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= C) { return; }
  var sd = 0.0;
  var sdx = 0.0;
  for (var k = 0u; k < K; k++) {
    sd += bf_part[2u * (k * C + c)];
    sdx += bf_part[2u * (k * C + c) + 1u];
  }
  bf_sums[2u * c] = sd;
  bf_sums[2u * c + 1u] = sdx;
  if (HAS_GAMMA) { bf_grads[G_OFF + c] = sdx; }
  if (HAS_BETA) { bf_grads[B_OFF + c] = sd; }
}

@group(0) @binding(0) var<storage, read> bi_x: array<f32>;
@group(0) @binding(1) var<storage, read> bi_dy: array<f32>;
@group(0) @binding(2) var<storage, read> bi_params: array<f32>;
@group(0) @binding(3) var<storage, read> bi_stats: array<f32>;
@group(0) @binding(4) var<storage, read> bi_sums: array<f32>;
@group(0) @binding(5) var<storage, read_write> bi_dx: array<f32>;

@compute @workgroup_size(64)
fn batchnorm_backward_input(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= R * C) { return; }
  let c = i % C;
  var g = 1.0;
  if (HAS_GAMMA) { g = bi_params[G_OFF + c]; }
  let rho = bi_stats[2u * c + 1u];
  let xh = (bi_x[i] - bi_stats[2u * c]) * rho;
  let inv_r = 1.0 / f32(R);
  let d = g * rho * (bi_dy[i] - bi_sums[2u * c] * inv_r - xh * bi_sums[2u * c + 1u] * inv_r);
  if (ACCUMULATE) { bi_dx[i] += d; } else { bi_dx[i] = d; }
}
