// stats.wgsl — statistics of tensors that already live in the model's buffers (issue 15: layer
// statistics). One workgroup of WG = 64 per tensor; a tensor is a list of (offset, count) segments
// of one f32 buffer (a layer's weights are spread over the flat parameter vector). Every reduction
// is a fixed strided loop per invocation then a fixed tree in workgroup memory: deterministic.
//
//   stats_reduce     moments[slot] = [min, max, mean, m2, n, nonFinite, 0, 0] over the finite values
//                    (Welford per invocation, Chan's merge in the tree; n and nonFinite are u32 bits;
//                    min = max = 0 when no value is finite)
//   stats_histogram  hist[slot] = [BINS counts (u32), BINS+1 edges (f32 bits), pad]: edges from the
//                    moments' min/max on the GPU, edge k = lo + (hi-lo)·(k/BINS), edge 0 = lo,
//                    edge BINS = hi; a finite x goes to the largest bin k < BINS with edge[k] <= x
//                    (a first guess from the scale, corrected against the stored edges, so a CPU
//                    histogram over the same edges is equal). Counts: workgroup atomics (exact).
//   stats_units      units[slot] = a u32 count over an activation viewed as [rows, units]:
//                    MODE 0 units never > 0 over the rows (dead ReLU); MODE 1 values with |y| > 0.97
//                    (saturated tanh); MODE 2 values y < 0.03 or y > 0.97 (saturated sigmoid)
//   stats_update     update[slot] = [Σ (p - before)², Σ before², 0, 0] (the step's update size)
//
// Legend: BINS = 32 histogram bins; HS = 68 words per histogram slot; WG = 64 (a wider workgroup's barrier
// tree costs more on SwiftShader than it saves on small tensors).
// Tables (u32): reduce/histogram/update: tensor t's header at table[4t..4t+3] = (segStart, segCount,
//   slot, 0), segment j at table[segStart + 2j] = offset, table[segStart + 2j + 1] = count (floats);
//   units: table[4t..4t+3] = (offset, rows, units, slot).
//
// Bindings: stats_reduce:    0 src (read) · 1 table (read) · 2 moments (rw, f32 slots·8)
//           stats_histogram: 0 src (read) · 1 table (read) · 2 moments (read) · 3 hist (rw, u32 slots·HS)
//           stats_units:     0 src (read) · 1 table (read) · 2 units (rw, u32 per slot)
//           stats_update:    0 params (read) · 1 before (read) · 2 table (read) · 3 update (rw, f32 slots·4)
// Dispatch: every entry point: exactly T workgroups of WG (one per tensor of the table), T = TENSORS.

const WG: u32 = 64u;
const BINS: u32 = 32u;
const HS: u32 = 68u;
const BIG: f32 = 3.0e38;

override TENSORS: u32 = 1u;
override MODE: u32 = 0u;

fn finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// ---- stats_reduce ----
@group(0) @binding(0) var<storage, read> r_src: array<f32>;
@group(0) @binding(1) var<storage, read> r_table: array<u32>;
@group(0) @binding(2) var<storage, read_write> r_out: array<f32>;

var<workgroup> w_min: array<f32, WG>;
var<workgroup> w_max: array<f32, WG>;
var<workgroup> w_n: array<u32, WG>;
var<workgroup> w_mean: array<f32, WG>;
var<workgroup> w_m2: array<f32, WG>;
var<workgroup> w_cnt: array<u32, WG>;

@compute @workgroup_size(WG)
fn stats_reduce(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  if (t >= TENSORS) { return; }
  let segStart = r_table[4u * t];
  let segCount = r_table[4u * t + 1u];
  let slot = r_table[4u * t + 2u];
  var lo = BIG;
  var hi = -BIG;
  var n = 0u;
  var mean = 0.0;
  var m2 = 0.0;
  var bad = 0u;
  for (var j = 0u; j < segCount; j++) {
    let off = r_table[segStart + 2u * j];
    let count = r_table[segStart + 2u * j + 1u];
    for (var k = lid; k < count; k += WG) {
      let x = r_src[off + k];
      if (finite(x)) {
        lo = min(lo, x);
        hi = max(hi, x);
        n += 1u;
        let d = x - mean;
        mean += d / f32(n);
        m2 += d * (x - mean);
      } else {
        bad += 1u;
      }
    }
  }
  w_min[lid] = lo;
  w_max[lid] = hi;
  w_n[lid] = n;
  w_mean[lid] = mean;
  w_m2[lid] = m2;
  w_cnt[lid] = bad;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      let o = lid + s;
      let nb = w_n[o];
      if (nb > 0u) {
        let na = f32(w_n[lid]);
        let fb = f32(nb);
        let nn = na + fb;
        let d = w_mean[o] - w_mean[lid];
        w_mean[lid] = w_mean[lid] + d * (fb / nn);
        w_m2[lid] = w_m2[lid] + w_m2[o] + d * d * (na * (fb / nn));
        w_n[lid] = w_n[lid] + nb;
      }
      w_min[lid] = min(w_min[lid], w_min[o]);
      w_max[lid] = max(w_max[lid], w_max[o]);
      w_cnt[lid] = w_cnt[lid] + w_cnt[o];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let any = w_n[0] > 0u;
    let b = slot * 8u;
    r_out[b] = select(0.0, w_min[0], any);
    r_out[b + 1u] = select(0.0, w_max[0], any);
    r_out[b + 2u] = w_mean[0];
    r_out[b + 3u] = w_m2[0];
    r_out[b + 4u] = bitcast<f32>(w_n[0]);
    r_out[b + 5u] = bitcast<f32>(w_cnt[0]);
    r_out[b + 6u] = 0.0;
    r_out[b + 7u] = 0.0;
  }
}

