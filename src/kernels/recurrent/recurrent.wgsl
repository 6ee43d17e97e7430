// recurrent.wgsl — fused per-timestep cells of SimpleRNN, LSTM and GRU (Keras semantics), and the
// shifted copy of h that turns the recurrent-kernel gradient into a plain matmul.
//
// The input projection P = x · W + b_in over all B*T rows, the kernel gradient dW = xᵀ · dZ with
// db = Σ dZ, the recurrent-kernel gradient dU = hpᵀ · dZr (GRU: with rb = Σ dZr) and
// dx = dZ · Wᵀ are plain matmuls run with dense.wgsl (ACT 0). This file holds only
// the sequential part: ONE dispatch per timestep forward and ONE per timestep backward, each
// bound with a 16-byte window of a constants buffer holding t (offset t*256), so every timestep
// shares one pipeline and differs only in its bind group.
//
// Legend: B batch, T timesteps, U units, G gates (SimpleRNN 1, LSTM 4 [i f c o], GRU 3 [z r h]),
// GU = G*U. Rows are batch-major: r = b*T + t. Shapes:
//   proj  [B*T, GU]  x·W + b_in (dense_forward)           h, c  [B*T, U]  h_t, c_t per row
//   hp    [B*T, U]   h_{t-1} per row (zero at t = 0): the left operand of dU
//   gates [B*T, 4U]  LSTM: i f c~ o (activated); GRU: z r hh hu (hu = h_{t-1}·Uh + rb_h)
//   last  [B, U]     h of the latest step (the layer output when returnSequences is false)
//   dz    [B*T, GU]  pre-activation gate gradients (input side, feeds dW, db, dx)
//   dzr   [B*T, GU]  GRU recurrent-side gradients (dz with the h block times r); = dz otherwise
//   dhc   [B, U]     direct (element-wise) part of dh_{t-1} carried between steps
//   dc    [B, U]     LSTM dc_{t-1} carried between steps
// Params (flat buffer): recurrent kernel [U, GU] at R_OFF; GRU recurrent bias [GU] at RB_OFF.
// Masking (MASK): ids [B*T] int32, steps with id 0 copy h_{t-1} (and c_{t-1}) and have zero
// gate gradients; their dh passes straight through to t-1. Unmasked builds bind any buffer.
// ACT (cell activation) / RACT (recurrent activation): 0 linear, 1 relu, 2 sigmoid, 3 tanh;
// derivatives are taken from the activated values kept in gates/h.
//
// Bindings (group 0):
//   *_step_forward:   0 t · 1 params · 2 proj · 3 ids · 4 h (rw) · 5 last (rw) · 6 hp (rw) ·
//                     7 gates (rw, lstm/gru) · 8 c (rw, lstm)
//   *_step_backward:  0 t · 1 params · 2 dy · 3 ids · 4 state (h; c for LSTM) · 5 dz (rw) ·
//                     6 dhc (rw) · then lstm: 7 gates · 8 dc (rw);  gru: 7 gates · 8 dzr (rw)
// Direction (REVERSE): false runs t = 0..T-1 (previous step t-1); true runs t = T-1..0 (previous
// step t+1), the backward half of Bidirectional. Rows stay at their own t either way, so h/hp/dz
// need no reordering and a reversed returnSequences output is already in the input's time order.
// The caller dispatches the steps in processing order (backward pass: the opposite order).
// Entry points: *_step_forward / *_step_backward (any U): one invocation per (b, u), scalar
// loads, ceil(B*U/64) workgroups of 64. *_step_forward_vec4 / *_step_backward_vec4 (U % 4 == 0,
// chosen by the host; bottom of this file): the same bindings and results, one invocation per
// block of 4 batch rows x 4 units with vec4 loads, ceil(ceil(B/4)*U/4 / WG) workgroups of WG.
// #include activations_code

override B: u32;
override T: u32;
override U: u32;
override R_OFF: u32 = 0u;
override RB_OFF: u32 = 0u;
override HAS_BIAS: bool = true;
override ACT: u32 = 3u;
override RACT: u32 = 2u;
override MASK: bool = false;
/** returnSequences: dy is [B*T, U] (else [B, U], the last step only). */
override SEQ: bool = false;
/** Process time from T-1 down to 0 (see the header). */
override REVERSE: bool = false;

