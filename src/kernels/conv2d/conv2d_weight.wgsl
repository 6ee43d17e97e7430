// conv2d_weight.wgsl — the weight/bias gradient, its split-K reduction and the activation
// derivative pass of conv2d; concatenated after conv2d.wgsl by the kernel registry
// (src/kernels/registry.ts), whose overrides, shapes (see its header) and helpers they use.

// ================================================================ weight + bias gradient
// dW[k, co] = Σ_{n,oh,ow} x[n, ih, iw, ci] dz[n, oh, ow, co] with k = (kh*KW + kw)*CIN + ci: a GEMM
// whose reduction (B*OH*OW output pixels) is split into SPLIT chunks of CHUNK output rows. Each
// invocation writes the partial sums of its block (up to 16 rows k x 8 channels) for its chunk; the
// reduce pass adds the chunks in a fixed order, so the result is deterministic (no atomics).
@group(0) @binding(0) var<storage, read> w_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> w_dy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> w_y: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> w_part: array<vec4<f32>>;

fn w_xs(i: u32) -> f32 {
  return w_x[i >> 2u][i & 3u];
}

fn w_dys(i: u32) -> f32 {
  return w_dy[i >> 2u][i & 3u];
}

fn w_ys(i: u32) -> f32 {
  return w_y[i >> 2u][i & 3u];
}

// dz = dy ⊙ act'(y) for channels 4*c4 .. of the dz row at element e (clamped at COUT: the padded
// channels of the partial sums are never read back).
fn w_dz(e: u32, c4: u32) -> vec4<f32> {
  if (VEC_CO) {
    let q = (e >> 2u) + c4;
    if (ACT == 0u) { return w_dy[q]; }
    return w_dy[q] * act_grad4(w_y[q]);
  }
  let c = c4 * 4u;
  let a = vec4<u32>(e + c, e + min(c + 1u, COUT - 1u), e + min(c + 2u, COUT - 1u), e + min(c + 3u, COUT - 1u));
  var g = vec4<f32>(w_dys(a.x), w_dys(a.y), w_dys(a.z), w_dys(a.w));
  if (ACT != 0u) { g *= act_grad4(vec4<f32>(w_ys(a.x), w_ys(a.y), w_ys(a.z), w_ys(a.w))); }
  return g;
}

// Partial-sum row k of chunk s (row KTOT: bias), channel group c4.
fn part_index(s: u32, k: u32, c4: u32) -> u32 {
  return (s * (KH * KW * CIN + 1u) + k) * CO4 + c4;
}

// vec4 index of x at output pixel m's tap (kh, kw) (channel 0), and 1 if it lies inside the image.
fn w_xq(m: u32, kh: u32, kw: u32) -> vec2<u32> {
  let row = m / OW;
  let ih = i32((row % OH) * SH + kh) - i32(PT);
  let iw = i32((m % OW) * SW + kw) - i32(PL);
  let ok = select(true, u32(ih) < H, PAD_H) & select(true, u32(iw) < W, PAD_W);
  return vec2<u32>(select(0u, ((((row / OH) * H + u32(ih)) * W + u32(iw)) * CIN) >> 2u, ok), select(0u, 1u, ok));
}

// Scalar x of 4 GEMM rows (taps kh, kw, element offsets off relative to x[n, ih0, iw0, 0]) at the
// output pixel p = out_pixel(m); 0 outside the image.
fn w_x4(p: vec3<i32>, kh: vec4<i32>, kw: vec4<i32>, off: vec4<i32>) -> vec4<f32> {
  let okh = select(vec4<bool>(true), vec4<u32>(vec4<i32>(p.x) + kh) < vec4<u32>(H), PAD_H);
  let okw = select(vec4<bool>(true), vec4<u32>(vec4<i32>(p.y) + kw) < vec4<u32>(W), PAD_W);
  let ok = okh & okw;
  let i = vec4<u32>(select(vec4<i32>(0), vec4<i32>(p.z) + off, ok));
  return select(vec4<f32>(0.0), vec4<f32>(w_xs(i.x), w_xs(i.y), w_xs(i.z), w_xs(i.w)), ok);
}

fn pick32(a: array<vec4<f32>, 32>, i: u32) -> vec4<f32> {
  return a[i];
}

