// pool2d.wgsl — max, average and global average pooling over channels-last images (NHWC).
//
//   maxpool2d_forward          y[B,OH,OW,C] = max over the window of x[B,H,W,C];
//                              arg[B,OH,OW,C] = iy*W + ix of the first maximum (u32)
//   maxpool2d_backward         dx[B,H,W,C] (=|+=) Σ over the output cells whose window holds (iy,ix)
//                              and whose arg is iy*W + ix, of dy[B,OH,OW,C]
//   avgpool2d_forward          y = Σ window x / (number of real cells in the window)
//   avgpool2d_backward         dx[B,H,W,C] (=|+=) Σ over covering output cells of dy / count
//   global_avgpool2d_forward   y[B,C] = Σ_{h,w} x[B,H,W,C] / (H*W)
//   global_avgpool2d_backward  dx[B,H,W,C] (=|+=) dy[B,C] / (H*W)
// Each has a _vec4 twin (C % 4 == 0) that moves 4 channels per load and store; same bindings.
//
// Legend: B batch, H W C input height width channels, OH OW output height width, PH PW pool
// size, SH SW strides, PT PL rows/columns of padding before the image ('same' padding, TF
// convention: pad_total = max((OH-1)*SH + PH - H, 0), PT = pad_total / 2). Padded cells never
// take part: max ignores them, average divides by the real cells only (as TensorFlow does).
// Every window holds at least one real cell.
//
// The max and average backward passes run in one of two modes (override SCATTER), each one
// dispatch that writes every dx element exactly once (so ACCUMULATE works and no zero-fill pass is
// needed), with no atomics and a fixed summation order (deterministic):
//   SCATTER = false (gather, always correct): one work item per INPUT element, which loops over
//     the (few) output cells whose window covers it; handles overlapping windows (stride < pool).
//   SCATTER = true (only when windows do not overlap: SH >= PH and SW >= PW, e.g. the default
//     strides = poolSize): one work item per OUTPUT element, which writes its whole block of
//     owned input cells (window, plus any gap or 'valid' remainder rows/columns, as zeros). Reads
//     dy and arg once per output instead of once per input: about 3x faster than the gather on
//     SwiftShader (measured on [32,28,28,32], pool 2: ~8 ms vs ~25 ms, a plain vec4 copy ~6 ms).
// The max backward compares with the stored argmax instead of searching.
//
// Bindings (group 0), inputs first then outputs:
//   maxpool2d_forward:   0 x (read) · 1 y (rw) · 2 arg (rw, u32)
//   maxpool2d_backward:  0 dy (read) · 1 arg (read, u32) · 2 dx (rw)
//   avgpool2d_*, global_avgpool2d_*: forward 0 x (read) · 1 y (rw); backward 0 dy (read) · 1 dx (rw)
// Dispatch: 1-D workgroups of 64; invocation t handles the PER = 4 consecutive work items
// t*4 .. t*4+3 in row-major [b, y, x, c] order (c counted in vec4 units in the _vec4 kernels);
// work items are the output elements of forwards and of scatter backwards, the input elements of
// gather backwards; global_avgpool2d_forward has one output [b, c] per invocation (looping over
// H*W). Workgroup count n = ceil(ceil(elements / PER) / 64), spread as [min(n, 65535),
// ceil(n / 65535)]; the flat invocation index is gid.x + gid.y * num_workgroups.x * 64.
//
// STORE_ARGMAX = false (evaluation) skips the argmax stores of maxpool2d_forward.
// #include index

override B: u32 = 1u;
override H: u32 = 1u;
override W: u32 = 1u;
override C: u32 = 1u;
override OH: u32 = 1u;
override OW: u32 = 1u;
override PH: u32 = 1u;
override PW: u32 = 1u;
override SH: u32 = 1u;
override SW: u32 = 1u;
override PT: u32 = 0u;
override PL: u32 = 0u;
override ACCUMULATE: bool = false;
override STORE_ARGMAX: bool = true;
override SCATTER: bool = false;

const WG: u32 = 64u;
const PER: u32 = 4u;


// Row-major position [b, y, x, c] of a flat element index, advanced one element at a time.
struct Cursor { b: u32, y: u32, x: u32, c: u32 }

fn cursor(e: u32, ny: u32, nx: u32, nc: u32) -> Cursor {
  var t = e / nc;
  let c = e - t * nc;
  let x = t % nx;
  t = t / nx;
  return Cursor(t / ny, t % ny, x, c);
}

