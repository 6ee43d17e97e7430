// recurrent_vec4.wgsl — the vec4 recurrent step kernels; concatenated after recurrent.wgsl by
// the kernel registry (src/kernels/registry.ts), whose overrides and shapes (see its header) they use.

// ================================================================ vec4 step kernels (U % 4 == 0)
// Same bindings, math and semantics as the scalar steps above (which stay for U % 4 != 0); every
// load and store is a vec4 along the units, which SwiftShader runs several times faster than
// scalar loads, and each invocation owns a register block of 4 batch rows x 4 units, so each
// recurrent-weight vec4 it loads is reused by 4 rows (and each h / dz vec4 by 4 units x G gates).
// The recurrent kernel stays in its Keras layout [U, GU] (gate g of unit u at column g*U + u):
//   forward  z[b, g, u0..u0+3] += Σ_k h_{t-1}[b, k] W[k, g*U + u0..u0+3]: per 4 k, one mat4x4 per
//            gate whose columns are 4 consecutive rows of W (contiguous vec4s), times the vec4
//            h_{t-1}[b, k..k+3]; the accumulators are vec4 (SimpleRNN), mat3x4 (GRU: columns
//            z r h) or mat4x4 (LSTM: columns i f c o) per row.
//   backward dh[b, u0+i] += Σ_j dz_next[b, j] W[u0+i, j] over j < GU: per 4 j, the vec4 of dz
//            times the mat4x4 whose columns are W rows u0..u0+3 at those j (a row-vector product
//            gives the 4 dot products); W rows are read contiguously, so no transposed copy.
// Invocation id = rowBlock * U/4 + u4 (neighbours share the batch rows, step along the units).
// Rows past B in the last block are clamped to B-1 for loads and never stored.
// Dispatch: ceil(ceil(B/R) * U/4 / WG) workgroups of WG (override, default 64); R = 4 rows per
// block, or 8 for the LSTM steps with RB8.
override WG: u32 = 64u;
// The LSTM steps' wider block (a tuner variant, recurrent.ts): 8 batch rows x 4 units, so each
// recurrent-weight vec4 serves 8 rows (on SwiftShader a load costs ~17 FMAs: docs/engine-notes.md).
override RB8: bool = false;



/** (u4, first batch row of the block), or u4 = U/4 when the invocation is past the grid. */
fn v_block(x: u32) -> vec2<u32> {
  let U4 = U / 4u;
  let rows = select(4u, 8u, RB8);
  if (x >= ((B + rows - 1u) / rows) * U4) { return vec2<u32>(U4, 0u); }
  return vec2<u32>(x % U4, (x / U4) * rows);
}

// ---------------------------------------------------------------- vec4 forward steps
@group(0) @binding(0) var<storage, read> fv_t: array<u32>;
@group(0) @binding(1) var<storage, read> fv_params: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> fv_proj: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> fv_ids: array<i32>;
@group(0) @binding(4) var<storage, read_write> fv_h: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> fv_last: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> fv_hp: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> fv_gates: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> fv_c: array<vec4<f32>>;

fn fv_masked(r: u32) -> bool {
  if (!MASK) { return false; }
  return fv_ids[r] == 0;
}

/** Row (in vec4s) of h_{t-1} for batch row b at step t (callers check has_prev). */
fn fv_prev(b: u32, t: u32) -> u32 {
  return prev_row(b * T + t) * (U / 4u);
}

/** h_{t-1} (zero at the first processed step), also stored as hp. */
fn fv_hprev(r: u32, t: u32, u4: u32) -> vec4<f32> {
  let U4 = U / 4u;
  var h = vec4<f32>(0.0);
  if (has_prev(t)) { h = fv_h[prev_row(r) * U4 + u4]; }
  fv_hp[r * U4 + u4] = h;
  return h;
}

fn fv_store_h(b: u32, r: u32, u4: u32, h: vec4<f32>) {
  let U4 = U / 4u;
  fv_h[r * U4 + u4] = h;
  fv_last[b * U4 + u4] = h;
}

