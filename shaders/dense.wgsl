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

override M: u32;
override K: u32;
override N: u32;
override ACT: u32 = 0u;
override HAS_BIAS: bool = true;
override W_OFF: u32 = 0u;
override B_OFF: u32 = 0u;
override ACCUMULATE: bool = false;

const TILE: u32 = 4u;

fn act_fwd(z: f32) -> f32 {
  switch ACT {
    case 1u: { return max(z, 0.0); }
    case 2u: { return 1.0 / (1.0 + exp(-z)); }
    case 3u: { return tanh(z); }
    default: { return z; }
  }
}

// Derivative expressed through the output y = act(z).
fn act_grad(y: f32) -> f32 {
  switch ACT {
    case 1u: { return select(0.0, 1.0, y > 0.0); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    default: { return 1.0; }
  }
}

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
