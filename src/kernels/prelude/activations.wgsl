// Elementwise activations selected by the including file's `override ACT: u32` (codes from
// src/engine/layers/activation-codes.ts: 0 linear, 1 relu, 2 sigmoid, 3 tanh). act_grad takes
// the activation's output y.
fn act_fwd(z: f32) -> f32 {
  switch ACT {
    case 1u: { return max(z, 0.0); }
    case 2u: { return 1.0 / (1.0 + exp(-clamp(z, -80.0, 80.0))); }
    case 3u: { return tanh(clamp(z, -15.0, 15.0)); }
    default: { return z; }
  }
}
fn act_grad(y: f32) -> f32 {
  switch ACT {
    case 1u: { return select(0.0, 1.0, y > 0.0); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    default: { return 1.0; }
  }
}
