// global_maxpool.wgsl — global max pooling over the middle axis of [N, S, C] (Keras 3
// GlobalMaxPooling1D with S = T steps, GlobalMaxPooling2D with S = H*W pixels, channels last).
//
//   global_maxpool_forward   y[n, c] = max_s x[n, s, c]
//   global_maxpool_backward  dx[n, s, c] (=|+=) (x[n, s, c] == y[n, c]) ? dy[n, c] / k[n, c] : 0
// k[n, c] = the number of s with x[n, s, c] == y[n, c]: tied maxima share the gradient equally,
// as keras.ops.max does on every backend (torch.amax, tf.reduce_max; torch.max(dim) and
// nn.AdaptiveMaxPool give it all to one index instead). No argmax is stored: the backward
// recounts the ties from x and the forward's y (both still held in the training step).
//
// Legend: N batch, S pooled positions, C channels. x, dx [N, S, C]; y, dy [N, C].
// Bindings: forward 0 x · 1 y (rw);  backward 0 x · 1 y · 2 dy · 3 dx (rw)
// Dispatch: ceil(N*C/64) workgroups of 64 for both (one invocation per (n, c), looping over s),
// split as X x Y under 65535 (src/kernels/grid.ts splitGrid); flat index gid.x + gid.y * nwg.x * 64.
// #include index

override N: u32;
override S: u32;
override C: u32;
override ACCUMULATE: bool = false;

const WG: u32 = 64u;

@group(0) @binding(0) var<storage, read> gf_x: array<f32>;
@group(0) @binding(1) var<storage, read_write> gf_y: array<f32>;

@compute @workgroup_size(64)
fn global_maxpool_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N * C) { return; }
  let n = i / C;
  let c = i % C;
  var m = gf_x[n * S * C + c];
  for (var s = 1u; s < S; s++) { m = max(m, gf_x[(n * S + s) * C + c]); }
  gf_y[i] = m;
}

@group(0) @binding(0) var<storage, read> gb_x: array<f32>;
@group(0) @binding(1) var<storage, read> gb_y: array<f32>;
@group(0) @binding(2) var<storage, read> gb_dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> gb_dx: array<f32>;

@compute @workgroup_size(64)
fn global_maxpool_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N * C) { return; }
  let n = i / C;
  let c = i % C;
  let m = gb_y[i];
  var k = 0.0;
  for (var s = 0u; s < S; s++) { k += select(0.0, 1.0, gb_x[(n * S + s) * C + c] == m); }
  let g = gb_dy[i] / max(k, 1.0);
  for (var s = 0u; s < S; s++) {
    let o = (n * S + s) * C + c;
    let v = select(0.0, g, gb_x[o] == m);
    if (ACCUMULATE) { gb_dx[o] += v; } else { gb_dx[o] = v; }
  }
}
