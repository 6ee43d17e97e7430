// Elementwise activations with the code as an argument (codes from src/engine/layers/activation-codes.ts:
// 0 linear, 1 relu, 2 sigmoid, 3 tanh, 4 leaky_relu (negative slope LEAKY_SLOPE, 0.2 by default,
// Keras 3's), 5 elu (alpha ELU_ALPHA, 1), 6 selu, 7 softplus, 8 softsign, 9 hard_sigmoid (Keras 3:
// relu6(z + 3) / 6), 10 exponential). The one home of the activation math: prelude/activations.wgsl
// applies it with the including file's ACT override, recurrent cells mix two codes, and the fused
// MLP steps (mlp/mlp_steps.wgsl) one code per layer. act_code_grad takes the output y: each of these
// is a monotone function whose derivative is a function of y.
// Safety: exp arguments are clamped (sigmoid ±80, elu/selu ≤ 0, exponential ≤ 80 so y stays
// finite, about 5.5e34); softplus = max(z, 0) + log(1 + exp(-|z|)) never overflows.
// The LeakyReLU and ELU layers set LEAKY_SLOPE and ELU_ALPHA (>= 0 and > 0, so act_code_grad can read
// the branch off y's sign); the activation names use the defaults.
// The 4-wide forms cover codes 0 to 3 (the recurrent cells).
override LEAKY_SLOPE: f32 = 0.2;
override ELU_ALPHA: f32 = 1.0;
const ACT_SELU_ALPHA: f32 = 1.6732632423543772;
const ACT_SELU_SCALE: f32 = 1.0507009873554805;

// log(1 + t) for t in [0, 1], keeping relative precision for small t.
fn act_log1p_small(t: f32) -> f32 {
  if (t < 1e-4) { return t * (1.0 - 0.5 * t); }
  return log(1.0 + t);
}

fn act_code_fwd(code: u32, z: f32) -> f32 {
  switch code {
    case 1u: { return max(z, 0.0); }
    case 2u: { return 1.0 / (1.0 + exp(-clamp(z, -80.0, 80.0))); }
    case 3u: { return tanh(clamp(z, -15.0, 15.0)); }
    case 4u: { return select(LEAKY_SLOPE * z, z, z > 0.0); }
    case 5u: { return select(ELU_ALPHA * (exp(min(z, 0.0)) - 1.0), z, z > 0.0); }
    case 6u: { return ACT_SELU_SCALE * select(ACT_SELU_ALPHA * (exp(min(z, 0.0)) - 1.0), z, z > 0.0); }
    case 7u: { return max(z, 0.0) + act_log1p_small(exp(-abs(z))); }
    case 8u: { return z / (1.0 + abs(z)); }
    case 9u: { return clamp(z + 3.0, 0.0, 6.0) / 6.0; }
    case 10u: { return exp(min(z, 80.0)); }
    default: { return z; }
  }
}
fn act_code_grad(code: u32, y: f32) -> f32 {
  switch code {
    case 1u: { return select(0.0, 1.0, y > 0.0); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    case 4u: { return select(LEAKY_SLOPE, 1.0, y > 0.0); }
    case 5u: { return select(y + ELU_ALPHA, 1.0, y > 0.0); }
    case 6u: { return select(y + ACT_SELU_SCALE * ACT_SELU_ALPHA, ACT_SELU_SCALE, y > 0.0); }
    // sigmoid(z) = 1 - exp(-y); for small y, y - y²/2 keeps relative precision.
    case 7u: { return select(1.0 - exp(-y), y * (1.0 - 0.5 * y), y < 1e-4); }
    case 8u: { let s = 1.0 - abs(y); return s * s; }
    case 9u: { return select(0.0, 1.0 / 6.0, y > 0.0 && y < 1.0); }
    case 10u: { return y; }
    default: { return 1.0; }
  }
}
fn act_code_fwd4(code: u32, z: vec4<f32>) -> vec4<f32> {
  switch code {
    case 1u: { return max(z, vec4<f32>(0.0)); }
    case 2u: { return 1.0 / (1.0 + exp(-clamp(z, vec4<f32>(-80.0), vec4<f32>(80.0)))); }
    case 3u: { return tanh(clamp(z, vec4<f32>(-15.0), vec4<f32>(15.0))); }
    default: { return z; }
  }
}
fn act_code_grad4(code: u32, y: vec4<f32>) -> vec4<f32> {
  switch code {
    case 1u: { return select(vec4<f32>(0.0), vec4<f32>(1.0), y > vec4<f32>(0.0)); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    default: { return vec4<f32>(1.0); }
  }
}
