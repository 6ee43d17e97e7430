// attention.wgsl — fused scaled dot-product attention (flash style) and its FlashAttention-2 backward.
//
//   attention_forward        O = (softmax(SCALE · Q Kᵀ + mask) ⊙ Z) V per (n, h), online softmax
//                            over blocks of 4 keys; stores O and LSE_i = m_i + log(l_i). No
//                            [TQ, TK] matrix exists anywhere: memory is O(T).
//   attention_backward_prep  Dsum_i = Σ_x dO_ix · O_ix
//   attention_backward_dq    dQ_i = SCALE · Σ_j P_ij (dP_ij - Dsum_i) K_j,  P_ij = exp(SCALE q_i·k_j - LSE_i),
//                            dP_ij = Z_ij dO_i · V_j   (one invocation per query row, loops over keys)
//   attention_backward_dkdv  dV_j = Σ_i P_ij Z_ij dO_i,  dK_j = SCALE · Σ_i P_ij (dP_ij - Dsum_i) Q_i
//                            (one invocation per key row, loops over queries: no atomics)
// Dropout on the attention weights (DROPOUT, training only): Z_ij = keep_ij · DROP_SCALE, else
// Z = 1. keep_ij = pcg(e + key) >= DROP_THRESH with e = ((n*H + h)*TQ + i)*TK + j (u32 wrapping)
// and key = pcg(step.seed + pcg(DROP_SALT)): the counter hash of dropout.wgsl, rebuilt in every
// pass from the Step uniform (new seed each step), never stored. The softmax normaliser and LSE
// are the undropped ones, so Dsum = rowsum(dO ⊙ O) = Σ_j P_ij dP_ij still holds.
//
// Legend: N batch, H heads, TQ query positions, TK key positions, DK head dim (a multiple of 4,
// at most 64), HD = H*DK. Layout is the projection output (no transposes): head h of row t is
// columns h*DK .. h*DK+DK-1 of that row.
//   q, o, do, dq      [N, TQ, HD]   (read as vec4)
//   k, v, dk, dv      [N, TK, HD]
//   ids               [N, TK] i32   key-padding mask (KEY_MASK): key j of sample n is hidden iff
//                                   ids[n*TK + j] == 0 (the token ids of an Embedding with maskZero);
//                                   without KEY_MASK any buffer may be bound
//   lse, dsum         [N, H, TQ]    row r = (n*H + h)*TQ + i
// Masks: CAUSAL hides keys j > i (top-left aligned, as Keras and PyTorch's is_causal). A query
// that sees no key gets O = 0, LSE = 0 (a sentinel: its P row is zeroed by the mask) and passes no
// gradient. SCALE is 1/sqrt(DK) unless the caller overrides it.
//
// Bindings (group 0), uniforms, inputs, then outputs (step: struct Step, read only for DROPOUT;
// any uniform buffer of 32 bytes may be bound without it):
//   attention_forward:        0 step · 1 q · 2 k · 3 v · 4 ids · 5 o (rw) · 6 lse (rw)
//   attention_backward_prep:  0 o · 1 do · 2 dsum (rw)
//   attention_backward_dq:    0 step · 1 q · 2 k · 3 v · 4 ids · 5 do · 6 lse · 7 dsum · 8 dq (rw)
//   attention_backward_dkdv:  0 step · 1 q · 2 k · 3 v · 4 ids · 5 do · 6 lse · 7 dsum · 8 dk (rw) · 9 dv (rw)
// *_r4 variants (DK <= 16): the same math and bindings with 4 rows per invocation held in named
// registers (see the section at the end of this file).
// Dispatch: one invocation per row, workgroups of 64, flat row index gid.x + gid.y*nwg.x*64:
//   forward, prep, dq: rows N*H*TQ (ordered n, h, i);  dkdv: rows N*H*TK (ordered n, h, j);
//   ceil(rows/64) workgroups split as X x Y under 65535. Neighbouring invocations share (n, h)
//   and read the same K/V (or Q/dO) rows at the same time.
// Design for SwiftShader: no workgroup memory, no barriers; each invocation keeps its own row
// (and accumulators) in registers and streams the other side 4 rows at a time with vec4 loads,
// so one online-softmax rescale serves 4 keys.
// #include step rng index

