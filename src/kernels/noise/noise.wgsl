// noise.wgsl — the random training-only layers beside Dropout, drawn from the same counter-based
// hash as dropout.wgsl (prelude/rng.wgsl pcg; no mask or noise buffer: a backward rebuilds the
// forward's draw from the Step uniform's seed).
//
//   spatial_dropout_forward   y[n, s, c]  = keep(n, c) ? x[n, s, c] * SCALE : 0   (TRAIN = false: y = x)
//   spatial_dropout_backward  dx[n, s, c] (=|+=) keep(n, c) ? dy[n, s, c] * SCALE : 0
//     SpatialDropout1D (S = T steps) and SpatialDropout2D (S = H*W pixels): one draw per sample
//     and channel, keep(n, c) = pcg(n*C + c + key) >= THRESH (Keras noise_shape [B, 1, C]).
//   gaussian_noise_forward    y[i] = x[i] + STDDEV * z(i)                          (TRAIN = false: y = x)
//     z(i) = sqrt(-2 ln u1) * cos(2π u2), u1 = (h1 >> 8 + 0.5) / 2^24, u2 = (h2 >> 8) / 2^24,
//     h1 = pcg(i + key), h2 = pcg(h1) (Box-Muller; reference/noise.ts draws the same z in float64).
//     Its backward is the identity (elementwise copy_backward).
//
// Legend: E elements of the whole batch (flat index i), S*C elements per sample, C channels,
// SCALE = 1 / (1 - rate) as f32, THRESH = floor(rate * 2^32), key = pcg(step.seed + pcg(SALT)),
// SALT a per-layer constant (FNV-1a of the layer id, as Dropout).
// Bindings (group 0), every kernel: 0 step (uniform, struct Step) · 1 x or dy (read) · 2 y or dx (rw)
// Dispatch: ceil(E/64) workgroups of 64 (one element per invocation), split as X x Y under 65535
// (src/kernels/grid.ts splitGrid); flat index gid.x + gid.y * nwg.x * 64.
// #include step rng index

override E: u32 = 1u;
override SC: u32 = 1u;
override C: u32 = 1u;
override THRESH: u32 = 0u;
override SCALE: f32 = 1.0;
override STDDEV: f32 = 0.0;
override SALT: u32 = 0u;
override TRAIN: bool = true;
override ACCUMULATE: bool = false;

const WG: u32 = 64u;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> n_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> n_out: array<f32>;

fn noise_key() -> u32 {
  return pcg(step.seed + pcg(SALT));
}

// v * SCALE where element i's (sample, channel) is kept, else 0 (v itself when not training).
fn spatial_apply(v: f32, i: u32) -> f32 {
  if (!TRAIN) { return v; }
  let cell = (i / SC) * C + i % C;
  return select(0.0, v * SCALE, pcg(cell + noise_key()) >= THRESH);
}

@compute @workgroup_size(64)
fn spatial_dropout_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= E) { return; }
  n_out[i] = spatial_apply(n_in[i], i);
}

@compute @workgroup_size(64)
fn spatial_dropout_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= E) { return; }
  let g = spatial_apply(n_in[i], i);
  if (ACCUMULATE) { n_out[i] += g; } else { n_out[i] = g; }
}

@compute @workgroup_size(64)
fn gaussian_noise_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= E) { return; }
  if (!TRAIN) { n_out[i] = n_in[i]; return; }
  let h1 = pcg(i + noise_key());
  let h2 = pcg(h1);
  let u1 = (f32(h1 >> 8u) + 0.5) / 16777216.0;
  let u2 = f32(h2 >> 8u) / 16777216.0;
  let z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
  n_out[i] = n_in[i] + STDDEV * z;
}