// The neighbours of step t / row r in processing order (guard with has_prev / has_next).
fn has_prev(t: u32) -> bool {
  if (REVERSE) { return t + 1u < T; }
  return t > 0u;
}
fn prev_row(r: u32) -> u32 {
  if (REVERSE) { return r + 1u; }
  return r - 1u;
}
fn has_next(t: u32) -> bool {
  if (REVERSE) { return t > 0u; }
  return t + 1u < T;
}
fn next_row(r: u32) -> u32 {
  if (REVERSE) { return r - 1u; }
  return r + 1u;
}



// ---------------------------------------------------------------- forward steps
@group(0) @binding(0) var<storage, read> f_t: array<u32>;
@group(0) @binding(1) var<storage, read> f_params: array<f32>;
@group(0) @binding(2) var<storage, read> f_proj: array<f32>;
@group(0) @binding(3) var<storage, read> f_ids: array<i32>;
@group(0) @binding(4) var<storage, read_write> f_h: array<f32>;
@group(0) @binding(5) var<storage, read_write> f_last: array<f32>;
@group(0) @binding(6) var<storage, read_write> f_hp: array<f32>;
@group(0) @binding(7) var<storage, read_write> f_gates: array<f32>;
@group(0) @binding(8) var<storage, read_write> f_c: array<f32>;

fn f_masked(r: u32) -> bool {
  if (!MASK) { return false; }
  return f_ids[r] == 0;
}

@compute @workgroup_size(64)
fn simple_rnn_step_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= B * U) { return; }
  let b = gid.x / U;
  let u = gid.x % U;
  let t = f_t[0];
  let r = b * T + t;
  var h = 0.0;
  if (has_prev(t)) { h = f_h[prev_row(r) * U + u]; }
  f_hp[r * U + u] = h;
  if (!f_masked(r)) {
    var z = f_proj[r * U + u];
    if (has_prev(t)) {
      let hp = prev_row(r) * U;
      for (var k = 0u; k < U; k++) { z += f_h[hp + k] * f_params[R_OFF + k * U + u]; }
    }
    h = act_code_fwd(ACT, z);
  }
  f_h[r * U + u] = h;
  f_last[b * U + u] = h;
}

@compute @workgroup_size(64)
fn lstm_step_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= B * U) { return; }
  let b = gid.x / U;
  let u = gid.x % U;
  let t = f_t[0];
  let r = b * T + t;
  let GU = 4u * U;
  var hprev = 0.0;
  var cprev = 0.0;
  if (has_prev(t)) {
    hprev = f_h[prev_row(r) * U + u];
    cprev = f_c[prev_row(r) * U + u];
  }
  f_hp[r * U + u] = hprev;
  let g = r * GU;
  if (f_masked(r)) {
    f_h[r * U + u] = hprev;
    f_c[r * U + u] = cprev;
    f_last[b * U + u] = hprev;
    f_gates[g + u] = 0.0;
    f_gates[g + U + u] = 0.0;
    f_gates[g + 2u * U + u] = 0.0;
    f_gates[g + 3u * U + u] = 0.0;
    return;
  }
  var z = vec4<f32>(f_proj[g + u], f_proj[g + U + u], f_proj[g + 2u * U + u], f_proj[g + 3u * U + u]);
  if (has_prev(t)) {
    let hp = prev_row(r) * U;
    for (var k = 0u; k < U; k++) {
      let w = R_OFF + k * GU + u;
      z += f_h[hp + k] * vec4<f32>(f_params[w], f_params[w + U], f_params[w + 2u * U], f_params[w + 3u * U]);
    }
  }
  let i = act_code_fwd(RACT, z.x);
  let f = act_code_fwd(RACT, z.y);
  let cc = act_code_fwd(ACT, z.z);
  let o = act_code_fwd(RACT, z.w);
  let c = f * cprev + i * cc;
  let h = o * act_code_fwd(ACT, c);
  f_gates[g + u] = i;
  f_gates[g + U + u] = f;
  f_gates[g + 2u * U + u] = cc;
  f_gates[g + 3u * U + u] = o;
  f_c[r * U + u] = c;
  f_h[r * U + u] = h;
  f_last[b * U + u] = h;
}