override N: u32;
override H: u32;
override TQ: u32;
override TK: u32;
override DK: u32;
override SCALE: f32;
override CAUSAL: bool = false;
override KEY_MASK: bool = false;
override DROPOUT: bool = false;
override DROP_THRESH: u32 = 0u;
override DROP_SCALE: f32 = 1.0;
override DROP_SALT: u32 = 0u;


@group(0) @binding(0) var<uniform> step: Step;



fn drop_key() -> u32 {
  if (!DROPOUT) { return 0u; }
  return pcg(step.seed + pcg(DROP_SALT));
}

// Z for the 4 weights with flat indices e (1 without dropout).
fn drop4(e: vec4<u32>, key: u32) -> vec4<f32> {
  if (!DROPOUT) { return vec4<f32>(1.0); }
  return select(vec4<f32>(0.0), vec4<f32>(DROP_SCALE), pcg4(e + vec4<u32>(key)) >= vec4<u32>(DROP_THRESH));
}

const MAX_DK4: u32 = 16u;
const WG: u32 = 64u;
// Scores of hidden keys: exp(HIDDEN - m) underflows to exactly 0 for any real m.
const HIDDEN: f32 = -1.0e30;


// vec4 index of head h's first column in query row i / key row j of sample n.
fn q_base(n: u32, i: u32, h: u32) -> u32 {
  return ((n * TQ + i) * H + h) * (DK / 4u);
}

fn k_base(n: u32, j: u32, h: u32) -> u32 {
  return ((n * TK + j) * H + h) * (DK / 4u);
}

// Keys visible to query i are j < key_end(i) (causal), further filtered by the padding mask.
fn key_end(i: u32) -> u32 {
  if (CAUSAL) { return min(TK, i + 1u); }
  return TK;
}

// ---------------------------------------------------------------- forward
@group(0) @binding(1) var<storage, read> f_q: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> f_k: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> f_v: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> f_ids: array<i32>;
@group(0) @binding(5) var<storage, read_write> f_o: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> f_lse: array<f32>;

fn f_hidden(n: u32, j: u32, kend: u32) -> bool {
  if (j >= kend) { return true; }
  if (KEY_MASK) { return f_ids[n * TK + j] == 0; }
  return false;
}

@compute @workgroup_size(64)
fn attention_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat_id(gid, nwg);
  if (r >= N * H * TQ) { return; }
  let i = r % TQ;
  let h = (r / TQ) % H;
  let n = r / (TQ * H);
  let DK4 = DK / 4u;
  let qb = q_base(n, i, h);
  var q: array<vec4<f32>, MAX_DK4>;
  var acc: array<vec4<f32>, MAX_DK4>;
  for (var d = 0u; d < DK4; d++) {
    q[d] = f_q[qb + d] * SCALE;
    acc[d] = vec4<f32>(0.0);
  }
  var m = HIDDEN;
  var l = 0.0;
  let kend = key_end(i);
  let key = drop_key();
  let e_row = r * TK;
  for (var j0 = 0u; j0 < kend; j0 += 4u) {
    let b0 = k_base(n, j0, h);
    let b1 = k_base(n, min(j0 + 1u, kend - 1u), h);
    let b2 = k_base(n, min(j0 + 2u, kend - 1u), h);
    let b3 = k_base(n, min(j0 + 3u, kend - 1u), h);
    var s = vec4<f32>(0.0);
    for (var d = 0u; d < DK4; d++) {
      let qd = q[d];
      s += vec4<f32>(dot(qd, f_k[b0 + d]), dot(qd, f_k[b1 + d]), dot(qd, f_k[b2 + d]), dot(qd, f_k[b3 + d]));
    }
    s = select(s, vec4<f32>(HIDDEN), vec4<bool>(f_hidden(n, j0, kend), f_hidden(n, j0 + 1u, kend), f_hidden(n, j0 + 2u, kend), f_hidden(n, j0 + 3u, kend)));
    let mb = max(max(s.x, s.y), max(s.z, s.w));
    if (mb <= HIDDEN) { continue; }
    let mn = max(m, mb);
    let corr = exp(m - mn);
    let p = exp(s - vec4<f32>(mn));
    l = l * corr + (p.x + p.y + p.z + p.w);
    let pz = p * drop4(vec4<u32>(e_row + j0) + vec4<u32>(0u, 1u, 2u, 3u), key);
    for (var d = 0u; d < DK4; d++) {
      acc[d] = acc[d] * corr + pz.x * f_v[b0 + d] + pz.y * f_v[b1 + d] + pz.z * f_v[b2 + d] + pz.w * f_v[b3 + d];
    }
    m = mn;
  }
  var inv = 0.0;
  var lse = 0.0;
  if (l > 0.0) {
    inv = 1.0 / l;
    lse = m + log(l);
  }
  for (var d = 0u; d < DK4; d++) { f_o[qb + d] = acc[d] * inv; }
  f_lse[r] = lse;
}

