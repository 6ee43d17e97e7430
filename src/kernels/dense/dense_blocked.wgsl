// dense_blocked.wgsl — the three vec4 dense matmuls of dense.wgsl with large register blocks, the
// third file of the `dense` family (it uses dense.wgsl's overrides M, K, N, ACT, HAS_BIAS, W_OFF,
// B_OFF, ACCUMULATE, WG_X, WG_Y and its act4 / act_grad4), for CPU adapters:
//
//   dense_forward_blocked          y[M,N]  = act(x[M,K] · W[K,N] + b[N])
//   dense_backward_input_blocked   dx[M,K] (=|+=) (dy ⊙ act'(y))[M,N] · Wᵀ
//   dense_backward_weight_blocked  dW[K,N] = xᵀ · (dy ⊙ act'(y)),  db[N] = Σ_m (dy ⊙ act'(y))[m,:]
//
// Why: on SwiftShader every load from memory (storage, workgroup or an indexed private array)
// costs about 50 cycles whatever its pattern, and an FMA about 3, so the speed of a matmul is the
// number of FMAs per loaded float. An invocation owning 4·ROWS4 rows x 4·COLS4 columns of the
// output loads 4·ROWS4 + 4·COLS4 floats per step of the reduction for 16·ROWS4·COLS4 FMAs (the
// 4x8 block of dense_forward_vec4: 12 for 32). Measured there at 32x1000x64 and 512^3: about 2x.
//
// The block lives in ROWS4 private arrays of 16 vec4 (one per group of 4 rows; entry 4i + j is
// row i, vec4 column j) that only constant indices touch, so they stay in registers; groups and
// columns past ROWS4 / COLS4 are dead code at the override's value.
// ROWS4: 1, 2 or 4 groups of 4 rows; COLS4: 1 to 4 vec4 columns. Same sums in the same order
// as the dense.wgsl vec4 kernels. Needs K % 4 == 0, N % 4 == 0 and W_OFF, B_OFF multiples of 4.
// Rows and columns past the edge are clamped for loads and not stored.
//
// Bindings (group 0), as dense.wgsl's:
//   dense_forward_blocked:         0 x [M*K] · 1 params · 2 y [M*N]
//   dense_backward_input_blocked:  0 dy [M*N] · 1 y [M*N] · 2 params · 3 dx [M*K]
//   dense_backward_weight_blocked: 0 x [M*K] · 1 dy [M*N] · 2 y [M*N] · 3 grads
// Dispatch (workgroups of WG_X x WG_Y):
//   forward          ceil(N / (4·COLS4·WG_X)) x ceil(M / (4·ROWS4·WG_Y))
//   backward input   ceil(K / (4·COLS4·WG_X)) x ceil(M / (4·ROWS4·WG_Y))
//   backward weight  ceil(N / (4·COLS4·WG_X)) x ceil(K / (4·ROWS4·WG_Y))   (rows are k)

override ROWS4: u32 = 4u;
override COLS4: u32 = 2u;

alias Block = array<vec4<f32>, 16>;

// The 4 vec4 of a 4x4 sub-block along the block's column j: clamped to the last vec4 column.
fn blk_col(c4: u32, j: u32, cols4: u32) -> u32 { return min(c4 + j, cols4 - 1u); }

// ---------------------------------------------------------------- forward
@group(0) @binding(0) var<storage, read> fb_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> fb_params: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> fb_y: array<vec4<f32>>;

// W[4 k4 .. 4 k4 + 3, vec4 column c] as a matrix whose columns are the four W rows.
fn fb_w(k4: u32, c: u32) -> mat4x4<f32> {
  let N4 = N / 4u;
  let o = W_OFF / 4u + k4 * 4u * N4 + c;
  return mat4x4<f32>(fb_params[o], fb_params[o + N4], fb_params[o + 2u * N4], fb_params[o + 3u * N4]);
}

