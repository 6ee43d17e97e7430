// conv2d.wgsl — 2D convolution (channels-last) as implicit GEMM: no im2col buffer, every pass is
// a register-blocked matrix product whose operand rows are gathered straight from the tensors.
//
//   conv2d_forward                 y[B,OH,OW,COUT] = act(conv(x, W) + b)         (bias + act epilogue)
//   conv2d_backward_input          dx[B,H,W,CIN] (=|+=) conv_transpose(dz, W)    dz = dy ⊙ act'(y)
//                                  (in conv2d_input.wgsl)
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
//                                  pixels x 4*NQ output channels; NQ = NQV (2 or 4, the tuner's
//                                  q2 / q4: same sums, so same bits) when CIN % 4 == 0 (a step is
//                                  one tap x 4 input channels), else 4 (a step is one tap x 1)
//   conv2d_backward_input          ceil(CIN/NCI) * ceil(QH*QW/8) * B*SH*SW invocations: 8 input
//                                  pixels of one stride phase (ih % SH, iw % SW) x NCI (8 or 16)
//                                  input channels; a step is one tap of that phase x 4 output
//                                  channels (QH = ceil(H/SH), QW = ceil(W/SW))
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
// measurement, the larger forward and input-gradient blocks by the tuner per adapter and shape
// (docs/engine-notes.md); no workgroup memory, barriers or atomics; padding is
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
// Forward, CIN % 4 == 0: groups of 4 output channels per invocation (2 or 4; the tuner's q2 / q4).
override NQV: u32 = 2u;

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
  let nq = select(4u, NQV, VEC_CI); // channel groups of 4 per invocation
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
      if (NQV == 4u) {
        let wa2 = f_w(r, c2); let wb2 = f_w(r + COUT, c2); let wc2 = f_w(r + 2u * COUT, c2); let wd2 = f_w(r + 3u * COUT, c2);
        let wa3 = f_w(r, c3); let wb3 = f_w(r + COUT, c3); let wc3 = f_w(r + 2u * COUT, c3); let wd3 = f_w(r + 3u * COUT, c3);
        acc[16] += v0.x * wa2 + v0.y * wb2 + v0.z * wc2 + v0.w * wd2;
        acc[17] += v0.x * wa3 + v0.y * wb3 + v0.z * wc3 + v0.w * wd3;
        acc[18] += v1.x * wa2 + v1.y * wb2 + v1.z * wc2 + v1.w * wd2;
        acc[19] += v1.x * wa3 + v1.y * wb3 + v1.z * wc3 + v1.w * wd3;
        acc[20] += v2.x * wa2 + v2.y * wb2 + v2.z * wc2 + v2.w * wd2;
        acc[21] += v2.x * wa3 + v2.y * wb3 + v2.z * wc3 + v2.w * wd3;
        acc[22] += v3.x * wa2 + v3.y * wb2 + v3.z * wc2 + v3.w * wd2;
        acc[23] += v3.x * wa3 + v3.y * wb3 + v3.z * wc3 + v3.w * wd3;
        acc[24] += v4.x * wa2 + v4.y * wb2 + v4.z * wc2 + v4.w * wd2;
        acc[25] += v4.x * wa3 + v4.y * wb3 + v4.z * wc3 + v4.w * wd3;
        acc[26] += v5.x * wa2 + v5.y * wb2 + v5.z * wc2 + v5.w * wd2;
        acc[27] += v5.x * wa3 + v5.y * wb3 + v5.z * wc3 + v5.w * wd3;
        acc[28] += v6.x * wa2 + v6.y * wb2 + v6.z * wc2 + v6.w * wd2;
        acc[29] += v6.x * wa3 + v6.y * wb3 + v6.z * wc3 + v6.w * wd3;
        acc[30] += v7.x * wa2 + v7.y * wb2 + v7.z * wc2 + v7.w * wd2;
        acc[31] += v7.x * wa3 + v7.y * wb3 + v7.z * wc3 + v7.w * wd3;
      }
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
    if (NQV == 4u) {
      f_block(m0, cb + 2u, acc[16], acc[18], acc[20], acc[22], acc[24], acc[26], acc[28], acc[30]);
      f_block(m0, cb + 3u, acc[17], acc[19], acc[21], acc[23], acc[25], acc[27], acc[29], acc[31]);
    }
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