@compute @workgroup_size(64)
fn conv2d_backward_weight(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = flat_id(gid, nwg);
  let KTOT = KH * KW * CIN;
  let ncg = (CI4 + 3u) / 4u; // vec4 path: blocks of 16 channels per tap
  let nkb = select((KTOT + KB - 1u) / KB, KH * KW * ncg, VEC_CI);
  let ncb = (CO4 + 1u) / 2u;
  if (t >= ncb * (nkb + 1u) * SPLIT) { return; }
  let c0 = (t % ncb) * 2u;
  let c1 = min(c0 + 1u, CO4 - 1u);
  let second = c0 + 1u < CO4;
  let kb = (t / ncb) % (nkb + 1u);
  let s = t / (ncb * (nkb + 1u));
  // The chunk's output pixels [m0, m1), two per loop iteration (the second weighted 0 past m1).
  let m0 = s * CHUNK * OW;
  let m1 = min(m0 + CHUNK * OW, B * OH * OW);
  // acc[2r + q]: GEMM row r of the block, channel group c0 (q = 0) or c1 (q = 1).
  var acc: array<vec4<f32>, 32>;

  if (kb == nkb) {
    // Bias block: Σ dz over the chunk.
    if (!HAS_BIAS) { return; }
    for (var e = m0 * COUT; e < m1 * COUT; e += COUT) {
      acc[0] += w_dz(e, c0);
      acc[1] += w_dz(e, c1);
    }
    w_part[part_index(s, KTOT, c0)] = acc[0];
    if (second) { w_part[part_index(s, KTOT, c1)] = acc[1]; }
    return;
  }

  if (VEC_CI) {
    // Rows: tap (kh, kw), channels 16*j .. 16*j+15 as four vec4 of x (groups past CI4 compiled out).
    let tap = kb / ncg;
    let kh = (tap / KW) * DH;
    let kw = (tap % KW) * DW;
    let g0 = (kb % ncg) * 4u;
    let g1 = min(g0 + 1u, CI4 - 1u);
    let g2 = min(g0 + 2u, CI4 - 1u);
    let g3 = min(g0 + 3u, CI4 - 1u);
    for (var m = m0; m < m1; m += 2u) {
      let mb = min(m + 1u, m1 - 1u);
      let pa = w_xq(m, kh, kw);
      let pb = w_xq(mb, kh, kw);
      let ka = f32(pa.y);
      let kb2 = f32(pb.y) * mask(m + 1u < m1);
      let da0 = w_dz(m * COUT, c0);
      let da1 = w_dz(m * COUT, c1);
      let db0 = w_dz(mb * COUT, c0);
      let db1 = w_dz(mb * COUT, c1);
      let xa = w_x[pa.x + g0] * ka;
      let xb = w_x[pb.x + g0] * kb2;
      acc[0] += xa.x * da0 + xb.x * db0; acc[1] += xa.x * da1 + xb.x * db1;
      acc[2] += xa.y * da0 + xb.y * db0; acc[3] += xa.y * da1 + xb.y * db1;
      acc[4] += xa.z * da0 + xb.z * db0; acc[5] += xa.z * da1 + xb.z * db1;
      acc[6] += xa.w * da0 + xb.w * db0; acc[7] += xa.w * da1 + xb.w * db1;
      if (CI4 > 1u) {
        let xa = w_x[pa.x + g1] * ka;
        let xb = w_x[pb.x + g1] * kb2;
        acc[8] += xa.x * da0 + xb.x * db0; acc[9] += xa.x * da1 + xb.x * db1;
        acc[10] += xa.y * da0 + xb.y * db0; acc[11] += xa.y * da1 + xb.y * db1;
        acc[12] += xa.z * da0 + xb.z * db0; acc[13] += xa.z * da1 + xb.z * db1;
        acc[14] += xa.w * da0 + xb.w * db0; acc[15] += xa.w * da1 + xb.w * db1;
      }
      if (CI4 > 2u) {
        let xa = w_x[pa.x + g2] * ka;
        let xb = w_x[pb.x + g2] * kb2;
        acc[16] += xa.x * da0 + xb.x * db0; acc[17] += xa.x * da1 + xb.x * db1;
        acc[18] += xa.y * da0 + xb.y * db0; acc[19] += xa.y * da1 + xb.y * db1;
        acc[20] += xa.z * da0 + xb.z * db0; acc[21] += xa.z * da1 + xb.z * db1;
        acc[22] += xa.w * da0 + xb.w * db0; acc[23] += xa.w * da1 + xb.w * db1;
      }
      if (CI4 > 3u) {
        let xa = w_x[pa.x + g3] * ka;
        let xb = w_x[pb.x + g3] * kb2;
        acc[24] += xa.x * da0 + xb.x * db0; acc[25] += xa.x * da1 + xb.x * db1;
        acc[26] += xa.y * da0 + xb.y * db0; acc[27] += xa.y * da1 + xb.y * db1;
        acc[28] += xa.z * da0 + xb.z * db0; acc[29] += xa.z * da1 + xb.z * db1;
        acc[30] += xa.w * da0 + xb.w * db0; acc[31] += xa.w * da1 + xb.w * db1;
      }
    }
    let k0 = tap * CIN + g0 * 4u;
    for (var r = 0u; r < 16u; r++) {
      if (g0 * 4u + r >= CIN) { break; }
      w_part[part_index(s, k0 + r, c0)] = pick32(acc, 2u * r);
      if (second) { w_part[part_index(s, k0 + r, c1)] = pick32(acc, 2u * r + 1u); }
    }
    return;
  }

  // Scalar x: KB consecutive GEMM rows k (spanning taps), in groups of 4 (groups past KB compiled
  // out), clamped at KTOT. Row k reads x[n, ih0 + kh, iw0 + kw, ci] for the output pixel's window
  // origin (ih0, iw0): an element offset (kh*W + kw)*CIN + ci from x[n, ih0, iw0, 0].
  let kr = vec4<u32>(kb * KB) + vec4<u32>(0u, 1u, 2u, 3u);
  let k_0 = min(kr, vec4<u32>(KTOT - 1u));
  let k_1 = min(kr + 4u, vec4<u32>(KTOT - 1u));
  let k_2 = min(kr + 8u, vec4<u32>(KTOT - 1u));
  let k_3 = min(kr + 12u, vec4<u32>(KTOT - 1u));
  let kh_0 = vec4<i32>((k_0 / CIN / KW) * DH); let kw_0 = vec4<i32>(((k_0 / CIN) % KW) * DW);
  let kh_1 = vec4<i32>((k_1 / CIN / KW) * DH); let kw_1 = vec4<i32>(((k_1 / CIN) % KW) * DW);
  let kh_2 = vec4<i32>((k_2 / CIN / KW) * DH); let kw_2 = vec4<i32>(((k_2 / CIN) % KW) * DW);
  let kh_3 = vec4<i32>((k_3 / CIN / KW) * DH); let kw_3 = vec4<i32>(((k_3 / CIN) % KW) * DW);
  let off_0 = (kh_0 * i32(W) + kw_0) * i32(CIN) + vec4<i32>(k_0 % CIN);
  let off_1 = (kh_1 * i32(W) + kw_1) * i32(CIN) + vec4<i32>(k_1 % CIN);
  let off_2 = (kh_2 * i32(W) + kw_2) * i32(CIN) + vec4<i32>(k_2 % CIN);
  let off_3 = (kh_3 * i32(W) + kw_3) * i32(CIN) + vec4<i32>(k_3 % CIN);
  for (var m = m0; m < m1; m += 2u) {
    let mb = min(m + 1u, m1 - 1u);
    let pa = out_pixel(m);
    let pb = out_pixel(mb);
    let live = mask(m + 1u < m1);
    let da0 = w_dz(m * COUT, c0);
    let da1 = w_dz(m * COUT, c1);
    let db0 = w_dz(mb * COUT, c0);
    let db1 = w_dz(mb * COUT, c1);
    let xa = w_x4(pa, kh_0, kw_0, off_0);
    let xb = w_x4(pb, kh_0, kw_0, off_0) * live;
    acc[0] += xa.x * da0 + xb.x * db0; acc[1] += xa.x * da1 + xb.x * db1;
    acc[2] += xa.y * da0 + xb.y * db0; acc[3] += xa.y * da1 + xb.y * db1;
    acc[4] += xa.z * da0 + xb.z * db0; acc[5] += xa.z * da1 + xb.z * db1;
    acc[6] += xa.w * da0 + xb.w * db0; acc[7] += xa.w * da1 + xb.w * db1;
    if (KB > 4u) {
      let xa = w_x4(pa, kh_1, kw_1, off_1);
      let xb = w_x4(pb, kh_1, kw_1, off_1) * live;
      acc[8] += xa.x * da0 + xb.x * db0; acc[9] += xa.x * da1 + xb.x * db1;
      acc[10] += xa.y * da0 + xb.y * db0; acc[11] += xa.y * da1 + xb.y * db1;
      acc[12] += xa.z * da0 + xb.z * db0; acc[13] += xa.z * da1 + xb.z * db1;
      acc[14] += xa.w * da0 + xb.w * db0; acc[15] += xa.w * da1 + xb.w * db1;
    }
    if (KB > 8u) {
      let xa = w_x4(pa, kh_2, kw_2, off_2);
      let xb = w_x4(pb, kh_2, kw_2, off_2) * live;
      acc[16] += xa.x * da0 + xb.x * db0; acc[17] += xa.x * da1 + xb.x * db1;
      acc[18] += xa.y * da0 + xb.y * db0; acc[19] += xa.y * da1 + xb.y * db1;
      acc[20] += xa.z * da0 + xb.z * db0; acc[21] += xa.z * da1 + xb.z * db1;
      acc[22] += xa.w * da0 + xb.w * db0; acc[23] += xa.w * da1 + xb.w * db1;
    }
    if (KB > 12u) {
      let xa = w_x4(pa, kh_3, kw_3, off_3);
      let xb = w_x4(pb, kh_3, kw_3, off_3) * live;
      acc[24] += xa.x * da0 + xb.x * db0; acc[25] += xa.x * da1 + xb.x * db1;
      acc[26] += xa.y * da0 + xb.y * db0; acc[27] += xa.y * da1 + xb.y * db1;
      acc[28] += xa.z * da0 + xb.z * db0; acc[29] += xa.z * da1 + xb.z * db1;
      acc[30] += xa.w * da0 + xb.w * db0; acc[31] += xa.w * da1 + xb.w * db1;
    }
  }
  for (var r = 0u; r < KB; r++) {
    let k = kb * KB + r;
    if (k >= KTOT) { break; }
    w_part[part_index(s, k, c0)] = pick32(acc, 2u * r);
    if (second) { w_part[part_index(s, k, c1)] = pick32(acc, 2u * r + 1u); }
  }
}

