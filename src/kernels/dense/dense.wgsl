// dense.wgsl — fully connected layer as register-blocked matmul, in the three training layouts.
//
//   dense_forward          y[M,N]  = act(x[M,K] · W[K,N] + b[N])          (bias + activation epilogue)
//   dense_backward_input   dx[M,K] (=|+=) (dy ⊙ act'(y))[M,N] · Wᵀ          (activation derivative prologue)
//   dense_backward_weight  dW[K,N] = xᵀ · (dy ⊙ act'(y)),  db[N] = Σ_m (dy ⊙ act'(y))[m,:]
//
// Legend: M batch rows, K input features, N output units. W is stored [K,N] (Keras layout) inside
// the flat parameter buffer at W_OFF, b at B_OFF; dW/db go to the same offsets of the flat
// gradient buffer. act' is computed from the output y (relu, sigmoid, tanh), so z is never stored.
// ACT: 0 linear, 1 relu, 2 sigmoid, 3 tanh.
//
// Bindings (group 0), inputs first then outputs:
//   dense_forward:         0 x (read) · 1 params (read) · 2 y (rw)
//   dense_backward_input:  0 dy (read) · 1 y (read) · 2 params (read) · 3 dx (rw)
//   dense_backward_weight: 0 x (read) · 1 dy (read) · 2 y (read) · 3 grads (rw)
// Dispatch: workgroup 8x8 invocations; each invocation owns a TILE x TILE block of outputs
// (TILE = 4), so the grid is ceil(cols/32) x ceil(rows/32) workgroups.
// #include activations

override M: u32;
override K: u32;
override N: u32;
override ACT: u32 = 0u;
override HAS_BIAS: bool = true;
override W_OFF: u32 = 0u;
override B_OFF: u32 = 0u;
override ACCUMULATE: bool = false;
// Workgroup shape of the vec4 kernels (the launcher's grid follows it; tuned per adapter and shape).
override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

const TILE: u32 = 4u;


// Derivative expressed through the output y = act(z).

// ---------------------------------------------------------------- forward
@group(0) @binding(0) var<storage, read> f_x: array<f32>;
@group(0) @binding(1) var<storage, read> f_params: array<f32>;
@group(0) @binding(2) var<storage, read_write> f_y: array<f32>;

@compute @workgroup_size(8, 8)
fn dense_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r0 = gid.y * TILE;
  let c0 = gid.x * TILE;
  if (r0 >= M || c0 >= N) { return; }
  var acc: array<vec4<f32>, 4>;
  for (var i = 0u; i < TILE; i++) { acc[i] = vec4<f32>(0.0); }
  var rows: array<u32, 4>;
  for (var i = 0u; i < TILE; i++) { rows[i] = min(r0 + i, M - 1u) * K; }
  let c1 = min(c0 + 1u, N - 1u);
  let c2 = min(c0 + 2u, N - 1u);
  let c3 = min(c0 + 3u, N - 1u);
  for (var k = 0u; k < K; k++) {
    let wr = W_OFF + k * N;
    let w = vec4<f32>(f_params[wr + c0], f_params[wr + c1], f_params[wr + c2], f_params[wr + c3]);
    for (var i = 0u; i < TILE; i++) { acc[i] += f_x[rows[i] + k] * w; }
  }
  var bias = vec4<f32>(0.0);
  if (HAS_BIAS) {
    bias = vec4<f32>(f_params[B_OFF + c0], f_params[B_OFF + c1], f_params[B_OFF + c2], f_params[B_OFF + c3]);
  }
  for (var i = 0u; i < TILE; i++) {
    let r = r0 + i;
    if (r >= M) { break; }
    let v = acc[i] + bias;
    for (var j = 0u; j < TILE; j++) {
      let c = c0 + j;
      if (c < N) { f_y[r * N + c] = act_fwd(v[j]); }
    }
  }
}

// ---------------------------------------------------------------- input gradient
@group(0) @binding(0) var<storage, read> i_dy: array<f32>;
@group(0) @binding(1) var<storage, read> i_y: array<f32>;
@group(0) @binding(2) var<storage, read> i_params: array<f32>;
@group(0) @binding(3) var<storage, read_write> i_dx: array<f32>;