fn simple_rnn_fv_row(b: u32, t: u32, u4: u32, acc: vec4<f32>) {
  if (b >= B) { return; }
  let r = b * T + t;
  var h = fv_hprev(r, t, u4);
  if (!fv_masked(r)) { h = act_code_fwd4(ACT, fv_proj[r * (U / 4u) + u4] + acc); }
  fv_store_h(b, r, u4, h);
}

@compute @workgroup_size(WG)
fn simple_rnn_step_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let blk = v_block(gid.x);
  let U4 = U / 4u;
  let u4 = blk.x;
  if (u4 >= U4) { return; }
  let b0 = blk.y;
  let t = fv_t[0];
  var a0 = vec4<f32>(0.0); var a1 = vec4<f32>(0.0); var a2 = vec4<f32>(0.0); var a3 = vec4<f32>(0.0);
  if (has_prev(t)) {
    let x0 = fv_prev(min(b0, B - 1u), t);
    let x1 = fv_prev(min(b0 + 1u, B - 1u), t);
    let x2 = fv_prev(min(b0 + 2u, B - 1u), t);
    let x3 = fv_prev(min(b0 + 3u, B - 1u), t);
    var w = R_OFF / 4u + u4;
    for (var k4 = 0u; k4 < U4; k4++) {
      let m = mat4x4<f32>(fv_params[w], fv_params[w + U4], fv_params[w + 2u * U4], fv_params[w + 3u * U4]);
      a0 += m * fv_h[x0 + k4];
      a1 += m * fv_h[x1 + k4];
      a2 += m * fv_h[x2 + k4];
      a3 += m * fv_h[x3 + k4];
      w += 4u * U4;
    }
  }
  simple_rnn_fv_row(b0, t, u4, a0);
  simple_rnn_fv_row(b0 + 1u, t, u4, a1);
  simple_rnn_fv_row(b0 + 2u, t, u4, a2);
  simple_rnn_fv_row(b0 + 3u, t, u4, a3);
}

fn lstm_fv_row(b: u32, t: u32, u4: u32, acc: mat4x4<f32>) {
  if (b >= B) { return; }
  let U4 = U / 4u;
  let r = b * T + t;
  let hprev = fv_hprev(r, t, u4);
  var cprev = vec4<f32>(0.0);
  if (has_prev(t)) { cprev = fv_c[prev_row(r) * U4 + u4]; }
  let g = r * U + u4; // gates and proj rows are 4U floats = U vec4s
  if (fv_masked(r)) {
    fv_store_h(b, r, u4, hprev);
    fv_c[r * U4 + u4] = cprev;
    fv_gates[g] = vec4<f32>(0.0);
    fv_gates[g + U4] = vec4<f32>(0.0);
    fv_gates[g + 2u * U4] = vec4<f32>(0.0);
    fv_gates[g + 3u * U4] = vec4<f32>(0.0);
    return;
  }
  let i = act_code_fwd4(RACT, fv_proj[g] + acc[0]);
  let f = act_code_fwd4(RACT, fv_proj[g + U4] + acc[1]);
  let cc = act_code_fwd4(ACT, fv_proj[g + 2u * U4] + acc[2]);
  let o = act_code_fwd4(RACT, fv_proj[g + 3u * U4] + acc[3]);
  let c = f * cprev + i * cc;
  fv_gates[g] = i;
  fv_gates[g + U4] = f;
  fv_gates[g + 2u * U4] = cc;
  fv_gates[g + 3u * U4] = o;
  fv_c[r * U4 + u4] = c;
  fv_store_h(b, r, u4, o * act_code_fwd4(ACT, c));
}

