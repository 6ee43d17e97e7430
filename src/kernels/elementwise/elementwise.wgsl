// elementwise.wgsl — residual Add, Multiply and gradient routing.
//
//   add_forward      y[E] = a[E] + b[E]
//   copy_backward    dx[E] (=|+=) dy[E]      (the gradient of Add, Flatten and Reshape inputs)
//   mul_forward      y[E] = a[E] * b[E]
//   mul_backward     dx[E] (=|+=) dy[E] * other[E]   (Multiply's gradient to one input; other = the other input)
// Legend: E elements.
//
// Bindings: add_forward, mul_forward: 0 a (read) · 1 b (read) · 2 y (rw);  copy_backward: 0 dy (read) · 1 dx (rw);
//           mul_backward: 0 dy (read) · 1 other (read) · 2 dx (rw)
// Dispatch: ceil(E/256) workgroups of 256.

override E: u32;
override ACCUMULATE: bool = false;

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn add_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i < E) { y[i] = a[i] + b[i]; }
}

@group(0) @binding(0) var<storage, read> c_dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> c_dx: array<f32>;

@compute @workgroup_size(256)
fn copy_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= E) { return; }
  if (ACCUMULATE) { c_dx[i] += c_dy[i]; } else { c_dx[i] = c_dy[i]; }
}

@group(0) @binding(0) var<storage, read> m_a: array<f32>;
@group(0) @binding(1) var<storage, read> m_b: array<f32>;
@group(0) @binding(2) var<storage, read_write> m_y: array<f32>;

@compute @workgroup_size(256)
fn mul_forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i < E) { m_y[i] = m_a[i] * m_b[i]; }
}

@group(0) @binding(0) var<storage, read> mb_dy: array<f32>;
@group(0) @binding(1) var<storage, read> mb_other: array<f32>;
@group(0) @binding(2) var<storage, read_write> mb_dx: array<f32>;

@compute @workgroup_size(256)
fn mul_backward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= E) { return; }
  let g = mb_dy[i] * mb_other[i];
  if (ACCUMULATE) { mb_dx[i] += g; } else { mb_dx[i] = g; }
}