// One group of 4 rows from r: acc[4i + j] += W_j · x[r + i, k4] (Σ_q x_q W[4 k4 + q, :]).
fn fb_mac(acc: ptr<function, Block>, r: u32, k4: u32, w0: mat4x4<f32>, w1: mat4x4<f32>, w2: mat4x4<f32>, w3: mat4x4<f32>) {
  let K4 = K / 4u;
  fb_row(acc, 0u, fb_x[min(r, M - 1u) * K4 + k4], w0, w1, w2, w3);
  fb_row(acc, 4u, fb_x[min(r + 1u, M - 1u) * K4 + k4], w0, w1, w2, w3);
  fb_row(acc, 8u, fb_x[min(r + 2u, M - 1u) * K4 + k4], w0, w1, w2, w3);
  fb_row(acc, 12u, fb_x[min(r + 3u, M - 1u) * K4 + k4], w0, w1, w2, w3);
}

// Row i of a group (e = 4i, a constant at every call: the block is only indexed by constants).
fn fb_row(acc: ptr<function, Block>, e: u32, xi: vec4<f32>, w0: mat4x4<f32>, w1: mat4x4<f32>, w2: mat4x4<f32>, w3: mat4x4<f32>) {
  (*acc)[e] += w0 * xi;
  if (COLS4 > 1u) { (*acc)[e + 1u] += w1 * xi; }
  if (COLS4 > 2u) { (*acc)[e + 2u] += w2 * xi; }
  if (COLS4 > 3u) { (*acc)[e + 3u] += w3 * xi; }
}

