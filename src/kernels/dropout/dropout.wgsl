// dropout.wgsl — inverted dropout with a counter-based mask (no mask buffer).
//
//   dropout_forward   y[E]  = keep(i) ? x[i] * SCALE : 0        (TRAIN = false: y = x, a copy)
//   dropout_backward  dx[E] (=|+=) keep(i) ? dy[i] * SCALE : 0   (TRAIN = false: dx (=|+=) dy)
// Each has a _vec4 twin (E % 4 == 0): same bindings, 4 elements per load and store.
//
// Legend: E elements of the whole batch (flat index i), SCALE = 1 / (1 - rate) as f32,
// THRESH = floor(rate * 2^32), SALT a per-layer constant (FNV-1a of the layer id).
// keep(i) = hash(i) >= THRESH with
//   key     = pcg(step.seed + pcg(SALT))          (once per invocation)
//   hash(i) = pcg(i + key)                        (u32 wrapping arithmetic)
// (pcg: the PCG-RXS-M-XS hash of Jarzynski & Olano 2020; src/engine/reference/dropout.ts holds
// the same function for tests). step.seed changes every training step, so each step draws a new
// mask, and the same seed always gives the same mask. The key is a full hash of (seed, layer), so
// masks of different steps and layers are far-apart stretches of one well-mixed sequence; one hash
// round per element (not two) keeps the training pass at about 2x the cost of a plain copy.
//
// Why recompute instead of storing a mask: the backward runs in the same step with the same
// Step uniform, so it rebuilds exactly the forward's mask from (seed, i) with a few integer ops
// per element (in vec4 lanes). That saves a mask buffer of E words per layer, its write in the
// forward and its read in the backward, and keeps the two passes consistent by construction (no
// buffer to go stale between the train and eval schedules). Measured on SwiftShader for E = 800K:
// plain vec4 copy ~6 ms, training forward ~11 ms (two pcg rounds per element were ~16 ms).
//
// Bindings (group 0): 0 step (uniform, struct Step) · 1 x or dy (read) · 2 y or dx (rw)
// Dispatch: 1-D workgroups of 64; invocation t handles the PER = 4 consecutive items
// t*4 .. t*4+3 (scalars, or vec4s in the _vec4 kernels). n = ceil(ceil(items / 4) / 64)
// workgroups spread as [min(n, 65535), ceil(n / 65535)]; flat index gid.x + gid.y * nwg.x * 64.
// #include step rng index


override E: u32 = 1u;
override THRESH: u32 = 0u;
override SCALE: f32 = 1.0;
override SALT: u32 = 0u;
override TRAIN: bool = true;
override ACCUMULATE: bool = false;

const WG: u32 = 64u;
const PER: u32 = 4u;

@group(0) @binding(0) var<uniform> step: Step;



fn mask_key() -> u32 {
  return pcg(step.seed + pcg(SALT));
}


// ---------------------------------------------------------------- scalar
@group(0) @binding(1) var<storage, read> s_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> s_out: array<f32>;

// v * SCALE where element i is kept, else 0 (v itself when not training).
fn apply(v: f32, i: u32, key: u32) -> f32 {
  if (!TRAIN) { return v; }
  return select(0.0, v * SCALE, pcg(i + key) >= THRESH);
}

@compute @workgroup_size(64)
fn dropout_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let key = mask_key();
  let i0 = flat_id(gid, nwg) * PER;
  for (var i = i0; i < min(i0 + PER, E); i++) { s_out[i] = apply(s_in[i], i, key); }
}

@compute @workgroup_size(64)
fn dropout_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let key = mask_key();
  let i0 = flat_id(gid, nwg) * PER;
  for (var i = i0; i < min(i0 + PER, E); i++) {
    let g = apply(s_in[i], i, key);
    if (ACCUMULATE) { s_out[i] += g; } else { s_out[i] = g; }
  }
}

// ---------------------------------------------------------------- vec4 (E % 4 == 0)
@group(0) @binding(1) var<storage, read> v_in: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> v_out: array<vec4<f32>>;

fn apply4(v: vec4<f32>, j: u32, key: u32) -> vec4<f32> {
  if (!TRAIN) { return v; }
  let i = vec4<u32>(j * 4u) + vec4<u32>(0u, 1u, 2u, 3u);
  return select(vec4<f32>(0.0), v * SCALE, pcg4(i + vec4<u32>(key)) >= vec4<u32>(THRESH));
}

@compute @workgroup_size(64)
fn dropout_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let key = mask_key();
  let j0 = flat_id(gid, nwg) * PER;
  for (var j = j0; j < min(j0 + PER, E / 4u); j++) { v_out[j] = apply4(v_in[j], j, key); }
}

@compute @workgroup_size(64)
fn dropout_backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let key = mask_key();
  let j0 = flat_id(gid, nwg) * PER;
  for (var j = j0; j < min(j0 + PER, E / 4u); j++) {
    let g = apply4(v_in[j], j, key);
    if (ACCUMULATE) { v_out[j] += g; } else { v_out[j] = g; }
  }
}
