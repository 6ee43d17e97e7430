// conv2d.wgsl — 2D convolution (channels-last) as implicit GEMM: no im2col buffer, every pass is
// a register-blocked matrix product whose operand rows are gathered straight from the tensors.
//
//   conv2d_forward                 y[B,OH,OW,COUT] = act(conv(x, W) + b)         (bias + act epilogue)
//   conv2d_backward_input          dx[B,H,W,CIN] (=|+=) conv_transpose(dz, W)    dz = dy ⊙ act'(y)
//   conv2d_backward_weight         part[S, KTOT+1, CO4] = per-chunk Σ x ⊗ dz   (split-K partial sums;
//                                  row KTOT holds the chunk's Σ dz for the bias)
//   conv2d_backward_weight_reduce  dW[KH,KW,CIN,COUT], db[COUT] = Σ_s part[s]   (fixed order over s)
//   conv2d_backward_dz             dz[B,OH,OW,COUT] = dy ⊙ act'(y): lets both gradient kernels run
//                                  with ACT = 0 (the layer does this whenever act is not linear)
//
// Shapes: x [B,H,W,CIN], W [KH,KW,CIN,COUT] (Keras layout) in the flat parameter buffer at W_OFF,
// b [COUT] at B_OFF; dW/db go to the same offsets of the flat gradient buffer. y, dy [B,OH,OW,COUT].
// KTOT = KH*KW*CIN rows of the GEMM reduction (k = (kh*KW + kw)*CIN + ci), CO4 = ceil(COUT/4),
// CI4 = ceil(CIN/4). Input position of output (oh, ow) at tap (kh, kw): ih = oh*SH - PT + kh*DH,
// iw = ow*SW - PL + kw*DW (DH = DW = 1 unless dilated); positions outside the image read zero ('same' padding: PT/PL = floor of
// half the total padding, the extra row/column at the bottom/right, as TensorFlow).
// act' is computed from the output y (ACT: activation-codes.ts, 0 linear to 10 exponential), so z is never stored.
// Every shape is an override constant; W_OFF and B_OFF must be multiples of 4 (the flat layout
// aligns every tensor to 4 floats). All buffers are bound whole and sized to a multiple of 16 bytes.
//
// Bindings (group 0), inputs (read) first then outputs (read_write):
//   conv2d_forward:                0 x · 1 params · 2 y (rw)
//   conv2d_backward_input:         0 dy · 1 y · 2 params · 3 dx (rw)
//   conv2d_backward_weight:        0 x · 1 dy · 2 y · 3 part (rw, SPLIT*(KTOT+1)*CO4 vec4)
//   conv2d_backward_weight_reduce: 0 part · 1 grads (rw)
//   conv2d_backward_dz:            0 dy · 1 y · 2 dz (rw)
// Dispatch: workgroups of 64 invocations over a flat invocation index t = gid.x + gid.y*64*nwg.x
// (a grid of [n] workgroups, or [65535, ceil(n/65535)] past the limit: src/kernels/grid.ts); surplus exit early.
// Each invocation owns a register block and runs ONE flat loop over its reduction:
//   conv2d_forward                 ceil(CO4/NQ) * ceil(B*OH*OW/8) invocations: 8 consecutive output
//                                  pixels x 4*NQ output channels; NQ = 2 when CIN % 4 == 0 (a step
//                                  is one tap x 4 input channels), else 4 (a step is one tap x 1)
//   conv2d_backward_input          ceil(CI4/2) * ceil(QH*QW/8) * B*SH*SW invocations: 8 input
//                                  pixels of one stride phase (ih % SH, iw % SW) x 8 input channels;
//                                  a step is one tap of that phase x 4 output channels
//                                  (QH = ceil(H/SH), QW = ceil(W/SW))
//   conv2d_backward_weight         ceil(CO4/2) * (NKB + 1) * SPLIT invocations: up to 16 GEMM rows k x
//                                  8 output channels over one chunk of CHUNK output rows (n, oh),
//                                  two output pixels per step; NKB = KH*KW*ceil(CI4/4) (one tap x
//                                  16 input channels) when CIN % 4 == 0, else ceil(KTOT/KB) (KB
//                                  consecutive rows k), plus one block per chunk that sums dz for db
//   conv2d_backward_weight_reduce  (KTOT + HAS_BIAS) * CO4 invocations, one vec4 of outputs each
//   conv2d_backward_dz             ceil(B*OH*OW*COUT/16) invocations, 4 vec4 each
//
// Performance notes (SwiftShader, measured): every storage-buffer access is a per-lane gather that
// costs far more than arithmetic (a vec4 load about 1.5x a scalar one), and every loop entry and
// back edge pays in proportion to the live registers. So: loads are vec4 along the channel axis
// whenever COUT % 4 == 0 (weights, dy, y, outputs) and CIN % 4 == 0 (x, dx), with scalar fallbacks
// through the same vec4 bindings (v[i >> 2][i & 3]) otherwise; each invocation runs a single flat
// loop (no nested tap/channel loops) over a hand-unrolled register block with constant indices
// (function arrays indexed by a loop counter stay in memory); block sizes were chosen by
// measurement (larger blocks spill and lose); no workgroup memory, barriers or atomics; padding is
// a 0/1 factor on clamped indices, compiled out for 'valid' padding.
// #include activations index
const WG: u32 = 64u;

