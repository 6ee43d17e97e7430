// dense_tiled.wgsl — the three dense matmuls of dense.wgsl as workgroup-memory tiled kernels, the
// classic form for discrete GPUs (dense.wgsl's barrier-free kernels suit SwiftShader). The second
// file of the `dense` family: it reuses dense.wgsl's overrides M, K, N, ACT, HAS_BIAS, W_OFF,
// B_OFF, ACCUMULATE and the activations prelude, with the same math, bindings and semantics:
//
//   dense_forward_tiled          y[M,N]  = act(x[M,K] · W[K,N] + b[N])
//   dense_backward_input_tiled   dx[M,K] (=|+=) (dy ⊙ act'(y))[M,N] · Wᵀ
//   dense_backward_weight_tiled  dW[K,N] = xᵀ · (dy ⊙ act'(y)),  db[N] = Σ_m (dy ⊙ act'(y))[m,:]
//
// W [K,N] lives in the flat params buffer at W_OFF, b [N] at B_OFF; dW/db go to the same offsets
// of the flat grads buffer. Any M, K, N (edges are bounds-checked and zero-padded in the tiles).
//
// Bindings (group 0), inputs first then outputs, exactly as dense.wgsl:
//   dense_forward_tiled:         0 x [M*K] (read) · 1 params (read) · 2 y [M*N] (rw)
//   dense_backward_input_tiled:  0 dy [M*N] (read) · 1 y [M*N] (read) · 2 params (read) · 3 dx [M*K] (rw)
//   dense_backward_weight_tiled: 0 x [M*K] (read) · 1 dy [M*N] (read) · 2 y [M*N] (read) · 3 grads (rw)
//
// Tiling: each workgroup owns a TILE_M x TILE_N block of the output (rows x cols of the output:
// forward and dx rows are m; dW rows are k). Workgroup (TILE_N/4) x (TILE_M/4) invocations, each
// holding a 4x4 register block strided by the workgroup shape (rows ly + i*TILE_M/4, cols
// lx + j*TILE_N/4), so neighbouring invocations read neighbouring workgroup-memory words and write
// neighbouring output words. Per TILE_K-long chunk of the reduction, the workgroup stages both
// operands in workgroup memory (global loads run along each operand's contiguous axis; the tiles
// are stored reduction-index-major with a padded stride of tile + 2, so a transposing store of 16
// reduction indices x 2 rows by 32 invocations falls in 32 distinct banks), then a barrier,
// TILE_K x 16 FMAs, a barrier. Deterministic: db is summed in a fixed order by the invocations of
// the first row of workgroups (no atomics).
// TILE_M, TILE_N: multiples of 4 in 4..64 (default 64x64; the tuner may choose e.g. 32x32 for
// few rows).
// Dispatch (workgroups):
//   dense_forward_tiled          ceil(N / TILE_N) x ceil(M / TILE_M)
//   dense_backward_input_tiled   ceil(K / TILE_N) x ceil(M / TILE_M)
//   dense_backward_weight_tiled  ceil(N / TILE_N) x ceil(K / TILE_M)
// #include activations

override TILE_M: u32 = 64u;
override TILE_N: u32 = 64u;
const TILE_K: u32 = 16u;
const TL_PAD: u32 = 2u;

// Staged operands, reduction-index-major: tl_a[kk * (TILE_M + TL_PAD) + row], tl_b[kk * (TILE_N +
// TL_PAD) + col]. Sized for the largest tile: TILE_K * (64 + TL_PAD) = 1056 words each (8,448 bytes
// for both, within WebGPU's default 16 KiB of workgroup storage).
var<workgroup> tl_a: array<f32, 1056>;
var<workgroup> tl_b: array<f32, 1056>;

