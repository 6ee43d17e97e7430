// gelu.wgsl — the activations whose derivative needs the INPUT x, chosen by `override FN`:
// 0 the exact (erf) GELU, Keras's gelu(approximate=False) and PyTorch's nn.GELU();
// 1 swish / SiLU, x · sigmoid(x) (Keras swish/silu, PyTorch nn.SiLU()).
//
//   gelu_forward   FN 0: y[E] = x · Φ(x),  Φ(x) = ½ erfc(-x/√2)      FN 1: y = x · s,  s = sigmoid(x)
//   gelu_backward  FN 0: dx[E] (=|+=) dy · (Φ(x) + x · φ(x)),  φ(x) = exp(-x²/2)/√(2π)
//                  FN 1: dx (=|+=) dy · (s + x · s · (1 - s))
// Neither is invertible from y, so the layer keeps x (Dense: the pre-activation z in a scratch
// buffer; Activation: its input). sigmoid clamps its argument to ±80 (no exp overflow); below
// x = -80 swish and its derivative are 0 (|true value| < 1e-32; x · sigmoid(-80) would not be).
// erfc is the Chebyshev fit of Numerical Recipes (erfcc, fractional error < 1.2e-7 for every
// argument), evaluated on |u| so Φ keeps full relative precision in the far negative tail.
//
// Legend: E elements. Bindings: forward 0 x (read) · 1 y (rw); backward 0 dy (read) · 1 x (read) · 2 dx (rw)
// Dispatch: ceil(E/256) workgroups of 256 (split as X x Y under 65535; flat index gid.x + gid.y*nwg.x*256).

override E: u32;
override ACCUMULATE: bool = false;
override FN: u32 = 0u;

const INV_SQRT2: f32 = 0.70710678118654752;
const INV_SQRT_2PI: f32 = 0.39894228040143268;

// erfc(z) for z >= 0.
fn erfc_pos(z: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.5 * z);
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * exp(-z * z + poly);
}

// Φ(x) = ½ erfc(-x/√2).
fn phi_cdf(x: f32) -> f32 {
  let u = x * INV_SQRT2;
  let c = 0.5 * erfc_pos(abs(u));
  return select(c, 1.0 - c, u > 0.0);
}

fn swish_sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-clamp(x, -80.0, 80.0)));
}

@group(0) @binding(0) var<storage, read> f_x: array<f32>;
@group(0) @binding(1) var<storage, read_write> f_y: array<f32>;

@compute @workgroup_size(256)
fn gelu_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= E) { return; }
  let x = f_x[i];
  if (FN == 1u) { f_y[i] = select(x * swish_sigmoid(x), 0.0, x < -80.0); } else { f_y[i] = x * phi_cdf(x); }
}

@group(0) @binding(0) var<storage, read> b_dy: array<f32>;
@group(0) @binding(1) var<storage, read> b_x: array<f32>;
@group(0) @binding(2) var<storage, read_write> b_dx: array<f32>;

@compute @workgroup_size(256)
fn gelu_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= E) { return; }
  let x = b_x[i];
  var d: f32;
  if (FN == 1u) {
    let s = swish_sigmoid(x);
    d = select(s + x * s * (1.0 - s), 0.0, x < -80.0);
  } else {
    d = phi_cdf(x) + x * INV_SQRT_2PI * exp(-0.5 * x * x);
  }
  let g = b_dy[i] * d;
  if (ACCUMULATE) { b_dx[i] += g; } else { b_dx[i] = g; }
}