override B: u32;
override H: u32;
override W: u32;
override CIN: u32;
override KH: u32;
override KW: u32;
override SH: u32 = 1u;
override SW: u32 = 1u;
override OH: u32;
override OW: u32;
override COUT: u32;
override PT: u32 = 0u;
override PL: u32 = 0u;
// Dilation: tap (kh, kw) reads input (oh*SH - PT + kh*DH, ow*SW - PL + kw*DW). DH or DW > 1 needs
// SH = SW = 1 (Keras refuses strides with dilation; the launcher checks it).
override DH: u32 = 1u;
override DW: u32 = 1u;
override ACT: u32 = 0u;
override HAS_BIAS: bool = true;
override W_OFF: u32 = 0u;
override B_OFF: u32 = 0u;
override ACCUMULATE: bool = false;
// Split-K of the weight gradient: SPLIT chunks of CHUNK output rows (n, oh) each.
override SPLIT: u32 = 1u;
override CHUNK: u32 = 1u;
// Weight gradient, CIN % 4 != 0: GEMM rows per block (4, 8, 12 or 16).
override KB: u32 = 16u;

override CO4: u32 = (COUT + 3u) / 4u;
override CI4: u32 = (CIN + 3u) / 4u;
override VEC_CO: bool = COUT % 4u == 0u;
override VEC_CI: bool = CIN % 4u == 0u;
// Whether some window reaches outside the image vertically / horizontally ('same' padding, or
// Conv1D's 'causal' K - 1 zeros before the sequence, where the last window may end inside it).
override PAD_H: bool = PT > 0u || (OH - 1u) * SH + (KH - 1u) * DH + 1u > H + PT;
override PAD_W: bool = PL > 0u || (OW - 1u) * SW + (KW - 1u) * DW + 1u > W + PL;