@compute @workgroup_size(64)
fn gru_step_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= B * U) { return; }
  let b = gid.x / U;
  let u = gid.x % U;
  let t = f_t[0];
  let r = b * T + t;
  let GU = 3u * U;
  var hprev = 0.0;
  if (has_prev(t)) { hprev = f_h[prev_row(r) * U + u]; }
  f_hp[r * U + u] = hprev;
  let gs = r * 4u * U;
  if (f_masked(r)) {
    f_h[r * U + u] = hprev;
    f_last[b * U + u] = hprev;
    f_gates[gs + u] = 0.0;
    f_gates[gs + U + u] = 0.0;
    f_gates[gs + 2u * U + u] = 0.0;
    f_gates[gs + 3u * U + u] = 0.0;
    return;
  }
  let p = r * GU;
  var rec = vec3<f32>(0.0);
  if (HAS_BIAS) { rec = vec3<f32>(f_params[RB_OFF + u], f_params[RB_OFF + U + u], f_params[RB_OFF + 2u * U + u]); }
  if (has_prev(t)) {
    let hp = prev_row(r) * U;
    for (var k = 0u; k < U; k++) {
      let w = R_OFF + k * GU + u;
      rec += f_h[hp + k] * vec3<f32>(f_params[w], f_params[w + U], f_params[w + 2u * U]);
    }
  }
  let z = act_code_fwd(RACT, f_proj[p + u] + rec.x);
  let rg = act_code_fwd(RACT, f_proj[p + U + u] + rec.y);
  let hh = act_code_fwd(ACT, f_proj[p + 2u * U + u] + rg * rec.z);
  let h = z * hprev + (1.0 - z) * hh;
  f_gates[gs + u] = z;
  f_gates[gs + U + u] = rg;
  f_gates[gs + 2u * U + u] = hh;
  f_gates[gs + 3u * U + u] = rec.z;
  f_h[r * U + u] = h;
  f_last[b * U + u] = h;
}

// ---------------------------------------------------------------- backward steps
@group(0) @binding(0) var<storage, read> k_t: array<u32>;
@group(0) @binding(1) var<storage, read> k_params: array<f32>;
@group(0) @binding(2) var<storage, read> k_dy: array<f32>;
@group(0) @binding(3) var<storage, read> k_ids: array<i32>;
@group(0) @binding(4) var<storage, read> k_s: array<f32>;
@group(0) @binding(5) var<storage, read_write> k_dz: array<f32>;
@group(0) @binding(6) var<storage, read_write> k_dhc: array<f32>;
@group(0) @binding(7) var<storage, read> k_gates: array<f32>;
@group(0) @binding(8) var<storage, read_write> k_dc: array<f32>;
@group(0) @binding(8) var<storage, read_write> k_dzr: array<f32>;

fn k_masked(r: u32) -> bool {
  if (!MASK) { return false; }
  return k_ids[r] == 0;
}

// dh_t: output gradient + carried direct part (none at the last processed step).
fn k_dh_local(b: u32, u: u32, t: u32, r: u32) -> f32 {
  var dh = 0.0;
  if (has_next(t)) { dh = k_dhc[b * U + u]; }
  if (SEQ) {
    dh += k_dy[r * U + u];
  } else if (!has_next(t)) {
    dh += k_dy[b * U + u];
  }
  return dh;
}

@compute @workgroup_size(64)
fn simple_rnn_step_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= B * U) { return; }
  let b = gid.x / U;
  let u = gid.x % U;
  let t = k_t[0];
  let r = b * T + t;
  var dh = k_dh_local(b, u, t, r);
  if (has_next(t)) {
    let nz = next_row(r) * U;
    let w = R_OFF + u * U;
    for (var j = 0u; j < U; j++) { dh += k_dz[nz + j] * k_params[w + j]; }
  }
  if (k_masked(r)) {
    k_dz[r * U + u] = 0.0;
    k_dhc[b * U + u] = dh;
    return;
  }
  k_dz[r * U + u] = dh * act_code_grad(ACT, k_s[r * U + u]);
  k_dhc[b * U + u] = 0.0;
}