fn fb_store(acc: ptr<function, Block>, r: u32, c4: u32) {
  let N4 = N / 4u;
  for (var i = 0u; i < 4u; i++) {
    if (r + i >= M) { return; }
    for (var j = 0u; j < COLS4; j++) {
      if (c4 + j < N4) {
        var v = (*acc)[4u * i + j];
        if (HAS_BIAS) { v += fb_params[B_OFF / 4u + c4 + j]; }
        fb_y[(r + i) * N4 + c4 + j] = act4(v);
      }
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y)
fn dense_forward_blocked(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = N / 4u;
  let K4 = K / 4u;
  let c4 = gid.x * COLS4;
  let r0 = gid.y * 4u * ROWS4;
  if (r0 >= M || c4 >= N4) { return; }
  let c1 = blk_col(c4, 1u, N4); let c2 = blk_col(c4, 2u, N4); let c3 = blk_col(c4, 3u, N4);
  var a0: Block; var a1: Block; var a2: Block; var a3: Block;
  for (var k4 = 0u; k4 < K4; k4++) {
    let w0 = fb_w(k4, c4);
    var w1: mat4x4<f32>; var w2: mat4x4<f32>; var w3: mat4x4<f32>;
    if (COLS4 > 1u) { w1 = fb_w(k4, c1); }
    if (COLS4 > 2u) { w2 = fb_w(k4, c2); }
    if (COLS4 > 3u) { w3 = fb_w(k4, c3); }
    fb_mac(&a0, r0, k4, w0, w1, w2, w3);
    if (ROWS4 > 1u) { fb_mac(&a1, r0 + 4u, k4, w0, w1, w2, w3); }
    if (ROWS4 > 2u) { fb_mac(&a2, r0 + 8u, k4, w0, w1, w2, w3); fb_mac(&a3, r0 + 12u, k4, w0, w1, w2, w3); }
  }
  fb_store(&a0, r0, c4);
  if (ROWS4 > 1u) { fb_store(&a1, r0 + 4u, c4); }
  if (ROWS4 > 2u) { fb_store(&a2, r0 + 8u, c4); fb_store(&a3, r0 + 12u, c4); }
}

// ---------------------------------------------------------------- input gradient
@group(0) @binding(0) var<storage, read> ib_dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> ib_y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> ib_params: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> ib_dx: array<vec4<f32>>;

// W rows 4 k4 .. 4 k4 + 3 at vec4 column n4, as the columns of a matrix (dz · m = their dot products).
fn ib_w(k4: u32, n4: u32) -> mat4x4<f32> {
  let N4 = N / 4u;
  let o = W_OFF / 4u + k4 * 4u * N4 + n4;
  return mat4x4<f32>(ib_params[o], ib_params[o + N4], ib_params[o + 2u * N4], ib_params[o + 3u * N4]);
}

// One group of 4 rows from r: acc[4i + j] += dz[r + i, n4] · W_j (dx's k vec4 j of the block).
fn ib_mac(acc: ptr<function, Block>, r: u32, n4: u32, w0: mat4x4<f32>, w1: mat4x4<f32>, w2: mat4x4<f32>, w3: mat4x4<f32>) {
  ib_row(acc, 0u, ib_dz(min(r, M - 1u), n4), w0, w1, w2, w3);
  ib_row(acc, 4u, ib_dz(min(r + 1u, M - 1u), n4), w0, w1, w2, w3);
  ib_row(acc, 8u, ib_dz(min(r + 2u, M - 1u), n4), w0, w1, w2, w3);
  ib_row(acc, 12u, ib_dz(min(r + 3u, M - 1u), n4), w0, w1, w2, w3);
}

fn ib_dz(r: u32, n4: u32) -> vec4<f32> {
  let idx = r * (N / 4u) + n4;
  var g = ib_dy[idx];
  if (ACT != 0u) { g *= act_grad4(ib_y[idx]); }
  return g;
}

fn ib_row(acc: ptr<function, Block>, e: u32, g: vec4<f32>, w0: mat4x4<f32>, w1: mat4x4<f32>, w2: mat4x4<f32>, w3: mat4x4<f32>) {
  (*acc)[e] += g * w0;
  if (COLS4 > 1u) { (*acc)[e + 1u] += g * w1; }
  if (COLS4 > 2u) { (*acc)[e + 2u] += g * w2; }
  if (COLS4 > 3u) { (*acc)[e + 3u] += g * w3; }
}

fn ib_store(acc: ptr<function, Block>, r: u32, k4: u32) {
  let K4 = K / 4u;
  for (var i = 0u; i < 4u; i++) {
    if (r + i >= M) { return; }
    for (var j = 0u; j < COLS4; j++) {
      if (k4 + j < K4) {
        let o = (r + i) * K4 + k4 + j;
        if (ACCUMULATE) { ib_dx[o] += (*acc)[4u * i + j]; } else { ib_dx[o] = (*acc)[4u * i + j]; }
      }
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y)
fn dense_backward_input_blocked(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = N / 4u;
  let K4 = K / 4u;
  let k4 = gid.x * COLS4;
  let r0 = gid.y * 4u * ROWS4;
  if (r0 >= M || k4 >= K4) { return; }
  let k1 = blk_col(k4, 1u, K4); let k2 = blk_col(k4, 2u, K4); let k3 = blk_col(k4, 3u, K4);
  var a0: Block; var a1: Block; var a2: Block; var a3: Block;
  for (var n4 = 0u; n4 < N4; n4++) {
    let w0 = ib_w(k4, n4);
    var w1: mat4x4<f32>; var w2: mat4x4<f32>; var w3: mat4x4<f32>;
    if (COLS4 > 1u) { w1 = ib_w(k1, n4); }
    if (COLS4 > 2u) { w2 = ib_w(k2, n4); }
    if (COLS4 > 3u) { w3 = ib_w(k3, n4); }
    ib_mac(&a0, r0, n4, w0, w1, w2, w3);
    if (ROWS4 > 1u) { ib_mac(&a1, r0 + 4u, n4, w0, w1, w2, w3); }
    if (ROWS4 > 2u) { ib_mac(&a2, r0 + 8u, n4, w0, w1, w2, w3); ib_mac(&a3, r0 + 12u, n4, w0, w1, w2, w3); }
  }
  ib_store(&a0, r0, k4);
  if (ROWS4 > 1u) { ib_store(&a1, r0 + 4u, k4); }
  if (ROWS4 > 2u) { ib_store(&a2, r0 + 8u, k4); ib_store(&a3, r0 + 12u, k4); }
}

// ---------------------------------------------------------------- weight + bias gradient
@group(0) @binding(0) var<storage, read> wb_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> wb_dy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wb_y: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> wb_grads: array<vec4<f32>>;

// One group of 4 k rows (x's vec4 column k4 of row m): acc[4q + j] += x[m, 4 k4 + q] dz_j.
fn wb_mac(acc: ptr<function, Block>, m: u32, k4: u32, d0: vec4<f32>, d1: vec4<f32>, d2: vec4<f32>, d3: vec4<f32>) {
  let xv = wb_x[m * (K / 4u) + k4];
  wb_row(acc, 0u, xv.x, d0, d1, d2, d3);
  wb_row(acc, 4u, xv.y, d0, d1, d2, d3);
  wb_row(acc, 8u, xv.z, d0, d1, d2, d3);
  wb_row(acc, 12u, xv.w, d0, d1, d2, d3);
}

fn wb_row(acc: ptr<function, Block>, e: u32, xq: f32, d0: vec4<f32>, d1: vec4<f32>, d2: vec4<f32>, d3: vec4<f32>) {
  (*acc)[e] += xq * d0;
  if (COLS4 > 1u) { (*acc)[e + 1u] += xq * d1; }
  if (COLS4 > 2u) { (*acc)[e + 2u] += xq * d2; }
  if (COLS4 > 3u) { (*acc)[e + 3u] += xq * d3; }
}

fn wb_dz(m: u32, n4: u32) -> vec4<f32> {
  let idx = m * (N / 4u) + n4;
  var g = wb_dy[idx];
  if (ACT != 0u) { g *= act_grad4(wb_y[idx]); }
  return g;
}

// Stores the k rows 4 k4 .. 4 k4 + 3 of the block (the group is skipped when k4 is past the edge).
fn wb_store(acc: ptr<function, Block>, k4: u32, n4: u32) {
  let N4 = N / 4u;
  if (k4 >= K / 4u) { return; }
  for (var q = 0u; q < 4u; q++) {
    for (var j = 0u; j < COLS4; j++) {
      if (n4 + j < N4) { wb_grads[W_OFF / 4u + (4u * k4 + q) * N4 + n4 + j] = (*acc)[4u * q + j]; }
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y)
fn dense_backward_weight_blocked(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = N / 4u;
  let K4 = K / 4u;
  let n4 = gid.x * COLS4;
  let k4 = gid.y * ROWS4;
  if (k4 >= K4 || n4 >= N4) { return; }
  let n1 = blk_col(n4, 1u, N4); let n2 = blk_col(n4, 2u, N4); let n3 = blk_col(n4, 3u, N4);
  // x's vec4 columns of the groups, clamped (a group past the edge computes a copy, not stored).
  let g1 = min(k4 + 1u, K4 - 1u); let g2 = min(k4 + 2u, K4 - 1u); let g3 = min(k4 + 3u, K4 - 1u);
  var a0: Block; var a1: Block; var a2: Block; var a3: Block;
  var s0 = vec4<f32>(0.0); var s1 = vec4<f32>(0.0); var s2 = vec4<f32>(0.0); var s3 = vec4<f32>(0.0);
  for (var m = 0u; m < M; m++) {
    let d0 = wb_dz(m, n4);
    var d1: vec4<f32>; var d2: vec4<f32>; var d3: vec4<f32>;
    if (COLS4 > 1u) { d1 = wb_dz(m, n1); }
    if (COLS4 > 2u) { d2 = wb_dz(m, n2); }
    if (COLS4 > 3u) { d3 = wb_dz(m, n3); }
    s0 += d0; s1 += d1; s2 += d2; s3 += d3;
    wb_mac(&a0, m, k4, d0, d1, d2, d3);
    if (ROWS4 > 1u) { wb_mac(&a1, m, g1, d0, d1, d2, d3); }
    if (ROWS4 > 2u) { wb_mac(&a2, m, g2, d0, d1, d2, d3); wb_mac(&a3, m, g3, d0, d1, d2, d3); }
  }
  wb_store(&a0, k4, n4);
  if (ROWS4 > 1u) { wb_store(&a1, k4 + 1u, n4); }
  if (ROWS4 > 2u) { wb_store(&a2, k4 + 2u, n4); wb_store(&a3, k4 + 3u, n4); }
  if (HAS_BIAS && k4 == 0u) {
    let bo = B_OFF / 4u + n4;
    wb_grads[bo] = s0;
    if (COLS4 > 1u && n4 + 1u < N4) { wb_grads[bo + 1u] = s1; }
    if (COLS4 > 2u && n4 + 2u < N4) { wb_grads[bo + 2u] = s2; }
    if (COLS4 > 3u && n4 + 3u < N4) { wb_grads[bo + 3u] = s3; }
  }
}