// ================================================================ split-K reduction
@group(0) @binding(0) var<storage, read> r_part: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> r_grads: array<vec4<f32>>;

@compute @workgroup_size(64)
fn conv2d_backward_weight_reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = flat_id(gid, nwg);
  let KTOT = KH * KW * CIN;
  let rows = select(KTOT, KTOT + 1u, HAS_BIAS);
  if (t >= rows * CO4) { return; }
  let stride = (KTOT + 1u) * CO4;
  var sum = vec4<f32>(0.0);
  for (var s = 0u; s < SPLIT; s++) { sum += r_part[s * stride + t]; }
  let k = t / CO4;
  let c = (t % CO4) * 4u;
  let o = select(B_OFF, W_OFF + k * COUT, k < KTOT) + c;
  if (VEC_CO) {
    r_grads[o >> 2u] = sum;
    return;
  }
  for (var i = 0u; i < 4u; i++) {
    let e = o + i;
    if (c + i < COUT) { r_grads[e >> 2u][e & 3u] = sum[i]; }
  }
}

// ================================================================ activation derivative
// dz[E] = dy[E] ⊙ act'(y[E]), E = B*OH*OW*COUT, 4 vec4 per invocation over ceil(E/4) vec4 (the
// buffers' 16-byte padding holds the tail). Run once before both gradient kernels, which then read
// dz with ACT = 0 instead of loading y next to every dy.
@group(0) @binding(0) var<storage, read> z_dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> z_y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> z_dz: array<vec4<f32>>;

@compute @workgroup_size(64)
fn conv2d_backward_dz(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n4 = (B * OH * OW * COUT + 3u) / 4u;
  let q = flat_id(gid, nwg) * 4u;
  if (q >= n4) { return; }
  // Unrolled (no loop): clamped duplicates past the end rewrite the last vec4 with its own value.
  let q1 = min(q + 1u, n4 - 1u);
  let q2 = min(q + 2u, n4 - 1u);
  let q3 = min(q + 3u, n4 - 1u);
  let a = z_dy[q] * act_grad4(z_y[q]);
  let b = z_dy[q1] * act_grad4(z_y[q1]);
  let c = z_dy[q2] * act_grad4(z_y[q2]);
  let d = z_dy[q3] * act_grad4(z_y[q3]);
  z_dz[q] = a;
  z_dz[q1] = b;
  z_dz[q2] = c;
  z_dz[q3] = d;
}