// The register block's product over one staged chunk: acc[i][j] += Σ_kk a[kk][ly + i*wy] b[kk][lx + j*wx].
// Returns Σ_kk of the b values read (the weight kernel's db column sums; dead code elsewhere).
fn tl_mac(lx: u32, ly: u32, acc: ptr<function, array<vec4<f32>, 4>>) -> vec4<f32> {
  let wx = TILE_N / 4u;
  let wy = TILE_M / 4u;
  var bsum = vec4<f32>(0.0);
  for (var kk = 0u; kk < TILE_K; kk++) {
    let ao = kk * (TILE_M + TL_PAD) + ly;
    let bo = kk * (TILE_N + TL_PAD) + lx;
    let a = vec4<f32>(tl_a[ao], tl_a[ao + wy], tl_a[ao + 2u * wy], tl_a[ao + 3u * wy]);
    let b = vec4<f32>(tl_b[bo], tl_b[bo + wx], tl_b[bo + 2u * wx], tl_b[bo + 3u * wx]);
    (*acc)[0] += a.x * b;
    (*acc)[1] += a.y * b;
    (*acc)[2] += a.z * b;
    (*acc)[3] += a.w * b;
    bsum += b;
  }
  return bsum;
}

// ---------------------------------------------------------------- forward
@group(0) @binding(0) var<storage, read> tf_x: array<f32>;
@group(0) @binding(1) var<storage, read> tf_params: array<f32>;
@group(0) @binding(2) var<storage, read_write> tf_y: array<f32>;

@compute @workgroup_size(TILE_N / 4u, TILE_M / 4u)
fn dense_forward_tiled(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let wx = TILE_N / 4u;
  let wy = TILE_M / 4u;
  let nt = wx * wy;
  let t = lid.y * wx + lid.x;
  let row0 = wid.y * TILE_M;
  let col0 = wid.x * TILE_N;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < K; k0 += TILE_K) {
    // x tile [TILE_M rows, TILE_K k], loaded along k.
    for (var e = t; e < TILE_M * TILE_K; e += nt) {
      let r = e / TILE_K;
      let kk = e % TILE_K;
      let gr = row0 + r;
      let gk = k0 + kk;
      var v = 0.0;
      if (gr < M && gk < K) { v = tf_x[gr * K + gk]; }
      tl_a[kk * (TILE_M + TL_PAD) + r] = v;
    }
    // W tile [TILE_K k, TILE_N cols], loaded along n.
    for (var e = t; e < TILE_K * TILE_N; e += nt) {
      let kk = e / TILE_N;
      let c = e % TILE_N;
      let gk = k0 + kk;
      let gc = col0 + c;
      var v = 0.0;
      if (gk < K && gc < N) { v = tf_params[W_OFF + gk * N + gc]; }
      tl_b[kk * (TILE_N + TL_PAD) + c] = v;
    }
    workgroupBarrier();
    _ = tl_mac(lid.x, lid.y, &acc);
    workgroupBarrier();
  }
  for (var j = 0u; j < 4u; j++) {
    let c = col0 + lid.x + j * wx;
    if (c >= N) { break; }
    var bias = 0.0;
    if (HAS_BIAS) { bias = tf_params[B_OFF + c]; }
    for (var i = 0u; i < 4u; i++) {
      let r = row0 + lid.y + i * wy;
      if (r < M) { tf_y[r * N + c] = act_fwd(acc[i][j] + bias); }
    }
  }
}

// ---------------------------------------------------------------- input gradient
@group(0) @binding(0) var<storage, read> ti_dy: array<f32>;
@group(0) @binding(1) var<storage, read> ti_y: array<f32>;
@group(0) @binding(2) var<storage, read> ti_params: array<f32>;
@group(0) @binding(3) var<storage, read_write> ti_dx: array<f32>;