fn advance(p: ptr<function, Cursor>, ny: u32, nx: u32, nc: u32) {
  (*p).c += 1u;
  if ((*p).c == nc) {
    (*p).c = 0u;
    (*p).x += 1u;
    if ((*p).x == nx) {
      (*p).x = 0u;
      (*p).y += 1u;
      if ((*p).y == ny) {
        (*p).y = 0u;
        (*p).b += 1u;
      }
    }
  }
}

// Real input rows [r.x, r.y) of output row oy; columns likewise.
fn win_rows(oy: u32) -> vec2<u32> {
  let s = i32(oy * SH) - i32(PT);
  return vec2<u32>(u32(max(s, 0)), u32(min(s + i32(PH), i32(H))));
}

fn win_cols(ox: u32) -> vec2<u32> {
  let s = i32(ox * SW) - i32(PL);
  return vec2<u32>(u32(max(s, 0)), u32(min(s + i32(PW), i32(W))));
}

// Output indices [lo, hi) along one axis whose windows cover input index i.
fn cover(i: u32, P: u32, S: u32, PAD: u32, O: u32) -> vec2<u32> {
  let a = i + PAD;
  let lo = select(0u, (a - P) / S + 1u, a >= P);
  return vec2<u32>(lo, min(a / S + 1u, O));
}

// Scatter mode (windows do not overlap: SH >= PH and SW >= PW): output row oy owns the input
// rows [r.x, r.y) from its stride cell's start (0 for the first row) to the next cell's start (H
// for the last row), so the owned blocks tile the image exactly, windows, gaps and the 'valid'
// remainder included. Columns likewise.
fn own_rows(oy: u32) -> vec2<u32> {
  let lo = select(oy * SH - PT, 0u, oy == 0u);
  let hi = select(min((oy + 1u) * SH - PT, H), H, oy + 1u == OH);
  return vec2<u32>(lo, hi);
}

fn own_cols(ox: u32) -> vec2<u32> {
  let lo = select(ox * SW - PL, 0u, ox == 0u);
  let hi = select(min((ox + 1u) * SW - PL, W), W, ox + 1u == OW);
  return vec2<u32>(lo, hi);
}

fn real_cells(oy: u32, ox: u32) -> f32 {
  let r = win_rows(oy);
  let q = win_cols(ox);
  return f32((r.y - r.x) * (q.y - q.x));
}

// ================================================================ max pooling
@group(0) @binding(0) var<storage, read> mf_x: array<f32>;
@group(0) @binding(1) var<storage, read_write> mf_y: array<f32>;
@group(0) @binding(2) var<storage, read_write> mf_arg: array<u32>;

@compute @workgroup_size(64)
fn maxpool2d_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let total = B * OH * OW * C;
  var e = flat_id(gid, nwg) * PER;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, C);
  for (var k = 0u; k < PER && e < total; k++) {
    let r = win_rows(p.y);
    let q = win_cols(p.x);
    let plane = p.b * H;
    var best = mf_x[((plane + r.x) * W + q.x) * C + p.c];
    var arg = r.x * W + q.x;
    for (var iy = r.x; iy < r.y; iy++) {
      let row = (plane + iy) * W;
      for (var ix = q.x; ix < q.y; ix++) {
        let v = mf_x[(row + ix) * C + p.c];
        if (v > best) {
          best = v;
          arg = iy * W + ix;
        }
      }
    }
    mf_y[e] = best;
    if (STORE_ARGMAX) { mf_arg[e] = arg; }
    e++;
    advance(&p, OH, OW, C);
  }
}

@group(0) @binding(0) var<storage, read> mfv_x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> mfv_y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> mfv_arg: array<vec4<u32>>;

@compute @workgroup_size(64)
fn maxpool2d_forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let CV = C / 4u;
  let total = B * OH * OW * CV;
  var e = flat_id(gid, nwg) * PER;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, CV);
  for (var k = 0u; k < PER && e < total; k++) {
    let r = win_rows(p.y);
    let q = win_cols(p.x);
    let plane = p.b * H;
    var best = mfv_x[((plane + r.x) * W + q.x) * CV + p.c];
    var arg = vec4<u32>(r.x * W + q.x);
    for (var iy = r.x; iy < r.y; iy++) {
      let row = (plane + iy) * W;
      for (var ix = q.x; ix < q.y; ix++) {
        let v = mfv_x[(row + ix) * CV + p.c];
        let gt = v > best;
        best = select(best, v, gt);
        arg = select(arg, vec4<u32>(iy * W + ix), gt);
      }
    }
    mfv_y[e] = best;
    if (STORE_ARGMAX) { mfv_arg[e] = arg; }
    e++;
    advance(&p, OH, OW, CV);
  }
}

