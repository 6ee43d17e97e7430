// zero_pad2d.wgsl — ZeroPadding2D over channels-last images.
//
//   zero_pad2d_forward   y[B, OH, OW, C] = x[b, oh - TOP, ow - LEFT, c] inside the image, else 0
//   zero_pad2d_backward  dx[B, H, W, C] (=|+=) dy[b, h + TOP, w + LEFT, c]
// Legend: B batch, H x W x C the input, OH = H + TOP + BOTTOM, OW = W + LEFT + RIGHT; N the number
// of invocations (forward B*OH*OW*C, backward B*H*W*C).
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
override OH: u32;
override OW: u32;
override TOP: u32;
override LEFT: u32;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn zero_pad2d_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N) { return; }
  let c = i % C;
  let ow = (i / C) % OW;
  let oh = (i / (C * OW)) % OH;
  let b = i / (C * OW * OH);
  // Unsigned: a row or column above/left of the image wraps past H/W and reads as outside.
  let h = oh - TOP;
  let w = ow - LEFT;
  var v = 0.0;
  if (oh >= TOP && ow >= LEFT && h < H && w < W) { v = x[((b * H + h) * W + w) * C + c]; }
  y[i] = v;
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(256)
fn zero_pad2d_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= N) { return; }
  let c = i % C;
  let w = (i / C) % W;
  let h = (i / (C * W)) % H;
  let b = i / (C * W * H);
  let g = dy[((b * OH + h + TOP) * OW + w + LEFT) * C + c];
  if (ACCUMULATE) { dx[i] += g; } else { dx[i] = g; }
}