@compute @workgroup_size(TILE_N / 4u, TILE_M / 4u)
fn dense_backward_input_tiled(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  // dx[M,K]: output rows m, cols k; reduction over n.
  let wx = TILE_N / 4u;
  let wy = TILE_M / 4u;
  let nt = wx * wy;
  let t = lid.y * wx + lid.x;
  let row0 = wid.y * TILE_M;
  let col0 = wid.x * TILE_N;
  var acc: array<vec4<f32>, 4>;
  for (var n0 = 0u; n0 < N; n0 += TILE_K) {
    // dz tile [TILE_M rows, TILE_K n], loaded along n, act' applied on the way in.
    for (var e = t; e < TILE_M * TILE_K; e += nt) {
      let r = e / TILE_K;
      let nn = e % TILE_K;
      let gr = row0 + r;
      let gn = n0 + nn;
      var v = 0.0;
      if (gr < M && gn < N) {
        let idx = gr * N + gn;
        v = ti_dy[idx];
        if (ACT != 0u) { v *= act_grad(ti_y[idx]); }
      }
      tl_a[nn * (TILE_M + TL_PAD) + r] = v;
    }
    // Wᵀ tile [TILE_K n, TILE_N cols k], loaded along n (W's contiguous axis).
    for (var e = t; e < TILE_K * TILE_N; e += nt) {
      let nn = e % TILE_K;
      let c = e / TILE_K;
      let gn = n0 + nn;
      let gc = col0 + c;
      var v = 0.0;
      if (gn < N && gc < K) { v = ti_params[W_OFF + gc * N + gn]; }
      tl_b[nn * (TILE_N + TL_PAD) + c] = v;
    }
    workgroupBarrier();
    _ = tl_mac(lid.x, lid.y, &acc);
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y + i * wy;
    if (r >= M) { break; }
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + lid.x + j * wx;
      if (c < K) {
        let o = r * K + c;
        if (ACCUMULATE) { ti_dx[o] += acc[i][j]; } else { ti_dx[o] = acc[i][j]; }
      }
    }
  }
}

// ---------------------------------------------------------------- weight + bias gradient
@group(0) @binding(0) var<storage, read> tw_x: array<f32>;
@group(0) @binding(1) var<storage, read> tw_dy: array<f32>;
@group(0) @binding(2) var<storage, read> tw_y: array<f32>;
@group(0) @binding(3) var<storage, read_write> tw_grads: array<f32>;

@compute @workgroup_size(TILE_N / 4u, TILE_M / 4u)
fn dense_backward_weight_tiled(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  // dW[K,N]: output rows k, cols n; reduction over m. The first row of workgroups (k tile 0) also
  // writes db for its columns: each invocation sums the dz values it multiplies, in m order.
  let wx = TILE_N / 4u;
  let wy = TILE_M / 4u;
  let nt = wx * wy;
  let t = lid.y * wx + lid.x;
  let row0 = wid.y * TILE_M;
  let col0 = wid.x * TILE_N;
  var acc: array<vec4<f32>, 4>;
  var bacc = vec4<f32>(0.0);
  for (var m0 = 0u; m0 < M; m0 += TILE_K) {
    // xᵀ tile [TILE_K m, TILE_M rows k], loaded along k (x's contiguous axis).
    for (var e = t; e < TILE_K * TILE_M; e += nt) {
      let mm = e / TILE_M;
      let r = e % TILE_M;
      let gm = m0 + mm;
      let gr = row0 + r;
      var v = 0.0;
      if (gm < M && gr < K) { v = tw_x[gm * K + gr]; }
      tl_a[mm * (TILE_M + TL_PAD) + r] = v;
    }
    // dz tile [TILE_K m, TILE_N cols n], loaded along n, act' applied on the way in.
    for (var e = t; e < TILE_K * TILE_N; e += nt) {
      let mm = e / TILE_N;
      let c = e % TILE_N;
      let gm = m0 + mm;
      let gc = col0 + c;
      var v = 0.0;
      if (gm < M && gc < N) {
        let idx = gm * N + gc;
        v = tw_dy[idx];
        if (ACT != 0u) { v *= act_grad(tw_y[idx]); }
      }
      tl_b[mm * (TILE_N + TL_PAD) + c] = v;
    }
    workgroupBarrier();
    bacc += tl_mac(lid.x, lid.y, &acc);
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y + i * wy;
    if (r >= K) { break; }
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + lid.x + j * wx;
      if (c < N) { tw_grads[W_OFF + r * N + c] = acc[i][j]; }
    }
  }
  if (HAS_BIAS && wid.y == 0u && lid.y == 0u) {
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + lid.x + j * wx;
      if (c < N) { tw_grads[B_OFF + c] = bacc[j]; }
    }
  }
}