@compute @workgroup_size(8, 8)
fn dense_backward_input(@builtin(global_invocation_id) gid: vec3<u32>) {
  // dx[M,K]: rows m (gid.y), cols k (gid.x); reduction over n.
  let r0 = gid.y * TILE;
  let c0 = gid.x * TILE;
  if (r0 >= M || c0 >= K) { return; }
  var acc: array<vec4<f32>, 4>;
  for (var i = 0u; i < TILE; i++) { acc[i] = vec4<f32>(0.0); }
  var rows: array<u32, 4>;
  for (var i = 0u; i < TILE; i++) { rows[i] = min(r0 + i, M - 1u) * N; }
  let k0 = W_OFF + c0 * N;
  let k1 = W_OFF + min(c0 + 1u, K - 1u) * N;
  let k2 = W_OFF + min(c0 + 2u, K - 1u) * N;
  let k3 = W_OFF + min(c0 + 3u, K - 1u) * N;
  for (var n = 0u; n < N; n++) {
    let w = vec4<f32>(i_params[k0 + n], i_params[k1 + n], i_params[k2 + n], i_params[k3 + n]);
    for (var i = 0u; i < TILE; i++) {
      let idx = rows[i] + n;
      var g = i_dy[idx];
      if (ACT != 0u) { g *= act_grad(i_y[idx]); }
      acc[i] += g * w;
    }
  }
  for (var i = 0u; i < TILE; i++) {
    let r = r0 + i;
    if (r >= M) { break; }
    for (var j = 0u; j < TILE; j++) {
      let c = c0 + j;
      if (c < K) {
        let o = r * K + c;
        if (ACCUMULATE) { i_dx[o] += acc[i][j]; } else { i_dx[o] = acc[i][j]; }
      }
    }
  }
}

// ---------------------------------------------------------------- weight + bias gradient
@group(0) @binding(0) var<storage, read> w_x: array<f32>;
@group(0) @binding(1) var<storage, read> w_dy: array<f32>;
@group(0) @binding(2) var<storage, read> w_y: array<f32>;
@group(0) @binding(3) var<storage, read_write> w_grads: array<f32>;

@compute @workgroup_size(8, 8)
fn dense_backward_weight(@builtin(global_invocation_id) gid: vec3<u32>) {
  // dW[K,N]: rows k (gid.y), cols n (gid.x); reduction over m. Invocations of the first row
  // block also produce db for their columns from the same dz loads.
  let r0 = gid.y * TILE;
  let c0 = gid.x * TILE;
  if (r0 >= K || c0 >= N) { return; }
  var acc: array<vec4<f32>, 4>;
  for (var i = 0u; i < TILE; i++) { acc[i] = vec4<f32>(0.0); }
  var bacc = vec4<f32>(0.0);
  var kk: array<u32, 4>;
  for (var i = 0u; i < TILE; i++) { kk[i] = min(r0 + i, K - 1u); }
  let c1 = min(c0 + 1u, N - 1u);
  let c2 = min(c0 + 2u, N - 1u);
  let c3 = min(c0 + 3u, N - 1u);
  for (var m = 0u; m < M; m++) {
    let base = m * N;
    var dz = vec4<f32>(w_dy[base + c0], w_dy[base + c1], w_dy[base + c2], w_dy[base + c3]);
    if (ACT != 0u) {
      dz *= vec4<f32>(act_grad(w_y[base + c0]), act_grad(w_y[base + c1]), act_grad(w_y[base + c2]), act_grad(w_y[base + c3]));
    }
    bacc += dz;
    let xr = m * K;
    for (var i = 0u; i < TILE; i++) { acc[i] += w_x[xr + kk[i]] * dz; }
  }
  for (var i = 0u; i < TILE; i++) {
    let r = r0 + i;
    if (r >= K) { break; }
    for (var j = 0u; j < TILE; j++) {
      let c = c0 + j;
      if (c < N) { w_grads[W_OFF + r * N + c] = acc[i][j]; }
    }
  }
  if (HAS_BIAS && r0 == 0u) {
    for (var j = 0u; j < TILE; j++) {
      let c = c0 + j;
      if (c < N) { w_grads[B_OFF + c] = bacc[j]; }
    }
  }
}