// ---- stats_histogram ----
@group(0) @binding(0) var<storage, read> h_src: array<f32>;
@group(0) @binding(1) var<storage, read> h_table: array<u32>;
@group(0) @binding(2) var<storage, read> h_moments: array<f32>;
@group(0) @binding(3) var<storage, read_write> h_out: array<u32>;

var<workgroup> w_bins: array<atomic<u32>, BINS>;
var<workgroup> w_edges: array<f32, 33>;

@compute @workgroup_size(WG)
fn stats_histogram(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  if (t >= TENSORS) { return; }
  let segStart = h_table[4u * t];
  let segCount = h_table[4u * t + 1u];
  let slot = h_table[4u * t + 2u];
  let lo = h_moments[slot * 8u];
  let hi = h_moments[slot * 8u + 1u];
  if (lid < BINS) { atomicStore(&w_bins[lid], 0u); }
  if (lid <= BINS) {
    var e = lo + (hi - lo) * (f32(lid) / f32(BINS));
    if (lid == 0u) { e = lo; }
    if (lid == BINS) { e = hi; }
    w_edges[lid] = e;
  }
  workgroupBarrier();
  let sc = f32(BINS) / (hi - lo);
  let scale = select(0.0, sc, hi > lo && finite(sc));
  for (var j = 0u; j < segCount; j++) {
    let off = h_table[segStart + 2u * j];
    let count = h_table[segStart + 2u * j + 1u];
    for (var k = lid; k < count; k += WG) {
      let x = h_src[off + k];
      if (finite(x)) {
        var b = min(u32(clamp((x - lo) * scale, 0.0, f32(BINS - 1u))), BINS - 1u);
        while (b > 0u && w_edges[b] > x) { b -= 1u; }
        while (b + 1u < BINS && w_edges[b + 1u] <= x) { b += 1u; }
        atomicAdd(&w_bins[b], 1u);
      }
    }
  }
  workgroupBarrier();
  let base = slot * HS;
  if (lid < BINS) { h_out[base + lid] = atomicLoad(&w_bins[lid]); }
  if (lid <= BINS) { h_out[base + BINS + lid] = bitcast<u32>(w_edges[lid]); }
  if (lid < HS - 2u * BINS - 1u) { h_out[base + 2u * BINS + 1u + lid] = 0u; }
}

// ---- stats_units ----
@group(0) @binding(0) var<storage, read> u_src: array<f32>;
@group(0) @binding(1) var<storage, read> u_table: array<u32>;
@group(0) @binding(2) var<storage, read_write> u_out: array<u32>;

@compute @workgroup_size(WG)
fn stats_units(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  if (t >= TENSORS) { return; }
  let off = u_table[4u * t];
  let rows = u_table[4u * t + 1u];
  let units = u_table[4u * t + 2u];
  let slot = u_table[4u * t + 3u];
  var c = 0u;
  for (var u = lid; u < units; u += WG) {
    if (MODE == 0u) {
      var alive = false;
      for (var r = 0u; r < rows; r++) {
        if (u_src[off + r * units + u] > 0.0) { alive = true; break; }
      }
      c += select(1u, 0u, alive);
    } else {
      for (var r = 0u; r < rows; r++) {
        let y = u_src[off + r * units + u];
        let sat = select(y < 0.03 || y > 0.97, abs(y) > 0.97, MODE == 1u);
        c += select(0u, 1u, sat);
      }
    }
  }
  w_cnt[lid] = c;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { w_cnt[lid] = w_cnt[lid] + w_cnt[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { u_out[slot] = w_cnt[0]; }
}

// ---- stats_update ----
@group(0) @binding(0) var<storage, read> d_params: array<f32>;
@group(0) @binding(1) var<storage, read> d_before: array<f32>;
@group(0) @binding(2) var<storage, read> d_table: array<u32>;
@group(0) @binding(3) var<storage, read_write> d_out: array<f32>;

@compute @workgroup_size(WG)
fn stats_update(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  if (t >= TENSORS) { return; }
  let segStart = d_table[4u * t];
  let segCount = d_table[4u * t + 1u];
  let slot = d_table[4u * t + 2u];
  var du = 0.0;
  var bw = 0.0;
  for (var j = 0u; j < segCount; j++) {
    let off = d_table[segStart + 2u * j];
    let count = d_table[segStart + 2u * j + 1u];
    for (var k = lid; k < count; k += WG) {
      let b = d_before[off + k];
      let d = d_params[off + k] - b;
      du += d * d;
      bw += b * b;
    }
  }
  w_mean[lid] = du;
  w_m2[lid] = bw;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      w_mean[lid] = w_mean[lid] + w_mean[lid + s];
      w_m2[lid] = w_m2[lid] + w_m2[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    d_out[slot * 4u] = w_mean[0];
    d_out[slot * 4u + 1u] = w_m2[0];
    d_out[slot * 4u + 2u] = 0.0;
    d_out[slot * 4u + 3u] = 0.0;
  }
}