// Derivative expressed through the output y = act(z).
fn act_grad4(y: vec4<f32>) -> vec4<f32> {
  switch ACT {
    case 1u: { return select(vec4<f32>(0.0), vec4<f32>(1.0), y > vec4<f32>(0.0)); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    case 0u: { return vec4<f32>(1.0); }
    // The Keras 3 activations (codes 4 and up): prelude/activations.wgsl's act_grad per lane.
    default: { return vec4<f32>(act_grad(y.x), act_grad(y.y), act_grad(y.z), act_grad(y.w)); }
  }
}


fn mask(ok: bool) -> f32 {
  return select(0.0, 1.0, ok);
}

// Output pixel m (flat over B*OH*OW): top-left input position (ih0, iw0) of its window (negative
// under padding) and the element offset of x[n, ih0, iw0, 0].
fn out_pixel(m: u32) -> vec3<i32> {
  let n = m / (OH * OW);
  let r = m % (OH * OW);
  let ih0 = i32((r / OW) * SH) - i32(PT);
  let iw0 = i32((r % OW) * SW) - i32(PL);
  return vec3<i32>(ih0, iw0, ((i32(n * H) + ih0) * i32(W) + iw0) * i32(CIN));
}

fn tap_ok(p: vec3<i32>, kh: u32, kw: u32) -> bool {
  let okh = select(true, u32(p.x + i32(kh)) < H, PAD_H);
  let okw = select(true, u32(p.y + i32(kw)) < W, PAD_W);
  return okh & okw;
}

// ================================================================ forward
@group(0) @binding(0) var<storage, read> f_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> f_p: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> f_y: array<vec4<f32>>;

fn f_xs(i: u32) -> f32 {
  return f_x[i >> 2u][i & 3u];
}

fn f_ps(i: u32) -> f32 {
  return f_p[i >> 2u][i & 3u];
}

// Output channels 4*c4 .. 4*c4+3 of the parameter row starting at element `row` (clamped at COUT).
fn f_w(row: u32, c4: u32) -> vec4<f32> {
  if (VEC_CO) { return f_p[(row >> 2u) + c4]; }
  let c = c4 * 4u;
  return vec4<f32>(f_ps(row + c), f_ps(row + min(c + 1u, COUT - 1u)), f_ps(row + min(c + 2u, COUT - 1u)), f_ps(row + min(c + 3u, COUT - 1u)));
}

fn act4(v: vec4<f32>) -> vec4<f32> {
  return vec4<f32>(act_fwd(v.x), act_fwd(v.y), act_fwd(v.z), act_fwd(v.w));
}

fn f_store(m: u32, c4: u32, v: vec4<f32>) {
  if (m >= B * OH * OW) { return; }
  let o = m * COUT + c4 * 4u;
  let a = act4(v);
  if (VEC_CO) {
    f_y[o >> 2u] = a;
    return;
  }
  for (var i = 0u; i < 4u; i++) {
    let e = o + i;
    if (c4 * 4u + i < COUT) { f_y[e >> 2u][e & 3u] = a[i]; }
  }
}

// Register block: 8 consecutive output pixels x 8 output channels (CIN % 4 == 0: each step is 4
// input channels as vec4 of x and 8 vec4 of W) or x 16 output channels (scalar x, 1 channel per
// step: more channels amortise the scalar x loads).
@compute @workgroup_size(64)
fn conv2d_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = flat_id(gid, nwg);
  let nq = select(4u, 2u, VEC_CI); // channel groups of 4 per invocation
  let ncb = (CO4 + nq - 1u) / nq;
  let M = B * OH * OW;
  if (t >= ncb * ((M + 7u) / 8u)) { return; }
  let cb = (t % ncb) * nq;
  let c0 = cb;
  let c1 = min(cb + 1u, CO4 - 1u);
  let c2 = min(cb + 2u, CO4 - 1u);
  let c3 = min(cb + 3u, CO4 - 1u);
  let m0 = (t / ncb) * 8u;
  let p0 = out_pixel(min(m0 + 0u, M - 1u));
  let p1 = out_pixel(min(m0 + 1u, M - 1u));
  let p2 = out_pixel(min(m0 + 2u, M - 1u));
  let p3 = out_pixel(min(m0 + 3u, M - 1u));
  let p4 = out_pixel(min(m0 + 4u, M - 1u));
  let p5 = out_pixel(min(m0 + 5u, M - 1u));
  let p6 = out_pixel(min(m0 + 6u, M - 1u));
  let p7 = out_pixel(min(m0 + 7u, M - 1u));
  // acc[nq*j + q]: pixel j, channel group c_q.
  var acc: array<vec4<f32>, 32>;
  // One flat loop over the reduction (SwiftShader pays for every loop entry and back edge in
  // proportion to the live registers, so no nested tap/channel loops): step = (tap, channel
  // group of 4) when CIN % 4 == 0, else (tap, channel).
  let per_tap = select(CIN, CI4, VEC_CI);
  for (var st = 0u; st < KH * KW * per_tap; st++) {
    let tap = st / per_tap;
    let kh = (tap / KW) * DH;
    let kw = (tap % KW) * DW;
    let toff = i32((kh * W + kw) * CIN);
    let ok0 = tap_ok(p0, kh, kw); let ok1 = tap_ok(p1, kh, kw);
    let ok2 = tap_ok(p2, kh, kw); let ok3 = tap_ok(p3, kh, kw);
    let ok4 = tap_ok(p4, kh, kw); let ok5 = tap_ok(p5, kh, kw);
    let ok6 = tap_ok(p6, kh, kw); let ok7 = tap_ok(p7, kh, kw);
    let k0 = mask(ok0); let k1 = mask(ok1); let k2 = mask(ok2); let k3 = mask(ok3);
    let k4 = mask(ok4); let k5 = mask(ok5); let k6 = mask(ok6); let k7 = mask(ok7);
    if (VEC_CI) {
      let g = st % CI4;
      let r = W_OFF + (tap * CIN + g * 4u) * COUT;
      let wa0 = f_w(r, c0); let wb0 = f_w(r + COUT, c0); let wc0 = f_w(r + 2u * COUT, c0); let wd0 = f_w(r + 3u * COUT, c0);
      let wa1 = f_w(r, c1); let wb1 = f_w(r + COUT, c1); let wc1 = f_w(r + 2u * COUT, c1); let wd1 = f_w(r + 3u * COUT, c1);
      let o = toff + i32(g * 4u);
      let v0 = f_x[select(0u, u32(p0.z + o), ok0) >> 2u] * k0; let v1 = f_x[select(0u, u32(p1.z + o), ok1) >> 2u] * k1;
      let v2 = f_x[select(0u, u32(p2.z + o), ok2) >> 2u] * k2; let v3 = f_x[select(0u, u32(p3.z + o), ok3) >> 2u] * k3;
      let v4 = f_x[select(0u, u32(p4.z + o), ok4) >> 2u] * k4; let v5 = f_x[select(0u, u32(p5.z + o), ok5) >> 2u] * k5;
      let v6 = f_x[select(0u, u32(p6.z + o), ok6) >> 2u] * k6; let v7 = f_x[select(0u, u32(p7.z + o), ok7) >> 2u] * k7;
      acc[0] += v0.x * wa0 + v0.y * wb0 + v0.z * wc0 + v0.w * wd0;
      acc[1] += v0.x * wa1 + v0.y * wb1 + v0.z * wc1 + v0.w * wd1;
      acc[2] += v1.x * wa0 + v1.y * wb0 + v1.z * wc0 + v1.w * wd0;
      acc[3] += v1.x * wa1 + v1.y * wb1 + v1.z * wc1 + v1.w * wd1;
      acc[4] += v2.x * wa0 + v2.y * wb0 + v2.z * wc0 + v2.w * wd0;
      acc[5] += v2.x * wa1 + v2.y * wb1 + v2.z * wc1 + v2.w * wd1;
      acc[6] += v3.x * wa0 + v3.y * wb0 + v3.z * wc0 + v3.w * wd0;
      acc[7] += v3.x * wa1 + v3.y * wb1 + v3.z * wc1 + v3.w * wd1;
      acc[8] += v4.x * wa0 + v4.y * wb0 + v4.z * wc0 + v4.w * wd0;
      acc[9] += v4.x * wa1 + v4.y * wb1 + v4.z * wc1 + v4.w * wd1;
      acc[10] += v5.x * wa0 + v5.y * wb0 + v5.z * wc0 + v5.w * wd0;
      acc[11] += v5.x * wa1 + v5.y * wb1 + v5.z * wc1 + v5.w * wd1;
      acc[12] += v6.x * wa0 + v6.y * wb0 + v6.z * wc0 + v6.w * wd0;
      acc[13] += v6.x * wa1 + v6.y * wb1 + v6.z * wc1 + v6.w * wd1;
      acc[14] += v7.x * wa0 + v7.y * wb0 + v7.z * wc0 + v7.w * wd0;
      acc[15] += v7.x * wa1 + v7.y * wb1 + v7.z * wc1 + v7.w * wd1;
    } else {
      let ci = st % CIN;
      let r = W_OFF + (tap * CIN + ci) * COUT;
      let w0 = f_w(r, c0); let w1 = f_w(r, c1); let w2 = f_w(r, c2); let w3 = f_w(r, c3);
      let o = toff + i32(ci);
      let v0 = f_xs(select(0u, u32(p0.z + o), ok0)) * k0; let v1 = f_xs(select(0u, u32(p1.z + o), ok1)) * k1;
      let v2 = f_xs(select(0u, u32(p2.z + o), ok2)) * k2; let v3 = f_xs(select(0u, u32(p3.z + o), ok3)) * k3;
      let v4 = f_xs(select(0u, u32(p4.z + o), ok4)) * k4; let v5 = f_xs(select(0u, u32(p5.z + o), ok5)) * k5;
      let v6 = f_xs(select(0u, u32(p6.z + o), ok6)) * k6; let v7 = f_xs(select(0u, u32(p7.z + o), ok7)) * k7;
      acc[0] += v0 * w0; acc[1] += v0 * w1; acc[2] += v0 * w2; acc[3] += v0 * w3;
      acc[4] += v1 * w0; acc[5] += v1 * w1; acc[6] += v1 * w2; acc[7] += v1 * w3;
      acc[8] += v2 * w0; acc[9] += v2 * w1; acc[10] += v2 * w2; acc[11] += v2 * w3;
      acc[12] += v3 * w0; acc[13] += v3 * w1; acc[14] += v3 * w2; acc[15] += v3 * w3;
      acc[16] += v4 * w0; acc[17] += v4 * w1; acc[18] += v4 * w2; acc[19] += v4 * w3;
      acc[20] += v5 * w0; acc[21] += v5 * w1; acc[22] += v5 * w2; acc[23] += v5 * w3;
      acc[24] += v6 * w0; acc[25] += v6 * w1; acc[26] += v6 * w2; acc[27] += v6 * w3;
      acc[28] += v7 * w0; acc[29] += v7 * w1; acc[30] += v7 * w2; acc[31] += v7 * w3;
    }
  }
  if (VEC_CI) {
    f_block(m0, cb + 0u, acc[0], acc[2], acc[4], acc[6], acc[8], acc[10], acc[12], acc[14]);
    f_block(m0, cb + 1u, acc[1], acc[3], acc[5], acc[7], acc[9], acc[11], acc[13], acc[15]);
  } else {
    f_block(m0, cb + 0u, acc[0], acc[4], acc[8], acc[12], acc[16], acc[20], acc[24], acc[28]);
    f_block(m0, cb + 1u, acc[1], acc[5], acc[9], acc[13], acc[17], acc[21], acc[25], acc[29]);
    f_block(m0, cb + 2u, acc[2], acc[6], acc[10], acc[14], acc[18], acc[22], acc[26], acc[30]);
    f_block(m0, cb + 3u, acc[3], acc[7], acc[11], acc[15], acc[19], acc[23], acc[27], acc[31]);
  }
}