// ================================================================ vec4 variants
// Used when K % 4 == 0 and N % 4 == 0 (W_OFF and B_OFF are multiples of 4 in the flat layout).
// Same bindings and math as above; every load is a vec4, which SwiftShader runs ~4x faster than
// scalar loads. Geometry:
//   dense_forward_vec4          4 rows x 8 cols per invocation: ceil(N/64) x ceil(M/32) workgroups
//   dense_backward_input_vec4   4 rows x 4 cols of dx:          ceil(K/32) x ceil(M/32)
//   dense_backward_weight_vec4  4 rows (k) x 4 cols (n) of dW:  ceil(N/32) x ceil(K/32)
//   dense_backward_input_vec4_8x8   8 rows x 8 cols of dx:      ceil(K/64) x ceil(M/64)
//   dense_backward_weight_vec4_8x8  8 rows (k) x 8 cols of dW:  ceil(N/64) x ceil(K/64)
//   (the 8x8 blocks, at the bottom, are used by the recurrent layers for their long B*T reductions)

@group(0) @binding(0) var<storage, read> fv_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> fv_params: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> fv_y: array<vec4<f32>>;

fn act4(v: vec4<f32>) -> vec4<f32> {
  return vec4<f32>(act_fwd(v.x), act_fwd(v.y), act_fwd(v.z), act_fwd(v.w));
}

fn act_grad4(y: vec4<f32>) -> vec4<f32> {
  return vec4<f32>(act_grad(y.x), act_grad(y.y), act_grad(y.z), act_grad(y.w));
}

@compute @workgroup_size(WG_X, WG_Y)
fn dense_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = N / 4u;
  let K4 = K / 4u;
  let r0 = gid.y * 4u;
  let c4 = gid.x * 2u;
  if (r0 >= M || c4 >= N4) { return; }
  let d4 = min(c4 + 1u, N4 - 1u) - c4; // 1, or 0 when the second column block is past the edge
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0);
  let ra = min(r0, M - 1u) * K4;
  let rb = min(r0 + 1u, M - 1u) * K4;
  let rc = min(r0 + 2u, M - 1u) * K4;
  let rd = min(r0 + 3u, M - 1u) * K4;
  var wi = W_OFF / 4u + c4;
  for (var k4 = 0u; k4 < K4; k4++) {
    let w0 = fv_params[wi]; let v0 = fv_params[wi + d4]; wi += N4;
    let w1 = fv_params[wi]; let v1 = fv_params[wi + d4]; wi += N4;
    let w2 = fv_params[wi]; let v2 = fv_params[wi + d4]; wi += N4;
    let w3 = fv_params[wi]; let v3 = fv_params[wi + d4]; wi += N4;
    let x0 = fv_x[ra + k4]; let x1 = fv_x[rb + k4]; let x2 = fv_x[rc + k4]; let x3 = fv_x[rd + k4];
    a00 += x0.x * w0 + x0.y * w1 + x0.z * w2 + x0.w * w3;
    a01 += x0.x * v0 + x0.y * v1 + x0.z * v2 + x0.w * v3;
    a10 += x1.x * w0 + x1.y * w1 + x1.z * w2 + x1.w * w3;
    a11 += x1.x * v0 + x1.y * v1 + x1.z * v2 + x1.w * v3;
    a20 += x2.x * w0 + x2.y * w1 + x2.z * w2 + x2.w * w3;
    a21 += x2.x * v0 + x2.y * v1 + x2.z * v2 + x2.w * v3;
    a30 += x3.x * w0 + x3.y * w1 + x3.z * w2 + x3.w * w3;
    a31 += x3.x * v0 + x3.y * v1 + x3.z * v2 + x3.w * v3;
  }
  var b0 = vec4<f32>(0.0);
  var b1 = vec4<f32>(0.0);
  if (HAS_BIAS) {
    b0 = fv_params[B_OFF / 4u + c4];
    b1 = fv_params[B_OFF / 4u + c4 + d4];
  }
  let second = d4 == 1u;
  store_row(r0, c4, a00 + b0, a01 + b1, second);
  store_row(r0 + 1u, c4, a10 + b0, a11 + b1, second);
  store_row(r0 + 2u, c4, a20 + b0, a21 + b1, second);
  store_row(r0 + 3u, c4, a30 + b0, a31 + b1, second);
}

