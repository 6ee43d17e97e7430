// conv2d_input.wgsl — the input gradient of conv2d, concatenated after conv2d.wgsl by the kernel
// registry (src/kernels/registry.ts), whose overrides, shapes (see its header) and helpers it uses.
//
//   conv2d_backward_input   dx[B,H,W,CIN] (=|+=) conv_transpose(dz, W),  dz = dy ⊙ act'(y)
//
// Bindings: 0 dy · 1 y · 2 params · 3 dx (rw). Dispatch: ceil(CIN/NCI) * ceil(QH*QW/8) * B*SH*SW
// invocations over conv2d.wgsl's flat grid: 8 input pixels of one stride phase x NCI input
// channels each (QH = ceil(H/SH), QW = ceil(W/SW)); a step is one tap of that phase x 4 output
// channels. NCI = 16 (the tuner's c16) loads 16 weight vec4 and the same 8 dz vec4 per step for
// twice the FMAs of NCI = 8 (c8); its channels 8..15 are summed exactly as 0..7, so both give the
// same bits.

// Input channels per invocation: 8 or 16.
override NCI: u32 = 8u;

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
  let ncb = (CIN + NCI - 1u) / NCI;
  if (t >= ncb * nqb * B * SH * SW) { return; }
  let ci0 = (t % ncb) * NCI;
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
  let r8 = min(ci0 + 8u, CIN - 1u) * COUT;
  let r9 = min(ci0 + 9u, CIN - 1u) * COUT;
  let r10 = min(ci0 + 10u, CIN - 1u) * COUT;
  let r11 = min(ci0 + 11u, CIN - 1u) * COUT;
  let r12 = min(ci0 + 12u, CIN - 1u) * COUT;
  let r13 = min(ci0 + 13u, CIN - 1u) * COUT;
  let r14 = min(ci0 + 14u, CIN - 1u) * COUT;
  let r15 = min(ci0 + 15u, CIN - 1u) * COUT;
  // acc[2j]: pixel j, channels ci0..ci0+3; acc[2j+1]: ci0+4..ci0+7; acc[16 + 2j], acc[17 + 2j]:
  // ci0+8..ci0+15 when NCI is 16.
  var acc: array<vec4<f32>, 32>;
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
    if (NCI == 16u) {
      let w8 = i_w(wt + r8, c); let w9 = i_w(wt + r9, c); let w10 = i_w(wt + r10, c); let w11 = i_w(wt + r11, c);
      let w12 = i_w(wt + r12, c); let w13 = i_w(wt + r13, c); let w14 = i_w(wt + r14, c); let w15 = i_w(wt + r15, c);
      acc[16] += dot4(d0, w8, w9, w10, w11); acc[17] += dot4(d0, w12, w13, w14, w15);
      acc[18] += dot4(d1, w8, w9, w10, w11); acc[19] += dot4(d1, w12, w13, w14, w15);
      acc[20] += dot4(d2, w8, w9, w10, w11); acc[21] += dot4(d2, w12, w13, w14, w15);
      acc[22] += dot4(d3, w8, w9, w10, w11); acc[23] += dot4(d3, w12, w13, w14, w15);
      acc[24] += dot4(d4, w8, w9, w10, w11); acc[25] += dot4(d4, w12, w13, w14, w15);
      acc[26] += dot4(d5, w8, w9, w10, w11); acc[27] += dot4(d5, w12, w13, w14, w15);
      acc[28] += dot4(d6, w8, w9, w10, w11); acc[29] += dot4(d6, w12, w13, w14, w15);
      acc[30] += dot4(d7, w8, w9, w10, w11); acc[31] += dot4(d7, w12, w13, w14, w15);
    }
  }
  i_store(n, ph, pw, p0, q0, ci0, acc[0], acc[1]);
  i_store(n, ph, pw, p1, q0 + 1u, ci0, acc[2], acc[3]);
  i_store(n, ph, pw, p2, q0 + 2u, ci0, acc[4], acc[5]);
  i_store(n, ph, pw, p3, q0 + 3u, ci0, acc[6], acc[7]);
  i_store(n, ph, pw, p4, q0 + 4u, ci0, acc[8], acc[9]);
  i_store(n, ph, pw, p5, q0 + 5u, ci0, acc[10], acc[11]);
  i_store(n, ph, pw, p6, q0 + 6u, ci0, acc[12], acc[13]);
  i_store(n, ph, pw, p7, q0 + 7u, ci0, acc[14], acc[15]);
  if (NCI == 16u && ci0 + 8u < CIN) {
    i_store(n, ph, pw, p0, q0, ci0 + 8u, acc[16], acc[17]);
    i_store(n, ph, pw, p1, q0 + 1u, ci0 + 8u, acc[18], acc[19]);
    i_store(n, ph, pw, p2, q0 + 2u, ci0 + 8u, acc[20], acc[21]);
    i_store(n, ph, pw, p3, q0 + 3u, ci0 + 8u, acc[22], acc[23]);
    i_store(n, ph, pw, p4, q0 + 4u, ci0 + 8u, acc[24], acc[25]);
    i_store(n, ph, pw, p5, q0 + 5u, ci0 + 8u, acc[26], acc[27]);
    i_store(n, ph, pw, p6, q0 + 6u, ci0 + 8u, acc[28], acc[29]);
    i_store(n, ph, pw, p7, q0 + 7u, ci0 + 8u, acc[30], acc[31]);
  }
}