@group(0) @binding(0) var<storage, read> mb_dy: array<f32>;
@group(0) @binding(1) var<storage, read> mb_arg: array<u32>;
@group(0) @binding(2) var<storage, read_write> mb_dx: array<f32>;

@compute @workgroup_size(64)
fn maxpool2d_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (SCATTER) {
    maxpool_scatter(flat_id(gid, nwg) * PER);
    return;
  }
  let total = B * H * W * C;
  var e = flat_id(gid, nwg) * PER;
  if (e >= total) { return; }
  var p = cursor(e, H, W, C);
  for (var k = 0u; k < PER && e < total; k++) {
    let ry = cover(p.y, PH, SH, PT, OH);
    let rx = cover(p.x, PW, SW, PL, OW);
    let s = p.y * W + p.x;
    var g = 0.0;
    for (var oy = ry.x; oy < ry.y; oy++) {
      let row = (p.b * OH + oy) * OW;
      for (var ox = rx.x; ox < rx.y; ox++) {
        let o = (row + ox) * C + p.c;
        if (mb_arg[o] == s) { g += mb_dy[o]; }
      }
    }
    if (ACCUMULATE) { mb_dx[e] += g; } else { mb_dx[e] = g; }
    e++;
    advance(&p, H, W, C);
  }
}

fn maxpool_scatter(first: u32) {
  let total = B * OH * OW * C;
  var e = first;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, C);
  for (var k = 0u; k < PER && e < total; k++) {
    let ry = own_rows(p.y);
    let rx = own_cols(p.x);
    let g = mb_dy[e];
    let a = mb_arg[e];
    for (var iy = ry.x; iy < ry.y; iy++) {
      let row = (p.b * H + iy) * W;
      for (var ix = rx.x; ix < rx.y; ix++) {
        let i = (row + ix) * C + p.c;
        let v = select(0.0, g, a == iy * W + ix);
        if (ACCUMULATE) { mb_dx[i] += v; } else { mb_dx[i] = v; }
      }
    }
    e++;
    advance(&p, OH, OW, C);
  }
}

@group(0) @binding(0) var<storage, read> mbv_dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> mbv_arg: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> mbv_dx: array<vec4<f32>>;

@compute @workgroup_size(64)
fn maxpool2d_backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (SCATTER) {
    maxpool_scatter4(flat_id(gid, nwg) * PER);
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
    let s = vec4<u32>(p.y * W + p.x);
    var g = vec4<f32>(0.0);
    for (var oy = ry.x; oy < ry.y; oy++) {
      let row = (p.b * OH + oy) * OW;
      for (var ox = rx.x; ox < rx.y; ox++) {
        let o = (row + ox) * CV + p.c;
        g += select(vec4<f32>(0.0), mbv_dy[o], mbv_arg[o] == s);
      }
    }
    if (ACCUMULATE) { mbv_dx[e] += g; } else { mbv_dx[e] = g; }
    e++;
    advance(&p, H, W, CV);
  }
}

fn maxpool_scatter4(first: u32) {
  let CV = C / 4u;
  let total = B * OH * OW * CV;
  var e = first;
  if (e >= total) { return; }
  var p = cursor(e, OH, OW, CV);
  for (var k = 0u; k < PER && e < total; k++) {
    let ry = own_rows(p.y);
    let rx = own_cols(p.x);
    let g = mbv_dy[e];
    let a = mbv_arg[e];
    for (var iy = ry.x; iy < ry.y; iy++) {
      let row = (p.b * H + iy) * W;
      for (var ix = rx.x; ix < rx.y; ix++) {
        let i = (row + ix) * CV + p.c;
        let v = select(vec4<f32>(0.0), g, a == vec4<u32>(iy * W + ix));
        if (ACCUMULATE) { mbv_dx[i] += v; } else { mbv_dx[i] = v; }
      }
    }
    e++;
    advance(&p, OH, OW, CV);
  }
}