@compute @workgroup_size(64)
fn lstm_step_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= B * U) { return; }
  let b = gid.x / U;
  let u = gid.x % U;
  let t = k_t[0];
  let r = b * T + t;
  let GU = 4u * U;
  var dh = k_dh_local(b, u, t, r);
  var dc = 0.0;
  if (has_next(t)) {
    dc = k_dc[b * U + u];
    let nz = next_row(r) * GU;
    let w = R_OFF + u * GU;
    for (var j = 0u; j < GU; j++) { dh += k_dz[nz + j] * k_params[w + j]; }
  }
  let g = r * GU;
  if (k_masked(r)) {
    k_dz[g + u] = 0.0;
    k_dz[g + U + u] = 0.0;
    k_dz[g + 2u * U + u] = 0.0;
    k_dz[g + 3u * U + u] = 0.0;
    k_dhc[b * U + u] = dh;
    k_dc[b * U + u] = dc;
    return;
  }
  let i = k_gates[g + u];
  let f = k_gates[g + U + u];
  let cc = k_gates[g + 2u * U + u];
  let o = k_gates[g + 3u * U + u];
  var cprev = 0.0;
  if (has_prev(t)) { cprev = k_s[prev_row(r) * U + u]; }
  let tc = act_code_fwd(ACT, k_s[r * U + u]);
  dc += dh * o * act_code_grad(ACT, tc);
  k_dz[g + u] = dc * cc * act_code_grad(RACT, i);
  k_dz[g + U + u] = dc * cprev * act_code_grad(RACT, f);
  k_dz[g + 2u * U + u] = dc * i * act_code_grad(ACT, cc);
  k_dz[g + 3u * U + u] = dh * tc * act_code_grad(RACT, o);
  k_dc[b * U + u] = dc * f;
  k_dhc[b * U + u] = 0.0;
}

@compute @workgroup_size(64)
fn gru_step_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= B * U) { return; }
  let b = gid.x / U;
  let u = gid.x % U;
  let t = k_t[0];
  let r = b * T + t;
  let GU = 3u * U;
  var dh = k_dh_local(b, u, t, r);
  if (has_next(t)) {
    let nz = next_row(r) * GU;
    let w = R_OFF + u * GU;
    for (var j = 0u; j < GU; j++) { dh += k_dzr[nz + j] * k_params[w + j]; }
  }
  let g = r * GU;
  if (k_masked(r)) {
    k_dz[g + u] = 0.0;
    k_dz[g + U + u] = 0.0;
    k_dz[g + 2u * U + u] = 0.0;
    k_dzr[g + u] = 0.0;
    k_dzr[g + U + u] = 0.0;
    k_dzr[g + 2u * U + u] = 0.0;
    k_dhc[b * U + u] = dh;
    return;
  }
  let gs = r * 4u * U;
  let z = k_gates[gs + u];
  let rg = k_gates[gs + U + u];
  let hh = k_gates[gs + 2u * U + u];
  let hu = k_gates[gs + 3u * U + u];
  var hprev = 0.0;
  if (has_prev(t)) { hprev = k_s[prev_row(r) * U + u]; }
  let dzh = dh * (1.0 - z) * act_code_grad(ACT, hh);
  let dzz = dh * (hprev - hh) * act_code_grad(RACT, z);
  let dzr = dzh * hu * act_code_grad(RACT, rg);
  k_dz[g + u] = dzz;
  k_dz[g + U + u] = dzr;
  k_dz[g + 2u * U + u] = dzh;
  k_dzr[g + u] = dzz;
  k_dzr[g + U + u] = dzr;
  k_dzr[g + 2u * U + u] = dzh * rg;
  k_dhc[b * U + u] = dh * z;
}
