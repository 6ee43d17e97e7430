// concat.wgsl — Concatenate: one input's values into, and its gradient out of, its slice of the output.
//
//   concat_forward   y[o, OFF + j] = x[o, j]                 o < OUTER, j < SEG
//   concat_backward  dx[o, j] (=|+=) dy[o, OFF + j]
// The output is viewed as [OUTER, ROW] and input i as [OUTER, SEG]: OUTER = batch x the axes before
// the concatenation axis, INNER = the product of the axes after it, SEG = C_i * INNER,
// ROW = (C_0 + ... + C_last) * INNER, OFF = (C_0 + ... + C_{i-1}) * INNER. One dispatch per input.
//
// Bindings: concat_forward: 0 x (read) · 1 y (rw);  concat_backward: 0 dy (read) · 1 dx (rw)
// Dispatch: OUTER * SEG invocations in workgroups of 256, split X x Y under the 65535 limit
// (grid.ts invocationGrid; flat id = gid.x + gid.y * nwg.x * 256).
// #include index

const WG: u32 = 256u;
override OUTER: u32;
override SEG: u32;
override ROW: u32;
override OFF: u32;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn concat_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= OUTER * SEG) { return; }
  let o = i / SEG;
  let j = i - o * SEG;
  y[o * ROW + OFF + j] = x[i];
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(256)
fn concat_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_id(gid, nwg);
  if (i >= OUTER * SEG) { return; }
  let o = i / SEG;
  let j = i - o * SEG;
  let g = dy[o * ROW + OFF + j];
  if (ACCUMULATE) { dx[i] += g; } else { dx[i] = g; }
}
