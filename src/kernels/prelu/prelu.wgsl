// prelu.wgsl — PReLU (Keras 3): y = x > 0 ? x : alpha * x, alpha a trained tensor of the shape of
// one sample with the shared axes of size 1 (broadcast over them and over the batch).
//
//   prelu_forward          y[i]  = x[i] > 0 ? x[i] : a(i) * x[i]
//   prelu_backward_input   dx[i] (=|+=) x[i] > 0 ? dy[i] : a(i) * dy[i]   (at x = 0: a * dy)
//   prelu_backward_alpha   dalpha[k] = Σ over the batch and the shared positions of alpha k of
//                          min(x, 0) * dy, written (=) at G_OFF + k of the gradient buffer
// One sample is padded in front to 3 axes [D0, D1, D2] (P = D0*D1*D2 values); position
// (c0, c1, c2) reads alpha at A_OFF + c0*M0 + c1*M1 + c2*M2, Mi = 0 on a shared axis, else the
// alpha stride of that axis; alpha holds A = Π over axes of (shared ? 1 : Di) values.
//
// Legend: N batch, E = N*P. x, dx, y, dy [N, D0, D1, D2]; params (alpha at A_OFF) and grads
// (dalpha at G_OFF) the model's flat parameter and gradient buffers.
// Bindings: forward 0 x · 1 params · 2 y (rw); backward_input 0 x · 1 dy · 2 params · 3 dx (rw);
//           backward_alpha 0 x · 1 dy · 2 grads (rw)
// Dispatch: forward and backward_input ceil(E/64) workgroups of 64, one element per invocation;
// backward_alpha ceil(A/64), one alpha value per invocation looping over its N*P/A positions; split
// as X x Y under 65535 (src/kernels/grid.ts splitGrid); flat index gid.x + gid.y * nwg.x * 64.
// #include index

override N: u32;
override D0: u32 = 1u;
override D1: u32 = 1u;
override D2: u32 = 1u;
override M0: u32 = 0u;
override M1: u32 = 0u;
override M2: u32 = 0u;
override A: u32 = 1u;
override A_OFF: u32 = 0u;
override G_OFF: u32 = 0u;
override ACCUMULATE: bool = false;

const WG: u32 = 64u;

// The alpha offset (from A_OFF) of flat element i.
fn alpha_at(i: u32) -> u32 {
  let j = i % (D0 * D1 * D2);
  return (j / (D1 * D2)) * M0 + ((j / D2) % D1) * M1 + (j % D2) * M2;
}

@group(0) @binding(0) var<storage, read> f_x: array<f32>;
@group(0) @binding(1) var<storage, read> f_params: array<f32>;
@group(0) @binding(2) var<storage, read_write> f_y: array<f32>;

@compute @workgroup_size(64)
fn prelu_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N * D0 * D1 * D2) { return; }
  let v = f_x[i];
  f_y[i] = select(f_params[A_OFF + alpha_at(i)] * v, v, v > 0.0);
}

@group(0) @binding(0) var<storage, read> bi_x: array<f32>;
@group(0) @binding(1) var<storage, read> bi_dy: array<f32>;
@group(0) @binding(2) var<storage, read> bi_params: array<f32>;
@group(0) @binding(3) var<storage, read_write> bi_dx: array<f32>;

@compute @workgroup_size(64)
fn prelu_backward_input(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N * D0 * D1 * D2) { return; }
  let g = select(bi_params[A_OFF + alpha_at(i)] * bi_dy[i], bi_dy[i], bi_x[i] > 0.0);
  if (ACCUMULATE) { bi_dx[i] += g; } else { bi_dx[i] = g; }
}

@group(0) @binding(0) var<storage, read> ba_x: array<f32>;
@group(0) @binding(1) var<storage, read> ba_dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> ba_grads: array<f32>;

@compute @workgroup_size(64)
fn prelu_backward_alpha(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let k = flat_id(gid, nwg);
  if (k >= A) { return; }
  // Alpha k's own coordinates on its non-shared axes (Mi > 0), the range of every shared one.
  var rem = k;
  var lo = vec3<u32>(0u);
  var hi = vec3<u32>(D0, D1, D2);
  // (max(Mi, 1): a zero override would make the guarded division a compile-time error.)
  if (M0 > 0u) { lo.x = rem / max(M0, 1u); rem = rem % max(M0, 1u); hi.x = lo.x + 1u; }
  if (M1 > 0u) { lo.y = rem / max(M1, 1u); rem = rem % max(M1, 1u); hi.y = lo.y + 1u; }
  if (M2 > 0u) { lo.z = rem / max(M2, 1u); hi.z = lo.z + 1u; }
  let P = D0 * D1 * D2;
  var s = 0.0;
  for (var n = 0u; n < N; n++) {
    for (var c0 = lo.x; c0 < hi.x; c0++) {
      for (var c1 = lo.y; c1 < hi.y; c1++) {
        for (var c2 = lo.z; c2 < hi.z; c2++) {
          let i = n * P + (c0 * D1 + c1) * D2 + c2;
          s += min(ba_x[i], 0.0) * ba_dy[i];
        }
      }
    }
  }
  ba_grads[G_OFF + k] = s;
}