// Bias + activation + store of one channel group c4 for the 8 pixels m0 .. m0+7 (skipped past CO4).
fn f_block(m0: u32, c4: u32, a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32>, a4: vec4<f32>, a5: vec4<f32>, a6: vec4<f32>, a7: vec4<f32>) {
  if (c4 >= CO4) { return; }
  var b = vec4<f32>(0.0);
  if (HAS_BIAS) { b = f_w(B_OFF, c4); }
  f_store(m0, c4, a0 + b);
  f_store(m0 + 1u, c4, a1 + b);
  f_store(m0 + 2u, c4, a2 + b);
  f_store(m0 + 3u, c4, a3 + b);
  f_store(m0 + 4u, c4, a4 + b);
  f_store(m0 + 5u, c4, a5 + b);
  f_store(m0 + 6u, c4, a6 + b);
  f_store(m0 + 7u, c4, a7 + b);
}

// ================================================================ input gradient
// dx[n, ih, iw, ci] = Σ_{kh,kw,co} dz[n, oh, ow, co] W[kh, kw, ci, co] over the taps with
// ih + PT - kh = oh*SH and iw + PL - kw = ow*SW. An invocation's 8 pixels share one stride phase
// (ih % SH, iw % SW), so exactly the taps of that phase contribute (no wasted stride-2 taps) and
// each tap moves every pixel by the same (dh, dw) in dz: one uniform offset per tap.
@group(0) @binding(0) var<storage, read> i_dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> i_y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> i_p: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> i_dx: array<vec4<f32>>;