@compute @workgroup_size(WG)
fn lstm_step_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let blk = v_block(gid.x);
  let U4 = U / 4u;
  let u4 = blk.x;
  if (u4 >= U4) { return; }
  let b0 = blk.y;
  let t = fv_t[0];
  var a0 = mat4x4<f32>(); var a1 = mat4x4<f32>(); var a2 = mat4x4<f32>(); var a3 = mat4x4<f32>();
  var a4 = mat4x4<f32>(); var a5 = mat4x4<f32>(); var a6 = mat4x4<f32>(); var a7 = mat4x4<f32>();
  if (has_prev(t)) {
    let x0 = fv_prev(min(b0, B - 1u), t);
    let x1 = fv_prev(min(b0 + 1u, B - 1u), t);
    let x2 = fv_prev(min(b0 + 2u, B - 1u), t);
    let x3 = fv_prev(min(b0 + 3u, B - 1u), t);
    let x4 = fv_prev(min(b0 + 4u, B - 1u), t);
    let x5 = fv_prev(min(b0 + 5u, B - 1u), t);
    let x6 = fv_prev(min(b0 + 6u, B - 1u), t);
    let x7 = fv_prev(min(b0 + 7u, B - 1u), t);
    let GU4 = U; // 4U floats per W row
    var w = R_OFF / 4u + u4;
    for (var k4 = 0u; k4 < U4; k4++) {
      let wi = mat4x4<f32>(fv_params[w], fv_params[w + GU4], fv_params[w + 2u * GU4], fv_params[w + 3u * GU4]);
      let wf = mat4x4<f32>(fv_params[w + U4], fv_params[w + U4 + GU4], fv_params[w + U4 + 2u * GU4], fv_params[w + U4 + 3u * GU4]);
      let wc = mat4x4<f32>(fv_params[w + 2u * U4], fv_params[w + 2u * U4 + GU4], fv_params[w + 2u * U4 + 2u * GU4], fv_params[w + 2u * U4 + 3u * GU4]);
      let wo = mat4x4<f32>(fv_params[w + 3u * U4], fv_params[w + 3u * U4 + GU4], fv_params[w + 3u * U4 + 2u * GU4], fv_params[w + 3u * U4 + 3u * GU4]);
      let h0 = fv_h[x0 + k4];
      let h1 = fv_h[x1 + k4];
      let h2 = fv_h[x2 + k4];
      let h3 = fv_h[x3 + k4];
      a0 += mat4x4<f32>(wi * h0, wf * h0, wc * h0, wo * h0);
      a1 += mat4x4<f32>(wi * h1, wf * h1, wc * h1, wo * h1);
      a2 += mat4x4<f32>(wi * h2, wf * h2, wc * h2, wo * h2);
      a3 += mat4x4<f32>(wi * h3, wf * h3, wc * h3, wo * h3);
      if (RB8) {
        let h4 = fv_h[x4 + k4]; let h5 = fv_h[x5 + k4]; let h6 = fv_h[x6 + k4]; let h7 = fv_h[x7 + k4];
        a4 += mat4x4<f32>(wi * h4, wf * h4, wc * h4, wo * h4);
        a5 += mat4x4<f32>(wi * h5, wf * h5, wc * h5, wo * h5);
        a6 += mat4x4<f32>(wi * h6, wf * h6, wc * h6, wo * h6);
        a7 += mat4x4<f32>(wi * h7, wf * h7, wc * h7, wo * h7);
      }
      w += 4u * GU4;
    }
  }
  lstm_fv_row(b0, t, u4, a0);
  lstm_fv_row(b0 + 1u, t, u4, a1);
  lstm_fv_row(b0 + 2u, t, u4, a2);
  lstm_fv_row(b0 + 3u, t, u4, a3);
  if (RB8) {
    lstm_fv_row(b0 + 4u, t, u4, a4);
    lstm_fv_row(b0 + 5u, t, u4, a5);
    lstm_fv_row(b0 + 6u, t, u4, a6);
    lstm_fv_row(b0 + 7u, t, u4, a7);
  }
}