// ---------------------------------------------------------------- backward: row sums of dO ⊙ O
@group(0) @binding(0) var<storage, read> p_o: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> p_do: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> p_dsum: array<f32>;

@compute @workgroup_size(64)
fn attention_backward_prep(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat_id(gid, nwg);
  if (r >= N * H * TQ) { return; }
  let i = r % TQ;
  let h = (r / TQ) % H;
  let n = r / (TQ * H);
  let qb = q_base(n, i, h);
  var s = 0.0;
  for (var d = 0u; d < DK / 4u; d++) { s += dot(p_o[qb + d], p_do[qb + d]); }
  p_dsum[r] = s;
}

// ---------------------------------------------------------------- backward: shared bindings
@group(0) @binding(1) var<storage, read> b_q: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b_k: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> b_v: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> b_ids: array<i32>;
@group(0) @binding(5) var<storage, read> b_do: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> b_lse: array<f32>;
@group(0) @binding(7) var<storage, read> b_dsum: array<f32>;
@group(0) @binding(8) var<storage, read_write> b_dq: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> b_dk: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read_write> b_dv: array<vec4<f32>>;

fn b_hidden(n: u32, j: u32, kend: u32) -> bool {
  if (j >= kend) { return true; }
  if (KEY_MASK) { return b_ids[n * TK + j] == 0; }
  return false;
}

@compute @workgroup_size(64)
fn attention_backward_dq(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat_id(gid, nwg);
  if (r >= N * H * TQ) { return; }
  let i = r % TQ;
  let h = (r / TQ) % H;
  let n = r / (TQ * H);
  let DK4 = DK / 4u;
  let qb = q_base(n, i, h);
  var q: array<vec4<f32>, MAX_DK4>;
  var g: array<vec4<f32>, MAX_DK4>;
  var acc: array<vec4<f32>, MAX_DK4>;
  for (var d = 0u; d < DK4; d++) {
    q[d] = b_q[qb + d] * SCALE;
    g[d] = b_do[qb + d];
    acc[d] = vec4<f32>(0.0);
  }
  let lse = vec4<f32>(b_lse[r]);
  let ds0 = vec4<f32>(b_dsum[r]);
  let kend = key_end(i);
  let key = drop_key();
  let e_row = r * TK;
  for (var j0 = 0u; j0 < kend; j0 += 4u) {
    let b0 = k_base(n, j0, h);
    let b1 = k_base(n, min(j0 + 1u, kend - 1u), h);
    let b2 = k_base(n, min(j0 + 2u, kend - 1u), h);
    let b3 = k_base(n, min(j0 + 3u, kend - 1u), h);
    var s = vec4<f32>(0.0);
    var dp = vec4<f32>(0.0);
    for (var d = 0u; d < DK4; d++) {
      let qd = q[d];
      let gd = g[d];
      s += vec4<f32>(dot(qd, b_k[b0 + d]), dot(qd, b_k[b1 + d]), dot(qd, b_k[b2 + d]), dot(qd, b_k[b3 + d]));
      dp += vec4<f32>(dot(gd, b_v[b0 + d]), dot(gd, b_v[b1 + d]), dot(gd, b_v[b2 + d]), dot(gd, b_v[b3 + d]));
    }
    let hidden = vec4<bool>(b_hidden(n, j0, kend), b_hidden(n, j0 + 1u, kend), b_hidden(n, j0 + 2u, kend), b_hidden(n, j0 + 3u, kend));
    let p = select(exp(s - lse), vec4<f32>(0.0), hidden);
    let ds = p * (dp * drop4(vec4<u32>(e_row + j0) + vec4<u32>(0u, 1u, 2u, 3u), key) - ds0);
    for (var d = 0u; d < DK4; d++) {
      acc[d] += ds.x * b_k[b0 + d] + ds.y * b_k[b1 + d] + ds.z * b_k[b2 + d] + ds.w * b_k[b3 + d];
    }
  }
  for (var d = 0u; d < DK4; d++) { b_dq[qb + d] = acc[d] * SCALE; }
}

