// avgpool2d.wgsl — average and global average pooling; concatenated after pool2d.wgsl by the
// kernel registry (src/kernels/registry.ts), whose overrides, shapes, bindings and dispatch
// (see its header) and helpers they use.

// ================================================================ average pooling
@group(0) @binding(0) var<storage, read> af_x: array<f32>;
@group(0) @binding(1) var<storage, read_write> af_y: array<f32>;

@compute @workgroup_size(64)
fn avgpool2d_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let total = B * OH * OW * C;
  var e = flat_id(gid, nwg) * PER;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, C);
  for (var k = 0u; k < PER && e < total; k++) {
    let r = win_rows(p.y);
    let q = win_cols(p.x);
    let plane = p.b * H;
    var s = 0.0;
    for (var iy = r.x; iy < r.y; iy++) {
      let row = (plane + iy) * W;
      for (var ix = q.x; ix < q.y; ix++) { s += af_x[(row + ix) * C + p.c]; }
    }
    af_y[e] = s / f32((r.y - r.x) * (q.y - q.x));
    e++;
    advance(&p, OH, OW, C);
  }
}

@group(0) @binding(0) var<storage, read> afv_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> afv_y: array<vec4<f32>>;

@compute @workgroup_size(64)
fn avgpool2d_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let CV = C / 4u;
  let total = B * OH * OW * CV;
  var e = flat_id(gid, nwg) * PER;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, CV);
  for (var k = 0u; k < PER && e < total; k++) {
    let r = win_rows(p.y);
    let q = win_cols(p.x);
    let plane = p.b * H;
    var s = vec4<f32>(0.0);
    for (var iy = r.x; iy < r.y; iy++) {
      let row = (plane + iy) * W;
      for (var ix = q.x; ix < q.y; ix++) { s += afv_x[(row + ix) * CV + p.c]; }
    }
    afv_y[e] = s / f32((r.y - r.x) * (q.y - q.x));
    e++;
    advance(&p, OH, OW, CV);
  }
}

@group(0) @binding(0) var<storage, read> ab_dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> ab_dx: array<f32>;

@compute @workgroup_size(64)
fn avgpool2d_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (SCATTER) {
    avgpool_scatter(flat_id(gid, nwg) * PER);
    return;
  }
  let total = B * H * W * C;
  var e = flat_id(gid, nwg) * PER;
  if (e >= total) { return; }
  var p = cursor(e, H, W, C);
  for (var k = 0u; k < PER && e < total; k++) {
    let ry = cover(p.y, PH, SH, PT, OH);
    let rx = cover(p.x, PW, SW, PL, OW);
    var g = 0.0;
    for (var oy = ry.x; oy < ry.y; oy++) {
      let row = (p.b * OH + oy) * OW;
      for (var ox = rx.x; ox < rx.y; ox++) { g += ab_dy[(row + ox) * C + p.c] / real_cells(oy, ox); }
    }
    if (ACCUMULATE) { ab_dx[e] += g; } else { ab_dx[e] = g; }
    e++;
    advance(&p, H, W, C);
  }
}

fn avgpool_scatter(first: u32) {
  let total = B * OH * OW * C;
  var e = first;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, C);
  for (var k = 0u; k < PER && e < total; k++) {
    let ry = own_rows(p.y);
    let rx = own_cols(p.x);
    let wy = win_rows(p.y);
    let wx = win_cols(p.x);
    let g = ab_dy[e] / f32((wy.y - wy.x) * (wx.y - wx.x));
    for (var iy = ry.x; iy < ry.y; iy++) {
      let row = (p.b * H + iy) * W;
      let in_y = iy >= wy.x && iy < wy.y;
      for (var ix = rx.x; ix < rx.y; ix++) {
        let i = (row + ix) * C + p.c;
        let v = select(0.0, g, in_y && ix >= wx.x && ix < wx.y);
        if (ACCUMULATE) { ab_dx[i] += v; } else { ab_dx[i] = v; }
      }
    }
    e++;
    advance(&p, OH, OW, C);
  }
}

@group(0) @binding(0) var<storage, read> abv_dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> abv_dx: array<vec4<f32>>;