fn gru_fv_row(b: u32, t: u32, u4: u32, acc: mat3x4<f32>) {
  if (b >= B) { return; }
  let U4 = U / 4u;
  let r = b * T + t;
  let hprev = fv_hprev(r, t, u4);
  let gs = r * U + u4; // gates rows are 4U floats
  if (fv_masked(r)) {
    fv_store_h(b, r, u4, hprev);
    fv_gates[gs] = vec4<f32>(0.0);
    fv_gates[gs + U4] = vec4<f32>(0.0);
    fv_gates[gs + 2u * U4] = vec4<f32>(0.0);
    fv_gates[gs + 3u * U4] = vec4<f32>(0.0);
    return;
  }
  var rec = acc;
  if (HAS_BIAS) {
    let rb = RB_OFF / 4u + u4;
    rec += mat3x4<f32>(fv_params[rb], fv_params[rb + U4], fv_params[rb + 2u * U4]);
  }
  let p = r * 3u * U4 + u4;
  let z = act_code_fwd4(RACT, fv_proj[p] + rec[0]);
  let rg = act_code_fwd4(RACT, fv_proj[p + U4] + rec[1]);
  let hh = act_code_fwd4(ACT, fv_proj[p + 2u * U4] + rg * rec[2]);
  fv_gates[gs] = z;
  fv_gates[gs + U4] = rg;
  fv_gates[gs + 2u * U4] = hh;
  fv_gates[gs + 3u * U4] = rec[2];
  fv_store_h(b, r, u4, z * hprev + (1.0 - z) * hh);
}

@compute @workgroup_size(WG)
fn gru_step_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let blk = v_block(gid.x);
  let U4 = U / 4u;
  let u4 = blk.x;
  if (u4 >= U4) { return; }
  let b0 = blk.y;
  let t = fv_t[0];
  var a0 = mat3x4<f32>(); var a1 = mat3x4<f32>(); var a2 = mat3x4<f32>(); var a3 = mat3x4<f32>();
  if (has_prev(t)) {
    let x0 = fv_prev(min(b0, B - 1u), t);
    let x1 = fv_prev(min(b0 + 1u, B - 1u), t);
    let x2 = fv_prev(min(b0 + 2u, B - 1u), t);
    let x3 = fv_prev(min(b0 + 3u, B - 1u), t);
    let GU4 = 3u * U4;
    var w = R_OFF / 4u + u4;
    for (var k4 = 0u; k4 < U4; k4++) {
      let wz = mat4x4<f32>(fv_params[w], fv_params[w + GU4], fv_params[w + 2u * GU4], fv_params[w + 3u * GU4]);
      let wr = mat4x4<f32>(fv_params[w + U4], fv_params[w + U4 + GU4], fv_params[w + U4 + 2u * GU4], fv_params[w + U4 + 3u * GU4]);
      let wh = mat4x4<f32>(fv_params[w + 2u * U4], fv_params[w + 2u * U4 + GU4], fv_params[w + 2u * U4 + 2u * GU4], fv_params[w + 2u * U4 + 3u * GU4]);
      let h0 = fv_h[x0 + k4];
      let h1 = fv_h[x1 + k4];
      let h2 = fv_h[x2 + k4];
      let h3 = fv_h[x3 + k4];
      a0 += mat3x4<f32>(wz * h0, wr * h0, wh * h0);
      a1 += mat3x4<f32>(wz * h1, wr * h1, wh * h1);
      a2 += mat3x4<f32>(wz * h2, wr * h2, wh * h2);
      a3 += mat3x4<f32>(wz * h3, wr * h3, wh * h3);
      w += 4u * GU4;
    }
  }
  gru_fv_row(b0, t, u4, a0);
  gru_fv_row(b0 + 1u, t, u4, a1);
  gru_fv_row(b0 + 2u, t, u4, a2);
  gru_fv_row(b0 + 3u, t, u4, a3);
}

// ---------------------------------------------------------------- vec4 backward steps
@group(0) @binding(0) var<storage, read> kv_t: array<u32>;
@group(0) @binding(1) var<storage, read> kv_params: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> kv_dy: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> kv_ids: array<i32>;
@group(0) @binding(4) var<storage, read> kv_s: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> kv_dz: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> kv_dhc: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> kv_gates: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> kv_dc: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> kv_dzr: array<vec4<f32>>;