fn store_row(r: u32, c4: u32, v0: vec4<f32>, v1: vec4<f32>, second: bool) {
  if (r >= M) { return; }
  let o = r * (N / 4u) + c4;
  fv_y[o] = act4(v0);
  if (second) { fv_y[o + 1u] = act4(v1); }
}

@group(0) @binding(0) var<storage, read> iv_dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> iv_y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> iv_params: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> iv_dx: array<vec4<f32>>;

@compute @workgroup_size(WG_X, WG_Y)
fn dense_backward_input_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  // dx[m, k0..k0+3] = Σ_n dz[m, n] W[k0+j, n], as dot products of vec4 slices along n.
  let N4 = N / 4u;
  let K4 = K / 4u;
  let r0 = gid.y * 4u;
  let k4 = gid.x;
  if (r0 >= M || k4 >= K4) { return; }
  var acc: array<vec4<f32>, 4>;
  for (var i = 0u; i < 4u; i++) { acc[i] = vec4<f32>(0.0); }
  let wbase = W_OFF / 4u + k4 * 4u * N4;
  for (var n4 = 0u; n4 < N4; n4++) {
    let w0 = iv_params[wbase + n4];
    let w1 = iv_params[wbase + N4 + n4];
    let w2 = iv_params[wbase + 2u * N4 + n4];
    let w3 = iv_params[wbase + 3u * N4 + n4];
    for (var i = 0u; i < 4u; i++) {
      let idx = min(r0 + i, M - 1u) * N4 + n4;
      var g = iv_dy[idx];
      if (ACT != 0u) { g *= act_grad4(iv_y[idx]); }
      acc[i] += vec4<f32>(dot(g, w0), dot(g, w1), dot(g, w2), dot(g, w3));
    }
  }
  for (var i = 0u; i < 4u; i++) {
    let r = r0 + i;
    if (r >= M) { break; }
    let o = r * K4 + k4;
    if (ACCUMULATE) { iv_dx[o] += acc[i]; } else { iv_dx[o] = acc[i]; }
  }
}

@group(0) @binding(0) var<storage, read> wv_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> wv_dy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wv_y: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> wv_grads: array<vec4<f32>>;

@compute @workgroup_size(WG_X, WG_Y)
fn dense_backward_weight_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  // dW[k0+j, n4] = Σ_m x[m, k0+j] dz[m, n4]; the first row block also sums dz for db.
  let N4 = N / 4u;
  let K4 = K / 4u;
  let k4 = gid.y;
  let n4 = gid.x;
  if (k4 >= K4 || n4 >= N4) { return; }
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var bacc = vec4<f32>(0.0);
  for (var m = 0u; m < M; m++) {
    let idx = m * N4 + n4;
    var dz = wv_dy[idx];
    if (ACT != 0u) { dz *= act_grad4(wv_y[idx]); }
    bacc += dz;
    let xv = wv_x[m * K4 + k4];
    a0 += xv.x * dz;
    a1 += xv.y * dz;
    a2 += xv.z * dz;
    a3 += xv.w * dz;
  }
  let o = W_OFF / 4u + k4 * 4u * N4 + n4;
  wv_grads[o] = a0;
  wv_grads[o + N4] = a1;
  wv_grads[o + 2u * N4] = a2;
  wv_grads[o + 3u * N4] = a3;
  if (HAS_BIAS && k4 == 0u) { wv_grads[B_OFF / 4u + n4] = bacc; }
}