@compute @workgroup_size(64)
fn avgpool2d_backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (SCATTER) {
    avgpool_scatter4(flat_id(gid, nwg) * PER);
    return;
  }
  let CV = C / 4u;
  let total = B * H * W * CV;
  var e = flat_id(gid, nwg) * PER;
  if (e >= total) { return; }
  var p = cursor(e, H, W, CV);
  for (var k = 0u; k < PER && e < total; k++) {
    let ry = cover(p.y, PH, SH, PT, OH);
    let rx = cover(p.x, PW, SW, PL, OW);
    var g = vec4<f32>(0.0);
    for (var oy = ry.x; oy < ry.y; oy++) {
      let row = (p.b * OH + oy) * OW;
      for (var ox = rx.x; ox < rx.y; ox++) { g += abv_dy[(row + ox) * CV + p.c] / real_cells(oy, ox); }
    }
    if (ACCUMULATE) { abv_dx[e] += g; } else { abv_dx[e] = g; }
    e++;
    advance(&p, H, W, CV);
  }
}

fn avgpool_scatter4(first: u32) {
  let CV = C / 4u;
  let total = B * OH * OW * CV;
  var e = first;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, CV);
  for (var k = 0u; k < PER && e < total; k++) {
    let ry = own_rows(p.y);
    let rx = own_cols(p.x);
    let wy = win_rows(p.y);
    let wx = win_cols(p.x);
    let g = abv_dy[e] / f32((wy.y - wy.x) * (wx.y - wx.x));
    for (var iy = ry.x; iy < ry.y; iy++) {
      let row = (p.b * H + iy) * W;
      let in_y = iy >= wy.x && iy < wy.y;
      for (var ix = rx.x; ix < rx.y; ix++) {
        let i = (row + ix) * CV + p.c;
        let v = select(vec4<f32>(0.0), g, in_y && ix >= wx.x && ix < wx.y);
        if (ACCUMULATE) { abv_dx[i] += v; } else { abv_dx[i] = v; }
      }
    }
    e++;
    advance(&p, OH, OW, CV);
  }
}

// ================================================================ global average pooling
@group(0) @binding(0) var<storage, read> gf_x: array<f32>;
@group(0) @binding(1) var<storage, read_write> gf_y: array<f32>;

@compute @workgroup_size(64)
fn global_avgpool2d_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat_id(gid, nwg);
  if (e >= B * C) { return; }
  let b = e / C;
  let c = e - b * C;
  let HW = H * W;
  var s = 0.0;
  var i = b * HW * C + c;
  for (var k = 0u; k < HW; k++) {
    s += gf_x[i];
    i += C;
  }
  gf_y[e] = s / f32(HW);
}

@group(0) @binding(0) var<storage, read> gfv_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gfv_y: array<vec4<f32>>;

@compute @workgroup_size(64)
fn global_avgpool2d_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let CV = C / 4u;
  let e = flat_id(gid, nwg);
  if (e >= B * CV) { return; }
  let b = e / CV;
  let c = e - b * CV;
  let HW = H * W;
  var s = vec4<f32>(0.0);
  var i = b * HW * CV + c;
  for (var k = 0u; k < HW; k++) {
    s += gfv_x[i];
    i += CV;
  }
  gfv_y[e] = s / f32(HW);
}

@group(0) @binding(0) var<storage, read> gb_dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> gb_dx: array<f32>;

@compute @workgroup_size(64)
fn global_avgpool2d_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let HWC = H * W * C;
  let total = B * HWC;
  let inv = 1.0 / f32(H * W);
  let e0 = flat_id(gid, nwg) * PER;
  for (var e = e0; e < min(e0 + PER, total); e++) {
    let b = e / HWC;
    let g = gb_dy[b * C + e % C] * inv;
    if (ACCUMULATE) { gb_dx[e] += g; } else { gb_dx[e] = g; }
  }
}

@group(0) @binding(0) var<storage, read> gbv_dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> gbv_dx: array<vec4<f32>>;

@compute @workgroup_size(64)
fn global_avgpool2d_backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let CV = C / 4u;
  let HWC = H * W * CV;
  let total = B * HWC;
  let inv = 1.0 / f32(H * W);
  let e0 = flat_id(gid, nwg) * PER;
  for (var e = e0; e < min(e0 + PER, total); e++) {
    let b = e / HWC;
    let g = gbv_dy[b * CV + e % CV] * inv;
    if (ACCUMULATE) { gbv_dx[e] += g; } else { gbv_dx[e] = g; }
  }
}