fn kv_masked(r: u32) -> bool {
  if (!MASK) { return false; }
  return kv_ids[r] == 0;
}

/** dh_t of (b, u4): output gradient + carried direct part (as k_dh_local). */
fn kv_dh_local(b: u32, u4: u32, t: u32, r: u32) -> vec4<f32> {
  let U4 = U / 4u;
  var dh = vec4<f32>(0.0);
  if (has_next(t)) { dh = kv_dhc[b * U4 + u4]; }
  if (SEQ) {
    dh += kv_dy[r * U4 + u4];
  } else if (!has_next(t)) {
    dh += kv_dy[b * U4 + u4];
  }
  return dh;
}

/** Row (in vec4s) of the next processed step's gate gradients (gu4 = GU/4 per row) for batch row b. */
fn kv_next(b: u32, t: u32, gu4: u32) -> u32 {
  return next_row(b * T + t) * gu4;
}

// The recurrent part of dh for the rows of a block (column i of lo = row b0+i; with RB8, column i
// of hi = row b0+4+i, each W vec4 loaded once for the 8): Σ_j dz_next[b, j] W[u0+c, j] over
// j < GU (c = vec4 component), as kv_recurrent_dz reading dz (SimpleRNN, LSTM) and
// kv_recurrent_dzr reading dzr (GRU, 4 rows). Two copies because an entry point must not
// reference both dzr and dc (binding 8). Callers check has_next.
fn kv_recurrent_dz(b0: u32, t: u32, u4: u32, gu4: u32, lo: ptr<function, mat4x4<f32>>, hi: ptr<function, mat4x4<f32>>) {
  let z0 = kv_next(min(b0, B - 1u), t, gu4); let z1 = kv_next(min(b0 + 1u, B - 1u), t, gu4);
  let z2 = kv_next(min(b0 + 2u, B - 1u), t, gu4); let z3 = kv_next(min(b0 + 3u, B - 1u), t, gu4);
  let z4 = kv_next(min(b0 + 4u, B - 1u), t, gu4); let z5 = kv_next(min(b0 + 5u, B - 1u), t, gu4);
  let z6 = kv_next(min(b0 + 6u, B - 1u), t, gu4); let z7 = kv_next(min(b0 + 7u, B - 1u), t, gu4);
  let w = R_OFF / 4u + 4u * u4 * gu4;
  var d0 = vec4<f32>(0.0); var d1 = vec4<f32>(0.0); var d2 = vec4<f32>(0.0); var d3 = vec4<f32>(0.0);
  var d4 = vec4<f32>(0.0); var d5 = vec4<f32>(0.0); var d6 = vec4<f32>(0.0); var d7 = vec4<f32>(0.0);
  for (var j4 = 0u; j4 < gu4; j4++) {
    let m = mat4x4<f32>(kv_params[w + j4], kv_params[w + gu4 + j4], kv_params[w + 2u * gu4 + j4], kv_params[w + 3u * gu4 + j4]);
    d0 += kv_dz[z0 + j4] * m; d1 += kv_dz[z1 + j4] * m; d2 += kv_dz[z2 + j4] * m; d3 += kv_dz[z3 + j4] * m;
    if (RB8) { d4 += kv_dz[z4 + j4] * m; d5 += kv_dz[z5 + j4] * m; d6 += kv_dz[z6 + j4] * m; d7 += kv_dz[z7 + j4] * m; }
  }
  *lo = mat4x4<f32>(d0, d1, d2, d3);
  *hi = mat4x4<f32>(d4, d5, d6, d7);
}