fn i_ps(i: u32) -> f32 {
  return i_p[i >> 2u][i & 3u];
}

fn i_w(row: u32, c4: u32) -> vec4<f32> {
  if (VEC_CO) { return i_p[(row >> 2u) + c4]; }
  let c = c4 * 4u;
  return vec4<f32>(i_ps(row + c), i_ps(row + min(c + 1u, COUT - 1u)), i_ps(row + min(c + 2u, COUT - 1u)), i_ps(row + min(c + 3u, COUT - 1u)));
}

fn i_dys(i: u32) -> f32 {
  return i_dy[i >> 2u][i & 3u];
}

fn i_ys(i: u32) -> f32 {
  return i_y[i >> 2u][i & 3u];
}

// dz = dy ⊙ act'(y) for channels 4*c4 .. of the dz row at element e; zero past COUT.
fn i_dz(e: u32, c4: u32) -> vec4<f32> {
  if (VEC_CO) {
    let q = (e >> 2u) + c4;
    if (ACT == 0u) { return i_dy[q]; }
    return i_dy[q] * act_grad4(i_y[q]);
  }
  let c = c4 * 4u;
  let a = vec4<u32>(e + c, e + min(c + 1u, COUT - 1u), e + min(c + 2u, COUT - 1u), e + min(c + 3u, COUT - 1u));
  var g = vec4<f32>(i_dys(a.x), i_dys(a.y), i_dys(a.z), i_dys(a.w));
  if (ACT != 0u) { g *= act_grad4(vec4<f32>(i_ys(a.x), i_ys(a.y), i_ys(a.z), i_ys(a.w))); }
  return select(vec4<f32>(0.0), g, vec4<u32>(c) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(COUT));
}