// dense_backward_weight_vec4_8x8: dense_backward_weight_vec4 with a wider register block, 8 rows
// (k) x 8 cols (n) of dW per invocation (two vec4 of x and two of dz per m: 4 loads per 16 vec4
// FMAs instead of 2 per 4), for long reductions (M = B*T in the recurrent layers' dW and dU).
// Same bindings, constants and conditions (K % 4 == 0, N % 4 == 0). A block's second k or n
// vec4 past the edge is clamped for loads and not stored. Dispatch: ceil(N/64) x ceil(K/64)
// workgroups of 8x8.
@compute @workgroup_size(WG_X, WG_Y)
fn dense_backward_weight_vec4_8x8(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = N / 4u;
  let K4 = K / 4u;
  let k4 = gid.y * 2u;
  let n4 = gid.x * 2u;
  if (k4 >= K4 || n4 >= N4) { return; }
  let dk = min(k4 + 1u, K4 - 1u) - k4; // 1, or 0 when the second k vec4 is past the edge
  let dn = min(n4 + 1u, N4 - 1u) - n4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var b00 = vec4<f32>(0.0); var b01 = vec4<f32>(0.0); var b02 = vec4<f32>(0.0); var b03 = vec4<f32>(0.0);
  var b10 = vec4<f32>(0.0); var b11 = vec4<f32>(0.0); var b12 = vec4<f32>(0.0); var b13 = vec4<f32>(0.0);
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var xi = k4;
  var di = n4;
  for (var m = 0u; m < M; m++) {
    var d0 = wv_dy[di];
    var d1 = wv_dy[di + dn];
    if (ACT != 0u) {
      d0 *= act_grad4(wv_y[di]);
      d1 *= act_grad4(wv_y[di + dn]);
    }
    s0 += d0;
    s1 += d1;
    let x0 = wv_x[xi];
    let x1 = wv_x[xi + dk];
    // a: columns n4 (d0), b: columns n4+1 (d1); first index: k vec4 (x0 / x1), second: its lane.
    a00 += x0.x * d0; a01 += x0.y * d0; a02 += x0.z * d0; a03 += x0.w * d0;
    a10 += x1.x * d0; a11 += x1.y * d0; a12 += x1.z * d0; a13 += x1.w * d0;
    b00 += x0.x * d1; b01 += x0.y * d1; b02 += x0.z * d1; b03 += x0.w * d1;
    b10 += x1.x * d1; b11 += x1.y * d1; b12 += x1.z * d1; b13 += x1.w * d1;
    xi += K4;
    di += N4;
  }
  let o = W_OFF / 4u + k4 * 4u * N4 + n4;
  wv_grads[o] = a00;
  wv_grads[o + N4] = a01;
  wv_grads[o + 2u * N4] = a02;
  wv_grads[o + 3u * N4] = a03;
  if (dn == 1u) {
    wv_grads[o + 1u] = b00;
    wv_grads[o + 1u + N4] = b01;
    wv_grads[o + 1u + 2u * N4] = b02;
    wv_grads[o + 1u + 3u * N4] = b03;
  }
  if (dk == 1u) {
    let o1 = o + 4u * N4;
    wv_grads[o1] = a10;
    wv_grads[o1 + N4] = a11;
    wv_grads[o1 + 2u * N4] = a12;
    wv_grads[o1 + 3u * N4] = a13;
    if (dn == 1u) {
      wv_grads[o1 + 1u] = b10;
      wv_grads[o1 + 1u + N4] = b11;
      wv_grads[o1 + 1u + 2u * N4] = b12;
      wv_grads[o1 + 1u + 3u * N4] = b13;
    }
  }
  if (HAS_BIAS && k4 == 0u) {
    wv_grads[B_OFF / 4u + n4] = s0;
    if (dn == 1u) { wv_grads[B_OFF / 4u + n4 + 1u] = s1; }
  }
}

// dense_backward_input_vec4_8x8: dense_backward_input_vec4 with a wider register block, 8 rows
// (m) x 8 cols (k) of dx per invocation (per n4: 8 W vec4 + 8 dz vec4 loads for 64 dot products
// instead of 8 for 16), for the recurrent layers' dx over B*T rows. Same bindings, constants and
// conditions (K % 4 == 0, N % 4 == 0). Rows past M are clamped for loads and not stored; a
// second k vec4 past the edge likewise. Dispatch: ceil(K/64) x ceil(M/64) workgroups of 8x8.
fn dbi_row(r: u32, k4: u32, dk: u32, v0: vec4<f32>, v1: vec4<f32>) {
  if (r >= M) { return; }
  let o = r * (K / 4u) + k4;
  if (ACCUMULATE) { iv_dx[o] += v0; } else { iv_dx[o] = v0; }
  if (dk == 1u) {
    if (ACCUMULATE) { iv_dx[o + 1u] += v1; } else { iv_dx[o + 1u] = v1; }
  }
}