fn kv_recurrent_dzr(b0: u32, t: u32, u4: u32, gu4: u32) -> mat4x4<f32> {
  let z0 = kv_next(min(b0, B - 1u), t, gu4);
  let z1 = kv_next(min(b0 + 1u, B - 1u), t, gu4);
  let z2 = kv_next(min(b0 + 2u, B - 1u), t, gu4);
  let z3 = kv_next(min(b0 + 3u, B - 1u), t, gu4);
  let w = R_OFF / 4u + 4u * u4 * gu4;
  var d0 = vec4<f32>(0.0); var d1 = vec4<f32>(0.0); var d2 = vec4<f32>(0.0); var d3 = vec4<f32>(0.0);
  for (var j4 = 0u; j4 < gu4; j4++) {
    let m = mat4x4<f32>(kv_params[w + j4], kv_params[w + gu4 + j4], kv_params[w + 2u * gu4 + j4], kv_params[w + 3u * gu4 + j4]);
    d0 += kv_dzr[z0 + j4] * m;
    d1 += kv_dzr[z1 + j4] * m;
    d2 += kv_dzr[z2 + j4] * m;
    d3 += kv_dzr[z3 + j4] * m;
  }
  return mat4x4<f32>(d0, d1, d2, d3);
}

fn simple_rnn_kv_row(b: u32, t: u32, u4: u32, drec: vec4<f32>) {
  if (b >= B) { return; }
  let U4 = U / 4u;
  let r = b * T + t;
  let dh = kv_dh_local(b, u4, t, r) + drec;
  if (kv_masked(r)) {
    kv_dz[r * U4 + u4] = vec4<f32>(0.0);
    kv_dhc[b * U4 + u4] = dh;
    return;
  }
  kv_dz[r * U4 + u4] = dh * act_code_grad4(ACT, kv_s[r * U4 + u4]);
  kv_dhc[b * U4 + u4] = vec4<f32>(0.0);
}

@compute @workgroup_size(WG)
fn simple_rnn_step_backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let blk = v_block(gid.x);
  let u4 = blk.x;
  if (u4 >= U / 4u) { return; }
  let b0 = blk.y;
  let t = kv_t[0];
  var d = mat4x4<f32>();
  var unused = mat4x4<f32>(); // the 8-row half (RB8 is off for SimpleRNN)
  if (has_next(t)) { kv_recurrent_dz(b0, t, u4, U / 4u, &d, &unused); }
  simple_rnn_kv_row(b0, t, u4, d[0]);
  simple_rnn_kv_row(b0 + 1u, t, u4, d[1]);
  simple_rnn_kv_row(b0 + 2u, t, u4, d[2]);
  simple_rnn_kv_row(b0 + 3u, t, u4, d[3]);
}

fn lstm_kv_row(b: u32, t: u32, u4: u32, drec: vec4<f32>) {
  if (b >= B) { return; }
  let U4 = U / 4u;
  let r = b * T + t;
  let dh = kv_dh_local(b, u4, t, r) + drec;
  var dc = vec4<f32>(0.0);
  if (has_next(t)) { dc = kv_dc[b * U4 + u4]; }
  let g = r * U + u4; // dz and gates rows are 4U floats
  if (kv_masked(r)) {
    kv_dz[g] = vec4<f32>(0.0);
    kv_dz[g + U4] = vec4<f32>(0.0);
    kv_dz[g + 2u * U4] = vec4<f32>(0.0);
    kv_dz[g + 3u * U4] = vec4<f32>(0.0);
    kv_dhc[b * U4 + u4] = dh;
    kv_dc[b * U4 + u4] = dc;
    return;
  }
  let i = kv_gates[g];
  let f = kv_gates[g + U4];
  let cc = kv_gates[g + 2u * U4];
  let o = kv_gates[g + 3u * U4];
  var cprev = vec4<f32>(0.0);
  if (has_prev(t)) { cprev = kv_s[prev_row(r) * U4 + u4]; }
  let tc = act_code_fwd4(ACT, kv_s[r * U4 + u4]);
  dc += dh * o * act_code_grad4(ACT, tc);
  kv_dz[g] = dc * cc * act_code_grad4(RACT, i);
  kv_dz[g + U4] = dc * cprev * act_code_grad4(RACT, f);
  kv_dz[g + 2u * U4] = dc * i * act_code_grad4(ACT, cc);
  kv_dz[g + 3u * U4] = dh * tc * act_code_grad4(RACT, o);
  kv_dc[b * U4 + u4] = dc * f;
  kv_dhc[b * U4 + u4] = vec4<f32>(0.0);
}

