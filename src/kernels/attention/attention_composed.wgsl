// attention_composed.wgsl — attention as matmul -> softmax -> matmul, keeping the [TQ, TK] matrices.
// The oracle for the fused kernels of attention.wgsl (tests only; never in a training schedule).
//
//   attention_composed_scores   S[n,h,i,j] = SCALE · q_i·k_j, or -1e9 where masked (Keras's adder)
//   (softmax_forward of activation.wgsl with R = N*H*TQ, C = TK turns S into P)
//   attention_composed_context  O[n,i,h,:] = Σ_j P[n,h,i,j] V[n,j,h,:]
//
// Legend and layout as attention.wgsl: q [N, TQ, H*DK], k, v [N, TK, H*DK] (vec4 loads, DK % 4 == 0),
// ids [N, TK] i32 (KEY_MASK: key j hidden iff ids == 0), S and P [N, H, TQ, TK], O [N, TQ, H*DK].
// Bindings: scores: 0 q · 1 k · 2 ids · 3 s (rw);  context: 0 p · 1 v · 2 o (rw)
// Dispatch: one invocation per output element (scores) or output vec4 (context), workgroups of 64,
// flat index gid.x + gid.y*nwg.x*64; ceil(count/64) workgroups split as X x Y under 65535.

override N: u32;
override H: u32;
override TQ: u32;
override TK: u32;
override DK: u32;
override SCALE: f32;
override CAUSAL: bool = false;
override KEY_MASK: bool = false;

@group(0) @binding(0) var<storage, read> s_q: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> s_k: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> s_ids: array<i32>;
@group(0) @binding(3) var<storage, read_write> s_s: array<f32>;

@compute @workgroup_size(64)
fn attention_composed_scores(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 64u;
  if (e >= N * H * TQ * TK) { return; }
  let j = e % TK;
  let i = (e / TK) % TQ;
  let h = (e / (TK * TQ)) % H;
  let n = e / (TK * TQ * H);
  var hidden = CAUSAL && j > i;
  if (KEY_MASK) { hidden = hidden || s_ids[n * TK + j] == 0; }
  if (hidden) {
    s_s[e] = -1.0e9;
    return;
  }
  let DK4 = DK / 4u;
  let qb = ((n * TQ + i) * H + h) * DK4;
  let kb = ((n * TK + j) * H + h) * DK4;
  var s = 0.0;
  for (var d = 0u; d < DK4; d++) { s += dot(s_q[qb + d], s_k[kb + d]); }
  s_s[e] = s * SCALE;
}

@group(0) @binding(0) var<storage, read> c_p: array<f32>;
@group(0) @binding(1) var<storage, read> c_v: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> c_o: array<vec4<f32>>;

@compute @workgroup_size(64)
fn attention_composed_context(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 64u;
  let DK4 = DK / 4u;
  if (e >= N * TQ * H * DK4) { return; }
  let d = e % DK4;
  let h = (e / DK4) % H;
  let i = (e / (DK4 * H)) % TQ;
  let n = e / (DK4 * H * TQ);
  let pb = ((n * H + h) * TQ + i) * TK;
  var acc = vec4<f32>(0.0);
  for (var j = 0u; j < TK; j++) { acc += c_p[pb + j] * c_v[((n * TK + j) * H + h) * DK4 + d]; }
  c_o[e] = acc;
}