// Pixel q of a phase grid (QH x QW) of image n: (qh, qw, element offset of dz[n, qh, qw, 0]).
fn in_pixel(n: u32, q: u32) -> vec3<i32> {
  let QW = (W + SW - 1u) / SW;
  let qh = q / QW;
  let qw = q % QW;
  return vec3<i32>(i32(qh), i32(qw), i32(((n * OH + qh) * OW + qw) * COUT));
}

fn dz_ok(p: vec3<i32>, dh: i32, dw: i32) -> bool {
  return (u32(p.x + dh) < OH) & (u32(p.y + dw) < OW);
}

fn dot4(d: vec4<f32>, w0: vec4<f32>, w1: vec4<f32>, w2: vec4<f32>, w3: vec4<f32>) -> vec4<f32> {
  return vec4<f32>(dot(d, w0), dot(d, w1), dot(d, w2), dot(d, w3));
}

fn i_store(n: u32, ph: u32, pw: u32, p: vec3<i32>, q: u32, ci0: u32, a: vec4<f32>, b: vec4<f32>) {
  let QH = (H + SH - 1u) / SH;
  let QW = (W + SW - 1u) / SW;
  let ih = ph + SH * u32(p.x);
  let iw = pw + SW * u32(p.y);
  if (q >= QH * QW || ih >= H || iw >= W) { return; }
  let o = ((n * H + ih) * W + iw) * CIN + ci0;
  if (VEC_CI) {
    let o4 = o >> 2u;
    if (ACCUMULATE) { i_dx[o4] += a; } else { i_dx[o4] = a; }
    if (ci0 + 4u < CIN) {
      if (ACCUMULATE) { i_dx[o4 + 1u] += b; } else { i_dx[o4 + 1u] = b; }
    }
    return;
  }
  for (var i = 0u; i < 8u; i++) {
    if (ci0 + i < CIN) {
      let v = select(b[i & 3u], a[i & 3u], i < 4u);
      let e = o + i;
      if (ACCUMULATE) { i_dx[e >> 2u][e & 3u] += v; } else { i_dx[e >> 2u][e & 3u] = v; }
    }
  }
}