fn dbi_dz(r: u32, n4: u32) -> vec4<f32> {
  let idx = r * (N / 4u) + n4;
  var g = iv_dy[idx];
  if (ACT != 0u) { g *= act_grad4(iv_y[idx]); }
  return g;
}

@compute @workgroup_size(WG_X, WG_Y)
fn dense_backward_input_vec4_8x8(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = N / 4u;
  let K4 = K / 4u;
  let r0 = gid.y * 8u;
  let k4 = gid.x * 2u;
  if (r0 >= M || k4 >= K4) { return; }
  let dk = min(k4 + 1u, K4 - 1u) - k4;
  // W rows 4*k4 .. 4*k4+7 (the second four clamped to the first when dk == 0).
  let wa = W_OFF / 4u + k4 * 4u * N4;
  let wb = wa + dk * 4u * N4;
  let r0_ = r0; let r1 = min(r0 + 1u, M - 1u); let r2 = min(r0 + 2u, M - 1u); let r3 = min(r0 + 3u, M - 1u);
  let r4 = min(r0 + 4u, M - 1u); let r5 = min(r0 + 5u, M - 1u); let r6 = min(r0 + 6u, M - 1u); let r7 = min(r0 + 7u, M - 1u);
  var a0 = vec4<f32>(0.0); var a1 = vec4<f32>(0.0); var a2 = vec4<f32>(0.0); var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0); var a5 = vec4<f32>(0.0); var a6 = vec4<f32>(0.0); var a7 = vec4<f32>(0.0);
  var c0 = vec4<f32>(0.0); var c1 = vec4<f32>(0.0); var c2 = vec4<f32>(0.0); var c3 = vec4<f32>(0.0);
  var c4 = vec4<f32>(0.0); var c5 = vec4<f32>(0.0); var c6 = vec4<f32>(0.0); var c7 = vec4<f32>(0.0);
  for (var n4 = 0u; n4 < N4; n4++) {
    let m0 = mat4x4<f32>(iv_params[wa + n4], iv_params[wa + N4 + n4], iv_params[wa + 2u * N4 + n4], iv_params[wa + 3u * N4 + n4]);
    let m1 = mat4x4<f32>(iv_params[wb + n4], iv_params[wb + N4 + n4], iv_params[wb + 2u * N4 + n4], iv_params[wb + 3u * N4 + n4]);
    let g0 = dbi_dz(r0_, n4); a0 += g0 * m0; c0 += g0 * m1;
    let g1 = dbi_dz(r1, n4); a1 += g1 * m0; c1 += g1 * m1;
    let g2 = dbi_dz(r2, n4); a2 += g2 * m0; c2 += g2 * m1;
    let g3 = dbi_dz(r3, n4); a3 += g3 * m0; c3 += g3 * m1;
    let g4 = dbi_dz(r4, n4); a4 += g4 * m0; c4 += g4 * m1;
    let g5 = dbi_dz(r5, n4); a5 += g5 * m0; c5 += g5 * m1;
    let g6 = dbi_dz(r6, n4); a6 += g6 * m0; c6 += g6 * m1;
    let g7 = dbi_dz(r7, n4); a7 += g7 * m0; c7 += g7 * m1;
  }
  dbi_row(r0, k4, dk, a0, c0);
  dbi_row(r0 + 1u, k4, dk, a1, c1);
  dbi_row(r0 + 2u, k4, dk, a2, c2);
  dbi_row(r0 + 3u, k4, dk, a3, c3);
  dbi_row(r0 + 4u, k4, dk, a4, c4);
  dbi_row(r0 + 5u, k4, dk, a5, c5);
  dbi_row(r0 + 6u, k4, dk, a6, c6);
  dbi_row(r0 + 7u, k4, dk, a7, c7);
}
