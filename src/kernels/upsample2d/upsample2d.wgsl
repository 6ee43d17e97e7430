// upsample2d.wgsl — UpSampling2D (nearest) over channels-last images.
//
//   upsample2d_forward   y[B, H*SH, W*SW, C] = x[b, oh / SH, ow / SW, c]
//   upsample2d_backward  dx[B, H, W, C] (=|+=) sum over i < SH, j < SW of dy[b, h*SH + i, w*SW + j, c]
// Legend: B batch, H x W x C the input, SH x SW the size; N the number of invocations
// (forward B*H*SH*W*SW*C, backward B*H*W*C: each input cell sums its own block, no atomics).
//
// Bindings: forward: 0 x (read) · 1 y (rw);  backward: 0 dy (read) · 1 dx (rw)
// Dispatch: N invocations in workgroups of 256, split X x Y under the 65535 limit
// (grid.ts invocationGrid; flat id = gid.x + gid.y * nwg.x * 256).
// #include index

const WG: u32 = 256u;
override N: u32;
override H: u32;
override W: u32;
override C: u32;
override SH: u32;
override SW: u32;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn upsample2d_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N) { return; }
  let OW = W * SW;
  let OH = H * SH;
  let c = i % C;
  let ow = (i / C) % OW;
  let oh = (i / (C * OW)) % OH;
  let b = i / (C * OW * OH);
  y[i] = x[((b * H + oh / SH) * W + ow / SW) * C + c];
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(256)
fn upsample2d_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N) { return; }
  let OW = W * SW;
  let OH = H * SH;
  let c = i % C;
  let w = (i / C) % W;
  let h = (i / (C * W)) % H;
  let b = i / (C * W * H);
  var g = 0.0;
  for (var r = 0u; r < SH; r++) {
    for (var s = 0u; s < SW; s++) {
      g += dy[((b * OH + h * SH + r) * OW + w * SW + s) * C + c];
    }
  }
  if (ACCUMULATE) { dx[i] += g; } else { dx[i] = g; }
}