@compute @workgroup_size(64)
fn conv2d_backward_input(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = flat_id(gid, nwg);
  let QN = ((H + SH - 1u) / SH) * ((W + SW - 1u) / SW);
  let nqb = (QN + 7u) / 8u;
  let ncb = (CI4 + 1u) / 2u;
  if (t >= ncb * nqb * B * SH * SW) { return; }
  let ci0 = (t % ncb) * 8u;
  let r = t / ncb;
  let q0 = (r % nqb) * 8u;
  let cls = r / nqb;
  let n = cls / (SH * SW);
  let ph = (cls / SW) % SH;
  let pw = cls % SW;
  let p0 = in_pixel(n, q0);
  let p1 = in_pixel(n, min(q0 + 1u, QN - 1u));
  let p2 = in_pixel(n, min(q0 + 2u, QN - 1u));
  let p3 = in_pixel(n, min(q0 + 3u, QN - 1u));
  let p4 = in_pixel(n, min(q0 + 4u, QN - 1u));
  let p5 = in_pixel(n, min(q0 + 5u, QN - 1u));
  let p6 = in_pixel(n, min(q0 + 6u, QN - 1u));
  let p7 = in_pixel(n, min(q0 + 7u, QN - 1u));
  // Weight rows of the block's 8 input channels (clamped at CIN).
  let r0 = ci0 * COUT;
  let r1 = min(ci0 + 1u, CIN - 1u) * COUT;
  let r2 = min(ci0 + 2u, CIN - 1u) * COUT;
  let r3 = min(ci0 + 3u, CIN - 1u) * COUT;
  let r4 = min(ci0 + 4u, CIN - 1u) * COUT;
  let r5 = min(ci0 + 5u, CIN - 1u) * COUT;
  let r6 = min(ci0 + 6u, CIN - 1u) * COUT;
  let r7 = min(ci0 + 7u, CIN - 1u) * COUT;
  // acc[2j]: pixel j, channels ci0..ci0+3; acc[2j+1]: ci0+4..ci0+7.
  var acc: array<vec4<f32>, 16>;
  // The taps of this phase: kh = kh0 + SH*i (i < nkh), kw = kw0 + SW*j (j < nkw); one flat loop
  // over (tap, channel group of 4 output channels).
  let kh0 = (ph + PT) % SH;
  let kw0 = (pw + PL) % SW;
  let nkh = (KH - min(kh0, KH) + SH - 1u) / SH;
  let nkw = (KW - min(kw0, KW) + SW - 1u) / SW;
  for (var st = 0u; st < nkh * nkw * CO4; st++) {
    let a = st / CO4;
    let c = st % CO4;
    let kh = kh0 + SH * (a / nkw);
    let kw = kw0 + SW * (a % nkw);
    let dh = (i32(ph + PT) - i32(kh * DH)) / i32(SH);
    let dw = (i32(pw + PL) - i32(kw * DW)) / i32(SW);
    let toff = (dh * i32(OW) + dw) * i32(COUT);
    let ok0 = dz_ok(p0, dh, dw); let ok1 = dz_ok(p1, dh, dw);
    let ok2 = dz_ok(p2, dh, dw); let ok3 = dz_ok(p3, dh, dw);
    let ok4 = dz_ok(p4, dh, dw); let ok5 = dz_ok(p5, dh, dw);
    let ok6 = dz_ok(p6, dh, dw); let ok7 = dz_ok(p7, dh, dw);
    let wt = W_OFF + (kh * KW + kw) * CIN * COUT;
    let w0 = i_w(wt + r0, c); let w1 = i_w(wt + r1, c); let w2 = i_w(wt + r2, c); let w3 = i_w(wt + r3, c);
    let w4 = i_w(wt + r4, c); let w5 = i_w(wt + r5, c); let w6 = i_w(wt + r6, c); let w7 = i_w(wt + r7, c);
    let d0 = i_dz(select(0u, u32(p0.z + toff), ok0), c) * mask(ok0);
    let d1 = i_dz(select(0u, u32(p1.z + toff), ok1), c) * mask(ok1);
    let d2 = i_dz(select(0u, u32(p2.z + toff), ok2), c) * mask(ok2);
    let d3 = i_dz(select(0u, u32(p3.z + toff), ok3), c) * mask(ok3);
    let d4 = i_dz(select(0u, u32(p4.z + toff), ok4), c) * mask(ok4);
    let d5 = i_dz(select(0u, u32(p5.z + toff), ok5), c) * mask(ok5);
    let d6 = i_dz(select(0u, u32(p6.z + toff), ok6), c) * mask(ok6);
    let d7 = i_dz(select(0u, u32(p7.z + toff), ok7), c) * mask(ok7);
    acc[0] += dot4(d0, w0, w1, w2, w3); acc[1] += dot4(d0, w4, w5, w6, w7);
    acc[2] += dot4(d1, w0, w1, w2, w3); acc[3] += dot4(d1, w4, w5, w6, w7);
    acc[4] += dot4(d2, w0, w1, w2, w3); acc[5] += dot4(d2, w4, w5, w6, w7);
    acc[6] += dot4(d3, w0, w1, w2, w3); acc[7] += dot4(d3, w4, w5, w6, w7);
    acc[8] += dot4(d4, w0, w1, w2, w3); acc[9] += dot4(d4, w4, w5, w6, w7);
    acc[10] += dot4(d5, w0, w1, w2, w3); acc[11] += dot4(d5, w4, w5, w6, w7);
    acc[12] += dot4(d6, w0, w1, w2, w3); acc[13] += dot4(d6, w4, w5, w6, w7);
    acc[14] += dot4(d7, w0, w1, w2, w3); acc[15] += dot4(d7, w4, w5, w6, w7);
  }
  i_store(n, ph, pw, p0, q0, ci0, acc[0], acc[1]);
  i_store(n, ph, pw, p1, q0 + 1u, ci0, acc[2], acc[3]);
  i_store(n, ph, pw, p2, q0 + 2u, ci0, acc[4], acc[5]);
  i_store(n, ph, pw, p3, q0 + 3u, ci0, acc[6], acc[7]);
  i_store(n, ph, pw, p4, q0 + 4u, ci0, acc[8], acc[9]);
  i_store(n, ph, pw, p5, q0 + 5u, ci0, acc[10], acc[11]);
  i_store(n, ph, pw, p6, q0 + 6u, ci0, acc[12], acc[13]);
  i_store(n, ph, pw, p7, q0 + 7u, ci0, acc[14], acc[15]);
}