@compute @workgroup_size(64)
fn attention_backward_dkdv(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat_id(gid, nwg);
  if (r >= N * H * TK) { return; }
  let j = r % TK;
  let h = (r / TK) % H;
  let n = r / (TK * H);
  let DK4 = DK / 4u;
  let kb = k_base(n, j, h);
  var kr: array<vec4<f32>, MAX_DK4>;
  var vr: array<vec4<f32>, MAX_DK4>;
  var dk: array<vec4<f32>, MAX_DK4>;
  var dv: array<vec4<f32>, MAX_DK4>;
  for (var d = 0u; d < DK4; d++) {
    kr[d] = b_k[kb + d] * SCALE;
    vr[d] = b_v[kb + d];
    dk[d] = vec4<f32>(0.0);
    dv[d] = vec4<f32>(0.0);
  }
  var hidden_key = false;
  if (KEY_MASK) { hidden_key = b_ids[n * TK + j] == 0; }
  // Causal: only queries i >= j see key j.
  var i_start = 0u;
  if (CAUSAL) { i_start = j; }
  if (hidden_key) { i_start = TQ; }
  let lb = (n * H + h) * TQ;
  let key = drop_key();
  for (var i0 = i_start; i0 < TQ; i0 += 4u) {
    let i1 = min(i0 + 1u, TQ - 1u);
    let i2 = min(i0 + 2u, TQ - 1u);
    let i3 = min(i0 + 3u, TQ - 1u);
    let a0 = q_base(n, i0, h);
    let a1 = q_base(n, i1, h);
    let a2 = q_base(n, i2, h);
    let a3 = q_base(n, i3, h);
    var s = vec4<f32>(0.0);
    var dp = vec4<f32>(0.0);
    for (var d = 0u; d < DK4; d++) {
      let kd = kr[d];
      let vd = vr[d];
      s += vec4<f32>(dot(kd, b_q[a0 + d]), dot(kd, b_q[a1 + d]), dot(kd, b_q[a2 + d]), dot(kd, b_q[a3 + d]));
      dp += vec4<f32>(dot(vd, b_do[a0 + d]), dot(vd, b_do[a1 + d]), dot(vd, b_do[a2 + d]), dot(vd, b_do[a3 + d]));
    }
    let lse = vec4<f32>(b_lse[lb + i0], b_lse[lb + i1], b_lse[lb + i2], b_lse[lb + i3]);
    let dsum = vec4<f32>(b_dsum[lb + i0], b_dsum[lb + i1], b_dsum[lb + i2], b_dsum[lb + i3]);
    let past = vec4<u32>(i0) + vec4<u32>(0u, 1u, 2u, 3u) >= vec4<u32>(TQ);
    let p = select(exp(s - lse), vec4<f32>(0.0), past);
    let z = drop4((vec4<u32>(lb + i0) + vec4<u32>(0u, 1u, 2u, 3u)) * TK + vec4<u32>(j), key);
    let ds = p * (dp * z - dsum);
    let pz = p * z;
    for (var d = 0u; d < DK4; d++) {
      dv[d] += pz.x * b_do[a0 + d] + pz.y * b_do[a1 + d] + pz.z * b_do[a2 + d] + pz.w * b_do[a3 + d];
      dk[d] += ds.x * b_q[a0 + d] + ds.y * b_q[a1 + d] + ds.z * b_q[a2 + d] + ds.w * b_q[a3 + d];
    }
  }
  for (var d = 0u; d < DK4; d++) {
    b_dk[kb + d] = dk[d] * SCALE;
    b_dv[kb + d] = dv[d];
  }
}