@compute @workgroup_size(WG)
fn lstm_step_backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let blk = v_block(gid.x);
  let u4 = blk.x;
  if (u4 >= U / 4u) { return; }
  let b0 = blk.y;
  let t = kv_t[0];
  var d = mat4x4<f32>();
  var e = mat4x4<f32>();
  if (has_next(t)) {
    kv_recurrent_dz(b0, t, u4, U, &d, &e);
  }
  lstm_kv_row(b0, t, u4, d[0]);
  lstm_kv_row(b0 + 1u, t, u4, d[1]);
  lstm_kv_row(b0 + 2u, t, u4, d[2]);
  lstm_kv_row(b0 + 3u, t, u4, d[3]);
  if (RB8) {
    lstm_kv_row(b0 + 4u, t, u4, e[0]);
    lstm_kv_row(b0 + 5u, t, u4, e[1]);
    lstm_kv_row(b0 + 6u, t, u4, e[2]);
    lstm_kv_row(b0 + 7u, t, u4, e[3]);
  }
}

fn gru_kv_row(b: u32, t: u32, u4: u32, drec: vec4<f32>) {
  if (b >= B) { return; }
  let U4 = U / 4u;
  let r = b * T + t;
  let dh = kv_dh_local(b, u4, t, r) + drec;
  let g = r * 3u * U4 + u4;
  if (kv_masked(r)) {
    kv_dz[g] = vec4<f32>(0.0);
    kv_dz[g + U4] = vec4<f32>(0.0);
    kv_dz[g + 2u * U4] = vec4<f32>(0.0);
    kv_dzr[g] = vec4<f32>(0.0);
    kv_dzr[g + U4] = vec4<f32>(0.0);
    kv_dzr[g + 2u * U4] = vec4<f32>(0.0);
    kv_dhc[b * U4 + u4] = dh;
    return;
  }
  let gs = r * U + u4; // gates rows are 4U floats
  let z = kv_gates[gs];
  let rg = kv_gates[gs + U4];
  let hh = kv_gates[gs + 2u * U4];
  let hu = kv_gates[gs + 3u * U4];
  var hprev = vec4<f32>(0.0);
  if (has_prev(t)) { hprev = kv_s[prev_row(r) * U4 + u4]; }
  let dzh = dh * (1.0 - z) * act_code_grad4(ACT, hh);
  let dzz = dh * (hprev - hh) * act_code_grad4(RACT, z);
  let dzr = dzh * hu * act_code_grad4(RACT, rg);
  kv_dz[g] = dzz;
  kv_dz[g + U4] = dzr;
  kv_dz[g + 2u * U4] = dzh;
  kv_dzr[g] = dzz;
  kv_dzr[g + U4] = dzr;
  kv_dzr[g + 2u * U4] = dzh * rg;
  kv_dhc[b * U4 + u4] = dh * z;
}

@compute @workgroup_size(WG)
fn gru_step_backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let blk = v_block(gid.x);
  let u4 = blk.x;
  if (u4 >= U / 4u) { return; }
  let b0 = blk.y;
  let t = kv_t[0];
  var d = mat4x4<f32>();
  if (has_next(t)) { d = kv_recurrent_dzr(b0, t, u4, 3u * U / 4u); }
  gru_kv_row(b0, t, u4, d[0]);
  gru_kv_row(b0 + 1u, t, u4, d[1]);
  gru_kv_row(b0 + 2u, t, u4, d[2]);
  gru_kv_row(b0 + 3u, t, u4, d[3]);
}
