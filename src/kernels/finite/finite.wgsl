// finite.wgsl — scan ranges of f32 buffers for non-finite values (the NaN trap's read-back).
//
//   finite_scan  for each range r = (offset, length, slot): out[slot] = (count of NaN/±Inf
//                values in x[offset .. offset+length), min and max of the finite ones, count of
//                finite ones). min/max are ±F32_MAX when the range holds no finite value.
//
// NaN and Inf are told apart from finite values by their exponent bits (all ones), never by
// float comparisons, which a compiler may fold away under fast-math assumptions.
// Legend: R ranges, N elements of x (any), S result slots of out.
//
// Bindings: 0 ranges [R, 4] u32 (read: offset, length, slot, unused) · 1 x [N] u32 = f32 bits (read)
//           · 2 out [S, 4] u32 (rw: nonFinite, minBits, maxBits, finite)
// Dispatch: R workgroups of 256 (one workgroup per range, a strided loop over its elements).

const WG: u32 = 256u;
const EXP_MASK: u32 = 0x7f800000u;
const F32_MAX: f32 = 0x1.fffffep+127f;

@group(0) @binding(0) var<storage, read> ranges: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<u32>>;

var<workgroup> bad: array<u32, 256>;
var<workgroup> good: array<u32, 256>;
var<workgroup> lo: array<f32, 256>;
var<workgroup> hi: array<f32, 256>;

@compute @workgroup_size(256)
fn finite_scan(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = ranges[wid.x];
  var nBad = 0u;
  var nGood = 0u;
  var mn = F32_MAX;
  var mx = -F32_MAX;
  for (var i = lid; i < r.y; i += WG) {
    let bits = x[r.x + i];
    if ((bits & EXP_MASK) == EXP_MASK) {
      nBad += 1u;
    } else {
      let v = bitcast<f32>(bits);
      mn = min(mn, v);
      mx = max(mx, v);
      nGood += 1u;
    }
  }
  bad[lid] = nBad;
  good[lid] = nGood;
  lo[lid] = mn;
  hi[lid] = mx;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) {
      bad[lid] += bad[lid + s];
      good[lid] += good[lid + s];
      lo[lid] = min(lo[lid], lo[lid + s]);
      hi[lid] = max(hi[lid], hi[lid + s]);
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out[r.z] = vec4<u32>(bad[0], bitcast<u32>(lo[0]), bitcast<u32>(hi[0]), good[0]);
  }
}
